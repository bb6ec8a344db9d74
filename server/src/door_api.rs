//! `/api/door/v1`: a door or desk system holding a token an admin created reads the active
//! card UIDs with employee numbers (JSON or CSV). Every read is audit-logged.

use app::server::AppState;
use axum::{
    Extension, Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use mamoru_core::store::{api_tokens, audit, cards};
use mamoru_core::tokens;
use mamoru_core::{Core, client_addr::ClientIp};
use mamoru_types::audit::AuditAction;
use mamoru_types::i18n::format_utc;
use serde::Serialize;
use std::net::IpAddr;

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
    audit::record(&mut tx, now, &actor, AuditAction::DoorCardsRead, &token.id, detail, ip)
        .await
        .map_err(failed)?;
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

async fn cards_json(
    State(state): State<Core>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    match read_cards(&state, &headers, ip, "json").await {
        Ok(list) => Json(list).into_response(),
        Err(status) => status.into_response(),
    }
}

async fn cards_csv(
    State(state): State<Core>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
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
