//! The `device_exceptions` table: requests to bring a device or medium into a site's
//! operator room, each decided once by a manager of the site and perhaps revoked later.

use mamoru_types::domain::{ExceptionId, UserId};
use mamoru_types::exceptions::{Decision, DeviceKind};
use sqlx::{AnyConnection, FromRow};

/// How many rows one list answers at most: a page never holds an unbounded history.
pub const LIST_LIMIT: i64 = 500;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Exception {
    pub id: ExceptionId,
    pub user_id: UserId,
    pub kind: DeviceKind,
    pub identifier: String,
    pub reason: String,
    pub site: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub requested_at: i64,
    pub decision: Option<Decision>,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<i64>,
    pub decision_reason: Option<String>,
    /// The decision's sealed record (JSON).
    pub sealed: Option<String>,
    pub verification_code: Option<String>,
    pub revoked_at: Option<i64>,
    pub revoked_by: Option<UserId>,
    pub revoke_reason: Option<String>,
    pub revoke_sealed: Option<String>,
}

/// An exception with the names the pages show.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Listed {
    #[sqlx(flatten)]
    pub exception: Exception,
    pub requester_name: String,
    /// From the requester's hire record; staff have none.
    pub employee_number: Option<String>,
    pub decider_name: Option<String>,
    /// The requester's stored standing: since when their complete round holds (none while
    /// incomplete) and whether their account is disabled.
    pub certified_at: Option<i64>,
    pub requester_disabled_at: Option<i64>,
}

/// The columns of a [`Listed`] row, over `device_exceptions e` joined to the names.
macro_rules! listed_from {
    () => {
        "SELECT e.id, e.user_id, e.kind, e.identifier, e.reason, e.site, e.starts_at, e.ends_at,
                e.requested_at, e.decision, e.decided_by, e.decided_at, e.decision_reason, e.sealed,
                e.verification_code, e.revoked_at, e.revoked_by, e.revoke_reason, e.revoke_sealed,
                u.name AS requester_name, h.employee_number, d.name AS decider_name,
                h.certified_at, u.disabled_at AS requester_disabled_at
         FROM device_exceptions e
         JOIN users u ON u.id = e.user_id
         LEFT JOIN hires h ON h.user_id = e.user_id
         LEFT JOIN users d ON d.id = e.decided_by "
    };
}

pub struct NewException<'a> {
    pub id: &'a ExceptionId,
    pub user_id: &'a UserId,
    pub kind: DeviceKind,
    pub identifier: &'a str,
    pub reason: &'a str,
    pub site: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub now: i64,
}

pub async fn insert(conn: &mut AnyConnection, new: NewException<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO device_exceptions (id, user_id, kind, identifier, reason, site, starts_at, ends_at, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(new.id)
    .bind(new.user_id)
    .bind(new.kind)
    .bind(new.identifier)
    .bind(new.reason)
    .bind(new.site)
    .bind(new.starts_at)
    .bind(new.ends_at)
    .bind(new.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_id(conn: &mut AnyConnection, id: &ExceptionId) -> Result<Option<Listed>, sqlx::Error> {
    sqlx::query_as(concat!(listed_from!(), "WHERE e.id = $1")).bind(id).fetch_optional(conn).await
}

/// The decided exception a permit's verification code names.
pub async fn by_code(conn: &mut AnyConnection, code: &str) -> Result<Option<Listed>, sqlx::Error> {
    sqlx::query_as(concat!(listed_from!(), "WHERE e.verification_code = $1"))
        .bind(code)
        .fetch_optional(conn)
        .await
}

/// A person's requests, newest first.
pub async fn for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(concat!(
        listed_from!(),
        "WHERE e.user_id = $1 ORDER BY e.requested_at DESC, e.id LIMIT $2"
    ))
    .bind(user_id)
    .bind(LIST_LIMIT)
    .fetch_all(conn)
    .await
}

/// The requests of the sites `manager` answers for whose period has not ended by `now`,
/// soonest start first.
pub async fn for_manager(
    conn: &mut AnyConnection,
    manager: &UserId,
    now: i64,
) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(concat!(
        listed_from!(),
        "WHERE e.site IN (SELECT site FROM manager_sites WHERE user_id = $1) AND e.ends_at > $2
         ORDER BY e.starts_at, e.id LIMIT $3"
    ))
    .bind(manager)
    .bind(now)
    .bind(LIST_LIMIT)
    .fetch_all(conn)
    .await
}

/// Approved, not revoked, and not ended by `now`: what may be in force (the person's
/// training and account decide the rest). Unbounded: the door list needs every one; it is
/// as long as the exceptions in force.
pub async fn approved_unended(conn: &mut AnyConnection, now: i64) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(concat!(
        listed_from!(),
        "WHERE e.decision = 'approved' AND e.revoked_at IS NULL AND e.ends_at > $1
         ORDER BY e.site, e.starts_at, e.id"
    ))
    .bind(now)
    .fetch_all(conn)
    .await
}

/// How many of the person's requests wait for a decision with their period not yet over.
pub async fn open_requests(conn: &mut AnyConnection, user_id: &UserId, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM device_exceptions WHERE user_id = $1 AND decision IS NULL AND ends_at > $2",
    )
    .bind(user_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Every request made since `since`, oldest first: the auditors' export.
pub async fn requested_since(conn: &mut AnyConnection, since: i64) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(concat!(listed_from!(), "WHERE e.requested_at >= $1 ORDER BY e.requested_at, e.id"))
        .bind(since)
        .fetch_all(conn)
        .await
}

pub struct Decided<'a> {
    pub decision: Decision,
    pub by: &'a UserId,
    pub at: i64,
    pub reason: &'a str,
    pub sealed: &'a str,
    pub verification_code: &'a str,
}

/// Records the decision of an undecided request; false when it was decided meanwhile.
pub async fn decide(
    conn: &mut AnyConnection,
    id: &ExceptionId,
    decided: Decided<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE device_exceptions
         SET decision = $2, decided_by = $3, decided_at = $4, decision_reason = $5, sealed = $6, verification_code = $7
         WHERE id = $1 AND decision IS NULL",
    )
    .bind(id)
    .bind(decided.decision)
    .bind(decided.by)
    .bind(decided.at)
    .bind(decided.reason)
    .bind(decided.sealed)
    .bind(decided.verification_code)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Approvals whose end has not been announced to door systems yet (in force, or ended
/// by time, training or deactivation since the last look).
pub async fn unannounced_approvals(conn: &mut AnyConnection) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(concat!(
        listed_from!(),
        "WHERE e.decision = 'approved' AND e.end_logged_at IS NULL ORDER BY e.starts_at, e.id"
    ))
    .fetch_all(conn)
    .await
}

/// Records that the end of the approval `id` was announced.
pub async fn mark_end_logged(conn: &mut AnyConnection, id: &ExceptionId, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE device_exceptions SET end_logged_at = $2 WHERE id = $1")
        .bind(id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends an approval early; false when it was not an unrevoked approval. The revocation
/// announces the end itself.
pub async fn revoke(
    conn: &mut AnyConnection,
    id: &ExceptionId,
    by: &UserId,
    at: i64,
    reason: &str,
    sealed: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE device_exceptions
         SET revoked_at = $2, revoked_by = $3, revoke_reason = $4, revoke_sealed = $5, end_logged_at = $2
         WHERE id = $1 AND decision = 'approved' AND revoked_at IS NULL",
    )
    .bind(id)
    .bind(at)
    .bind(by)
    .bind(reason)
    .bind(sealed)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
