//! The confidentiality agreement: reading and signing it (hires), publishing versions
//! (admins), and the public verification of signed copies.

use crate::domain::RawStrokes;
use serde::{Deserialize, Serialize};

/// Where a person stands with the agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NdaStatus {
    NotSigned,
    Signed,
    /// They signed an older version; a newer one has been published since.
    ResignNeeded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedCopy {
    pub version: u32,
    pub signed_at: i64,
    pub verification_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NdaOverview {
    pub status: NdaStatus,
    /// Every version this person signed, oldest first, each downloadable as a PDF.
    pub copies: Vec<SignedCopy>,
}

/// The current agreement, as the signing page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NdaDocument {
    pub version: u32,
    pub title: String,
    /// Rendered from the agreement's Markdown.
    pub html: String,
    pub consents: Vec<ConsentItem>,
    /// Sent back when signing, so the server knows exactly which text was shown.
    pub text_sha256: String,
    pub signer_name: String,
    pub status: NdaStatus,
    /// The verification code of the copy signed in this round, if signed.
    pub signed_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentItem {
    pub id: String,
    pub text: String,
}

/// How the hire signed; sealed in the evidence as `drawn` or `typed`, and posted so by the
/// signing form's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureMethod {
    /// Drawn with a mouse, finger or pen.
    Drawn,
    /// The typed full name alone (keyboard-only signers, or a page without script).
    Typed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignRequest {
    pub version: u32,
    pub lang: String,
    pub text_sha256: String,
    /// Ids of the ticked consent statements: all of them, or the signature is refused.
    pub consents: Vec<String>,
    pub typed_name: String,
    /// The drawn signature; `None` signs with the typed name alone.
    pub drawing: Option<RawStrokes>,
}

/// The answer of the public verification page: nothing more personal than this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Genuine {
        version: u32,
        signed_on: String,
        signer: String,
    },
    /// A device permit: what it allows, where, for whom (masked), and whether it holds now.
    Permit(PermitVerdict),
    Altered,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementVersion {
    pub version: u32,
    pub title: String,
    pub published_at: Option<i64>,
    pub current: bool,
    /// Newer than the current version and not yet published.
    pub can_publish: bool,
}

/// A permit as the public verification page shows it (the guard at the entrance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermitVerdict {
    pub kind: crate::exceptions::DeviceKind,
    pub identifier: String,
    pub site: String,
    /// Japan days, both included.
    pub from: String,
    pub until: String,
    /// The holder's name, masked as on agreements.
    pub holder: String,
    pub status: crate::exceptions::ExceptionStatus,
}
