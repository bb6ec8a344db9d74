//! `mamoru-kiosk enroll`: pairs this kiosk with a server using a one-time code from the
//! admin screen. The server learns the kiosk's public key; the kiosk pins the server's.

use crate::client::{self, ClientError, ServerUrl};
use crate::config::{ConfigError, DataDir, DeviceKey, Enrollment};
use mamoru_seal::kiosk::{EnrollRequest, Refusal, RefusalCode};

#[derive(Debug)]
pub struct EnrollOptions {
    pub server: ServerUrl,
    pub code: String,
    /// How the kiosk appears on the admin screen.
    pub name: String,
    pub data_dir: DataDir,
    /// Replace an existing enrollment.
    pub force: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    #[error("this kiosk is already enrolled ({path}); pass --force to replace its enrollment")]
    AlreadyEnrolled { path: String },
    #[error("the enrollment code is unknown, used or expired: ask an admin for a new one")]
    CodeInvalid,
    #[error("enrollment with {server} failed: {source}")]
    Server { server: String, source: ClientError },
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// Enrolls and saves the result. An existing enrollment is checked for before the server
/// is asked, so a refused overwrite does not use up the code.
pub async fn enroll(options: EnrollOptions) -> Result<Enrollment, EnrollError> {
    if !options.force && options.data_dir.is_enrolled() {
        let path = options.data_dir.enrollment_path().display().to_string();
        return Err(EnrollError::AlreadyEnrolled { path });
    }
    let code = options.code.trim();
    if code.is_empty() {
        return Err(EnrollError::CodeInvalid);
    }
    let key = DeviceKey::generate();
    let request = EnrollRequest {
        code: code.to_owned(),
        name: options.name.clone(),
        public_key: key.public_key_text(),
    };
    let response = match client::enroll(&options.server, &request).await {
        Ok(response) => response,
        Err(ClientError::Refused(Refusal { error: RefusalCode::EnrollmentInvalid, .. })) => {
            return Err(EnrollError::CodeInvalid);
        }
        Err(source) => return Err(EnrollError::Server { server: options.server.to_string(), source }),
    };
    let enrollment = Enrollment::from_response(options.server, response)?;
    options.data_dir.save(&enrollment, &key)?;
    Ok(enrollment)
}

/// The machine's host name, or `kiosk`.
pub fn default_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "kiosk".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamoru_seal::ed25519_dalek::SigningKey;
    use mamoru_seal::kiosk::{EnrollResponse, encode_public_key};

    fn options(data_dir: DataDir, force: bool) -> EnrollOptions {
        EnrollOptions {
            // Port 9 (discard) is closed here: any request would fail, not hang.
            server: ServerUrl::parse("http://127.0.0.1:9").expect("valid"),
            code: "CODE".into(),
            name: "lobby".into(),
            data_dir,
            force,
        }
    }

    #[tokio::test]
    async fn an_existing_enrollment_is_not_overwritten_without_force() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = DataDir::new(dir.path());
        let server = SigningKey::from_bytes(&[3; 32]).verifying_key();
        let enrollment = Enrollment::from_response(
            ServerUrl::parse("http://127.0.0.1:3100").expect("valid"),
            EnrollResponse {
                kiosk_id: "k1".into(),
                server_key_id: mamoru_seal::key_id(&server),
                server_public_key: encode_public_key(&server),
            },
        )
        .expect("matching key");
        data.save(&enrollment, &DeviceKey::generate()).expect("saves");
        let before = std::fs::read(data.device_key_path()).expect("reads");

        let refused = enroll(options(data.clone(), false)).await;
        assert!(matches!(refused, Err(EnrollError::AlreadyEnrolled { .. })), "{refused:?}");
        assert_eq!(std::fs::read(data.device_key_path()).expect("reads"), before);

        // With --force the server is asked (and here cannot be reached): nothing changes.
        let unreachable = enroll(options(data.clone(), true)).await;
        assert!(matches!(unreachable, Err(EnrollError::Server { .. })), "{unreachable:?}");
        assert_eq!(std::fs::read(data.device_key_path()).expect("reads"), before);
        assert_eq!(data.load().expect("still loads").0, enrollment);
    }

    #[test]
    fn the_default_name_is_never_empty() {
        assert!(!default_name().is_empty());
    }
}
