//! `/api/door/v1`: a door or desk system holding a token an admin created reads the active
//! cards (JSON or CSV) and the changes since its last read, and sends back its entries,
//! exits and desk events (see `mamoru_core::door`). Every call is audit-logged.

use app::server::AppState;
use axum::{
    Extension, Json, Router,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use mamoru_core::door::{self, ActiveCard, DoorError};
use mamoru_core::{Core, client_addr::ClientIp};
use serde::Deserialize;

/// `/api/door/v1/cards` (JSON), `/api/door/v1/cards.csv` and `/api/door/v1/changes`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/door/v1/cards", get(cards_json))
        .route("/api/door/v1/cards.csv", get(cards_csv))
        .route("/api/door/v1/changes", get(changes))
        .route("/api/door/v1/events", post(events))
}

/// The bearer token of the request, if it has one.
fn bearer(headers: &HeaderMap) -> Result<&str, StatusCode> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(StatusCode::UNAUTHORIZED)
}

fn refused(error: DoorError) -> Response {
    match error {
        DoorError::Unauthorized => {
            tracing::warn!("door API: unknown or revoked token");
            StatusCode::UNAUTHORIZED.into_response()
        }
        DoorError::BadCursor => {
            (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": "bad_cursor" }))).into_response()
        }
        DoorError::BadEvent { position, problem } => {
            let body = serde_json::json!({ "error": "bad_event", "position": position, "problem": problem });
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
        DoorError::BatchSize => {
            let body = serde_json::json!({ "error": "batch_size", "max": door::EVENTS_PER_BATCH });
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
        DoorError::Store(e) => {
            tracing::error!(error = %e, "door API failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn cards_json(
    State(state): State<Core>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    let secret = match bearer(&headers) {
        Ok(secret) => secret,
        Err(status) => return status.into_response(),
    };
    match door::cards(&state, secret, "json", ip).await {
        Ok(list) => Json(list).into_response(),
        Err(error) => refused(error),
    }
}

async fn cards_csv(
    State(state): State<Core>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
) -> Response {
    let secret = match bearer(&headers) {
        Ok(secret) => secret,
        Err(status) => return status.into_response(),
    };
    match door::cards(&state, secret, "csv", ip).await {
        Ok(list) => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv(&list.cards)).into_response(),
        Err(error) => refused(error),
    }
}

#[derive(Debug, Deserialize)]
struct Since {
    #[serde(default)]
    since: String,
}

async fn changes(
    State(state): State<Core>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    Query(query): Query<Since>,
    headers: HeaderMap,
) -> Response {
    let secret = match bearer(&headers) {
        Ok(secret) => secret,
        Err(status) => return status.into_response(),
    };
    match door::changes(&state, secret, &query.since, ip).await {
        Ok(changes) => Json(changes).into_response(),
        Err(error) => refused(error),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Batch {
    events: Vec<serde_json::Value>,
}

async fn events(
    State(state): State<Core>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
    Json(batch): Json<Batch>,
) -> Response {
    let secret = match bearer(&headers) {
        Ok(secret) => secret,
        Err(status) => return status.into_response(),
    };
    match door::record_events(&state, secret, batch.events, ip).await {
        Ok(recorded) => Json(recorded).into_response(),
        Err(error) => refused(error),
    }
}

/// UIDs are hex, employee numbers letters, digits and dashes and times RFC 3339; a site
/// may hold anything, so it is quoted. Exceptions are in the JSON list only.
fn csv(cards: &[ActiveCard]) -> String {
    let mut out = String::from("uid,employee_number,issued_at,valid_until,site\r\n");
    for card in cards {
        let site = card.sites.join(";").replace('"', "\"\"");
        let valid_until = card.valid_until.as_deref().unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{valid_until},\"{site}\"\r\n",
            card.uid, card.employee_number, card.issued_at
        ));
    }
    out
}
