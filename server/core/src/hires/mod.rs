//! New hires as HR sees them: invitations with the hire's details, and the list with its
//! filters and search. Searches are written to the audit log.

pub mod evidence;
pub mod export;
pub mod import;
pub mod record;
pub mod reminders;
pub mod rules;

use super::accounts::{self, InviteLink};
use super::cards::rules as card_rules;
use super::round::{self, Round};
use super::{Core, cards};
use crate::store::{audit, hires, invites, users};
use crate::tokens;
use mamoru_types::audit::AuditAction;
use mamoru_types::cards::CardStatus;
use mamoru_types::domain::{Email, EmployeeNumber, InputError, Kana, Label, PersonName, Role, StartDate};
use mamoru_types::errors::AppError;
use mamoru_types::hires::{Dashboard, HireField, HireFilter, HirePage, HireRow, HireState};
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

impl NewHire {
    /// Parses the details in [`HireField::ALL`] order; the error names the field at fault.
    pub fn parse(fields: [&str; 6]) -> Result<NewHire, (HireField, InputError)> {
        let [name, kana, email, employee_number, site, start_date] = fields;
        let at = |field| move |e| (field, e);
        Ok(NewHire {
            name: PersonName::parse(name).map_err(at(HireField::Name))?,
            kana: Kana::parse(kana).map_err(at(HireField::Kana))?,
            email: Email::parse(email).map_err(at(HireField::Email))?,
            employee_number: EmployeeNumber::parse(employee_number).map_err(at(HireField::EmployeeNumber))?,
            site: Label::parse(site).map_err(at(HireField::Site))?,
            start_date: StartDate::parse(start_date).map_err(at(HireField::StartDate))?,
        })
    }
}

/// Records a hire and creates their invitation, together.
#[tracing::instrument(skip_all, fields(actor = ?hr))]
pub async fn invite(
    state: &Core,
    hr: Option<&str>,
    hire: &NewHire,
    ip: Option<IpAddr>,
) -> Result<InviteLink, AppError> {
    let mut tx = state.store.write().await?;
    let link = invite_in(&mut tx, state, hr, hire, ip).await?;
    tx.commit().await?;
    Ok(link)
}

/// [`invite`] inside the caller's transaction.
async fn invite_in(
    tx: &mut AnyConnection,
    state: &Core,
    hr: Option<&str>,
    hire: &NewHire,
    ip: Option<IpAddr>,
) -> Result<InviteLink, AppError> {
    if hires::employee_number_taken(tx, hire.employee_number.as_str()).await? {
        return Err(AppError::EmployeeNumberTaken);
    }
    if email_taken(tx, &hire.email, state.now()).await? {
        return Err(AppError::EmailTaken);
    }
    let (invite_id, link) =
        accounts::insert_invite(tx, state, hr, &hire.email, &hire.name, Role::Hire).await?;
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
    hires::insert(tx, &record).await.map_err(|e| {
        if crate::store::is_duplicate(&e) { AppError::EmployeeNumberTaken } else { AppError::from(e) }
    })?;
    let detail = serde_json::json!({ "employee_number": record.employee_number });
    audit::record(
        tx,
        record.created_at,
        hr.unwrap_or("cli"),
        AuditAction::HireInvited,
        &record.id,
        detail,
        ip,
    )
    .await?;
    Ok(link)
}

/// Whether a new hire may not have this address: an account, a pending invitation or
/// another hire's record has it (a hire whose invitation expired gets a new link with
/// "re-send", not a second record).
async fn email_taken(conn: &mut AnyConnection, email: &Email, now: i64) -> Result<bool, sqlx::Error> {
    Ok(accounts::email_taken(conn, email, now).await? || hires::email_taken(conn, email.as_str()).await?)
}

/// The moment HR's screens show: the time, and how long a certification holds.
#[derive(Debug, Clone, Copy)]
pub struct Moment {
    pub now: i64,
    valid_secs: i64,
}

impl Moment {
    pub fn of(state: &Core) -> Self {
        Moment { now: state.now(), valid_secs: state.settings.certification_secs }
    }

    /// Hires certified no later than this have expired.
    pub fn expired_if_certified_by(self) -> i64 {
        self.now - self.valid_secs
    }

    /// Until when a hire's completed round holds.
    fn certified_until(self, standing: &hires::Standing) -> Option<i64> {
        standing.certified_at.map(|at| at.saturating_add(self.valid_secs))
    }

    /// The state HR sees now.
    fn state(self, standing: &hires::Standing) -> HireState {
        rules::shown_state(standing.state, self.certified_until(standing), self.now)
    }
}

/// Completed hires whose certification has ended or ends within
/// [`round::RENEWAL_SECS`], soonest first: the first `limit`, and how many.
async fn expiring(
    conn: &mut AnyConnection,
    moment: Moment,
    limit: i64,
) -> Result<(Vec<hires::Listed>, i64), sqlx::Error> {
    let by = moment.expired_if_certified_by() + round::RENEWAL_SECS;
    hires::certified_between(conn, i64::MIN, by, limit).await
}

/// Overdue and expiring hires shown on the dashboard (the rest are a filter away).
const DASHBOARD_SHOWN: i64 = 20;

/// HR's overview: the funnel, the hires whose start date passed without completing, and
/// those whose certification ends soon or has ended.
#[tracing::instrument(skip_all)]
pub async fn dashboard(state: &Core) -> Result<Dashboard, AppError> {
    let moment = Moment::of(state);
    let now = moment.now;
    let mut conn = state.store.pool().acquire().await?;
    let counts: Vec<(HireState, usize)> = hires::state_counts(&mut conn)
        .await?
        .into_iter()
        .map(|(state, n)| (state, usize::try_from(n).unwrap_or_default()))
        .collect();
    let (overdue, overdue_total) = hires::overdue(&mut conn, &today(now), DASHBOARD_SHOWN).await?;
    let (expiring, expiring_total) = expiring(&mut conn, moment, DASHBOARD_SHOWN).await?;
    let expired_total = hires::certified_count(&mut conn, i64::MIN, moment.expired_if_certified_by()).await?;
    let count = |n: i64| usize::try_from(n).unwrap_or_default();
    Ok(Dashboard {
        funnel: rules::funnel(&counts),
        overdue: overdue.into_iter().map(|l| row(l, moment)).collect(),
        overdue_total: count(overdue_total),
        expiring: expiring.into_iter().map(|l| row(l, moment)).collect(),
        expiring_total: count(expiring_total),
        expired_total: count(expired_total),
        module_count: state.course.modules.len(),
        mail_configured: state.mailer.is_some(),
    })
}

/// Today in Japan, `YYYY-MM-DD`: start dates are Japanese calendar days.
fn today(now: i64) -> String {
    mamoru_types::i18n::format_jst_date(now)
}

/// A new invitation link for a hire who has not registered yet; the old link stops
/// working.
#[tracing::instrument(skip_all, fields(actor = %hr, hire_id = %hire_id))]
pub async fn resend(
    state: &Core,
    hr: &str,
    hire_id: &str,
    ip: Option<IpAddr>,
) -> Result<InviteLink, AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    // The table lock that creating the new invitation takes comes first: taken after the
    // void below, two re-sends would deadlock on PostgreSQL.
    invites::lock_for_new(&mut tx).await?;
    let hire = unregistered(&mut tx, hire_id).await?;
    invites::void(&mut tx, &hire.invite_id, now).await?;
    let email = Email::parse(&hire.email)?;
    let name = PersonName::parse(&hire.name)?;
    let (invite_id, link) =
        accounts::insert_invite(&mut tx, state, Some(hr), &email, &name, Role::Hire).await?;
    hires::set_invite(&mut tx, hire_id, &invite_id).await?;
    let detail = serde_json::json!({ "employee_number": hire.employee_number });
    audit::record(&mut tx, now, hr, AuditAction::HireInviteResent, hire_id, detail, ip).await?;
    tx.commit().await?;
    Ok(link)
}

/// Withdraws the invitation of a hire who has not registered: the link stops working and
/// the hire leaves the list (the audit log keeps who they were).
#[tracing::instrument(skip_all, fields(actor = %hr, hire_id = %hire_id))]
pub async fn cancel(state: &Core, hr: &str, hire_id: &str, ip: Option<IpAddr>) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    let hire = unregistered(&mut tx, hire_id).await?;
    invites::void(&mut tx, &hire.invite_id, now).await?;
    // Re-checked in the delete: an acceptance racing this cancel wins.
    if !hires::delete_unregistered(&mut tx, hire_id).await? {
        return Err(AppError::InviteAccepted);
    }
    let detail = serde_json::json!({ "employee_number": hire.employee_number, "name": hire.name });
    audit::record(&mut tx, now, hr, AuditAction::HireInviteCancelled, hire_id, detail, ip).await?;
    tx.commit().await?;
    Ok(())
}

/// A leaver: their account is disabled, their sessions end and their card is revoked.
#[tracing::instrument(skip_all, fields(actor = %hr, hire_id = %hire_id))]
pub async fn deactivate(state: &Core, hr: &str, hire_id: &str) -> Result<(), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let listed = hires::by_id(&mut conn, hire_id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    let user_id = listed.hire.user_id.ok_or(AppError::NotRegistered)?;
    if listed.standing.state == HireState::Deactivated {
        return Ok(()); // already done: a second click changes nothing
    }
    accounts::disable(state, Some(hr), &user_id).await
}

async fn unregistered(conn: &mut AnyConnection, hire_id: &str) -> Result<hires::Hire, AppError> {
    hires::lock_unregistered(conn, hire_id).await?;
    let listed = hires::by_id(conn, hire_id).await?.ok_or(AppError::NotFound)?;
    if listed.hire.user_id.is_some() {
        return Err(AppError::InviteAccepted);
    }
    Ok(listed.hire)
}

/// One page of the hires matching `filter`.
#[tracing::instrument(skip_all, fields(actor = %viewer))]
pub async fn list(
    state: &Core,
    viewer: &str,
    filter: &HireFilter,
    ip: Option<IpAddr>,
) -> Result<HirePage, AppError> {
    let moment = Moment::of(state);
    let search = folded_search(&filter.search);
    let page = filter.page.max(1);
    let query =
        store_query(filter, &search, moment, PAGE_SIZE as i64, (i64::from(page) - 1) * PAGE_SIZE as i64)?;
    let mut conn = state.store.pool().acquire().await?;
    let (listed, total) = hires::page(&mut conn, &query).await?;
    drop(conn);
    // Any look narrowed by a filter is a search; the plain list and its pages are not.
    let filtered =
        [filter.site.as_str(), &filter.start_from, &filter.start_to, &search].iter().any(|f| !f.is_empty());
    if filtered || filter.state.is_some() {
        let detail = serde_json::json!({ "filter": filter, "found": total });
        let mut tx = state.store.write().await?;
        audit::record(&mut tx, moment.now, viewer, AuditAction::HiresSearched, viewer, detail, ip).await?;
        tx.commit().await?;
    }
    let total = usize::try_from(total).unwrap_or_default();
    Ok(HirePage {
        rows: listed.into_iter().map(|l| row(l, moment)).collect(),
        total,
        page,
        page_count: super::page_count(total, PAGE_SIZE),
        module_count: state.course.modules.len(),
    })
}

/// The longest search text HR can type (a name, a reading or an email fits easily).
pub const SEARCH_MAX_CHARS: usize = 100;

/// The filter as the store takes it; `search` is [`folded_search`] of the filter's. Every
/// part is checked first (it is written to the audit log as typed): a site is a site's
/// name, dates are dates, the search is short.
fn store_query<'a>(
    filter: &'a HireFilter,
    search: &'a str,
    moment: Moment,
    limit: i64,
    offset: i64,
) -> Result<hires::Query<'a>, InputError> {
    if !filter.site.is_empty() {
        Label::parse(&filter.site)?;
    }
    for date in [&filter.start_from, &filter.start_to] {
        if !date.is_empty() {
            StartDate::parse(date)?;
        }
    }
    if filter.search.chars().count() > SEARCH_MAX_CHARS {
        return Err(InputError::SearchTooLong);
    }
    Ok(hires::Query {
        state: filter.state,
        site: &filter.site,
        start_from: &filter.start_from,
        start_to: &filter.start_to,
        search,
        expired_if_certified_by: moment.expired_if_certified_by(),
        limit,
        offset,
    })
}

/// The search text as the list's LIKE pattern takes it: folded, wildcards escaped.
fn folded_search(search: &str) -> String {
    rules::fold(search).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn row(listed: hires::Listed, moment: Moment) -> HireRow {
    let now = moment.now;
    let hires::Listed { hire, standing } = listed;
    let card = standing.card.map(|card| match card {
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
        state: moment.state(&standing),
        modules_passed: usize::try_from(standing.modules_passed).unwrap_or_default(),
        card,
        certified_until: moment.certified_until(&standing),
    }
}

/// Recomputes and stores where the hire with account `user_id` stands. Every transaction
/// that changes a hire's progress, agreement, card or account calls it before committing;
/// for staff accounts it changes nothing.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn refresh(conn: &mut AnyConnection, state: &Core, user_id: &str) -> Result<(), sqlx::Error> {
    let round = round::load(conn, state, user_id).await?;
    store_standing(conn, state, user_id, &round).await
}

/// [`refresh`] after a requirement was recorded or a card ended: first mints the card
/// grant if the round now qualifies for one. The caller holds the person's lock.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn settle(conn: &mut AnyConnection, state: &Core, user_id: &str) -> Result<(), sqlx::Error> {
    let round = round::load(conn, state, user_id).await?;
    cards::mint_if_certified(conn, state, user_id, &round).await?;
    store_standing(conn, state, user_id, &round).await
}

async fn store_standing(
    conn: &mut AnyConnection,
    state: &Core,
    user_id: &str,
    round: &Round,
) -> Result<(), sqlx::Error> {
    let grant = cards::outstanding(conn, user_id).await?;
    let card = grant.as_ref().map(|g| card_rules::status(g, state.now()));
    let active = users::by_id(conn, user_id).await?.is_some_and(|u| u.is_active());
    let hire_state = rules::state(rules::Standing {
        registered: true,
        active,
        modules_passed: round.modules_passed,
        module_count: state.course.modules.len(),
        quiz_locked: round.quiz_locked,
        nda: round.nda,
        card,
    });
    let stored = hires::Standing {
        state: hire_state,
        modules_passed: i64::try_from(round.modules_passed).unwrap_or(i64::MAX),
        // A waiting grant is stored as waiting; the list turns it to expired with time.
        card: card.map(|c| if c == CardStatus::Expired { CardStatus::Waiting } else { c }),
        card_expires_at: grant.map(|g| g.expires_at),
        signed_versions: round.signed_versions.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
        course_version: state.course.version.clone(),
        // Only a completed hire can expire; the list turns them to expired with time.
        certified_at: round.certified_at().filter(|_| hire_state.is_complete()),
    };
    hires::set_standing(conn, user_id, &stored).await?;
    Ok(())
}

/// Recomputes every hire computed for another course version (or marked stale): at
/// start after the course changed, and after a new agreement version. Answers how many.
#[tracing::instrument(skip_all)]
pub async fn refresh_stale(state: &Core) -> Result<usize, sqlx::Error> {
    let mut conn = state.store.pool().acquire().await?;
    let stale = hires::stale(&mut conn, &state.course.version).await?;
    drop(conn);
    refresh_each(state, &stale).await?;
    Ok(stale.len())
}

async fn refresh_each(state: &Core, user_ids: &[String]) -> Result<(), sqlx::Error> {
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
