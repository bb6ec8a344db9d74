//! The `password_resets` table: reset links by the hash of their secret. A person has at
//! most one open link (a partial unique index): issuing replaces it.

use mamoru_types::domain::{ResetId, UserId};
use sqlx::{AnyConnection, FromRow};

pub struct NewReset<'a> {
    pub id: &'a ResetId,
    pub token_hash: &'a str,
    pub user_id: &'a UserId,
    /// Who issued it; None when the person asked for it by email.
    pub created_by: Option<&'a UserId>,
    pub now: i64,
    pub expires_at: i64,
}

/// Stores the person's open link, replacing their unused one (expired or not: its secret
/// stops working); used links stay as they are, for the record.
pub async fn replace(conn: &mut AnyConnection, reset: NewReset<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO password_resets (id, token_hash, user_id, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id) WHERE used_at IS NULL DO UPDATE SET
           id = excluded.id, token_hash = excluded.token_hash, created_by = excluded.created_by,
           created_at = excluded.created_at, expires_at = excluded.expires_at",
    )
    .bind(reset.id)
    .bind(reset.token_hash)
    .bind(reset.user_id)
    .bind(reset.created_by)
    .bind(reset.now)
    .bind(reset.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, FromRow, PartialEq, Eq)]
pub struct Usable {
    pub id: ResetId,
    pub user_id: UserId,
}

/// The link whose secret hashes to `token_hash`, if it is unused and unexpired at `now`.
pub async fn usable_by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<Usable>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// Marks the link used, if it still is usable at `now`; answers whether this call did it
/// (of two simultaneous uses, one does).
pub async fn consume(conn: &mut AnyConnection, id: &ResetId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE password_resets SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
