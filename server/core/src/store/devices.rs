//! The `known_devices` table: browsers that signed in to an account before (see
//! `devices`).

use mamoru_types::domain::UserId;
use sqlx::AnyConnection;

/// A person's most recent browsers that stay known; older ones are forgotten, so a client
/// that never keeps its cookie cannot grow the table without bound.
pub const KEPT_PER_PERSON: i64 = 20;

/// Remembers a browser for `user_id`, forgetting their expired ones and all but the
/// [`KEPT_PER_PERSON`] newest.
pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: &UserId,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO known_devices (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM known_devices WHERE user_id = $1 AND (expires_at <= $2 OR token_hash NOT IN (
           SELECT token_hash FROM known_devices WHERE user_id = $1
           ORDER BY created_at DESC, token_hash LIMIT $3))",
    )
    .bind(user_id)
    .bind(now)
    .bind(KEPT_PER_PERSON)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the token is a known device of `user_id` that has not expired.
pub async fn is_known(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: &UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let found = sqlx::query(
        "SELECT 1 AS one FROM known_devices WHERE token_hash = $1 AND user_id = $2 AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    Ok(found.is_some())
}

/// Forgets every device of a person (their account was disabled).
pub async fn delete_for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM known_devices WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}
