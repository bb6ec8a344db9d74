//! The administrators' management of kiosks: listing them, creating an enrollment code,
//! disabling one.

use crate::Core;
use crate::store::{audit, kiosks};
use crate::tokens;
use kiosks::Kiosk;
use mamoru_types::audit::AuditAction;
use mamoru_types::devices::{KioskSummary, OneTimeSecret};
use mamoru_types::domain::{KioskId, UserId};
use mamoru_types::errors::AppError;
use std::net::IpAddr;

/// How long an enrollment code stays usable.
pub const ENROLLMENT_TTL_SECS: i64 = 24 * 60 * 60;

#[tracing::instrument(skip_all, fields(actor = %admin))]
pub async fn new_enrollment(
    state: &Core,
    admin: &UserId,
    ip: Option<IpAddr>,
) -> Result<OneTimeSecret, AppError> {
    let now = state.now();
    let code = tokens::new_short_code();
    let expires_at = now + ENROLLMENT_TTL_SECS;
    let mut tx = state.store.write().await?;
    kiosks::create_enrollment(&mut tx, &tokens::hash_token(&code), admin, now, expires_at).await?;
    audit::record(&mut tx, now, admin, AuditAction::KioskEnrollmentCreated, admin, serde_json::json!({}), ip)
        .await?;
    tx.commit().await?;
    Ok(OneTimeSecret { secret: code, expires_at: Some(expires_at) })
}

#[tracing::instrument(skip_all)]
pub async fn list(state: &Core) -> Result<Vec<KioskSummary>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let summary = |k: Kiosk| KioskSummary {
        id: k.id,
        name: k.name,
        enrolled_at: k.enrolled_at,
        disabled_at: k.disabled_at,
    };
    Ok(kiosks::list(&mut conn).await?.into_iter().map(summary).collect())
}

#[tracing::instrument(skip_all, fields(actor = %admin, kiosk_id = %kiosk_id))]
pub async fn disable(
    state: &Core,
    admin: &UserId,
    kiosk_id: &KioskId,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    if !kiosks::disable(&mut tx, kiosk_id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, admin, AuditAction::KioskDisabled, kiosk_id, serde_json::json!({}), ip)
        .await?;
    tx.commit().await?;
    Ok(())
}
