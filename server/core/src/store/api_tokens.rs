//! Bearer tokens for door and desk systems. Only a SHA-256 of each token is stored.

use mamoru_types::domain::UserId;
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

pub async fn insert(
    conn: &mut AnyConnection,
    token: &ApiToken,
    token_hash: &str,
    created_by: &UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_tokens (id, name, token_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&token.id)
    .bind(&token.name)
    .bind(token_hash)
    .bind(created_by)
    .bind(token.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The unrevoked token with this hash.
pub async fn active_by_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<ApiToken>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, created_at, revoked_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

pub async fn list(conn: &mut AnyConnection) -> Result<Vec<ApiToken>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, created_at, revoked_at FROM api_tokens ORDER BY created_at, id")
        .fetch_all(conn)
        .await
}

pub async fn revoke(conn: &mut AnyConnection, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Limits the token to `sites` (none: every site).
pub async fn set_sites(
    conn: &mut AnyConnection,
    token_id: &str,
    sites: &[String],
) -> Result<(), sqlx::Error> {
    for site in sites {
        sqlx::query("INSERT INTO api_token_sites (token_id, site) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(token_id)
            .bind(site)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The sites the token is limited to, by name; empty when it sees every site.
pub async fn sites_of(conn: &mut AnyConnection, token_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT site FROM api_token_sites WHERE token_id = $1 ORDER BY site")
        .bind(token_id)
        .fetch_all(conn)
        .await
}
