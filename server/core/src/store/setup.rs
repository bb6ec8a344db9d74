//! The `setup_tokens` table: the one-time link that creates the first administrator.

pub async fn replace(
    conn: &mut sqlx::AnyConnection,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM setup_tokens").execute(&mut *conn).await?;
    sqlx::query("INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash)
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Consumes the token if it is valid; true only for the caller that consumed it.
pub async fn consume(
    conn: &mut sqlx::AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the token is valid now (without consuming it).
pub async fn is_usable(
    conn: &mut sqlx::AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let found = sqlx::query("SELECT 1 AS one FROM setup_tokens WHERE token_hash = $1 AND expires_at > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}
