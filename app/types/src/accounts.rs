//! Accounts as the UI sees them: who is signed in, staff accounts, a new invitation.

use crate::domain::{Role, SessionId, UserId};
use serde::{Deserialize, Serialize};

/// The signed-in person, as the UI needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    /// Active and not the viewer's own account (nobody disables themselves).
    pub can_disable: bool,
    /// Active, not the viewer's own (they change theirs on their account page) and of a
    /// role the viewer may reset ([`Role::can_reset_password_of`]).
    pub can_reset: bool,
    /// A manager's sites, by name; empty for every other role.
    pub sites: Vec<String>,
}

/// An invitation link just created, shown once to the person who created it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub link: String,
    pub expires_at: i64,
}

/// One of a person's signed-in sessions, as their account page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: SessionId,
    pub started_at: i64,
    pub last_seen_at: i64,
    /// The client address it was started from, when known.
    pub address: Option<String>,
    /// The browser and system, read from its User-Agent ("Chrome · Windows"); None when
    /// the header names neither.
    pub browser: Option<String>,
    /// The session of the request that asked: the person is using it.
    pub current: bool,
}

/// A password-reset link just issued: shown once to whoever issued it, or emailed to the
/// person when the server can send mail.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IssuedReset {
    Shown { link: String, expires_at: i64 },
    Emailed { to: String, expires_at: i64 },
}

/// What the code page asks of a sign-in whose password was right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecondFactorStep {
    /// A code from the person's authenticator, or one of their recovery codes.
    Code,
    /// Their role needs a second factor and they have none yet: set one up first.
    Enrol(Enrolment),
}

/// An authenticator being set up: the QR code to scan, or the secret to type.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// An SVG of the `otpauth://` URI.
    pub qr_svg: String,
    /// The shared secret in base32, in groups of four, for apps that take it typed.
    pub secret: String,
}

/// A confirmed authenticator: the recovery codes, shown once, and where to go on.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolled {
    pub recovery_codes: Vec<String>,
    pub next: String,
}

/// The person's second factor, as their account page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactorStatus {
    pub enrolled: bool,
    /// Their role must have one (they will be asked to set it up at their next sign-in).
    pub required: bool,
    pub recovery_codes_left: i64,
}

// Their `Debug` leaves the secrets out (a reset link, an authenticator's key, recovery
// codes), so that no log line can hold one.
impl std::fmt::Debug for IssuedReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IssuedReset::Shown { expires_at, .. } => {
                write!(f, "Shown {{ link: …, expires_at: {expires_at} }}")
            }
            IssuedReset::Emailed { to, expires_at } => {
                write!(f, "Emailed {{ to: {to}, expires_at: {expires_at} }}")
            }
        }
    }
}

impl std::fmt::Debug for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Enrolment { … }")
    }
}

impl std::fmt::Debug for Enrolled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Enrolled {{ recovery_codes: {} codes, next: {} }}", self.recovery_codes.len(), self.next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let shown = IssuedReset::Shown { link: "https://x/reset/SECRET".into(), expires_at: 1 };
        let enrolment = Enrolment { qr_svg: "<svg>SECRET</svg>".into(), secret: "SECRET".into() };
        let enrolled = Enrolled { recovery_codes: vec!["SECRET".into()], next: "/hr".into() };
        for text in [format!("{shown:?}"), format!("{enrolment:?}"), format!("{enrolled:?}")] {
            assert!(!text.contains("SECRET"), "{text}");
        }
    }
}
