//! Machines that talk to Mamoru, managed by admins: lobby kiosks and the door and desk
//! systems that read the active-card list.

use crate::domain::KioskId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KioskSummary {
    pub id: KioskId,
    pub name: String,
    pub enrolled_at: i64,
    pub disabled_at: Option<i64>,
}

/// A secret shown once to the admin who created it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimeSecret {
    pub secret: String,
    pub expires_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenSummary {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    /// The sites it sees; empty: every site.
    pub sites: Vec<String>,
}
