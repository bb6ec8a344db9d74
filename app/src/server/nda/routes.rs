//! Downloads of signed copies: plain GET routes (a PDF is not a page), mounted by the
//! server next to the Leptos routes.

use super::super::{AppState, session::CurrentSession, status_of};
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
    match super::pdf(&state, &viewer.user_id, version).await {
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
    let bytes = match super::pdf(&state, &hire_id, version).await {
        Ok(bytes) => bytes,
        Err(e) => return error(e),
    };
    match super::record_download(&state, &viewer, &hire_id, version, Some(peer.ip().to_string())).await {
        Ok(()) => attachment(bytes, version),
        Err(e) => error(e),
    }
}

fn attachment(bytes: Vec<u8>, version: u32) -> Response {
    let disposition = format!("attachment; filename=\"mamoru-nda-v{version}.pdf\"");
    (
        [(header::CONTENT_TYPE, "application/pdf".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        bytes,
    )
        .into_response()
}

fn error(error: AppError) -> Response {
    (status_of(&error), error.to_string()).into_response()
}
