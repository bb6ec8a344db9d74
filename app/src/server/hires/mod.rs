//! New hires as HR sees them: invitations with the hire's details, and the list with its
//! filters and search. Searches are written to the audit log.

pub mod rules;

use super::accounts::{self, InviteLink};
use super::cards::rules as card_rules;
use super::store::{hires, progress, signatures, users};
use super::{AppState, cards, learning, nda, tokens};
use crate::api::cards::CardStatus;
use crate::api::hires::{HireFilter, HirePage, HireRow, HireState};
use crate::api::nda::NdaStatus;
use crate::domain::{Email, EmployeeNumber, Kana, Label, PersonName, Role, StartDate};
use crate::errors::AppError;
use sqlx::AnyConnection;
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
        search_text: [
            hire.name.as_str(),
            hire.kana.as_str(),
            hire.email.as_str(),
            hire.employee_number.as_str(),
        ]
        .map(rules::fold)
        .join("\n"),
    };
    hires::insert(&mut tx, &record).await?;
    let detail = serde_json::json!({ "employee_number": record.employee_number });
    cards::record(&mut tx, record.created_at, hr.unwrap_or("cli"), "hire.invited", &record.id, detail, ip)
        .await?;
    tx.commit().await?;
    Ok(link)
}

/// One page of the hires matching `filter`.
pub async fn list(
    state: &AppState,
    viewer: &str,
    filter: &HireFilter,
    ip: Option<IpAddr>,
) -> Result<HirePage, AppError> {
    let now = state.now();
    let search = rules::fold(&filter.search).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    let page = filter.page.max(1);
    let query = hires::Query {
        state: filter.state.map_or("", |s| s.name()),
        site: &filter.site,
        start_from: &filter.start_from,
        start_to: &filter.start_to,
        search: &search,
        limit: PAGE_SIZE as i64,
        offset: (i64::from(page) - 1) * PAGE_SIZE as i64,
    };
    let mut conn = state.store.pool().acquire().await?;
    let (listed, total) = hires::page(&mut conn, &query).await?;
    let sites = hires::sites(&mut conn).await?;
    drop(conn);
    if !search.is_empty() {
        let detail = serde_json::json!({ "search": filter.search, "state": filter.state, "site": filter.site, "found": total });
        let mut tx = state.store.write().await?;
        cards::record(&mut tx, now, viewer, "hires.searched", viewer, detail, ip).await?;
        tx.commit().await?;
    }
    let total = usize::try_from(total).unwrap_or_default();
    Ok(HirePage {
        rows: listed.into_iter().map(|l| row(l, now)).collect(),
        total,
        page,
        page_count: u32::try_from(total.div_ceil(PAGE_SIZE).max(1)).unwrap_or(u32::MAX),
        module_count: state.course.modules.len(),
        sites,
    })
}

fn row(listed: hires::Listed, now: i64) -> HireRow {
    let hires::Listed { hire, standing } = listed;
    let card = standing.card.as_deref().and_then(CardStatus::from_name).map(|card| match card {
        CardStatus::Waiting if standing.card_expires_at.is_some_and(|at| now >= at) => CardStatus::Expired,
        other => other,
    });
    HireRow {
        id: hire.id,
        user_id: hire.user_id,
        name: hire.name,
        kana: hire.kana,
        employee_number: hire.employee_number,
        site: hire.site,
        start_date: hire.start_date,
        state: HireState::from_name(&standing.state).unwrap_or(HireState::Invited),
        modules_passed: usize::try_from(standing.modules_passed).unwrap_or_default(),
        card,
        signed_versions: standing.signed_versions.split(',').filter_map(|v| v.parse().ok()).collect(),
    }
}

/// Recomputes and stores where the hire with account `user_id` stands. Every transaction
/// that changes a hire's progress, agreement, card or account calls it before committing;
/// for staff accounts it changes nothing.
pub async fn refresh(conn: &mut AnyConnection, state: &AppState, user_id: &str) -> Result<(), sqlx::Error> {
    let progress = progress::load(conn, user_id, &state.course.version).await?;
    let (modules_passed, quiz_locked) = learning::course_progress(&state.course, &progress);
    let signed = signatures::versions_of(conn, user_id).await?;
    let agreement = signatures::current_version(conn).await?;
    let grant = cards::outstanding(conn, user_id).await?;
    let card = grant.as_ref().map(|g| card_rules::status(g, state.now()));
    let active = users::by_id(conn, user_id).await?.is_some_and(|u| u.is_active());
    let standing = rules::Standing {
        registered: true,
        active,
        modules_passed,
        module_count: state.course.modules.len(),
        quiz_locked,
        nda: agreement.map_or(NdaStatus::NotSigned, |current| nda::status(current, &signed)),
        card,
    };
    let stored = hires::Standing {
        state: rules::state(standing).name().to_owned(),
        modules_passed: i64::try_from(modules_passed).unwrap_or(i64::MAX),
        // A waiting grant is stored as waiting; the list turns it to expired with time.
        card: card
            .map(|c| if c == CardStatus::Expired { CardStatus::Waiting } else { c })
            .map(|c| c.name().to_owned()),
        card_expires_at: grant.map(|g| g.expires_at),
        signed_versions: signed.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
        course_version: state.course.version.clone(),
    };
    hires::set_standing(conn, user_id, &stored).await?;
    Ok(())
}

/// Recomputes every hire computed for another course version (or marked stale): at
/// start after the course changed, and after a new agreement version. Answers how many.
pub async fn refresh_stale(state: &AppState) -> Result<usize, sqlx::Error> {
    let mut conn = state.store.pool().acquire().await?;
    let stale = hires::stale(&mut conn, &state.course.version).await?;
    drop(conn);
    refresh_each(state, &stale).await?;
    Ok(stale.len())
}

async fn refresh_each(state: &AppState, user_ids: &[String]) -> Result<(), sqlx::Error> {
    for chunk in user_ids.chunks(200) {
        let mut tx = state.store.write().await?;
        for user_id in chunk {
            users::lock(&mut tx, user_id).await?;
            refresh(&mut tx, state, user_id).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}
