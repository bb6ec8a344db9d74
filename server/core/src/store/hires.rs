//! The `hires` table: HR's record of each new hire, from the invitation on, and their
//! standing (state, progress, card), kept current by the transactions that change it.

use mamoru_types::cards::CardStatus;
use mamoru_types::domain::{HireId, InviteId, UserId};
use mamoru_types::hires::HireState;
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Hire {
    pub id: HireId,
    pub invite_id: InviteId,
    pub user_id: Option<UserId>,
    pub employee_number: String,
    pub name: String,
    pub kana: String,
    pub email: String,
    pub site: String,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    pub created_at: i64,
    /// Name, reading, email and employee number, folded for search.
    pub search_text: String,
}

/// Where a hire stands, as stored for the list.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Standing {
    pub state: HireState,
    pub modules_passed: i64,
    pub card: Option<CardStatus>,
    /// When a waiting grant expires (its status turns to expired with time alone).
    pub card_expires_at: Option<i64>,
    /// Agreement versions signed, comma-separated.
    pub signed_versions: String,
    pub course_version: String,
    /// When a completed hire was certified from: the oldest record of their round.
    pub certified_at: Option<i64>,
}

/// A row of HR's list.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub hire: Hire,
    #[sqlx(flatten)]
    pub standing: Standing,
}

/// HR's filters, each empty when unused. `search` is a folded text; hires certified no
/// later than `expired_if_certified_by` show as expired.
pub struct Query<'a> {
    pub state: Option<HireState>,
    pub site: &'a str,
    pub start_from: &'a str,
    pub start_to: &'a str,
    pub search: &'a str,
    pub expired_if_certified_by: i64,
    pub limit: i64,
    pub offset: i64,
}

macro_rules! hire_columns {
    () => {
        "id, invite_id, user_id, employee_number, name, kana, email, site, start_date, created_at, search_text"
    };
}

macro_rules! standing_columns {
    () => {
        "state, modules_passed, card, card_expires_at, signed_versions, course_version, certified_at"
    };
}

/// The filter every list query shares: an empty parameter matches everything. The state
/// compared is the one HR sees: a completed hire certified no later than `$6` is expired.
macro_rules! list_filter {
    () => {
        " FROM hires WHERE ($1 = '' OR (CASE WHEN certified_at <= $6 THEN 'Expired' ELSE state END) = $1)
           AND ($2 = '' OR site = $2)
           AND ($3 = '' OR start_date >= $3) AND ($4 = '' OR start_date <= $4)
           AND ($5 = '' OR search_text LIKE '%' || $5 || '%' ESCAPE '\\')"
    };
}

/// Started (the start date is before `$1`) and not completed.
macro_rules! overdue_filter {
    () => {
        " FROM hires WHERE state NOT IN ('Completed', 'CardIssued', 'Deactivated')
           AND start_date <> '' AND start_date < $1"
    };
}

pub async fn insert(conn: &mut AnyConnection, hire: &Hire) -> Result<(), sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO hires (",
        hire_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(&hire.id)
    .bind(&hire.invite_id)
    .bind(&hire.user_id)
    .bind(&hire.employee_number)
    .bind(&hire.name)
    .bind(&hire.kana)
    .bind(&hire.email)
    .bind(&hire.site)
    .bind(&hire.start_date)
    .bind(hire.created_at)
    .bind(&hire.search_text)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn employee_number_taken(conn: &mut AnyConnection, number: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT 1 AS one FROM hires WHERE employee_number = $1")
        .bind(number)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Whether a hire record (of any state) has this address.
pub async fn email_taken(conn: &mut AnyConnection, email: &str) -> Result<bool, sqlx::Error> {
    let row =
        sqlx::query("SELECT 1 AS one FROM hires WHERE email = $1").bind(email).fetch_optional(conn).await?;
    Ok(row.is_some())
}

/// Links the account created from an invitation to its hire.
pub async fn link_user(
    conn: &mut AnyConnection,
    invite_id: &InviteId,
    user_id: &UserId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE hires SET user_id = $2 WHERE invite_id = $1 AND user_id IS NULL")
        .bind(invite_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores the standing of the hire whose account is `user_id`; false for a user who is
/// not a hire (staff).
pub async fn set_standing(
    conn: &mut AnyConnection,
    user_id: &UserId,
    standing: &Standing,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE hires SET state = $2, modules_passed = $3, card = $4, card_expires_at = $5,
             signed_versions = $6, course_version = $7, certified_at = $8
         WHERE user_id = $1",
    )
    .bind(user_id)
    .bind(standing.state)
    .bind(standing.modules_passed)
    .bind(standing.card)
    .bind(standing.card_expires_at)
    .bind(&standing.signed_versions)
    .bind(&standing.course_version)
    .bind(standing.certified_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One page of hires matching `query`, newest start date first, and how many match.
pub async fn page(conn: &mut AnyConnection, query: &Query<'_>) -> Result<(Vec<Listed>, i64), sqlx::Error> {
    let state = query.state.map_or("", HireState::name);
    let listed = sqlx::query_as(concat!(
        "SELECT ",
        hire_columns!(),
        ", ",
        standing_columns!(),
        list_filter!(),
        " ORDER BY start_date DESC, id LIMIT $7 OFFSET $8"
    ))
    .bind(state)
    .bind(query.site)
    .bind(query.start_from)
    .bind(query.start_to)
    .bind(query.search)
    .bind(query.expired_if_certified_by)
    .bind(query.limit)
    .bind(query.offset)
    .fetch_all(&mut *conn)
    .await?;
    let total: i64 = sqlx::query_scalar(concat!("SELECT COUNT(*)", list_filter!()))
        .bind(state)
        .bind(query.site)
        .bind(query.start_from)
        .bind(query.start_to)
        .bind(query.search)
        .bind(query.expired_if_certified_by)
        .fetch_one(conn)
        .await?;
    Ok((listed, total))
}

/// How many hires are in each stored state (a completed hire stays completed here when
/// their certification ends: they reached that stage).
pub async fn state_counts(conn: &mut AnyConnection) -> Result<Vec<(HireState, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT state, COUNT(*) FROM hires GROUP BY state").fetch_all(conn).await
}

/// Hires whose start date is before `today` (`YYYY-MM-DD`) and who have not completed,
/// earliest start first: the first `limit`, and how many there are.
pub async fn overdue(
    conn: &mut AnyConnection,
    today: &str,
    limit: i64,
) -> Result<(Vec<Listed>, i64), sqlx::Error> {
    let listed = sqlx::query_as(concat!(
        "SELECT ",
        hire_columns!(),
        ", ",
        standing_columns!(),
        overdue_filter!(),
        " ORDER BY start_date, id LIMIT $2"
    ))
    .bind(today)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let total: i64 =
        sqlx::query_scalar(concat!("SELECT COUNT(*)", overdue_filter!())).bind(today).fetch_one(conn).await?;
    Ok((listed, total))
}

/// Completed hires certified after `after` and no later than `until` (certified earliest
/// first): the first `limit`, and how many there are. A certification expires a set time
/// after it was made, so this is also "expiring in a window".
pub async fn certified_between(
    conn: &mut AnyConnection,
    after: i64,
    until: i64,
    limit: i64,
) -> Result<(Vec<Listed>, i64), sqlx::Error> {
    let listed = sqlx::query_as(concat!(
        "SELECT ",
        hire_columns!(),
        ", ",
        standing_columns!(),
        " FROM hires WHERE certified_at > $1 AND certified_at <= $2 ORDER BY certified_at, id LIMIT $3"
    ))
    .bind(after)
    .bind(until)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let total = certified_count(conn, after, until).await?;
    Ok((listed, total))
}

/// How many completed hires were certified after `after` and no later than `until`.
pub async fn certified_count(conn: &mut AnyConnection, after: i64, until: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM hires WHERE certified_at > $1 AND certified_at <= $2")
        .bind(after)
        .bind(until)
        .fetch_one(conn)
        .await
}

/// Accounts of hires whose standing was computed for another course version (or never).
pub async fn stale(conn: &mut AnyConnection, course_version: &str) -> Result<Vec<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM hires WHERE user_id IS NOT NULL AND course_version <> $1")
        .bind(course_version)
        .fetch_all(conn)
        .await
}

/// Marks every registered hire's standing for recomputation.
pub async fn mark_all_stale(conn: &mut AnyConnection) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("UPDATE hires SET course_version = '' WHERE user_id IS NOT NULL").execute(conn).await?;
    Ok(done.rows_affected())
}

pub async fn by_id(conn: &mut AnyConnection, id: &HireId) -> Result<Option<Listed>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        hire_columns!(),
        ", ",
        standing_columns!(),
        " FROM hires WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// A person of a manager's sites, with only what a manager sees: name, employee number,
/// site and since when their round is certified.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SitePersonRow {
    pub name: String,
    pub employee_number: String,
    pub site: String,
    pub certified_at: Option<i64>,
}

/// The registered, active hires of the sites `manager` answers for.
pub async fn of_managed_sites(
    conn: &mut AnyConnection,
    manager: &UserId,
    limit: i64,
) -> Result<Vec<SitePersonRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT h.name, h.employee_number, h.site, h.certified_at FROM hires h
         JOIN users u ON u.id = h.user_id AND u.disabled_at IS NULL
         WHERE h.site IN (SELECT site FROM manager_sites WHERE user_id = $1)
         ORDER BY h.site, h.employee_number LIMIT $2",
    )
    .bind(manager)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The hire whose account is `user_id`.
pub async fn by_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<Option<Hire>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", hire_columns!(), " FROM hires WHERE user_id = $1"))
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Points the hire at a new invitation (a re-send).
pub async fn set_invite(
    conn: &mut AnyConnection,
    id: &HireId,
    invite_id: &InviteId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE hires SET invite_id = $2 WHERE id = $1")
        .bind(id)
        .bind(invite_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Locks the row of a hire who has not registered (a no-op write takes the row lock on
/// PostgreSQL), so a re-send, a cancel and an acceptance of the same hire run one after
/// another.
pub async fn lock_unregistered(conn: &mut AnyConnection, id: &HireId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE hires SET invite_id = invite_id WHERE id = $1 AND user_id IS NULL")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes a hire who never registered (a cancelled invitation); false if they had.
pub async fn delete_unregistered(conn: &mut AnyConnection, id: &HireId) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM hires WHERE id = $1 AND user_id IS NULL").bind(id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}
