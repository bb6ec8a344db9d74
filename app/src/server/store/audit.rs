//! The `audit_log` table: append-only (the database refuses updates and deletes), each
//! entry chained to the one before it by hash, so a change behind the database's back
//! shows when the chain is walked.

use serde::Serialize;
use sqlx::{AnyConnection, Row};

/// What happened, as the caller describes it. Written in the caller's transaction, so the
/// event and the change it describes land together or not at all.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub at: i64,
    pub actor_id: Option<&'a str>,
    pub action: &'a str,
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
        action: event.action,
        subject_id: event.subject_id,
        detail: &detail,
        ip: event.ip.as_deref(),
        prev_hash: &prev_hash,
    };
    let hash = mamoru_seal::sha256_hex(&mamoru_seal::canonical(&hashed));
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, action, subject_id, detail, ip, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(seq)
    .bind(event.at)
    .bind(event.actor_id)
    .bind(event.action)
    .bind(event.subject_id)
    .bind(&detail)
    .bind(hashed.ip)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// An entry as stored, for tests and the audit screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub seq: i64,
    pub at: i64,
    pub actor_id: Option<String>,
    pub action: String,
    pub subject_id: Option<String>,
    pub detail: String,
}

pub async fn about(conn: &mut AnyConnection, subject_id: &str) -> Result<Vec<Entry>, sqlx::Error> {
    sqlx::query(
        "SELECT seq, at, actor_id, action, subject_id, detail FROM audit_log WHERE subject_id = $1 ORDER BY seq",
    )
    .bind(subject_id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| {
        Ok(Entry {
            seq: row.try_get("seq")?,
            at: row.try_get("at")?,
            actor_id: row.try_get("actor_id")?,
            action: row.try_get("action")?,
            subject_id: row.try_get("subject_id")?,
            detail: row.try_get("detail")?,
        })
    })
    .collect()
}
