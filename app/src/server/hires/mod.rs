//! New hires as HR sees them: invitations with the hire's details, and the list with its
//! filters and search. Searches are written to the audit log.

pub mod rules;

use super::accounts::{self, InviteLink};
use super::store::{hires, progress, signatures, users};
use super::{AppState, cards, nda, tokens};
use crate::api::hires::{HireFilter, HirePage, HireRow};
use crate::domain::{Email, EmployeeNumber, Kana, Label, PersonName, Role, StartDate};
use crate::errors::AppError;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::IpAddr;

/// Rows per page of HR's list.
pub const PAGE_SIZE: usize = 50;

/// A hire as HR enters them.
pub struct NewHire {
    pub name: PersonName,
    pub kana: Kana,
    pub email: Email,
    pub employee_number: EmployeeNumber,
    pub site: Label,
    pub start_date: StartDate,
}

/// Records a hire and creates their invitation, together.
pub async fn invite(
    state: &AppState,
    hr: Option<&str>,
    hire: &NewHire,
    ip: Option<IpAddr>,
) -> Result<InviteLink, AppError> {
    let mut tx = state.store.write().await?;
    if hires::employee_number_taken(&mut tx, hire.employee_number.as_str()).await? {
        return Err(AppError::EmployeeNumberTaken);
    }
    let (invite_id, link) =
        accounts::insert_invite(&mut tx, state, hr, &hire.email, &hire.name, Role::Hire).await?;
    let record = hires::Hire {
        id: tokens::new_id(),
        invite_id,
        user_id: None,
        employee_number: hire.employee_number.as_str().to_owned(),
        name: hire.name.as_str().to_owned(),
        kana: hire.kana.as_str().to_owned(),
        email: hire.email.as_str().to_owned(),
        site: hire.site.as_str().to_owned(),
        start_date: hire.start_date.iso(),
        created_at: state.now(),
    };
    hires::insert(&mut tx, &record).await?;
    let detail = serde_json::json!({ "employee_number": record.employee_number });
    cards::record(&mut tx, record.created_at, hr.unwrap_or("cli"), "hire.invited", &record.id, detail, ip)
        .await?;
    tx.commit().await?;
    Ok(link)
}

/// One page of the hires matching `filter`, with each one's state.
pub async fn list(
    state: &AppState,
    viewer: &str,
    filter: &HireFilter,
    ip: Option<IpAddr>,
) -> Result<HirePage, AppError> {
    let now = state.now();
    let mut conn = state.store.pool().acquire().await?;
    let all = hires::all(&mut conn).await?;
    let standings = Standings::load(&mut conn, state, now).await?;
    let search = rules::fold(&filter.search);
    let mut matching: Vec<HireRow> = all
        .iter()
        .filter(|h| filter.site.is_empty() || h.site == filter.site)
        .filter(|h| filter.start_from.is_empty() || h.start_date.as_str() >= filter.start_from.as_str())
        .filter(|h| filter.start_to.is_empty() || h.start_date.as_str() <= filter.start_to.as_str())
        .filter(|h| {
            search.is_empty()
                || [&h.name, &h.kana, &h.email, &h.employee_number]
                    .iter()
                    .any(|t| rules::fold(t).contains(&search))
        })
        .map(|h| standings.row(h))
        .filter(|row| filter.state.is_none_or(|s| row.state == s))
        .collect();
    if !search.is_empty() {
        let detail = serde_json::json!({ "search": filter.search, "state": filter.state, "site": filter.site, "found": matching.len() });
        let mut tx = state.store.write().await?;
        cards::record(&mut tx, now, viewer, "hires.searched", viewer, detail, ip).await?;
        tx.commit().await?;
    }
    let total = matching.len();
    let page_count = total.div_ceil(PAGE_SIZE).max(1);
    let page = (filter.page.max(1) as usize).min(page_count);
    let rows = matching.drain(((page - 1) * PAGE_SIZE).min(total)..(page * PAGE_SIZE).min(total)).collect();
    let sites: BTreeSet<String> = all.iter().map(|h| h.site.clone()).filter(|s| !s.is_empty()).collect();
    Ok(HirePage {
        rows,
        total,
        page: page as u32,
        page_count: page_count as u32,
        module_count: state.course.modules.len(),
        sites: sites.into_iter().collect(),
    })
}

/// Everything the list needs to know about every account, read in a few queries.
struct Standings {
    module_count: usize,
    /// user → (modules passed, some module locked)
    learning: HashMap<String, (usize, bool)>,
    signed: HashMap<String, Vec<u32>>,
    current_agreement: Option<u32>,
    cards: HashMap<String, crate::api::cards::CardStatus>,
    disabled: HashSet<String>,
}

impl Standings {
    async fn load(conn: &mut sqlx::AnyConnection, state: &AppState, now: i64) -> Result<Self, sqlx::Error> {
        let allowed: HashMap<&str, u32> =
            state.course.modules.iter().map(|m| (m.slug.as_str(), m.attempts)).collect();
        let mut learning: HashMap<String, (usize, bool)> = HashMap::new();
        for (user, module, used, passed) in progress::summaries(conn, &state.course.version).await? {
            let Some(&attempts) = allowed.get(module.as_str()) else { continue };
            let entry = learning.entry(user).or_default();
            entry.0 += usize::from(passed);
            entry.1 |= !passed && used >= attempts;
        }
        let mut signed: HashMap<String, Vec<u32>> = HashMap::new();
        for (user, version) in signatures::all_versions(conn).await? {
            signed.entry(user).or_default().push(version);
        }
        Ok(Self {
            module_count: state.course.modules.len(),
            learning,
            signed,
            current_agreement: signatures::current_version(conn).await?,
            cards: cards::statuses(conn, now).await?.into_iter().collect(),
            disabled: users::disabled_ids(conn).await?.into_iter().collect(),
        })
    }

    fn row(&self, hire: &hires::Hire) -> HireRow {
        let user = hire.user_id.as_deref().unwrap_or_default();
        let (modules_passed, quiz_locked) = self.learning.get(user).copied().unwrap_or_default();
        let signed_versions = self.signed.get(user).cloned().unwrap_or_default();
        let card = self.cards.get(user).copied();
        let standing = rules::Standing {
            registered: hire.user_id.is_some(),
            active: !self.disabled.contains(user),
            modules_passed,
            module_count: self.module_count,
            quiz_locked,
            nda: self
                .current_agreement
                .map_or(crate::api::nda::NdaStatus::NotSigned, |v| nda::status(v, &signed_versions)),
            card,
        };
        HireRow {
            id: hire.id.clone(),
            user_id: hire.user_id.clone(),
            name: hire.name.clone(),
            kana: hire.kana.clone(),
            employee_number: hire.employee_number.clone(),
            site: hire.site.clone(),
            start_date: hire.start_date.clone(),
            state: rules::state(standing),
            modules_passed,
            card,
            signed_versions,
        }
    }
}
