//! Machines that talk to Mamoru, managed by admins: lobby kiosks and the door and desk
//! systems that read the active-card list.

#[cfg(feature = "ssr")]
use crate::server::{client_ip, require_role, state};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use mamoru_core::{door, kiosk};
use mamoru_types::devices::*;
use mamoru_types::domain::KioskId;
#[cfg(feature = "ssr")]
use mamoru_types::domain::Role;
use mamoru_types::errors::AppError;

#[server(endpoint = "kiosks/list")]
pub async fn list_kiosks() -> Result<Vec<KioskSummary>, AppError> {
    require_role(|r| r == Role::Admin)?;
    kiosk::list(&state()?).await
}

/// A one-time code for `mamoru-kiosk enroll`, valid for a day.
#[server(endpoint = "kiosks/enrollment")]
pub async fn new_enrollment_code() -> Result<OneTimeSecret, AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    kiosk::new_enrollment(&state()?, &admin.user_id, client_ip()).await
}

#[server(endpoint = "kiosks/disable")]
pub async fn disable_kiosk(kiosk_id: KioskId) -> Result<(), AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    kiosk::disable(&state()?, &admin.user_id, &kiosk_id, client_ip()).await
}

#[server(endpoint = "door-tokens/list")]
pub async fn list_api_tokens() -> Result<Vec<ApiTokenSummary>, AppError> {
    require_role(|r| r == Role::Admin)?;
    door::list_tokens(&state()?).await
}

#[server(endpoint = "door-tokens/create")]
pub async fn create_api_token(
    name: String,
    #[server(default)] sites: String,
) -> Result<OneTimeSecret, AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    door::create_token(&state()?, &admin.user_id, &name, &sites, client_ip()).await
}

#[server(endpoint = "door-tokens/revoke")]
pub async fn revoke_api_token(token_id: String) -> Result<(), AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    door::revoke_token(&state()?, &admin.user_id, &token_id, client_ip()).await
}

#[server(endpoint = "webhooks/list")]
pub async fn list_webhooks() -> Result<Webhooks, AppError> {
    require_role(|r| r == Role::Admin)?;
    let (endpoints, deliveries) = mamoru_core::webhooks::overview(&state()?).await?;
    Ok(Webhooks { endpoints, deliveries })
}

/// Adds a webhook endpoint; answers its signing secret, shown once.
#[server(endpoint = "webhooks/create")]
pub async fn create_webhook(name: String, url: String) -> Result<OneTimeSecret, AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    mamoru_core::webhooks::create(&state()?, &admin.user_id, &name, &url, client_ip()).await
}

#[server(endpoint = "webhooks/disable")]
pub async fn disable_webhook(webhook_id: String) -> Result<(), AppError> {
    let admin = require_role(|r| r == Role::Admin)?;
    mamoru_core::webhooks::disable(&state()?, &admin.user_id, &webhook_id, client_ip()).await
}
