//! The platform's Ed25519 signing key: generated on first start into the data directory
//! (mode 0600), never logged. Its public half is published for kiosks and verifiers.
//!
//! One center, one key: the database records the key the center seals with, and an
//! instance whose key file holds another one (a second instance started with an empty
//! data directory, say) refuses to start rather than seal agreements and grants that the
//! center's kiosks and verifiers would not recognise.

use crate::store::{self, Store, platform_keys};
use ed25519_dalek::{SigningKey, VerifyingKey};
use mamoru_seal::keys::{KeyMove, KeyRing};
use mamoru_seal::{Purpose, Sealed};
use rand::RngCore;
use std::{fmt, fs, io, io::Write, path::Path};

pub struct PlatformKey {
    signing: SigningKey,
    key_id: String,
    /// The public keys of every key the center sealed with, this one included.
    ring: KeyRing,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or write the platform key at {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("the platform key at {path} is damaged (expected 64 hex digits); restore it from backup")]
    Malformed { path: String },
    #[error(
        "the database belongs to a center that seals with platform key {center}, but {path} holds key {ours}. Give this instance the center's key: copy platform-ed25519.key (mode 0600) from the data directory of an instance that runs, or set MAMORU_PLATFORM_KEY_FILE to it"
    )]
    NotTheCenters { path: String, ours: String, center: String },
    #[error(
        "there is no platform key at {path}, but the database belongs to a center that seals with key {center}. Give this instance the center's key: copy platform-ed25519.key (mode 0600) from the data directory of an instance that runs, or set MAMORU_PLATFORM_KEY_FILE to it"
    )]
    MissingCentersKey { path: String, center: String },
    #[error(
        "{path} holds platform key {ours}, which the center retired; it now seals with key {center}. Copy the current platform-ed25519.key (mode 0600) from the instance where `mamoru keys rotate` ran, or set MAMORU_PLATFORM_KEY_FILE to it"
    )]
    Retired { path: String, ours: String, center: String },
    #[error("another rotation changed the signing key meanwhile; nothing was changed by this one")]
    RotatedMeanwhile,
    #[error("cannot read or record the center's platform key in the database: {0}")]
    Store(#[from] sqlx::Error),
}

impl PlatformKey {
    pub const FILE_NAME: &'static str = "platform-ed25519.key";

    /// The center's key for an instance sharing `store`, from the key file at `path`:
    /// the key the database records, generated (and recorded) on a fresh installation;
    /// with every key the center ever sealed with, to verify.
    pub async fn for_center(store: &Store, path: &Path, now: i64) -> Result<Self, KeyError> {
        let mut conn = store.pool().acquire().await?;
        finish_rotation(&mut conn, path).await?;
        let mut key = Self::registered(&mut conn, path, now).await?;
        let mut ring: Vec<VerifyingKey> = platform_keys::all(&mut conn)
            .await?
            .iter()
            .filter_map(|row| mamoru_seal::kiosk::decode_public_key(&row.public_key))
            .collect();
        if !ring.contains(&key.verifying_key()) {
            ring.push(key.verifying_key());
        }
        key.ring = KeyRing::new(ring);
        Ok(key)
    }

    /// The key file's key, if it is the one the database records as signing.
    async fn registered(conn: &mut sqlx::AnyConnection, path: &Path, now: i64) -> Result<Self, KeyError> {
        let shown = || path.display().to_string();
        let (key, generated) = match (Self::load(path), platform_keys::signing(conn).await?) {
            (Ok(key), Some(center)) if key.key_id == center => return Ok(key),
            (Ok(key), Some(center)) => return Err(not_the_centers(conn, path, key.key_id, center).await),
            (Err(KeyError::Io { source, .. }), Some(center)) if source.kind() == io::ErrorKind::NotFound => {
                return Err(KeyError::MissingCentersKey { path: shown(), center });
            }
            // A key from before keys were recorded, or a fresh installation.
            (Ok(key), None) => (key, false),
            (Err(KeyError::Io { source, .. }), None) if source.kind() == io::ErrorKind::NotFound => {
                (Self::generate(path)?, true)
            }
            (Err(error), _) => return Err(error),
        };
        match platform_keys::register(conn, &key.key_id, &key.public_key_base64(), now).await {
            Ok(()) => Ok(key),
            // Another instance registered its key at the same moment and won.
            Err(error) if store::is_duplicate(&error) => {
                let center = platform_keys::signing(conn).await?.unwrap_or_default();
                if center == key.key_id {
                    return Ok(key);
                }
                if generated {
                    let _ = fs::remove_file(path);
                }
                Err(KeyError::NotTheCenters { path: shown(), ours: key.key_id, center })
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Makes a new signing key: the database records it, introduced by a key move sealed
    /// with the current key, and retires the current one (it keeps verifying); then the
    /// key file holds the new key. Answers the old and the new key ids. Every other
    /// instance needs a copy of the new key file (it refuses to start with the old one).
    pub async fn rotate(store: &Store, path: &Path, now: i64) -> Result<(String, String), KeyError> {
        let current = Self::for_center(store, path, now).await?;
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        let next = Self::from_seed(seed);
        let step = KeyMove {
            from_key_id: current.key_id.clone(),
            to_key_id: next.key_id.clone(),
            to_public_key: next.public_key_base64(),
            at: mamoru_types::i18n::format_utc(now),
        };
        let statement = current.seal(Purpose::KEY_MOVE, &step).to_json();
        // Staged beside the key file first: a crash after the database commits leaves a
        // staged key that the next start puts in place (see `finish_rotation`).
        let staged = staged_path(path);
        write_secret_file(&staged, hex::encode(seed).as_bytes())
            .map_err(|source| KeyError::Io { path: staged.display().to_string(), source })?;
        let mut tx = store.write().await?;
        if !platform_keys::rotate(
            &mut tx,
            &current.key_id,
            (&next.key_id, &step.to_public_key),
            &statement,
            now,
        )
        .await?
        {
            let _ = fs::remove_file(&staged);
            return Err(KeyError::RotatedMeanwhile);
        }
        tx.commit().await?;
        fs::rename(&staged, path)
            .map_err(|source| KeyError::Io { path: path.display().to_string(), source })?;
        tracing::info!(from = %current.key_id, to = %next.key_id, "platform key rotated");
        Ok((current.key_id, next.key_id))
    }

    /// Every key the center sealed with, as `/.well-known/mamoru-keys.json` lists them.
    pub async fn published(store: &Store) -> Result<Vec<platform_keys::KeyRow>, sqlx::Error> {
        let mut conn = store.pool().acquire().await?;
        platform_keys::all(&mut conn).await
    }

    /// The key moves a kiosk follows from the key it pinned to the current one.
    pub async fn moves(store: &Store) -> Result<Vec<Sealed>, sqlx::Error> {
        let rows = Self::published(store).await?;
        Ok(rows.iter().filter_map(|row| Sealed::from_json(row.introduced_by.as_deref()?).ok()).collect())
    }

    /// Loads the key at `path`, generating it first if it does not exist yet.
    pub fn load_or_generate(path: &Path) -> Result<Self, KeyError> {
        match Self::load(path) {
            Err(KeyError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
                Self::generate(path)
            }
            other => other,
        }
    }

    fn generate(path: &Path) -> Result<Self, KeyError> {
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        write_secret_file(path, hex::encode(seed).as_bytes())
            .map_err(|source| KeyError::Io { path: path.display().to_string(), source })?;
        Ok(Self::from_seed(seed))
    }

    /// Loads the existing key at `path`; never creates one (offline verification).
    pub fn load(path: &Path) -> Result<Self, KeyError> {
        let text = fs::read_to_string(path)
            .map_err(|source| KeyError::Io { path: path.display().to_string(), source })?;
        Self::from_hex(text.trim()).ok_or_else(|| KeyError::Malformed { path: path.display().to_string() })
    }

    fn from_hex(text: &str) -> Option<Self> {
        let seed: [u8; 32] = hex::decode(text).ok()?.try_into().ok()?;
        Some(Self::from_seed(seed))
    }

    pub fn from_seed(seed: [u8; 32]) -> Self {
        let signing = SigningKey::from_bytes(&seed);
        let key_id = key_id(&signing.verifying_key());
        let ring = KeyRing::from(signing.verifying_key());
        Self { signing, key_id, ring }
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// What verifies the center's seals: this key and every key it retired.
    pub fn ring(&self) -> &KeyRing {
        &self.ring
    }

    /// Seals a record with this key; see [`mamoru_seal`] for the format.
    pub fn seal<T: serde::Serialize>(
        &self,
        purpose: mamoru_seal::Purpose,
        record: &T,
    ) -> mamoru_seal::Sealed {
        mamoru_seal::Sealed::seal(&self.signing, purpose, record)
    }

    /// An evidence bundle of `files`, its manifest sealed with this key.
    pub fn seal_bundle(
        &self,
        subject: mamoru_seal::bundle::Subject,
        created_at: i64,
        files: &[(String, Vec<u8>)],
    ) -> Result<Vec<u8>, mamoru_seal::bundle::BundleError> {
        mamoru_seal::bundle::write(&self.signing, subject, created_at, files)
    }

    pub fn public_key_base64(&self) -> String {
        mamoru_seal::kiosk::encode_public_key(&self.verifying_key())
    }
}

impl fmt::Debug for PlatformKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlatformKey").field("key_id", &self.key_id).finish_non_exhaustive()
    }
}

pub use mamoru_seal::key_id;

/// Where a rotation stages the new key before the database makes it the signing one.
fn staged_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".next");
    path.with_file_name(name)
}

/// Completes a rotation that crashed after the database committed (the staged key is the
/// signing one: it takes the key file's place), or drops one that never committed.
async fn finish_rotation(conn: &mut sqlx::AnyConnection, path: &Path) -> Result<(), KeyError> {
    let staged = staged_path(path);
    let Ok(next) = PlatformKey::load(&staged) else { return Ok(()) };
    if platform_keys::signing(conn).await?.as_deref() == Some(next.key_id()) {
        fs::rename(&staged, path)
            .map_err(|source| KeyError::Io { path: path.display().to_string(), source })?;
        tracing::info!(key_id = %next.key_id(), "finished an interrupted key rotation");
    } else {
        let _ = fs::remove_file(&staged);
    }
    Ok(())
}

/// The error for a key file that holds `ours` where the center seals with `center`.
async fn not_the_centers(
    conn: &mut sqlx::AnyConnection,
    path: &Path,
    ours: String,
    center: String,
) -> KeyError {
    let path = path.display().to_string();
    let retired = platform_keys::all(conn).await.is_ok_and(|rows| rows.iter().any(|row| row.key_id == ours));
    if retired {
        KeyError::Retired { path, ours, center }
    } else {
        KeyError::NotTheCenters { path, ours, center }
    }
}

/// Writes a secret atomically: a 0600 temporary file, synced, then renamed into place,
/// so a crash never leaves a half-written key.
fn write_secret_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_once_with_owner_only_permissions_then_reloads_the_same_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(PlatformKey::FILE_NAME);
        let first = PlatformKey::load_or_generate(&path).expect("generate");
        let second = PlatformKey::load_or_generate(&path).expect("load");
        assert_eq!(first.key_id(), second.key_id());
        assert_eq!(first.key_id().len(), 16);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(!format!("{first:?}").contains(&hex::encode(first.signing.to_bytes())));
    }

    #[test]
    fn a_damaged_key_file_is_an_error_not_a_new_key() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(PlatformKey::FILE_NAME);
        fs::write(&path, "not hex").expect("write");
        assert!(matches!(PlatformKey::load_or_generate(&path), Err(KeyError::Malformed { .. })));
    }
}
