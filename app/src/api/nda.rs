//! The confidentiality agreement: reading and signing it (hires), publishing versions
//! (admins), and the public verification of signed copies.

#[cfg(feature = "ssr")]
use crate::server::{origin, require_role, require_signed_in, state};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use mamoru_core::nda;
#[cfg(feature = "ssr")]
use mamoru_types::domain::Role;
use mamoru_types::errors::AppError;
use mamoru_types::nda::*;

#[server(endpoint = "nda/overview")]
pub async fn get_nda_overview() -> Result<NdaOverview, AppError> {
    let viewer = require_signed_in()?;
    nda::overview(&state()?, &viewer.user_id).await
}

#[server(endpoint = "nda/document")]
pub async fn get_nda_document(lang: String) -> Result<NdaDocument, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    nda::document(&state()?, &hire, super::lang_of(&lang)).await
}

/// Signs the current agreement as the signed-in hire; answers the verification code. The
/// fields are the signing form's own, so it posts without script: each ticked consent as
/// `consents[]`, and `drawing`, the pad's strokes as JSON (written there by the pad).
#[server(endpoint = "nda/sign")]
pub async fn sign_nda(
    version: u32,
    lang: String,
    text_sha256: String,
    #[server(default)] consents: Vec<String>,
    typed_name: String,
    method: SignatureMethod,
    #[server(default)] drawing: String,
) -> Result<String, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    let drawing = match method {
        SignatureMethod::Typed => None,
        SignatureMethod::Drawn => Some(strokes_posted(&drawing)?),
    };
    let request = SignRequest { version, lang, text_sha256, consents, typed_name, drawing };
    nda::sign(&state()?, &hire, request, origin()).await
}

/// The drawing field: empty when nothing was drawn (or the page ran without script), which
/// the signature rule refuses as too small, like anything that is not strokes.
#[cfg(feature = "ssr")]
fn strokes_posted(json: &str) -> Result<mamoru_types::domain::RawStrokes, AppError> {
    let too_small = || AppError::from(mamoru_types::domain::InputError::SignatureTooSmall);
    if json.is_empty() {
        return Err(too_small());
    }
    serde_json::from_str(json).map_err(|_| too_small())
}

#[server(endpoint = "verify/code")]
pub async fn verify_code(code: String) -> Result<Verdict, AppError> {
    nda::verify_code(&state()?, &code).await
}

/// Checks an uploaded PDF (form field `pdf`).
#[server(endpoint = "verify/pdf", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn verify_pdf(data: leptos::server_fn::codec::MultipartData) -> Result<Verdict, AppError> {
    let bytes = crate::server::read_upload(data, "pdf", nda::MAX_UPLOAD_BYTES)
        .await
        .ok_or(AppError::UploadInvalid)?;
    Ok(nda::verify_pdf_bytes(&state()?, &bytes))
}

#[server(endpoint = "agreements/list")]
pub async fn agreement_versions(lang: String) -> Result<Vec<AgreementVersion>, AppError> {
    require_role(|r| r == Role::Admin)?;
    nda::versions(&state()?, super::lang_of(&lang)).await
}

/// Publishes a newer agreement version: everyone who signed an older one must sign again.
#[server(endpoint = "agreements/publish")]
pub async fn publish_agreement(version: u32) -> Result<(), AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    nda::publish(&state()?, &admin.user_id, version, origin()).await
}
