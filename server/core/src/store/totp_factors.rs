//! The `totp_factors` table: one authenticator per person, confirmed or being set up.

use mamoru_types::domain::UserId;
use sqlx::{AnyConnection, FromRow};

/// No `Debug`: it holds the secret.
#[derive(FromRow, PartialEq, Eq)]
pub struct Factor {
    /// The shared secret, hex.
    pub secret: String,
    /// The hash of the session or pending sign-in setting it up.
    pub started_by: String,
    pub confirmed_at: Option<i64>,
    pub last_step: i64,
}

pub async fn by_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<Option<Factor>, sqlx::Error> {
    sqlx::query_as("SELECT secret, started_by, confirmed_at, last_step FROM totp_factors WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Stores `secret` as the authenticator `started_by` (a token hash) is setting up for the
/// person, unless they have a confirmed one or `started_by` is setting one up already
/// (reloading the page keeps the secret its app may have scanned). Anyone else starting
/// replaces it: a secret someone else saw is never the one confirmed.
pub async fn start(
    conn: &mut AnyConnection,
    user_id: &UserId,
    secret: &str,
    started_by: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO totp_factors (user_id, secret, started_by, created_at, last_step) VALUES ($1, $2, $3, $4, 0)
         ON CONFLICT (user_id) DO UPDATE SET
           secret = excluded.secret, started_by = excluded.started_by, created_at = excluded.created_at
         WHERE totp_factors.confirmed_at IS NULL AND totp_factors.started_by <> excluded.started_by",
    )
    .bind(user_id)
    .bind(secret)
    .bind(started_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Confirms the authenticator `started_by` is setting up with a code of `step`; answers
/// whether this call did (of two at once, one does).
pub async fn confirm(
    conn: &mut AnyConnection,
    user_id: &UserId,
    started_by: &str,
    step: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE totp_factors SET confirmed_at = $2, last_step = $3
         WHERE user_id = $1 AND confirmed_at IS NULL AND started_by = $4",
    )
    .bind(user_id)
    .bind(now)
    .bind(step)
    .bind(started_by)
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
