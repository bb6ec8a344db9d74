//! The `sign_in_throttle` table: failure counters per email address and per IP address
//! (rules in [`crate::server::throttle`]). In the database so all instances share them.

use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counter {
    pub failures: i64,
    pub locked_until: i64,
}

/// The counter for `key` as of `now` (a counter whose window has passed reads as zero).
pub async fn get(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
    window_secs: i64,
) -> Result<Counter, sqlx::Error> {
    let row = sqlx::query("SELECT failures, window_start, locked_until FROM sign_in_throttle WHERE key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await?;
    let Some(row) = row else { return Ok(Counter::default()) };
    let window_start: i64 = row.try_get("window_start")?;
    let locked_until: i64 = row.try_get("locked_until")?;
    let failures = if window_start + window_secs <= now { 0 } else { row.try_get("failures")? };
    Ok(Counter { failures, locked_until })
}

/// Counts one more failure in one statement (safe under concurrent sign-ins) and
/// returns the new count.
pub async fn record_failure(
    conn: &mut AnyConnection,
    key: &str,
    now: i64,
    window_secs: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO sign_in_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, 0)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN sign_in_throttle.window_start + $3 <= $2 THEN 1 ELSE sign_in_throttle.failures + 1 END,
           window_start = CASE WHEN sign_in_throttle.window_start + $3 <= $2 THEN $2 ELSE sign_in_throttle.window_start END
         RETURNING failures",
    )
    .bind(key)
    .bind(now)
    .bind(window_secs)
    .fetch_one(conn)
    .await
}

pub async fn lock_until(conn: &mut AnyConnection, key: &str, until: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_throttle SET locked_until = $1 WHERE key = $2")
        .bind(until)
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn clear(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1").bind(key).execute(conn).await?;
    Ok(())
}
