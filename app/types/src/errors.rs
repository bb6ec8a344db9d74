//! Errors that cross the wire.
//!
//! [`AppError`] is what every server function returns: a small, closed set of things the
//! user can act on, each with a sentence in both languages ([`AppError::message`]). Details
//! (SQL errors, I/O) never travel to the client: the server logs them and sends
//! [`AppError::Internal`]. Server-only code uses `anyhow`-free typed errors and converts
//! them at the server-function boundary with [`AppError::internal`].

use crate::domain::InputError;
use crate::i18n::{self, Lang, Text};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid input: {0}")]
    Input(InputError),
    #[error("wrong email or password")]
    BadCredentials,
    #[error("the current password is wrong")]
    WrongPassword,
    #[error("the code is wrong or was already used")]
    CodeWrong,
    #[error("the identity provider cannot be reached")]
    SsoUnavailable,
    #[error("single sign-on failed")]
    SsoFailed,
    #[error("the identity provider gives this person no role here")]
    SsoNoRole,
    #[error("staff sign in through single sign-on")]
    StaffPasswordsOff,
    #[error("sign-in locked for a while")]
    Locked,
    #[error("too many attempts from this address")]
    RateLimited,
    #[error("the server is busy")]
    Busy,
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid, expired or used link")]
    LinkInvalid,
    #[error("email already registered or invited")]
    EmailTaken,
    #[error("not found")]
    NotFound,
    #[error("module not open yet")]
    ModuleLocked,
    #[error("read every lesson first")]
    QuizNotReady,
    #[error("quiz already passed")]
    QuizPassed,
    #[error("no attempts left")]
    NoAttemptsLeft,
    #[error("attempt already submitted")]
    QuizSubmitted,
    #[error("answers do not match the questions")]
    AnswersInvalid,
    #[error("the module is not locked")]
    NotLocked,
    #[error("the training has not expired")]
    NotExpired,
    #[error("the agreement changed while it was open")]
    AgreementChanged,
    #[error("every consent statement must be ticked")]
    ConsentsMissing,
    #[error("the typed name differs from the name on record")]
    NameMismatch,
    #[error("this version is already signed")]
    AlreadySigned,
    #[error("not a newer version")]
    NotNewer,
    #[error("no PDF file, or one too large")]
    UploadInvalid,
    #[error("another hire has this employee number")]
    EmployeeNumberTaken,
    #[error("no card is waiting to be collected")]
    NoGrantWaiting,
    #[error("the card pickup is locked after too many wrong PINs")]
    GrantLocked,
    #[error("only a locked or expired card pickup can be re-issued")]
    NotReissuable,
    #[error("SMTP is not configured")]
    MailNotConfigured,
    #[error("no CSV file, or one too large")]
    CsvMissing,
    #[error("the invitation was already accepted")]
    InviteAccepted,
    #[error("the hire has not registered yet")]
    NotRegistered,
    #[error("nobody decides their own request")]
    OwnRequest,
    #[error("the requester's training is not valid")]
    TrainingNotValid,
    #[error("the request is already decided or over")]
    AlreadyDecided,
    #[error("too many requests wait for a decision")]
    TooManyOpenRequests,
    #[error("the exception is not in force")]
    NotInForce,
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    Transport(String),
}

impl AppError {
    /// Logs the cause on the server and gives the client nothing but "internal error".
    #[cfg(feature = "server")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal
    }

    /// The HTTP status that answers this error (a number: this crate knows no HTTP library).
    pub fn http_status(&self) -> u16 {
        match self {
            AppError::Input(_) => 422,
            AppError::BadCredentials | AppError::Unauthenticated => 401,
            AppError::Locked | AppError::RateLimited => 429,
            AppError::Busy => 503,
            AppError::Forbidden => 403,
            AppError::LinkInvalid | AppError::NotFound => 404,
            AppError::EmailTaken
            | AppError::ModuleLocked
            | AppError::QuizNotReady
            | AppError::QuizPassed
            | AppError::NoAttemptsLeft
            | AppError::QuizSubmitted
            | AppError::NotLocked
            | AppError::NotExpired => 409,
            AppError::AnswersInvalid => 422,
            AppError::AgreementChanged | AppError::AlreadySigned | AppError::NotNewer => 409,
            AppError::ConsentsMissing | AppError::NameMismatch | AppError::UploadInvalid => 422,
            AppError::WrongPassword | AppError::CodeWrong => 422,
            AppError::CsvMissing => 422,
            AppError::MailNotConfigured => 409,
            AppError::EmployeeNumberTaken | AppError::InviteAccepted | AppError::NotRegistered => 409,
            AppError::NoGrantWaiting | AppError::GrantLocked | AppError::NotReissuable => 409,
            AppError::OwnRequest => 403,
            AppError::TrainingNotValid | AppError::AlreadyDecided | AppError::NotInForce => 409,
            AppError::TooManyOpenRequests => 409,
            AppError::SsoUnavailable => 503,
            AppError::SsoFailed => 400,
            AppError::SsoNoRole | AppError::StaffPasswordsOff => 403,
            AppError::Internal => 500,
            AppError::Transport(_) => 400,
        }
    }

    pub fn text(&self) -> Text {
        match self {
            AppError::Input(e) => input_text(*e),
            AppError::BadCredentials => i18n::ERR_BAD_CREDENTIALS,
            AppError::WrongPassword => i18n::ERR_WRONG_PASSWORD,
            AppError::CodeWrong => i18n::ERR_CODE_WRONG,
            AppError::Locked => i18n::ERR_LOCKED,
            AppError::RateLimited => i18n::ERR_RATE_LIMITED,
            AppError::Busy => i18n::ERR_BUSY,
            AppError::Unauthenticated => i18n::ERR_UNAUTHENTICATED,
            AppError::Forbidden => i18n::ERR_FORBIDDEN,
            AppError::LinkInvalid => i18n::ERR_LINK_INVALID,
            AppError::EmailTaken => i18n::ERR_EMAIL_TAKEN,
            AppError::NotFound => i18n::ERR_NOT_FOUND,
            AppError::ModuleLocked => i18n::ERR_MODULE_LOCKED,
            AppError::QuizNotReady => i18n::ERR_QUIZ_NOT_READY,
            AppError::QuizPassed => i18n::ERR_QUIZ_PASSED,
            AppError::NoAttemptsLeft => i18n::ERR_NO_ATTEMPTS_LEFT,
            AppError::QuizSubmitted => i18n::ERR_QUIZ_SUBMITTED,
            AppError::AnswersInvalid => i18n::ERR_ANSWERS_INVALID,
            AppError::NotLocked => i18n::ERR_NOT_LOCKED,
            AppError::NotExpired => i18n::ERR_NOT_EXPIRED,
            AppError::AgreementChanged => i18n::ERR_AGREEMENT_CHANGED,
            AppError::ConsentsMissing => i18n::ERR_CONSENTS_MISSING,
            AppError::NameMismatch => i18n::ERR_NAME_MISMATCH,
            AppError::AlreadySigned => i18n::ERR_ALREADY_SIGNED,
            AppError::NotNewer => i18n::ERR_NOT_NEWER,
            AppError::UploadInvalid => i18n::ERR_UPLOAD_INVALID,
            AppError::EmployeeNumberTaken => i18n::ERR_EMPLOYEE_NUMBER_TAKEN,
            AppError::NoGrantWaiting => i18n::ERR_NO_GRANT_WAITING,
            AppError::GrantLocked => i18n::ERR_GRANT_LOCKED,
            AppError::NotReissuable => i18n::ERR_NOT_REISSUABLE,
            AppError::CsvMissing => i18n::ERR_CSV_MISSING,
            AppError::MailNotConfigured => i18n::ERR_MAIL_NOT_CONFIGURED,
            AppError::InviteAccepted => i18n::ERR_INVITE_ACCEPTED,
            AppError::NotRegistered => i18n::ERR_NOT_REGISTERED,
            AppError::OwnRequest => i18n::ERR_OWN_REQUEST,
            AppError::TrainingNotValid => i18n::ERR_TRAINING_NOT_VALID,
            AppError::AlreadyDecided => i18n::ERR_ALREADY_DECIDED,
            AppError::TooManyOpenRequests => i18n::ERR_TOO_MANY_OPEN_REQUESTS,
            AppError::NotInForce => i18n::ERR_NOT_IN_FORCE,
            AppError::SsoUnavailable => i18n::ERR_SSO_UNAVAILABLE,
            AppError::SsoFailed => i18n::ERR_SSO_FAILED,
            AppError::SsoNoRole => i18n::ERR_SSO_NO_ROLE,
            AppError::StaffPasswordsOff => i18n::ERR_STAFF_PASSWORDS_OFF,
            AppError::Internal => i18n::ERR_INTERNAL,
            AppError::Transport(_) => i18n::ERR_NETWORK,
        }
    }

    pub fn message(&self, lang: Lang) -> &'static str {
        self.text().get(lang)
    }
}

pub fn input_text(error: InputError) -> Text {
    match error {
        InputError::EmailInvalid => i18n::ERR_EMAIL_INVALID,
        InputError::NameInvalid => i18n::ERR_NAME_INVALID,
        InputError::PasswordTooShort => i18n::ERR_PASSWORD_SHORT,
        InputError::PasswordTooLong => i18n::ERR_PASSWORD_LONG,
        InputError::PasswordCommon => i18n::ERR_PASSWORD_COMMON,
        InputError::PasswordMismatch => i18n::ERR_PASSWORD_MISMATCH,
        InputError::RoleInvalid => i18n::ERR_ROLE_INVALID,
        InputError::SignatureTooSmall => i18n::ERR_SIGNATURE_SMALL,
        InputError::SignatureTooLarge => i18n::ERR_SIGNATURE_LARGE,
        InputError::LabelInvalid => i18n::ERR_LABEL_INVALID,
        InputError::EmployeeNumberInvalid => i18n::ERR_EMPLOYEE_NUMBER_INVALID,
        InputError::KanaInvalid => i18n::ERR_KANA_INVALID,
        InputError::DateInvalid => i18n::ERR_DATE_INVALID,
        InputError::SearchTooLong => i18n::ERR_SEARCH_TOO_LONG,
        InputError::DeviceKindInvalid => i18n::ERR_DEVICE_KIND_INVALID,
        InputError::DeviceIdentifierInvalid => i18n::ERR_DEVICE_IDENTIFIER_INVALID,
        InputError::ReasonInvalid => i18n::ERR_REASON_INVALID,
        InputError::PeriodInvalid => i18n::ERR_PERIOD_INVALID,
        InputError::UrlInvalid => i18n::ERR_URL_INVALID,
    }
}

impl From<InputError> for AppError {
    fn from(value: InputError) -> Self {
        AppError::Input(value)
    }
}

#[cfg(feature = "server_fn")]
impl server_fn::error::FromServerFnError for AppError {
    type Encoder = server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        use server_fn::error::ServerFnErrorErr;
        match value {
            // A malformed request body is the client's fault, not a server failure: the
            // server answers it with a 400 (see `AppError::http_status`).
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => AppError::Transport("bad request".into()),
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "server")]
impl From<sqlx::Error> for AppError {
    fn from(value: sqlx::Error) -> Self {
        AppError::internal(value)
    }
}
