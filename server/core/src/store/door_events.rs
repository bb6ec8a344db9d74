//! The `door_events` table: what door and desk systems report (entries, exits, denied
//! entries, desk locks), append-only and hash-chained like the audit log.

use super::chain::{self, Chain, Link};
use mamoru_types::domain::UserId;
use serde::Serialize;
use sqlx::{AnyConnection, FromRow, Row};

pub use mamoru_types::door::DoorEventKind as Kind;

/// A reported event, as the system sent it, with the holder Mamoru found for its card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent<'a> {
    pub token_id: &'a str,
    pub event_id: &'a str,
    pub kind: Kind,
    pub card_uid: &'a str,
    pub point: &'a str,
    pub at: i64,
    pub received_at: i64,
    pub user_id: Option<&'a UserId>,
}

/// The hashed form of a row: field order here is part of the chain's format.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: i64,
    token_id: &'a str,
    event_id: &'a str,
    kind: &'a str,
    card_uid: &'a str,
    point: &'a str,
    at: i64,
    received_at: i64,
    user_id: Option<&'a str>,
    prev_hash: &'a str,
}

impl Hashed<'_> {
    fn hash(&self) -> String {
        mamoru_seal::sha256_hex(&mamoru_seal::canonical(self))
    }
}

/// Takes the head row first, so concurrent writers queue and each row sees its true
/// predecessor (as the audit log does). Call before [`recorded`] to make the check and
/// the append one step.
pub async fn lock_head(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE door_events_head SET seq = seq WHERE id = 1").execute(conn).await?;
    Ok(())
}

/// Whether the system behind `token_id` reported `event_id` before.
pub async fn recorded(conn: &mut AnyConnection, token_id: &str, event_id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM door_events WHERE token_id = $1 AND event_id = $2")
            .bind(token_id)
            .bind(event_id)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

pub async fn append(conn: &mut AnyConnection, event: &NewEvent<'_>) -> Result<(), sqlx::Error> {
    let head = sqlx::query("UPDATE door_events_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let (seq, prev_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    let hashed = Hashed {
        seq,
        token_id: event.token_id,
        event_id: event.event_id,
        kind: event.kind.name(),
        card_uid: event.card_uid,
        point: event.point,
        at: event.at,
        received_at: event.received_at,
        user_id: event.user_id.map(UserId::as_str),
        prev_hash: &prev_hash,
    };
    let hash = hashed.hash();
    sqlx::query("UPDATE door_events_head SET hash = $1 WHERE id = 1").bind(&hash).execute(&mut *conn).await?;
    sqlx::query(
        "INSERT INTO door_events (seq, token_id, event_id, kind, card_uid, point, at, received_at, user_id, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(seq)
    .bind(event.token_id)
    .bind(event.event_id)
    .bind(event.kind)
    .bind(event.card_uid)
    .bind(event.point)
    .bind(event.at)
    .bind(event.received_at)
    .bind(event.user_id)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(conn)
    .await?;
    Ok(())
}

/// A stored event, for HR's record, the evidence bundle and the reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromRow)]
pub struct Stored {
    pub seq: i64,
    pub kind: Kind,
    pub card_uid: String,
    pub point: String,
    pub at: i64,
    pub user_id: Option<UserId>,
    /// The holder's name and employee number, when the card was Mamoru's.
    pub name: Option<String>,
    pub employee_number: Option<String>,
}

macro_rules! stored_from {
    () => {
        "SELECT e.seq, e.kind, e.card_uid, e.point, e.at, e.user_id, u.name, h.employee_number
         FROM door_events e LEFT JOIN users u ON u.id = e.user_id LEFT JOIN hires h ON h.user_id = e.user_id "
    };
}

/// A person's latest events, newest first.
pub async fn for_user(
    conn: &mut AnyConnection,
    user_id: &UserId,
    limit: i64,
) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as(concat!(stored_from!(), "WHERE e.user_id = $1 ORDER BY e.at DESC, e.seq DESC LIMIT $2"))
        .bind(user_id)
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// The entries at `point` from `from` until before `until`, oldest first (at most `limit`).
pub async fn entries_at(
    conn: &mut AnyConnection,
    point: &str,
    from: i64,
    until: i64,
    limit: i64,
) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as(concat!(
        stored_from!(),
        "WHERE e.point = $1 AND e.kind = 'entry' AND e.at >= $2 AND e.at < $3 ORDER BY e.at, e.seq LIMIT $4"
    ))
    .bind(point)
    .bind(from)
    .bind(until)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Denied entries since `since` of cards that were no holder's active card at the time
/// (revoked, lost, or never Mamoru's), newest first.
pub async fn denied_unknown(
    conn: &mut AnyConnection,
    since: i64,
    limit: i64,
) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as(concat!(
        stored_from!(),
        "WHERE e.kind = 'denied' AND e.at >= $1 AND e.user_id IS NULL ORDER BY e.at DESC, e.seq DESC LIMIT $2"
    ))
    .bind(since)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// The door events as a hash chain.
struct DoorEvents;

impl chain::Chained for DoorEvents {
    async fn head(conn: &mut AnyConnection) -> Result<(i64, String), sqlx::Error> {
        let head = sqlx::query("SELECT seq, hash FROM door_events_head WHERE id = 1").fetch_one(conn).await?;
        Ok((head.try_get("seq")?, head.try_get("hash")?))
    }

    async fn links_after(conn: &mut AnyConnection, seq: i64, limit: i64) -> Result<Vec<Link>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT seq, token_id, event_id, kind, card_uid, point, at, received_at, user_id, prev_hash, hash
             FROM door_events WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(seq)
        .bind(limit)
        .fetch_all(conn)
        .await?;
        rows.iter()
            .map(|row| {
                let seq: i64 = row.try_get("seq")?;
                let texts: [String; 5] = [
                    row.try_get("token_id")?,
                    row.try_get("event_id")?,
                    row.try_get("kind")?,
                    row.try_get("card_uid")?,
                    row.try_get("point")?,
                ];
                let user_id: Option<String> = row.try_get("user_id")?;
                let prev_hash: String = row.try_get("prev_hash")?;
                let recomputed = Hashed {
                    seq,
                    token_id: &texts[0],
                    event_id: &texts[1],
                    kind: &texts[2],
                    card_uid: &texts[3],
                    point: &texts[4],
                    at: row.try_get("at")?,
                    received_at: row.try_get("received_at")?,
                    user_id: user_id.as_deref(),
                    prev_hash: &prev_hash,
                }
                .hash();
                Ok(Link { seq, prev_hash, hash: row.try_get("hash")?, recomputed })
            })
            .collect()
    }
}

/// Walks every door event (see [`chain::walk`]).
pub async fn verify(conn: &mut AnyConnection) -> Result<Chain, sqlx::Error> {
    chain::walk::<DoorEvents>(conn).await
}
