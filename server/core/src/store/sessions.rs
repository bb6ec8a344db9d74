//! The `sessions` table. Sessions live in the database so that several instances share
//! them and disabling a user ends every session at once.

use super::users::User;
use crate::client_addr::Origin;
use mamoru_types::domain::{SessionId, UserId};
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

/// A session to store: only its token's hash, and where it was started from.
pub struct NewSession<'a> {
    pub id: &'a SessionId,
    pub token_hash: &'a str,
    pub user_id: &'a UserId,
    pub now: i64,
    pub origin: &'a Origin,
}

pub async fn insert(conn: &mut AnyConnection, session: NewSession<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at, client_addr, user_agent)
         VALUES ($1, $2, $3, $4, $4, $5, $6)",
    )
    .bind(session.id)
    .bind(session.token_hash)
    .bind(session.user_id)
    .bind(session.now)
    .bind(session.origin.ip_text())
    .bind(&session.origin.user_agent)
    .execute(conn)
    .await?;
    Ok(())
}

/// One of a person's sessions, as their list shows it.
#[derive(Debug, FromRow, PartialEq, Eq)]
pub struct Listed {
    pub id: SessionId,
    pub token_hash: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub client_addr: Option<String>,
    pub user_agent: String,
}

/// Every session of `user_id`, the most recently used first (expired ones included until
/// they are next looked up: the caller decides which are alive).
pub async fn for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, token_hash, created_at, last_seen_at, client_addr, user_agent FROM sessions
         WHERE user_id = $1 ORDER BY last_seen_at DESC, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Ends the session `id` if it is one of `user_id`'s; answers whether it was.
pub async fn delete_own(
    conn: &mut AnyConnection,
    user_id: &UserId,
    id: &SessionId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
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
