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

/// A webhook endpoint, as the admin screen lists it (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSummary {
    pub id: String,
    pub name: String,
    pub url: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

/// One entry of the webhook delivery log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    pub endpoint: String,
    /// What changed (`card_added`, …).
    pub change: String,
    pub attempts: i64,
    pub delivered_at: Option<i64>,
    /// Given up after the last attempt.
    pub failed_at: Option<i64>,
    pub next_attempt_at: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

/// The admin's webhook section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Webhooks {
    pub endpoints: Vec<WebhookSummary>,
    pub deliveries: Vec<WebhookDelivery>,
}
