//! The `totp_factors` table: one authenticator per person, confirmed or being set up.

use mamoru_types::domain::UserId;
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, FromRow, PartialEq, Eq)]
pub struct Factor {
    /// The shared secret, hex.
    pub secret: String,
    pub confirmed_at: Option<i64>,
    pub last_step: i64,
}

pub async fn by_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<Option<Factor>, sqlx::Error> {
    sqlx::query_as("SELECT secret, confirmed_at, last_step FROM totp_factors WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Stores `secret` as the person's authenticator being set up, unless they have one
/// already (being set up or confirmed): reloading the set-up page keeps the secret the
/// app may have scanned.
pub async fn start(
    conn: &mut AnyConnection,
    user_id: &UserId,
    secret: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO totp_factors (user_id, secret, created_at, last_step) VALUES ($1, $2, $3, 0)
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(secret)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Confirms the authenticator being set up with a code of `step`; answers whether this
/// call did (of two at once, one does).
pub async fn confirm(
    conn: &mut AnyConnection,
    user_id: &UserId,
    step: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE totp_factors SET confirmed_at = $2, last_step = $3 WHERE user_id = $1 AND confirmed_at IS NULL",
    )
    .bind(user_id)
    .bind(now)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes a code of `step` from the confirmed authenticator: only a step after the last one
/// taken, so a code seen over someone's shoulder (or sent twice at once) works once.
pub async fn take_step(conn: &mut AnyConnection, user_id: &UserId, step: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE totp_factors SET last_step = $2
         WHERE user_id = $1 AND confirmed_at IS NOT NULL AND last_step < $2",
    )
    .bind(user_id)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete(conn: &mut AnyConnection, user_id: &UserId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM totp_factors WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}
