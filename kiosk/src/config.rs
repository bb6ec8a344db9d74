//! The kiosk's data directory: its device key (`device-ed25519.key`, mode 0600) and its
//! enrollment (`kiosk.json`: the server address, the kiosk id and the pinned server key).
//! Both are written atomically, so a crash leaves the old file or the new one.

use crate::client::ServerUrl;
use mamoru_seal::ed25519_dalek::{SigningKey, VerifyingKey};
use mamoru_seal::kiosk::{EnrollResponse, decode_public_key, encode_public_key};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::{fmt, process};

pub const DEVICE_KEY_FILE: &str = "device-ed25519.key";
pub const ENROLLMENT_FILE: &str = "kiosk.json";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("this kiosk is not enrolled yet ({path} is missing): run `mamoru-kiosk enroll` first")]
    NotEnrolled { path: String },
    #[error("cannot read or write {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path} is damaged: {reason}; enroll again with --force")]
    Damaged { path: String, reason: &'static str },
    #[error("{path} can be read by other users: run `chmod 600 {path}`")]
    KeyExposed { path: String },
    #[error("the server's public key does not match its key id; nothing was saved")]
    ServerKeyMismatch,
}

/// This kiosk's Ed25519 key. Its `Debug` shows only the public half.
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    pub fn generate() -> Self {
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        Self(SigningKey::from_bytes(&seed))
    }

    pub fn into_signing_key(self) -> SigningKey {
        self.0
    }

    /// The public half as the server stores it.
    pub fn public_key_text(&self) -> String {
        encode_public_key(&self.0.verifying_key())
    }

    fn from_hex(text: &str) -> Option<Self> {
        let seed: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
        Some(Self(SigningKey::from_bytes(&seed)))
    }
}

impl fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceKey(public {})", self.public_key_text())
    }
}

/// What pairs this kiosk with its server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrollment {
    pub server_url: ServerUrl,
    pub kiosk_id: String,
    pub server_key_id: String,
    /// The server key pinned at enrollment: every grant must be sealed with it.
    pub server_key: VerifyingKey,
}

#[derive(Serialize, Deserialize)]
struct EnrollmentFile {
    server_url: String,
    kiosk_id: String,
    server_key_id: String,
    server_public_key: String,
}

impl Enrollment {
    /// Checks the server's answer: the key must decode, not be weak, and match its id.
    pub fn from_response(server_url: ServerUrl, response: EnrollResponse) -> Result<Self, ConfigError> {
        let server_key = decode_public_key(&response.server_public_key)
            .filter(|key| mamoru_seal::key_id(key) == response.server_key_id)
            .ok_or(ConfigError::ServerKeyMismatch)?;
        Ok(Self {
            server_url,
            kiosk_id: response.kiosk_id,
            server_key_id: response.server_key_id,
            server_key,
        })
    }

    fn to_file(&self) -> EnrollmentFile {
        EnrollmentFile {
            server_url: self.server_url.to_string(),
            kiosk_id: self.kiosk_id.clone(),
            server_key_id: self.server_key_id.clone(),
            server_public_key: encode_public_key(&self.server_key),
        }
    }

    fn from_file(file: EnrollmentFile) -> Result<Self, &'static str> {
        let server_url = ServerUrl::parse(&file.server_url).map_err(|_| "the server address is not valid")?;
        let server_key = decode_public_key(&file.server_public_key)
            .filter(|key| mamoru_seal::key_id(key) == file.server_key_id)
            .ok_or("the pinned server key does not match its key id")?;
        if file.kiosk_id.is_empty() {
            return Err("the kiosk id is empty");
        }
        Ok(Self { server_url, kiosk_id: file.kiosk_id, server_key_id: file.server_key_id, server_key })
    }
}

/// Where the kiosk keeps its files.
#[derive(Debug, Clone)]
pub struct DataDir {
    path: PathBuf,
}

impl DataDir {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn enrollment_path(&self) -> PathBuf {
        self.path.join(ENROLLMENT_FILE)
    }

    pub fn device_key_path(&self) -> PathBuf {
        self.path.join(DEVICE_KEY_FILE)
    }

    /// An enrollment exists once `kiosk.json` does (it is written last).
    pub fn is_enrolled(&self) -> bool {
        self.enrollment_path().exists()
    }

    /// Writes the device key, then the enrollment that names it.
    pub fn save(&self, enrollment: &Enrollment, key: &DeviceKey) -> Result<(), ConfigError> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.path)
            .map_err(|source| io_error(&self.path, source))?;
        let key_path = self.device_key_path();
        write_atomically(&key_path, hex::encode(key.0.to_bytes()).as_bytes(), 0o600)
            .map_err(|source| io_error(&key_path, source))?;
        let json = serde_json::to_vec_pretty(&enrollment.to_file()).expect("plain strings always serialise");
        let path = self.enrollment_path();
        write_atomically(&path, &json, 0o644).map_err(|source| io_error(&path, source))
    }

    /// Pins `key` in place of the server key pinned so far (after a key rotation the
    /// kiosk followed from its pinned key), written atomically.
    pub fn repin(&self, key: &VerifyingKey) -> Result<(), ConfigError> {
        let (mut enrollment, _) = self.load()?;
        enrollment.server_key_id = mamoru_seal::key_id(key);
        enrollment.server_key = *key;
        let json = serde_json::to_vec_pretty(&enrollment.to_file()).expect("plain strings always serialise");
        let path = self.enrollment_path();
        write_atomically(&path, &json, 0o644).map_err(|source| io_error(&path, source))
    }

    pub fn load(&self) -> Result<(Enrollment, DeviceKey), ConfigError> {
        let path = self.enrollment_path();
        let text = fs::read(&path).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => ConfigError::NotEnrolled { path: path.display().to_string() },
            _ => io_error(&path, source),
        })?;
        let damaged = |reason| ConfigError::Damaged { path: path.display().to_string(), reason };
        let file: EnrollmentFile =
            serde_json::from_slice(&text).map_err(|_| damaged("it is not valid JSON"))?;
        let enrollment = Enrollment::from_file(file).map_err(damaged)?;
        Ok((enrollment, self.load_device_key()?))
    }

    fn load_device_key(&self) -> Result<DeviceKey, ConfigError> {
        let path = self.device_key_path();
        let file = File::open(&path).map_err(|source| io_error(&path, source))?;
        let mode = file.metadata().map_err(|source| io_error(&path, source))?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(ConfigError::KeyExposed { path: path.display().to_string() });
        }
        let text = io::read_to_string(file).map_err(|source| io_error(&path, source))?;
        DeviceKey::from_hex(&text).ok_or_else(|| ConfigError::Damaged {
            path: path.display().to_string(),
            reason: "expected 64 hex digits",
        })
    }
}

fn io_error(path: &Path, source: io::Error) -> ConfigError {
    ConfigError::Io { path: path.display().to_string(), source }
}

/// Writes `bytes` to `path` with `mode`: a temporary file beside it, created with that
/// mode (a secret is never readable by others, not even briefly), flushed to disk, then
/// renamed over `path`, and the directory synced so the rename survives a power cut.
pub fn write_atomically(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| io::Error::other("the path has no file name"))?;
    let temp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), process::id()));
    let written = write_new(&temp, bytes, mode).and_then(|()| fs::rename(&temp, path));
    if written.is_err() {
        // Best effort: the temporary file must not outlive a failed write.
        let _ = fs::remove_file(&temp);
    }
    written?;
    File::open(dir)?.sync_all()
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    // A leftover from a crashed run is ours to replace; `create_new` then refuses races.
    match fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let mut file = OpenOptions::new().write(true).create_new(true).mode(mode).open(path)?;
    // The umask may have narrowed the mode; a public file must still be readable.
    file.set_permissions(fs::Permissions::from_mode(mode))?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_key() -> SigningKey {
        SigningKey::from_bytes(&[7; 32])
    }

    fn enrollment() -> Enrollment {
        let key = server_key().verifying_key();
        Enrollment::from_response(
            ServerUrl::parse("http://127.0.0.1:3100").expect("valid"),
            EnrollResponse {
                kiosk_id: "k1".into(),
                server_key_id: mamoru_seal::key_id(&key),
                server_public_key: encode_public_key(&key),
            },
        )
        .expect("a matching key")
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).expect("exists").permissions().mode() & 0o777
    }

    #[test]
    fn the_device_key_is_0600_and_both_files_load_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::new(dir.path().join("kiosk-data"));
        assert!(!data.is_enrolled());
        let key = DeviceKey::generate();
        data.save(&enrollment(), &key).expect("saves");
        assert!(data.is_enrolled());
        assert_eq!(mode(&data.device_key_path()), 0o600);
        assert_eq!(mode(data.path()), 0o700);
        let (loaded, loaded_key) = data.load().expect("loads");
        assert_eq!(loaded, enrollment());
        assert_eq!(loaded_key.public_key_text(), key.public_key_text());
        // Nothing but the two files: no temporary file is left behind.
        let mut names: Vec<_> =
            fs::read_dir(data.path()).expect("lists").map(|e| e.expect("entry").file_name()).collect();
        names.sort();
        assert_eq!(names, [DEVICE_KEY_FILE, ENROLLMENT_FILE]);
    }

    #[test]
    fn atomic_writes_replace_the_whole_file_with_the_given_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("secret");
        fs::write(&path, "old and much longer contents").expect("writes");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        // A leftover temporary file from a crash does not block the write.
        fs::write(dir.path().join(format!(".secret.{}.tmp", process::id())), "junk").expect("writes");
        write_atomically(&path, b"new", 0o600).expect("writes");
        assert_eq!(fs::read(&path).expect("reads"), b"new");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(fs::read_dir(dir.path()).expect("lists").count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_what_was_there_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A non-empty directory cannot be renamed over: the write fails at the last step.
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).expect("mkdir");
        fs::write(blocked.join("inner"), "x").expect("writes");
        assert!(write_atomically(&blocked, b"new", 0o600).is_err());
        assert_eq!(fs::read(blocked.join("inner")).expect("reads"), b"x");
        assert_eq!(fs::read_dir(dir.path()).expect("lists").count(), 1);
    }

    #[test]
    fn an_exposed_or_damaged_key_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::new(dir.path());
        assert!(matches!(data.load(), Err(ConfigError::NotEnrolled { .. })));
        data.save(&enrollment(), &DeviceKey::generate()).expect("saves");
        fs::set_permissions(data.device_key_path(), fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(matches!(data.load(), Err(ConfigError::KeyExposed { .. })));
        write_atomically(&data.device_key_path(), b"not hex", 0o600).expect("writes");
        assert!(matches!(data.load(), Err(ConfigError::Damaged { .. })));
    }

    #[test]
    fn a_server_key_that_does_not_match_its_id_is_refused() {
        let key = server_key().verifying_key();
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key();
        let response = EnrollResponse {
            kiosk_id: "k1".into(),
            server_key_id: mamoru_seal::key_id(&other),
            server_public_key: encode_public_key(&key),
        };
        let url = ServerUrl::parse("http://127.0.0.1:3100").expect("valid");
        assert!(matches!(Enrollment::from_response(url, response), Err(ConfigError::ServerKeyMismatch)));
    }
}
