//! The `sign_in_throttle` table: attempt counters per email address and per client
//! address (rules in [`crate::throttle`]). In the database so all instances share
//! them.

use crate::throttle::Rule;
use sqlx::AnyConnection;

/// Counts one more attempt on `key` unless it is locked, and locks it when the rule says
/// so, in one statement: simultaneous attempts on any instance are counted one by one and
/// none gets past a lock. Answers the attempt's number in its window, or `None` when the
/// counter is locked (nothing is counted then).
pub async fn reserve(
    conn: &mut AnyConnection,
    key: &str,
    rule: &Rule,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    // Built from the rule's own constants only: no outside input reaches the text.
    sqlx::query_scalar(sqlx::AssertSqlSafe(reserve_sql(rule)))
        .bind(key)
        .bind(now)
        .bind(rule.window_secs)
        .fetch_optional(conn)
        .await
}

/// The reservation statement for `rule`. Its lock lengths are the rule's own constants,
/// written into the text because the two databases share no `MIN`/`LEAST` or shift.
fn reserve_sql(rule: &Rule) -> String {
    let expired = "sign_in_throttle.window_start + $3 <= $2";
    let next = "sign_in_throttle.failures + 1";
    let mut lock = format!("CASE WHEN {next} < {} THEN 0", rule.lock_from);
    for attempt in rule.distinct_attempts() {
        lock.push_str(&format!(" WHEN {next} = {attempt} THEN {}", rule.lock_secs(attempt)));
    }
    lock.push_str(&format!(" ELSE {} END", rule.lock_secs(i64::MAX)));
    format!(
        "INSERT INTO sign_in_throttle (key, failures, window_start, locked_until) VALUES ($1, 1, $2, $2 + {first})
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN {expired} THEN 1 ELSE {next} END,
           window_start = CASE WHEN {expired} THEN $2 ELSE sign_in_throttle.window_start END,
           locked_until = $2 + CASE WHEN {expired} THEN {first} ELSE {lock} END
         WHERE sign_in_throttle.locked_until <= $2
         RETURNING failures",
        first = rule.lock_secs(1),
    )
}

/// Gives back one reserved attempt (it turned out not to be a failure).
pub async fn release(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets the counter (after a successful sign-in).
pub async fn clear(conn: &mut AnyConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1").bind(key).execute(conn).await?;
    Ok(())
}
