//! The `recovery_codes` table: single-use codes for a lost authenticator, hashed.

use mamoru_types::domain::UserId;
use sqlx::AnyConnection;

/// Replaces the person's codes with these (hashes).
pub async fn replace(
    conn: &mut AnyConnection,
    user_id: &UserId,
    hashes: &[String],
) -> Result<(), sqlx::Error> {
    delete_for_user(conn, user_id).await?;
    for hash in hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
            .bind(user_id)
            .bind(hash)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Uses the code that hashes to `hash`, if it is the person's and unused; answers whether
/// this call did.
pub async fn take(
    conn: &mut AnyConnection,
    user_id: &UserId,
    hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    )
    .bind(user_id)
    .bind(hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn unused(conn: &mut AnyConnection, user_id: &UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

pub async fn delete_for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user_id).execute(conn).await?;
    Ok(())
}
