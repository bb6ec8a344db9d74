//! Kiosks, their one-time enrollment codes and the nonces of their signed requests.

use mamoru_types::domain::{KioskId, UserId};
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Kiosk {
    pub id: KioskId,
    pub name: String,
    /// The device's Ed25519 public key, base64url.
    pub public_key: String,
    pub enrolled_at: i64,
    pub disabled_at: Option<i64>,
}

pub async fn create_enrollment(
    conn: &mut AnyConnection,
    code_hash: &str,
    created_by: &UserId,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO kiosk_enrollments (code_hash, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(code_hash)
    .bind(created_by)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Uses an enrollment code: true once, and only before it expires.
pub async fn use_enrollment(
    conn: &mut AnyConnection,
    code_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE kiosk_enrollments SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(code_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert(conn: &mut AnyConnection, kiosk: &Kiosk) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO kiosks (id, name, public_key, enrolled_at) VALUES ($1, $2, $3, $4)")
        .bind(&kiosk.id)
        .bind(&kiosk.name)
        .bind(&kiosk.public_key)
        .bind(kiosk.enrolled_at)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn by_id(conn: &mut AnyConnection, id: &KioskId) -> Result<Option<Kiosk>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, public_key, enrolled_at, disabled_at FROM kiosks WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn list(conn: &mut AnyConnection) -> Result<Vec<Kiosk>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, public_key, enrolled_at, disabled_at FROM kiosks ORDER BY enrolled_at, id",
    )
    .fetch_all(conn)
    .await
}

pub async fn disable(conn: &mut AnyConnection, id: &KioskId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE kiosks SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a request nonce: false when this kiosk used it before (a replay).
pub async fn record_nonce(
    conn: &mut AnyConnection,
    kiosk_id: &KioskId,
    nonce: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO kiosk_nonces (kiosk_id, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(kiosk_id)
    .bind(nonce)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets nonces seen before `before`: requests that old are refused by their time anyway.
pub async fn forget_nonces(conn: &mut AnyConnection, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM kiosk_nonces WHERE seen_at < $1").bind(before).execute(conn).await?;
    Ok(done.rows_affected())
}
