//! A fake Mamoru server for the kiosk's tests: it implements `/api/kiosk/v1` the way the
//! protocol describes it, checks every signature and nonce, and records what it was asked.

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Json, Response};
use mamoru_seal::ed25519_dalek::{SigningKey, VerifyingKey};
use mamoru_seal::kiosk::{
    API_PREFIX, ClaimRequest, ConfirmRequest, ConfirmResponse, EnrollRequest, EnrollResponse, GrantClaims,
    HEADER_KIOSK, HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIME, KeyMovesResponse, KioskStatus, LookupRequest,
    LookupResponse, Refusal, RefusalCode, decode_public_key, encode_public_key, verify_request,
};
use mamoru_seal::{Purpose, Sealed};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

pub const KIOSK_ID: &str = "kiosk-1";
pub const ENROLL_CODE: &str = "ENROLL-ME";
pub const PIN: &str = "246810";
pub const ATTEMPTS: u32 = 5;

/// One request that passed the signature check.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub method: String,
    pub path: String,
    pub body: Value,
}

struct State {
    server_key: SigningKey,
    device_key: Option<VerifyingKey>,
    calls: Vec<Call>,
    /// Requests refused for their signature, kiosk id or nonce.
    refused: usize,
    nonces: HashSet<String>,
    codes: HashMap<String, String>,
    attempts_left: u32,
    cards_in_use: HashSet<String>,
    /// Key moves served at `/keys`.
    moves: Vec<Sealed>,
}

type Shared = Arc<Mutex<State>>;

pub struct FakeServer {
    pub url: String,
    state: Shared,
}

impl FakeServer {
    /// Starts on 127.0.0.1 with a random port. `device_key`: the kiosk already enrolled.
    pub async fn start(device_key: Option<VerifyingKey>) -> FakeServer {
        let state = Arc::new(Mutex::new(State {
            server_key: SigningKey::from_bytes(&[42; 32]),
            device_key,
            calls: Vec::new(),
            refused: 0,
            nonces: HashSet::new(),
            codes: HashMap::new(),
            attempts_left: ATTEMPTS,
            cards_in_use: HashSet::new(),
            moves: Vec::new(),
        }));
        let shared = Arc::clone(&state);
        let router = Router::new().fallback(move |method, uri, headers, body| {
            let shared = Arc::clone(&shared);
            async move { handle(&shared, method, uri, headers, body) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let url = format!("http://{}", listener.local_addr().expect("has an address"));
        tokio::spawn(async move { axum::serve(listener, router).await.expect("serves") });
        FakeServer { url, state }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().expect("not poisoned")
    }

    pub fn server_key(&self) -> VerifyingKey {
        self.lock().server_key.verifying_key()
    }

    /// A grant token as the real server mints it.
    /// Publishes a move from the current server key to `next`, as `mamoru keys rotate`
    /// does, sealed by `sealed_by` (the current key, or a forger's claiming its id); the
    /// server then seals with `next`.
    pub fn rotate(&self, next: SigningKey, sealed_by: &SigningKey) {
        let mut state = self.lock();
        let step = mamoru_seal::keys::KeyMove {
            from_key_id: mamoru_seal::key_id(&SigningKey::from_bytes(&[42; 32]).verifying_key()),
            to_key_id: mamoru_seal::key_id(&next.verifying_key()),
            to_public_key: mamoru_seal::kiosk::encode_public_key(&next.verifying_key()),
            at: "2026-12-01T00:00:00Z".into(),
        };
        let sealed =
            Sealed { key_id: step.from_key_id.clone(), ..Sealed::seal(sealed_by, Purpose::KEY_MOVE, &step) };
        state.moves.push(sealed);
        state.server_key = next;
    }

    pub fn grant_token(&self, claims: &GrantClaims) -> String {
        Sealed::seal(&self.lock().server_key, Purpose::CARD_GRANT, claims).to_token()
    }

    pub fn add_code(&self, code: &str, token: &str) {
        self.lock().codes.insert(code.to_owned(), token.to_owned());
    }

    pub fn mark_card_in_use(&self, uid: &str) {
        self.lock().cards_in_use.insert(uid.to_owned());
    }

    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    pub fn refused(&self) -> usize {
        self.lock().refused
    }
}

fn refusal(status: StatusCode, error: RefusalCode, attempts_left: Option<u32>) -> Response {
    (status, Json(Refusal { error, attempts_left })).into_response()
}

fn handle(shared: &Shared, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let mut state = shared.lock().expect("not poisoned");
    let path = uri.path().to_owned();
    if method == Method::POST && path == format!("{API_PREFIX}/enroll") {
        return enroll(&mut state, &body);
    }
    if !signed_by_the_kiosk(&mut state, &method, &path, &headers, &body) {
        state.refused += 1;
        return refusal(StatusCode::UNAUTHORIZED, RefusalCode::KioskRefused, None);
    }
    let json: Value =
        if body.is_empty() { Value::Null } else { serde_json::from_slice(&body).expect("JSON body") };
    state.calls.push(Call { method: method.to_string(), path: path.clone(), body: json });
    let rest = path.strip_prefix(API_PREFIX).unwrap_or_default();
    match (method, rest) {
        (Method::GET, "/keys") => Json(KeyMovesResponse { moves: state.moves.clone() }).into_response(),
        (Method::GET, "/status") => {
            Json(KioskStatus { kiosk_id: KIOSK_ID.into(), name: "lobby".into() }).into_response()
        }
        (Method::POST, "/lookup") => {
            let request: LookupRequest = serde_json::from_slice(&body).expect("a lookup");
            match state.codes.get(&request.code) {
                Some(token) => Json(LookupResponse { token: token.clone() }).into_response(),
                None => refusal(StatusCode::NOT_FOUND, RefusalCode::UnknownGrant, None),
            }
        }
        (Method::POST, "/claims") => claim(&mut state, &body),
        (Method::POST, rest) if rest.ends_with("/confirm") => {
            let request: ConfirmRequest = serde_json::from_slice(&body).expect("a confirm");
            if state.cards_in_use.contains(&request.card_uid.to_string()) {
                return refusal(StatusCode::CONFLICT, RefusalCode::CardInUse, None);
            }
            Json(ConfirmResponse { card_id: "card-1".into() }).into_response()
        }
        (Method::POST, rest) if rest.ends_with("/abort") => Json(json!({})).into_response(),
        _ => refusal(StatusCode::NOT_FOUND, RefusalCode::BadRequest, None),
    }
}

fn enroll(state: &mut State, body: &[u8]) -> Response {
    let request: EnrollRequest = serde_json::from_slice(body).expect("an enroll request");
    if request.code != ENROLL_CODE {
        return refusal(StatusCode::BAD_REQUEST, RefusalCode::EnrollmentInvalid, None);
    }
    state.device_key = Some(decode_public_key(&request.public_key).expect("a public key"));
    let server = state.server_key.verifying_key();
    Json(EnrollResponse {
        kiosk_id: KIOSK_ID.into(),
        server_key_id: mamoru_seal::key_id(&server),
        server_public_key: encode_public_key(&server),
    })
    .into_response()
}

fn claim(state: &mut State, body: &[u8]) -> Response {
    let request: ClaimRequest = serde_json::from_slice(body).expect("a claim");
    if state.attempts_left == 0 {
        return refusal(StatusCode::FORBIDDEN, RefusalCode::Locked, None);
    }
    if request.pin == PIN {
        return Json(json!({})).into_response();
    }
    state.attempts_left -= 1;
    match state.attempts_left {
        0 => refusal(StatusCode::FORBIDDEN, RefusalCode::Locked, None),
        left => refusal(StatusCode::FORBIDDEN, RefusalCode::PinWrong, Some(left)),
    }
}

fn signed_by_the_kiosk(
    state: &mut State,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> bool {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned);
    let (Some(kiosk), Some(time), Some(nonce), Some(signature), Some(key)) = (
        header(HEADER_KIOSK),
        header(HEADER_TIME).and_then(|t| t.parse::<i64>().ok()),
        header(HEADER_NONCE),
        header(HEADER_SIGNATURE),
        state.device_key,
    ) else {
        return false;
    };
    let json = body.is_empty() || header("content-type").as_deref() == Some("application/json");
    let fresh = state.nonces.insert(nonce.clone());
    json && kiosk == KIOSK_ID
        && fresh
        && verify_request(&key, &signature, method.as_str(), path, time, &nonce, body).is_ok()
}
