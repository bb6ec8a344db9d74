//! Accounts as the UI sees them: who is signed in, staff accounts, a new invitation.

use crate::domain::{Role, UserId};
use serde::{Deserialize, Serialize};

/// The signed-in person, as the UI needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    /// Active and not the viewer's own account (nobody disables themselves).
    pub can_disable: bool,
    /// A manager's sites, by name; empty for every other role.
    pub sites: Vec<String>,
}

/// An invitation link just created, shown once to the person who created it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedInvite {
    pub link: String,
    pub expires_at: i64,
}
