//! The `sessions` table. Sessions live in the database so that several instances share
//! them and disabling a user ends every session at once.

use super::users::User;
use mamoru_types::domain::UserId;
use sqlx::{AnyConnection, FromRow};

/// A session with the account it belongs to, read in one query: every signed-in request
/// needs both, and on SQLite each query is a round trip to the connection's worker thread.
#[derive(FromRow)]
pub struct SessionRow {
    pub session_created_at: i64,
    pub last_seen_at: i64,
    #[sqlx(flatten)]
    pub user: User,
}

pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.created_at AS session_created_at, s.last_seen_at,
                u.id, u.email, u.name, u.role, u.password_hash, u.disabled_at, u.created_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

pub async fn touch(conn: &mut AnyConnection, token_hash: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut AnyConnection, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}

pub async fn delete_for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(done.rows_affected())
}

/// Ends every session of `user_id` but the one whose token hashes to `keep`.
pub async fn delete_others(
    conn: &mut AnyConnection,
    user_id: &UserId,
    keep: &str,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

pub async fn count_for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1").bind(user_id).fetch_one(conn).await
}
