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

/// Signs the current agreement as the signed-in hire; answers the verification code.
#[server(endpoint = "nda/sign", input = leptos::server_fn::codec::Json)]
pub async fn sign_nda(request: SignRequest) -> Result<String, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    nda::sign(&state()?, &hire, request, origin()).await
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
