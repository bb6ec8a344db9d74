//! Downloads: signed copies and evidence bundles, as plain GET routes (a file is not a
//! page), mounted by the server next to the Leptos routes.

use crate::refusal::status_of;
use axum::{
    Extension,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use mamoru_core::Core;
use mamoru_core::store;
use mamoru_core::{client_addr::ClientIp, exceptions, hires, nda, session::CurrentSession};
use mamoru_types::accounts::Viewer;
use mamoru_types::domain::{ExceptionId, HireId, Role, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::hires::HireFilter;

/// `/nda/{code}/pdf`: the signed-in person's own copy with that verification code.
pub async fn own_pdf(
    State(state): State<Core>,
    Extension(session): Extension<CurrentSession>,
    Path(code): Path<String>,
) -> Result<Response, Refusal> {
    let viewer = session.viewer.ok_or(AppError::Unauthenticated)?;
    let copy = nda::copy(&state, &viewer.user_id, &code).await?;
    Ok(attachment(&state, copy).await?)
}

/// `/exceptions/{exception_id}/permit.pdf`: the signed-in holder's permit of an approval.
pub async fn own_permit(
    State(state): State<Core>,
    Extension(session): Extension<CurrentSession>,
    Path(exception_id): Path<ExceptionId>,
) -> Result<Response, Refusal> {
    let viewer = session.viewer.ok_or(AppError::Unauthenticated)?;
    let bytes = exceptions::permit_pdf(&state, &viewer.user_id, &exception_id).await?;
    Ok(file(bytes, "application/pdf", &format!("mamoru-permit-{exception_id}.pdf")))
}

/// `/hr/accounts/{user_id}/nda/{code}/pdf`: HR's copy of a hire's agreement (the hire's
/// account id, not HR's hire id), audit-logged.
pub async fn hire_pdf(
    State(state): State<Core>,
    Extension(session): Extension<CurrentSession>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path((user_id, code)): Path<(UserId, String)>,
) -> Result<Response, Refusal> {
    let viewer = hr(&session)?;
    let copy = nda::copy(&state, &user_id, &code).await?;
    nda::record_download(&state, viewer, &copy, ip.map(|ip| ip.to_string())).await?;
    Ok(attachment(&state, copy).await?)
}

/// `/hr/hires/{hire_id}/evidence.zip`: the hire's evidence bundle, audit-logged.
pub async fn evidence_bundle(
    State(state): State<Core>,
    Extension(session): Extension<CurrentSession>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Path(hire_id): Path<HireId>,
) -> Result<Response, Refusal> {
    let viewer = hr(&session)?;
    let bundle = hires::evidence::bundle(&state, &viewer.user_id, &hire_id, ip).await?;
    Ok(file(bundle.bytes, "application/zip", &bundle.file_name))
}

/// `/hr/hires.csv?state=…&search=…`: the list as filtered, every page, audit-logged.
pub async fn hires_csv(
    State(state): State<Core>,
    Extension(session): Extension<CurrentSession>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Query(filter): Query<HireFilter>,
) -> Result<Response, Refusal> {
    let viewer = hr(&session)?;
    let bytes = hires::export::list(&state, &viewer.user_id, &filter, ip).await?;
    Ok(file(bytes, CSV, "mamoru-hires.csv"))
}

/// `/hr/training-register.csv`: every quiz attempt of the last two years, audit-logged.
pub async fn training_register(
    State(state): State<Core>,
    Extension(session): Extension<CurrentSession>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
) -> Result<Response, Refusal> {
    let viewer = hr(&session)?;
    let bytes = hires::export::register(&state, &viewer.user_id, ip).await?;
    Ok(file(bytes, CSV, "mamoru-training-register.csv"))
}

/// `/hr/exceptions.csv`: every device and media exception of the last two years, audit-logged.
pub async fn exceptions_csv(
    State(state): State<Core>,
    Extension(session): Extension<CurrentSession>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
) -> Result<Response, Refusal> {
    let viewer = hr(&session)?;
    let bytes = hires::export::exceptions(&state, &viewer.user_id, ip).await?;
    Ok(file(bytes, CSV, "mamoru-device-exceptions.csv"))
}

#[derive(Debug, serde::Deserialize)]
pub struct DoorReportQuery {
    #[serde(default)]
    point: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// `/hr/door-report.csv?point=…&from=YYYY-MM-DD&to=YYYY-MM-DD`: who entered there, when;
/// the query is audit-logged.
pub async fn door_report(
    State(state): State<Core>,
    Extension(session): Extension<CurrentSession>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Query(query): Query<DoorReportQuery>,
) -> Result<Response, Refusal> {
    let viewer = hr(&session)?;
    let bytes =
        hires::export::door_report(&state, &viewer.user_id, &query.point, &query.from, &query.to, ip).await?;
    Ok(file(bytes, CSV, "mamoru-door-entries.csv"))
}

const CSV: &str = "text/csv; charset=utf-8";

/// The signed-in viewer if they may follow hires (HR, admin).
fn hr(session: &CurrentSession) -> Result<&Viewer, AppError> {
    let viewer = session.viewer.as_ref().ok_or(AppError::Unauthenticated)?;
    if Role::can_manage_hires(viewer.role) { Ok(viewer) } else { Err(AppError::Forbidden) }
}

/// A signed copy as a PDF download, named by its version and verification code.
async fn attachment(state: &Core, copy: store::signatures::Signature) -> Result<Response, AppError> {
    let name = format!("mamoru-nda-v{}-{}.pdf", copy.version, copy.verification_code);
    Ok(file(nda::render_pdf(state, copy).await?, "application/pdf", &name))
}

/// A download; `name` is ASCII (employee numbers are).
fn file(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}

/// A refused download: its status, and the reason in both languages as text (a download
/// link has no page to show it on).
pub struct Refusal(AppError);

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        Refusal(error)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let text = self.0.text();
        let body = format!("{}\n{}\n", text.ja, text.en);
        (status_of(&self.0), [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
    }
}
