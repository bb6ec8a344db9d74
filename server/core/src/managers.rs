//! Managers (責任者): an administrator gives a manager account the sites whose operator
//! rooms it answers for. A manager sees and decides only what concerns those sites.

use super::Core;
use crate::store::{audit, manager_sites, users};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{Label, Role, UserId};
use mamoru_types::errors::AppError;
use std::net::IpAddr;

/// Whether a site is given to or taken from a manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Assign,
    Unassign,
}

/// Gives the site to, or takes it from, the active manager account `user_id`.
#[tracing::instrument(skip_all, fields(actor = %admin, user_id = %user_id))]
pub async fn change_site(
    state: &Core,
    admin: &UserId,
    user_id: &UserId,
    site: &str,
    change: Change,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let site = Label::parse(site)?;
    let now = state.now();
    let mut tx = state.store.write().await?;
    let user = users::by_id(&mut tx, user_id).await?;
    if !user.is_some_and(|u| u.role == Role::Manager && u.is_active()) {
        return Err(AppError::NotFound);
    }
    let changed = match change {
        Change::Assign => manager_sites::assign(&mut tx, user_id, site.as_str(), admin, now).await?,
        Change::Unassign => manager_sites::unassign(&mut tx, user_id, site.as_str()).await?,
    };
    if changed {
        let key = if change == Change::Assign { "added" } else { "removed" };
        let detail = serde_json::json!({ key: site.as_str() });
        audit::record(&mut tx, now, admin, AuditAction::ManagerSitesChanged, user_id, detail, ip).await?;
    }
    tx.commit().await?;
    Ok(())
}
