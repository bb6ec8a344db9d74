//! The `audit_log` table: append-only (the database refuses updates and deletes), each
//! entry chained to the one before it by hash, so a change behind the database's back
//! shows when the chain is walked.

use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{HireId, UserId};
use serde::Serialize;
use sqlx::{AnyConnection, FromRow, Row};
use std::net::IpAddr;

/// What happened, as the caller describes it. Written in the caller's transaction, so the
/// event and the change it describes land together or not at all.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub at: i64,
    pub actor_id: Option<&'a str>,
    pub action: AuditAction,
    pub subject_id: Option<&'a str>,
    /// Small JSON object with the specifics; never secrets.
    pub detail: serde_json::Value,
    pub ip: Option<String>,
}

/// The hashed form of an entry: field order here is part of the chain's format.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: i64,
    at: i64,
    actor_id: Option<&'a str>,
    action: &'a str,
    subject_id: Option<&'a str>,
    detail: &'a str,
    ip: Option<&'a str>,
    prev_hash: &'a str,
}

impl Hashed<'_> {
    fn hash(&self) -> String {
        mamoru_seal::sha256_hex(&mamoru_seal::canonical(self))
    }
}

pub async fn append(conn: &mut AnyConnection, event: Event<'_>) -> Result<(), sqlx::Error> {
    // Taking the head row first queues concurrent writers (a row lock on PostgreSQL; the
    // one write lock on SQLite), so every entry sees its true predecessor.
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev_hash: String = head.try_get("hash")?;
    let detail = event.detail.to_string();
    let hashed = Hashed {
        seq,
        at: event.at,
        actor_id: event.actor_id,
        action: event.action.name(),
        subject_id: event.subject_id,
        detail: &detail,
        ip: event.ip.as_deref(),
        prev_hash: &prev_hash,
    };
    let hash = hashed.hash();
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, action, subject_id, detail, ip, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(seq)
    .bind(event.at)
    .bind(event.actor_id)
    .bind(event.action.name())
    .bind(event.subject_id)
    .bind(&detail)
    .bind(hashed.ip)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// Appends what `actor` did to `subject`: the shorthand for most events. Either is any
/// kind of id (an account, a hire record, a kiosk, `cli`): the log keeps them as text.
pub async fn record(
    conn: &mut AnyConnection,
    at: i64,
    actor: &(impl AsRef<str> + ?Sized),
    action: AuditAction,
    subject: &(impl AsRef<str> + ?Sized),
    detail: serde_json::Value,
    ip: Option<IpAddr>,
) -> Result<(), sqlx::Error> {
    let event = Event {
        at,
        actor_id: Some(actor.as_ref()),
        action,
        subject_id: Some(subject.as_ref()),
        detail,
        ip: ip.map(|ip| ip.to_string()),
    };
    append(conn, event).await?;
    Ok(())
}

use super::chain::{self, Link};
pub use super::chain::{Break, Chain, GENESIS};

/// The audit log as a hash chain.
struct AuditLog;

impl chain::Chained for AuditLog {
    async fn head(conn: &mut AnyConnection) -> Result<(i64, String), sqlx::Error> {
        head(conn).await
    }

    async fn links_after(conn: &mut AnyConnection, seq: i64, limit: i64) -> Result<Vec<Link>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT seq, at, actor_id, action, subject_id, detail, ip, prev_hash, hash FROM audit_log
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(conn)
        .await?;
        rows.iter()
            .map(|row| {
                let seq: i64 = row.try_get("seq")?;
                let (actor_id, subject_id, ip): (Option<String>, Option<String>, Option<String>) =
                    (row.try_get("actor_id")?, row.try_get("subject_id")?, row.try_get("ip")?);
                let (action, detail): (String, String) = (row.try_get("action")?, row.try_get("detail")?);
                let prev_hash: String = row.try_get("prev_hash")?;
                let recomputed = Hashed {
                    seq,
                    at: row.try_get("at")?,
                    actor_id: actor_id.as_deref(),
                    action: &action,
                    subject_id: subject_id.as_deref(),
                    detail: &detail,
                    ip: ip.as_deref(),
                    prev_hash: &prev_hash,
                }
                .hash();
                Ok(Link { seq, prev_hash, hash: row.try_get("hash")?, recomputed })
            })
            .collect()
    }
}

/// Walks every row of the log (see [`chain::walk`]).
pub async fn verify(conn: &mut AnyConnection) -> Result<Chain, sqlx::Error> {
    chain::walk::<AuditLog>(conn).await
}

/// The number and hash of the log's last entry, as the head records them (0 and
/// [`GENESIS`] for an empty log).
pub async fn head(conn: &mut AnyConnection) -> Result<(i64, String), sqlx::Error> {
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(conn).await?;
    Ok((head.try_get("seq")?, head.try_get("hash")?))
}

/// The hash of entry `seq`, if the log holds it.
pub async fn hash_at(conn: &mut AnyConnection, seq: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1").bind(seq).fetch_optional(conn).await
}

/// When the latest entry with `action` was written, or else the first entry; None for an
/// empty log.
pub async fn latest_or_first_at(
    conn: &mut AnyConnection,
    action: AuditAction,
) -> Result<Option<i64>, sqlx::Error> {
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(at) FROM audit_log WHERE action = $1")
        .bind(action.name())
        .fetch_one(&mut *conn)
        .await?;
    match latest {
        Some(at) => Ok(Some(at)),
        None => sqlx::query_scalar("SELECT MIN(at) FROM audit_log WHERE seq >= 1").fetch_one(conn).await,
    }
}

/// At most `limit` entries after `seq` whose action is one of `actions`, oldest first.
pub async fn after(
    conn: &mut AnyConnection,
    seq: i64,
    actions: &[&'static str],
    limit: i64,
) -> Result<Vec<Entry>, sqlx::Error> {
    // Only placeholders are spliced in; the values are bound.
    let placeholders: Vec<String> = (0..actions.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT seq, at, actor_id, action, subject_id, detail, ip, prev_hash, hash FROM audit_log
         WHERE seq > $1 AND action IN ({}) ORDER BY seq LIMIT $2",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(seq).bind(limit);
    for action in actions {
        query = query.bind(*action);
    }
    query.fetch_all(conn).await
}

/// The entries with `action`, oldest first.
pub async fn with_action(conn: &mut AnyConnection, action: AuditAction) -> Result<Vec<Entry>, sqlx::Error> {
    entries(conn, entries_where!("action = $1"), action.name()).await
}

/// The query for the entries matching `$condition` (one bound value), oldest first.
macro_rules! entries_where {
    ($condition:literal) => {
        concat!(
            "SELECT seq, at, actor_id, action, subject_id, detail, ip, prev_hash, hash FROM audit_log WHERE ",
            $condition,
            " ORDER BY seq"
        )
    };
}
use entries_where;

/// Runs a query made by `entries_where!`.
async fn entries(
    conn: &mut AnyConnection,
    sql: &'static str,
    value: &str,
) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query_as(sql).bind(value).fetch_all(conn).await
}

/// An entry as stored, for the audit screens, evidence bundles and tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Entry {
    pub seq: i64,
    pub at: i64,
    pub actor_id: Option<String>,
    pub action: AuditAction,
    pub subject_id: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

pub async fn about(
    conn: &mut AnyConnection,
    subject_id: &(impl AsRef<str> + ?Sized),
) -> Result<Vec<Entry>, sqlx::Error> {
    entries(conn, entries_where!("subject_id = $1"), subject_id.as_ref()).await
}

/// Every entry about a hire (their hire record, and their account once they registered),
/// oldest first, each with the acting person's name if a person acted.
pub async fn about_hire(
    conn: &mut AnyConnection,
    hire_id: &HireId,
    user_id: Option<&UserId>,
) -> Result<Vec<(Entry, Option<String>)>, sqlx::Error> {
    sqlx::query(
        "SELECT a.seq, a.at, a.actor_id, a.action, a.subject_id, a.detail, a.ip, a.prev_hash, a.hash,
                u.name AS actor_name
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.subject_id = $1 OR a.subject_id = $2 ORDER BY a.seq",
    )
    .bind(hire_id.as_str())
    .bind(user_id.map_or(hire_id.as_str(), UserId::as_str))
    .fetch_all(conn)
    .await?
    .iter()
    .map(named_entry)
    .collect()
}

fn named_entry(row: &sqlx::any::AnyRow) -> Result<(Entry, Option<String>), sqlx::Error> {
    Ok((Entry::from_row(row)?, row.try_get("actor_name")?))
}

/// The audit screen's filter; an empty or negative part matches everything.
pub struct Query {
    /// The start of the action names (`card.`).
    pub action_prefix: String,
    /// The email of the person who acted.
    pub actor_email: String,
    pub from: Option<i64>,
    pub until: Option<i64>,
}

macro_rules! page_filter {
    () => {
        " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
          WHERE ($1 = '' OR a.action LIKE $1 || '%') AND ($2 = '' OR u.email = $2)
            AND ($3 < 0 OR a.at >= $3) AND ($4 < 0 OR a.at < $4)"
    };
}

/// One page of entries matching `query`, newest first, each with the acting person's
/// name if a person acted; and how many match.
pub async fn page(
    conn: &mut AnyConnection,
    query: &Query,
    limit: i64,
    offset: i64,
) -> Result<(Vec<(Entry, Option<String>)>, i64), sqlx::Error> {
    let (from, until) = (query.from.unwrap_or(-1), query.until.unwrap_or(-1));
    let rows = sqlx::query(concat!(
        "SELECT a.seq, a.at, a.actor_id, a.action, a.subject_id, a.detail, a.ip, a.prev_hash, a.hash,
                u.name AS actor_name",
        page_filter!(),
        " ORDER BY a.seq DESC LIMIT $5 OFFSET $6"
    ))
    .bind(&query.action_prefix)
    .bind(&query.actor_email)
    .bind(from)
    .bind(until)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let entries = rows.iter().map(named_entry).collect::<Result<_, sqlx::Error>>()?;
    let total: i64 = sqlx::query(concat!("SELECT COUNT(*) AS total", page_filter!()))
        .bind(&query.action_prefix)
        .bind(&query.actor_email)
        .bind(from)
        .bind(until)
        .fetch_one(conn)
        .await?
        .try_get("total")?;
    Ok((entries, total))
}
