//! `/api/kiosk/v1`: the JSON API `mamoru-kiosk` calls. Every route but `enroll` is signed
//! with the kiosk's device key; see [`mamoru_seal::kiosk`].

use super::{Refused, SignedRequest};
use crate::server::AppState;
use axum::{
    Json, Router,
    body::Bytes,
    extract::{ConnectInfo, Path, State},
    http::{HeaderMap, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use mamoru_seal::kiosk::{
    self as wire, ClaimRequest, ConfirmRequest, EnrollRequest, LookupRequest, RefusalCode,
};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;

/// The kiosk API under [`wire::API_PREFIX`]. Routes carry the full path (no nesting), so
/// the path a kiosk signed is the path the handler sees.
pub fn router() -> Router<AppState> {
    let at = |path: &str| format!("{}{path}", wire::API_PREFIX);
    Router::new()
        .route(&at("/enroll"), post(enroll))
        .route(&at("/status"), get(status))
        .route(&at("/lookup"), post(lookup))
        .route(&at("/claims"), post(claim))
        .route(&at("/claims/{grant_id}/confirm"), post(confirm))
        .route(&at("/claims/{grant_id}/abort"), post(abort))
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let status = match self.0.error {
            RefusalCode::KioskRefused => StatusCode::UNAUTHORIZED,
            RefusalCode::EnrollmentInvalid | RefusalCode::PinWrong => StatusCode::FORBIDDEN,
            RefusalCode::UnknownGrant => StatusCode::NOT_FOUND,
            RefusalCode::NotClaimable | RefusalCode::PinNotSet | RefusalCode::CardInUse => {
                StatusCode::CONFLICT
            }
            RefusalCode::Expired => StatusCode::GONE,
            RefusalCode::Locked => StatusCode::LOCKED,
            RefusalCode::BadRequest => StatusCode::BAD_REQUEST,
            RefusalCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(self.0)).into_response()
    }
}

fn answer<T: serde::Serialize>(result: Result<T, Refused>) -> Response {
    match result {
        Ok(body) => Json(body).into_response(),
        Err(refused) => refused.into_response(),
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refused> {
    serde_json::from_slice(body).map_err(|_| Refused::of(RefusalCode::BadRequest))
}

/// Checks the request's signature and answers the kiosk that made it.
async fn signed(
    state: &AppState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<super::Kiosk, Refused> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
    super::authenticate(
        state,
        SignedRequest {
            kiosk_id: header(wire::HEADER_KIOSK),
            time: header(wire::HEADER_TIME),
            nonce: header(wire::HEADER_NONCE),
            signature: header(wire::HEADER_SIGNATURE),
            method: method.as_str(),
            path: uri.path(),
            body,
        },
    )
    .await
}

async fn enroll(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Response {
    let result = async { super::enroll(&state, parse::<EnrollRequest>(&body)?, Some(peer.ip())).await }.await;
    answer(result)
}

async fn status(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    answer(signed(&state, &method, &uri, &headers, &body).await.map(|kiosk| super::status(&kiosk)))
}

async fn lookup(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        signed(&state, &method, &uri, &headers, &body).await?;
        super::lookup(&state, &parse::<LookupRequest>(&body)?.code).await
    }
    .await;
    answer(result)
}

async fn claim(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        let kiosk = signed(&state, &method, &uri, &headers, &body).await?;
        let request = parse::<ClaimRequest>(&body)?;
        super::claim(&state, &kiosk, &request.grant_id, &request.pin).await?;
        Ok(serde_json::json!({}))
    }
    .await;
    answer(result)
}

async fn confirm(
    State(state): State<AppState>,
    Path(grant_id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        let kiosk = signed(&state, &method, &uri, &headers, &body).await?;
        super::confirm(&state, &kiosk, &grant_id, &parse::<ConfirmRequest>(&body)?.card_uid).await
    }
    .await;
    answer(result)
}

async fn abort(
    State(state): State<AppState>,
    Path(grant_id): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        let kiosk = signed(&state, &method, &uri, &headers, &body).await?;
        super::abort(&state, &kiosk, &grant_id).await?;
        Ok(serde_json::json!({}))
    }
    .await;
    answer(result)
}
