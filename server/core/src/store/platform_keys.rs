//! The `platform_keys` table: the keys this center seals with, the signing one and the
//! retired ones that still verify (see `keys`).

use sqlx::{AnyConnection, FromRow};

/// A platform key as recorded.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct KeyRow {
    pub key_id: String,
    /// base64url.
    pub public_key: String,
    pub added_at: i64,
    /// None for the signing key.
    pub retired_at: Option<i64>,
    /// The sealed key move that introduced a rotated key.
    pub introduced_by: Option<String>,
}

/// The key id of the center's signing key, if one is registered.
pub async fn signing(conn: &mut AnyConnection) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT key_id FROM platform_keys WHERE retired_at IS NULL").fetch_optional(conn).await
}

/// Every key, oldest first.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<KeyRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT key_id, public_key, added_at, retired_at, introduced_by FROM platform_keys ORDER BY added_at, key_id",
    )
    .fetch_all(conn)
    .await
}

/// Registers the center's first signing key. Fails with a unique violation when another
/// key was registered first (two instances starting at once on an empty database).
pub async fn register(
    conn: &mut AnyConnection,
    key_id: &str,
    public_key: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO platform_keys (key_id, public_key, added_at) VALUES ($1, $2, $3)")
        .bind(key_id)
        .bind(public_key)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Retires the signing key `from` and makes `to` the signing key, introduced by the
/// sealed `statement`; false (nothing changed) when `from` is not the signing key.
pub async fn rotate(
    conn: &mut AnyConnection,
    from: &str,
    to: (&str, &str),
    statement: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let retired =
        sqlx::query("UPDATE platform_keys SET retired_at = $1 WHERE key_id = $2 AND retired_at IS NULL")
            .bind(now)
            .bind(from)
            .execute(&mut *conn)
            .await?;
    if retired.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO platform_keys (key_id, public_key, added_at, introduced_by) VALUES ($1, $2, $3, $4)",
    )
    .bind(to.0)
    .bind(to.1)
    .bind(now)
    .bind(statement)
    .execute(conn)
    .await?;
    Ok(true)
}
