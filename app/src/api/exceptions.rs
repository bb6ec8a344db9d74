//! Device and media exceptions: a hire asks, a manager of the site decides or revokes.

#[cfg(feature = "ssr")]
use crate::server::{client_ip, require_role, state};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use mamoru_core::exceptions::{self, rules::Form};
use mamoru_types::domain::ExceptionId;
#[cfg(feature = "ssr")]
use mamoru_types::domain::Role;
use mamoru_types::errors::AppError;
use mamoru_types::exceptions::{Decision, ExceptionSummary, ManagerDesk, MyExceptions};

#[server(endpoint = "exceptions/mine")]
pub async fn list_my_exceptions() -> Result<MyExceptions, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    exceptions::mine(&state()?, &hire.user_id).await
}

/// Asks for an exception: `kind` is a [`mamoru_types::exceptions::DeviceKind`] name,
/// `from` and `until` are Japan days (`YYYY-MM-DD`), both included.
#[server(endpoint = "exceptions/request")]
pub async fn request_exception(
    kind: String,
    identifier: String,
    reason: String,
    site: String,
    from: String,
    until: String,
) -> Result<ExceptionSummary, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    let form = Form {
        kind: &kind,
        identifier: &identifier,
        reason: &reason,
        site: &site,
        from: &from,
        until: &until,
    };
    let summary = exceptions::request(&state()?, &hire.user_id, &form, client_ip()).await?;
    crate::server::continue_to(SENT_PATH);
    Ok(summary)
}

/// Where a sent request lands: the requests page, saying it was sent.
pub const SENT_PATH: &str = "/exceptions?sent=1";

/// The manager's desk: their sites' open and in-force exceptions and their people.
#[server(endpoint = "exceptions/desk")]
pub async fn open_manager_desk() -> Result<ManagerDesk, AppError> {
    let manager = require_role(|r| r == Role::Manager)?;
    exceptions::desk(&state()?, &manager.user_id, client_ip()).await
}

/// Approves or refuses a request of one of the manager's sites; a refusal needs a reason.
#[server(endpoint = "exceptions/decide")]
pub async fn decide_exception(
    exception_id: ExceptionId,
    decision: Decision,
    reason: String,
) -> Result<ExceptionSummary, AppError> {
    let manager = require_role(|r| r == Role::Manager)?;
    exceptions::decide(&state()?, &manager.user_id, &exception_id, decision, &reason, client_ip()).await
}

/// Ends an approval of one of the manager's sites before its time, with a reason.
#[server(endpoint = "exceptions/revoke")]
pub async fn revoke_exception(
    exception_id: ExceptionId,
    reason: String,
) -> Result<ExceptionSummary, AppError> {
    let manager = require_role(|r| r == Role::Manager)?;
    exceptions::revoke(&state()?, &manager.user_id, &exception_id, &reason, client_ip()).await
}
