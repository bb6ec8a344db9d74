//! Validated domain types. They compile to wasm too, so the browser and the server
//! parse input the same way; a value of these types is valid by construction.

mod email;
// Parsed on the server only (Unicode normalisation would weigh on the browser bundle).
#[cfg(feature = "server")]
mod hire;
mod ids;
mod label;
mod password;
mod person_name;
mod role;
mod signature;

pub use email::Email;
#[cfg(feature = "server")]
pub use hire::{EmployeeNumber, Kana, StartDate, katakana};
pub use ids::{
    AttemptId, CardId, ExceptionId, GrantId, HireId, InviteId, KioskId, ResetId, SessionId, UserId,
};
pub use label::Label;
pub use password::Password;
pub use person_name::PersonName;
pub use role::Role;
pub use signature::{Drawing, RawStrokes};

use serde::{Deserialize, Serialize};

/// Why a piece of input was refused; the UI turns it into a sentence in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum InputError {
    #[error("the email address is not valid")]
    EmailInvalid,
    #[error("the name is empty or too long")]
    NameInvalid,
    #[error("the password is shorter than {min} characters", min = Password::MIN_CHARS)]
    PasswordTooShort,
    #[error("the password is longer than {max} characters", max = Password::MAX_CHARS)]
    PasswordTooLong,
    #[error("the password is too common")]
    PasswordCommon,
    #[error("the two passwords differ")]
    PasswordMismatch,
    #[error("unknown role")]
    RoleInvalid,
    #[error("the drawn signature is empty or too small")]
    SignatureTooSmall,
    #[error("the drawn signature is too large")]
    SignatureTooLarge,
    #[error("the name of a device or token is empty or too long")]
    LabelInvalid,
    #[error("the employee number is not valid")]
    EmployeeNumberInvalid,
    #[error("the kana reading is not valid")]
    KanaInvalid,
    #[error("the date is not valid")]
    DateInvalid,
    #[error("the search text is too long")]
    SearchTooLong,
    #[error("unknown kind of device or medium")]
    DeviceKindInvalid,
    #[error("the serial number, IMEI or asset label is empty or too long")]
    DeviceIdentifierInvalid,
    #[error("the reason is empty or too long")]
    ReasonInvalid,
    #[error("the period is reversed, in the past or too long")]
    PeriodInvalid,
    #[error("not an http:// or https:// address")]
    UrlInvalid,
}
