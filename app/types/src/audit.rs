//! The audit log for HR and administrators: every entry, newest first, with filters.
//! Hires cannot read it. A filtered look is itself written to the log.

use serde::{Deserialize, Serialize};

/// What to show. Every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// One of [`AuditFilter::CATEGORIES`]: the start of the action names to show.
    #[serde(default)]
    pub category: String,
    /// The email address of the person who acted.
    #[serde(default)]
    pub actor: String,
    /// `YYYY-MM-DD` in Japan time, inclusive.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// From 1.
    #[serde(default)]
    pub page: u32,
}

impl AuditFilter {
    /// The action-name prefixes the category filter offers.
    pub const CATEGORIES: [&'static str; 12] = [
        "auth.",
        "account.",
        "hire",
        "quiz.",
        "nda.",
        "agreement.",
        "card.",
        "kiosk.",
        "door",
        "register.",
        "reminders.",
        "audit.",
    ];

    pub fn is_empty(&self) -> bool {
        self.category.is_empty() && self.actor.is_empty() && self.from.is_empty() && self.to.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub seq: i64,
    pub at: i64,
    /// The person's name, or the id of a kiosk or token; empty for the system.
    pub actor: String,
    pub action: String,
    pub subject: String,
    /// The entry's JSON detail, as stored.
    pub detail: String,
    pub ip: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub total: usize,
    pub page: u32,
    pub page_count: u32,
}
