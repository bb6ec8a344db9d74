//! `/api/kiosk/v1`: the JSON API `mamoru-kiosk` calls. Every route but `enroll` is signed
//! with the kiosk's device key; see [`mamoru_seal::kiosk`].

use app::server::AppState;
use axum::{
    Extension, Json, Router,
    body::Bytes,
    extract::{FromRequest, Path, Request, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use mamoru_core::Core;
use mamoru_core::client_addr::ClientIp;
use mamoru_core::kiosk::{self as service, Refused, SignedRequest};
use mamoru_seal::kiosk::{
    self as wire, ClaimRequest, ConfirmRequest, ConfirmResponse, EnrollRequest, EnrollResponse,
    KeyMovesResponse, KioskStatus, LookupRequest, LookupResponse, RefusalCode,
};
use mamoru_types::domain::GrantId;
use serde::de::DeserializeOwned;

/// The kiosk API under [`wire::API_PREFIX`]. Routes carry the full path (no nesting), so
/// the path a kiosk signed is the path the handler sees.
pub fn router() -> Router<AppState> {
    let at = |path: &str| format!("{}{path}", wire::API_PREFIX);
    Router::new()
        .route(&at("/enroll"), post(enroll))
        .route(&at("/status"), get(status))
        .route(&at("/keys"), get(key_moves))
        .route(&at("/lookup"), post(lookup))
        .route(&at("/claims"), post(claim))
        .route(&at("/claims/{grant_id}/confirm"), post(confirm))
        .route(&at("/claims/{grant_id}/abort"), post(abort))
}

/// A refused kiosk request as an HTTP answer: the status its refusal code means, and the
/// refusal as JSON.
struct KioskError(Refused);

impl From<Refused> for KioskError {
    fn from(refused: Refused) -> Self {
        KioskError(refused)
    }
}

impl IntoResponse for KioskError {
    fn into_response(self) -> Response {
        let refusal = self.0.0;
        let status = match refusal.error {
            RefusalCode::KioskRefused => StatusCode::UNAUTHORIZED,
            RefusalCode::EnrollmentInvalid | RefusalCode::PinWrong => StatusCode::FORBIDDEN,
            RefusalCode::UnknownGrant => StatusCode::NOT_FOUND,
            RefusalCode::NotClaimable | RefusalCode::PinNotSet | RefusalCode::CardInUse => {
                StatusCode::CONFLICT
            }
            RefusalCode::Expired => StatusCode::GONE,
            RefusalCode::Locked => StatusCode::LOCKED,
            RefusalCode::BadRequest => StatusCode::BAD_REQUEST,
            RefusalCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
            RefusalCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        let mut response = (status, Json(refusal)).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            crate::refusal::ask_to_retry(response.headers_mut());
        }
        response
    }
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, KioskError> {
    serde_json::from_slice(body).map_err(|_| KioskError(Refused::of(RefusalCode::BadRequest)))
}

/// The largest body a kiosk sends; its requests are a few hundred bytes.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// A request signed by an enrolled kiosk: the kiosk, and the body it signed.
struct Signed {
    kiosk: mamoru_core::store::kiosks::Kiosk,
    body: Bytes,
}

impl Signed {
    fn parse<T: DeserializeOwned>(&self) -> Result<T, KioskError> {
        parse(&self.body)
    }
}

impl FromRequest<AppState> for Signed {
    type Rejection = KioskError;

    /// Checks the request's signature over its method, path, time, nonce and body.
    async fn from_request(request: Request, state: &AppState) -> Result<Self, KioskError> {
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, MAX_BODY_BYTES)
            .await
            .map_err(|_| KioskError(Refused::of(RefusalCode::BadRequest)))?;
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let kiosk = service::authenticate(
            &state.core,
            SignedRequest {
                kiosk_id: header(wire::HEADER_KIOSK),
                time: header(wire::HEADER_TIME),
                nonce: header(wire::HEADER_NONCE),
                signature: header(wire::HEADER_SIGNATURE),
                method: parts.method.as_str(),
                path: parts.uri.path(),
                body: &body,
            },
        )
        .await?;
        Ok(Signed { kiosk, body })
    }
}

type Answer<T> = Result<Json<T>, KioskError>;

/// What the routes that only act answer.
fn done() -> Answer<serde_json::Value> {
    Ok(Json(serde_json::json!({})))
}

async fn enroll(
    State(state): State<Core>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    body: Bytes,
) -> Answer<EnrollResponse> {
    Ok(Json(service::enroll(&state, parse::<EnrollRequest>(&body)?, ip).await?))
}

async fn status(request: Signed) -> Answer<KioskStatus> {
    Ok(Json(service::status(&request.kiosk)))
}

/// Any enrolled kiosk may ask: the moves are public statements, checked by the kiosk.
async fn key_moves(State(state): State<Core>, _request: Signed) -> Answer<KeyMovesResponse> {
    let moves = mamoru_core::PlatformKey::moves(&state.store).await.map_err(Refused::from)?;
    Ok(Json(KeyMovesResponse { moves }))
}

async fn lookup(State(state): State<Core>, request: Signed) -> Answer<LookupResponse> {
    Ok(Json(service::lookup(&state, &request.parse::<LookupRequest>()?.code).await?))
}

async fn claim(State(state): State<Core>, request: Signed) -> Answer<serde_json::Value> {
    let claim = request.parse::<ClaimRequest>()?;
    service::claim(&state, &request.kiosk, &GrantId::new(claim.grant_id), &claim.pin).await?;
    done()
}

async fn confirm(
    State(state): State<Core>,
    Path(grant_id): Path<GrantId>,
    request: Signed,
) -> Answer<ConfirmResponse> {
    let card_uid = request.parse::<ConfirmRequest>()?.card_uid;
    Ok(Json(service::confirm(&state, &request.kiosk, &grant_id, &card_uid).await?))
}

async fn abort(
    State(state): State<Core>,
    Path(grant_id): Path<GrantId>,
    request: Signed,
) -> Answer<serde_json::Value> {
    service::abort(&state, &request.kiosk, &grant_id).await?;
    done()
}
