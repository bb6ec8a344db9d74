//! The confidentiality agreement: reading and signing it (hires), publishing versions
//! (admins), and the public verification of signed copies.

use crate::domain::RawStrokes;
use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{fail, nda, require_role, require_signed_in, state},
};

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
    Genuine { version: u32, signed_on: String, signer: String },
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

#[server(endpoint = "nda/overview")]
pub async fn get_nda_overview() -> Result<NdaOverview, AppError> {
    let viewer = require_signed_in()?;
    nda::overview(&state()?, &viewer.user_id).await.map_err(fail)
}

#[server(endpoint = "nda/document")]
pub async fn get_nda_document(lang: String) -> Result<NdaDocument, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    nda::document(&state()?, &hire, super::lang_of(&lang)).await.map_err(fail)
}

/// Signs the current agreement as the signed-in hire; answers the verification code.
#[server(endpoint = "nda/sign", input = leptos::server_fn::codec::Json)]
pub async fn sign_nda(request: SignRequest) -> Result<String, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    nda::sign(&state()?, &hire, request, nda::Origin::of_request()).await.map_err(fail)
}

#[server(endpoint = "verify/code")]
pub async fn verify_code(code: String) -> Result<Verdict, AppError> {
    nda::verify_code(&state()?, &code).await.map_err(fail)
}

/// Checks an uploaded PDF (form field `pdf`).
#[server(endpoint = "verify/pdf", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn verify_pdf(data: leptos::server_fn::codec::MultipartData) -> Result<Verdict, AppError> {
    let bytes = crate::server::read_upload(data, "pdf", nda::MAX_UPLOAD_BYTES)
        .await
        .ok_or_else(|| fail(AppError::UploadInvalid))?;
    Ok(nda::verify_pdf_bytes(&state()?, &bytes))
}

#[server(endpoint = "agreements/list")]
pub async fn agreement_versions(lang: String) -> Result<Vec<AgreementVersion>, AppError> {
    require_role(|r| r == Role::Admin)?;
    nda::versions(&state()?, super::lang_of(&lang)).await.map_err(fail)
}

/// Publishes a newer agreement version: everyone who signed an older one must sign again.
#[server(endpoint = "agreements/publish")]
pub async fn publish_agreement(version: u32) -> Result<(), AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    nda::publish(&state()?, &admin.user_id, version, nda::Origin::of_request()).await.map_err(fail)
}
