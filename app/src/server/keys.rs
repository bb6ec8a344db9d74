//! The platform's Ed25519 signing key: generated on first start into the data directory
//! (mode 0600), never logged. Its public half is published for kiosks and verifiers.
//!
//! One center, one key: the database records the key the center seals with, and an
//! instance whose key file holds another one (a second instance started with an empty
//! data directory, say) refuses to start rather than seal agreements and grants that the
//! center's kiosks and verifiers would not recognise.

use super::store::{self, Store, platform_keys};
use ed25519_dalek::{SigningKey, VerifyingKey};
use rand::RngCore;
use std::{fmt, fs, io, io::Write, path::Path};

pub struct PlatformKey {
    signing: SigningKey,
    key_id: String,
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
    #[error("cannot read or record the center's platform key in the database: {0}")]
    Store(#[from] sqlx::Error),
}

impl PlatformKey {
    pub const FILE_NAME: &'static str = "platform-ed25519.key";

    /// The center's key for an instance sharing `store`, from the key file at `path`:
    /// the key the database records, generated (and recorded) on a fresh installation.
    pub async fn for_center(store: &Store, path: &Path, now: i64) -> Result<Self, KeyError> {
        let mut conn = store.pool().acquire().await?;
        let shown = || path.display().to_string();
        let (key, generated) = match (Self::load(path), platform_keys::signing(&mut conn).await?) {
            (Ok(key), Some(center)) if key.key_id == center => return Ok(key),
            (Ok(key), Some(center)) => {
                return Err(KeyError::NotTheCenters { path: shown(), ours: key.key_id, center });
            }
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
        match platform_keys::register(&mut conn, &key.key_id, &key.public_key_base64(), now).await {
            Ok(()) => Ok(key),
            // Another instance registered its key at the same moment and won.
            Err(error) if store::is_duplicate(&error) => {
                let center = platform_keys::signing(&mut conn).await?.unwrap_or_default();
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
        Self { signing, key_id }
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
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
