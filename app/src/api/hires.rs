//! HR invites new hires and follows them.

use super::{CreatedInvite, InviteSummary};
use crate::errors::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    domain::{Email, PersonName, Role},
    server::{accounts, fail, require_role, state},
};

#[server(endpoint = "hires/invite")]
pub async fn invite_hire(email: String, name: String) -> Result<CreatedInvite, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    let email = Email::parse(&email).map_err(|e| fail(e.into()))?;
    let name = PersonName::parse(&name).map_err(|e| fail(e.into()))?;
    let link =
        accounts::invite(&state()?, Some(&hr.user_id), &email, &name, Role::Hire).await.map_err(fail)?;
    Ok(CreatedInvite { link: link.link, expires_at: link.expires_at })
}

#[server(endpoint = "hires/invites")]
pub async fn list_hire_invites() -> Result<Vec<InviteSummary>, AppError> {
    require_role(Role::can_manage_hires)?;
    accounts::list_invites(&state()?, Role::Hire).await.map_err(fail)
}
