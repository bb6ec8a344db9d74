//! Door and desk systems: admins create bearer tokens; a system holding one reads the
//! active card UIDs with employee numbers (JSON or CSV). Every read is audit-logged.

use super::{AppState, Core, client_addr::ClientIp};
use crate::api::devices::{ApiTokenSummary, OneTimeSecret};
use crate::domain::Label;
use crate::errors::AppError;
use crate::i18n::format_utc;
use axum::{
    Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use mamoru_core::store::{api_tokens, audit, cards};
use mamoru_core::tokens;
use serde::Serialize;
use std::net::IpAddr;

/// Door-system tokens start with this, so a leaked one is easy to recognise and scan for.
const TOKEN_PREFIX: &str = "mamoru_door_";

pub async fn create_token(
    state: &Core,
    admin: &str,
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
    audit::record(&mut tx, token.created_at, admin, "door_token.created", &token.id, detail, ip).await?;
    tx.commit().await?;
    Ok(OneTimeSecret { secret, expires_at: None })
}

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

pub async fn revoke_token(
    state: &Core,
    admin: &str,
    token_id: &str,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    if !api_tokens::revoke(&mut tx, token_id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, admin, "door_token.revoked", token_id, serde_json::json!({}), ip).await?;
    tx.commit().await?;
    Ok(())
}

/// `/api/door/v1/cards` (JSON) and `/api/door/v1/cards.csv`.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/door/v1/cards", get(cards_json)).route("/api/door/v1/cards.csv", get(cards_csv))
}

/// One active card, as door systems need it: nothing more personal than the employee
/// number.
#[derive(Debug, Serialize)]
struct ActiveCard {
    uid: String,
    employee_number: String,
    /// UTC, RFC 3339.
    issued_at: String,
}

#[derive(Debug, Serialize)]
struct CardList {
    generated_at: String,
    cards: Vec<ActiveCard>,
}

/// Checks the bearer token, reads the active cards and logs the read, in one transaction.
async fn read_cards(
    state: &Core,
    headers: &HeaderMap,
    ip: Option<IpAddr>,
    format: &str,
) -> Result<CardList, StatusCode> {
    let secret = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(StatusCode::UNAUTHORIZED)?;
    let failed = |e: sqlx::Error| {
        tracing::error!(error = %e, "door API failed");
        StatusCode::INTERNAL_SERVER_ERROR
    };
    let now = state.now();
    let mut tx = state.store.write().await.map_err(failed)?;
    let token = api_tokens::active_by_hash(&mut tx, &tokens::hash_token(secret)).await.map_err(failed)?;
    let Some(token) = token else {
        tracing::warn!("door API: unknown or revoked token");
        return Err(StatusCode::UNAUTHORIZED);
    };
    let cards = cards::active(&mut tx).await.map_err(failed)?;
    let detail = serde_json::json!({ "format": format, "cards": cards.len() });
    let actor = format!("door_token:{}", token.id);
    audit::record(&mut tx, now, &actor, "door.cards_read", &token.id, detail, ip).await.map_err(failed)?;
    tx.commit().await.map_err(failed)?;
    let cards = cards
        .into_iter()
        .map(|(card, employee_number)| ActiveCard {
            uid: card.uid,
            employee_number,
            issued_at: format_utc(card.issued_at),
        })
        .collect();
    Ok(CardList { generated_at: format_utc(now), cards })
}

async fn cards_json(State(state): State<AppState>, ClientIp(ip): ClientIp, headers: HeaderMap) -> Response {
    match read_cards(&state, &headers, ip, "json").await {
        Ok(list) => Json(list).into_response(),
        Err(status) => status.into_response(),
    }
}

async fn cards_csv(State(state): State<AppState>, ClientIp(ip): ClientIp, headers: HeaderMap) -> Response {
    match read_cards(&state, &headers, ip, "csv").await {
        Ok(list) => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv(&list.cards)).into_response(),
        Err(status) => status.into_response(),
    }
}

/// UIDs are hex and employee numbers letters, digits and dashes: nothing needs quoting.
fn csv(cards: &[ActiveCard]) -> String {
    let mut out = String::from("uid,employee_number,issued_at\r\n");
    for card in cards {
        out.push_str(&format!("{},{},{}\r\n", card.uid, card.employee_number, card.issued_at));
    }
    out
}
