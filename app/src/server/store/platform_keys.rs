//! The `platform_keys` table: which platform key this center seals with (see
//! [`crate::server::keys`]).

use sqlx::AnyConnection;

/// The key id of the center's signing key, if one is registered.
pub async fn signing(conn: &mut AnyConnection) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT key_id FROM platform_keys WHERE retired_at IS NULL").fetch_optional(conn).await
}

/// Registers the center's signing key. Fails with a unique violation when another key was
/// registered first (two instances starting at once on an empty database).
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
