//! Downloads: signed copies and evidence bundles, as plain GET routes (a file is not a
//! page), mounted by the server next to the Leptos routes.

use super::{AppState, hires, nda, session::CurrentSession, status_of};
use crate::domain::Role;
use crate::errors::AppError;
use axum::{
    Extension,
    extract::{ConnectInfo, Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use std::net::SocketAddr;

/// `/nda/{version}/pdf`: the signed-in person's own copy.
pub async fn own_pdf(
    State(state): State<AppState>,
    Extension(session): Extension<CurrentSession>,
    Path(version): Path<u32>,
) -> Response {
    let Some(viewer) = session.viewer else {
        return error(AppError::Unauthenticated);
    };
    match nda::pdf(&state, &viewer.user_id, version).await {
        Ok(bytes) => attachment(bytes, version),
        Err(e) => error(e),
    }
}

/// `/hr/hires/{hire_id}/nda/{version}/pdf`: HR's copy of a hire's agreement, audit-logged.
pub async fn hire_pdf(
    State(state): State<AppState>,
    Extension(session): Extension<CurrentSession>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((hire_id, version)): Path<(String, u32)>,
) -> Response {
    let Some(viewer) = session.viewer else {
        return error(AppError::Unauthenticated);
    };
    if !Role::can_manage_hires(viewer.role) {
        return error(AppError::Forbidden);
    }
    let bytes = match nda::pdf(&state, &hire_id, version).await {
        Ok(bytes) => bytes,
        Err(e) => return error(e),
    };
    match nda::record_download(&state, &viewer, &hire_id, version, Some(peer.ip().to_string())).await {
        Ok(()) => attachment(bytes, version),
        Err(e) => error(e),
    }
}

/// `/hr/hires/{hire_id}/evidence.zip`: the hire's evidence bundle, audit-logged.
pub async fn evidence_bundle(
    State(state): State<AppState>,
    Extension(session): Extension<CurrentSession>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(hire_id): Path<String>,
) -> Response {
    let Some(viewer) = session.viewer else {
        return error(AppError::Unauthenticated);
    };
    if !Role::can_manage_hires(viewer.role) {
        return error(AppError::Forbidden);
    }
    match hires::evidence::bundle(&state, &viewer.user_id, &hire_id, Some(peer.ip())).await {
        Ok(bundle) => file(bundle.bytes, "application/zip", &bundle.file_name),
        Err(e) => error(e),
    }
}

fn attachment(bytes: Vec<u8>, version: u32) -> Response {
    file(bytes, "application/pdf", &format!("mamoru-nda-v{version}.pdf"))
}

/// A download; `name` is ASCII (employee numbers are).
fn file(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    ([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], bytes)
        .into_response()
}

fn error(error: AppError) -> Response {
    (status_of(&error), error.to_string()).into_response()
}
