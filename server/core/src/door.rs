//! Door and desk systems: admins create, list and revoke the bearer tokens they read the
//! active cards with (the read itself is the server's `/api/door/v1`).

use super::Core;
use crate::store::{api_tokens, audit};
use crate::tokens;
use mamoru_types::audit::AuditAction;
use mamoru_types::devices::{ApiTokenSummary, OneTimeSecret};
use mamoru_types::domain::{Label, UserId};
use mamoru_types::errors::AppError;
use std::net::IpAddr;

/// Door-system tokens start with this, so a leaked one is easy to recognise and scan for.
const TOKEN_PREFIX: &str = "mamoru_door_";

#[tracing::instrument(skip_all, fields(actor = %admin))]
pub async fn create_token(
    state: &Core,
    admin: &UserId,
    name: &str,
    ip: Option<IpAddr>,
) -> Result<OneTimeSecret, AppError> {
    let name = Label::parse(name)?;
    let secret = format!("{TOKEN_PREFIX}{}", tokens::new_token().secret);
    let token = api_tokens::ApiToken {
        id: tokens::new_id(),
        name: name.as_str().to_owned(),
        created_at: state.now(),
        revoked_at: None,
    };
    let mut tx = state.store.write().await?;
    api_tokens::insert(&mut tx, &token, &tokens::hash_token(&secret), admin).await?;
    let detail = serde_json::json!({ "name": token.name });
    audit::record(&mut tx, token.created_at, admin, AuditAction::DoorTokenCreated, &token.id, detail, ip)
        .await?;
    tx.commit().await?;
    Ok(OneTimeSecret { secret, expires_at: None })
}

#[tracing::instrument(skip_all)]
pub async fn list_tokens(state: &Core) -> Result<Vec<ApiTokenSummary>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let summary = |t: api_tokens::ApiToken| ApiTokenSummary {
        id: t.id,
        name: t.name,
        created_at: t.created_at,
        revoked_at: t.revoked_at,
    };
    Ok(api_tokens::list(&mut conn).await?.into_iter().map(summary).collect())
}

#[tracing::instrument(skip_all, fields(actor = %admin, token_id = %token_id))]
pub async fn revoke_token(
    state: &Core,
    admin: &UserId,
    token_id: &str,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    if !api_tokens::revoke(&mut tx, token_id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, admin, AuditAction::DoorTokenRevoked, token_id, serde_json::json!({}), ip)
        .await?;
    tx.commit().await?;
    Ok(())
}
