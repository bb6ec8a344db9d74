//! The `pending_sign_ins` table: sign-ins whose password was right, waiting for the code.

use mamoru_types::domain::UserId;
use sqlx::AnyConnection;

pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: &UserId,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO pending_sign_ins (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    // Sign-ins nobody finished go when the next one waits (the table stays a few rows).
    sqlx::query("DELETE FROM pending_sign_ins WHERE expires_at <= $1").bind(now).execute(conn).await?;
    Ok(())
}

/// Whose sign-in the token's hash names, if it has not expired at `now`.
pub async fn user(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM pending_sign_ins WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(conn)
        .await
}

/// Ends the pending sign-in; answers whether this call did (a code sent twice at once
/// signs in once).
pub async fn delete(conn: &mut AnyConnection, token_hash: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM pending_sign_ins WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every pending sign-in of the person (their factor was reset, their password changed).
pub async fn delete_for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM pending_sign_ins WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}
