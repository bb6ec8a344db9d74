//! HR invites new hires and follows them.

use super::CreatedInvite;
use super::cards::CardStatus;
use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::{Email, EmployeeNumber, Kana, Label, PersonName, Role, StartDate},
    server::{client_ip, fail, hires, require_role, state},
};

/// Where a hire stands, from invitation to card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HireState {
    Invited,
    InTraining,
    /// Every attempt of a module used without passing: HR must reset it.
    QuizLocked,
    NdaPending,
    /// Signed an older agreement; a newer one waits.
    ResignNeeded,
    /// Course passed and agreement signed: the card waits at the kiosk.
    Completed,
    CardIssued,
    /// The account was disabled (a leaver).
    Deactivated,
}

impl HireState {
    /// The stored and wire name (`"InTraining"`).
    pub fn name(self) -> &'static str {
        match self {
            HireState::Invited => "Invited",
            HireState::InTraining => "InTraining",
            HireState::QuizLocked => "QuizLocked",
            HireState::NdaPending => "NdaPending",
            HireState::ResignNeeded => "ResignNeeded",
            HireState::Completed => "Completed",
            HireState::CardIssued => "CardIssued",
            HireState::Deactivated => "Deactivated",
        }
    }

    pub fn from_name(name: &str) -> Option<HireState> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    pub const ALL: [HireState; 8] = [
        HireState::Invited,
        HireState::InTraining,
        HireState::QuizLocked,
        HireState::NdaPending,
        HireState::ResignNeeded,
        HireState::Completed,
        HireState::CardIssued,
        HireState::Deactivated,
    ];
}

/// One row of HR's list: the minimum to see who is where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HireRow {
    pub id: String,
    pub user_id: Option<String>,
    pub name: String,
    pub kana: String,
    pub employee_number: String,
    pub site: String,
    pub start_date: String,
    pub state: HireState,
    pub modules_passed: usize,
    pub card: Option<CardStatus>,
    /// Agreement versions signed, each downloadable as a PDF.
    pub signed_versions: Vec<u32>,
}

/// What HR asked the list for. Every field may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HireFilter {
    #[serde(default)]
    pub state: Option<HireState>,
    #[serde(default)]
    pub site: String,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub start_from: String,
    #[serde(default)]
    pub start_to: String,
    /// Part of a name, reading, email or employee number.
    #[serde(default)]
    pub search: String,
    /// From 1.
    #[serde(default)]
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HirePage {
    pub rows: Vec<HireRow>,
    /// Hires matching the filter, on every page.
    pub total: usize,
    pub page: u32,
    pub page_count: u32,
    pub module_count: usize,
    /// Every site in use, for the site filter.
    pub sites: Vec<String>,
}

#[server(endpoint = "hires/invite")]
pub async fn invite_hire(
    name: String,
    kana: String,
    email: String,
    employee_number: String,
    site: String,
    start_date: String,
) -> Result<CreatedInvite, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    let parse = || -> Result<hires::NewHire, crate::domain::InputError> {
        Ok(hires::NewHire {
            name: PersonName::parse(&name)?,
            kana: Kana::parse(&kana)?,
            email: Email::parse(&email)?,
            employee_number: EmployeeNumber::parse(&employee_number)?,
            site: Label::parse(&site)?,
            start_date: StartDate::parse(&start_date)?,
        })
    };
    let hire = parse().map_err(|e| fail(e.into()))?;
    let link = hires::invite(&state()?, Some(&hr.user_id), &hire, client_ip()).await.map_err(fail)?;
    Ok(CreatedInvite { link: link.link, expires_at: link.expires_at })
}

/// One page of hires matching `filter`. A search is written to the audit log.
#[server(endpoint = "hires/list", input = leptos::server_fn::codec::Json)]
pub async fn list_hires(filter: HireFilter) -> Result<HirePage, AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    hires::list(&state()?, &hr.user_id, &filter, client_ip()).await.map_err(fail)
}
