//! Administrators manage staff accounts.

use leptos::prelude::*;
use mamoru_types::accounts::{AccountSummary, CreatedInvite};
use mamoru_types::errors::AppError;

#[cfg(feature = "ssr")]
use crate::server::{client_ip, require_role, state};
#[cfg(feature = "ssr")]
use mamoru_core::accounts;
#[cfg(feature = "ssr")]
use mamoru_core::managers::{self, Change};
use mamoru_types::domain::UserId;
#[cfg(feature = "ssr")]
use mamoru_types::domain::{Email, InputError, PersonName, Role};

#[server(endpoint = "staff/list")]
pub async fn list_accounts() -> Result<Vec<AccountSummary>, AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    accounts::list_accounts(&state()?, &admin.user_id).await
}

/// Creates an invitation for a new staff account: `role` is `hr` or `manager`.
#[server(endpoint = "staff/invite")]
pub async fn invite_staff(email: String, name: String, role: String) -> Result<CreatedInvite, AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    let email = Email::parse(&email).map_err(AppError::from)?;
    let name = PersonName::parse(&name).map_err(AppError::from)?;
    let role = match role.parse() {
        Ok(role @ (Role::Hr | Role::Manager)) => role,
        _ => return Err(InputError::RoleInvalid.into()),
    };
    let link = accounts::invite(&state()?, Some(&admin.user_id), &email, &name, role, client_ip()).await?;
    Ok(CreatedInvite { link: link.link, expires_at: link.expires_at })
}

/// Gives a site to a manager account (`assign` true) or takes it away.
#[server(endpoint = "staff/site")]
pub async fn change_manager_site(user_id: UserId, site: String, assign: bool) -> Result<(), AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    let change = if assign { Change::Assign } else { Change::Unassign };
    managers::change_site(&state()?, &admin.user_id, &user_id, &site, change, client_ip()).await
}

#[server(endpoint = "staff/disable")]
pub async fn disable_account(user_id: UserId) -> Result<(), AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    accounts::disable(&state()?, Some(&admin.user_id), &user_id).await
}
