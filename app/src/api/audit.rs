//! The audit log for HR and administrators: every entry, newest first, with filters.
//! Hires cannot read it. A filtered look is itself written to the log.

#[cfg(feature = "ssr")]
use crate::server::{client_ip, require_role, state};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use mamoru_core::audit;
use mamoru_types::audit::*;
#[cfg(feature = "ssr")]
use mamoru_types::domain::Role;
use mamoru_types::errors::AppError;

#[server(endpoint = "audit/list", input = leptos::server_fn::codec::Json)]
pub async fn list_audit(filter: AuditFilter) -> Result<AuditPage, AppError> {
    let viewer = require_role(Role::can_manage_hires)?;
    audit::browse(&state()?, &viewer.user_id, &filter, client_ip()).await
}
