//! HR's list of hires with its filters and search, and the dashboard: the moment both
//! are seen at, and a stored hire as a row of either.

use super::rules;
use crate::store::{audit, hires};
use crate::{Core, round};
use mamoru_types::audit::AuditAction;
use mamoru_types::cards::CardStatus;
use mamoru_types::domain::{InputError, Label, StartDate, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::hires::{Dashboard, HireFilter, HirePage, HireRow, HireState};
use sqlx::AnyConnection;
use std::net::IpAddr;

/// Rows per page of HR's list.
pub const PAGE_SIZE: usize = 50;

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
    pub(super) fn certified_until(self, standing: &hires::Standing) -> Option<i64> {
        standing.certified_at.map(|at| at.saturating_add(self.valid_secs))
    }

    /// The state HR sees now.
    pub(super) fn state(self, standing: &hires::Standing) -> HireState {
        rules::shown_state(standing.state, self.certified_until(standing), self.now)
    }
}

/// Completed hires whose certification has ended or ends within
/// [`round::RENEWAL_SECS`], soonest first: the first `limit`, and how many.
pub(super) async fn expiring(
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
    let exceptions_in_force = crate::exceptions::in_force(&mut conn, state).await?;
    let denied_entries = crate::door::denied_unknown(&mut conn, now).await?;
    Ok(Dashboard {
        funnel: rules::funnel(&counts),
        overdue: overdue.into_iter().map(|l| row(l, moment)).collect(),
        overdue_total: count(overdue_total),
        expiring: expiring.into_iter().map(|l| row(l, moment)).collect(),
        expiring_total: count(expiring_total),
        expired_total: count(expired_total),
        module_count: state.course.modules.len(),
        mail_configured: state.mailer.is_some(),
        exceptions_in_force,
        denied_entries,
    })
}

/// Today in Japan, `YYYY-MM-DD`: start dates are Japanese calendar days.
pub(super) fn today(now: i64) -> String {
    mamoru_types::i18n::format_jst_date(now)
}

/// One page of the hires matching `filter`.
#[tracing::instrument(skip_all, fields(actor = %viewer))]
pub async fn list(
    state: &Core,
    viewer: &UserId,
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
        page_count: crate::page_count(total, PAGE_SIZE),
        module_count: state.course.modules.len(),
    })
}

/// The longest search text HR can type (a name, a reading or an email fits easily).
pub const SEARCH_MAX_CHARS: usize = 100;

/// The filter as the store takes it; `search` is [`folded_search`] of the filter's. Every
/// part is checked first (it is written to the audit log as typed): a site is a site's
/// name, dates are dates, the search is short.
pub(super) fn store_query<'a>(
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
pub(super) fn folded_search(search: &str) -> String {
    rules::fold(search).replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

pub(super) fn row(listed: hires::Listed, moment: Moment) -> HireRow {
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
