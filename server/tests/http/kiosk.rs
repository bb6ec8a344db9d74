//! The kiosk API and the card lifecycle over HTTP: enrollment, signed requests (replays,
//! forgeries, stale clocks, disabled kiosks refused), claim / confirm / abort with the
//! hire's PIN, one active card per UID, HR's card actions and the door-system API.

use crate::cards::completed_hire;
use crate::harness::{TestApp, answer, backends, client, error_kind, spawn_app};
use mamoru_core::Clock;
use mamoru_core::store::audit;
use mamoru_core::testing::{mutant_seed, mutants};
use mamoru_core::tokens::new_id;
use mamoru_seal::ed25519_dalek::SigningKey;
use mamoru_seal::kiosk::{self as wire, GrantClaims};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

/// A kiosk as `mamoru-kiosk` is: a device key and the id the server gave it.
pub(crate) struct TestKiosk {
    key: SigningKey,
    pub(crate) id: String,
}

/// One signed request, every part of which a test may spoil (the time as its header
/// carries it).
#[derive(Clone)]
pub(crate) struct Signed {
    method: &'static str,
    path: String,
    body: Vec<u8>,
    kiosk_id: String,
    time: String,
    nonce: String,
    signature: String,
}

impl TestKiosk {
    pub(crate) fn sign(&self, app: &TestApp, method: &'static str, path: &str, body: &Value) -> Signed {
        let body = if method == "GET" { Vec::new() } else { body.to_string().into_bytes() };
        let time = app.clock.now();
        let nonce = new_id();
        let path = format!("{}{path}", wire::API_PREFIX);
        let signature = wire::sign_request(&self.key, method, &path, time, &nonce, &body);
        Signed { method, path, body, kiosk_id: self.id.clone(), time: time.to_string(), nonce, signature }
    }

    pub(crate) async fn call(
        &self,
        app: &TestApp,
        method: &'static str,
        path: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        send(app, &self.sign(app, method, path, &body)).await
    }
}

pub(crate) async fn send(app: &TestApp, request: &Signed) -> (StatusCode, Value) {
    try_send(app, request).await.expect("request")
}

/// [`send`] to a server that may go away mid-request.
pub(crate) async fn try_send(app: &TestApp, request: &Signed) -> reqwest::Result<(StatusCode, Value)> {
    let http = client();
    let builder = match request.method {
        "GET" => http.get(app.url(&request.path)),
        _ => http.post(app.url(&request.path)),
    };
    let response = builder
        .header(wire::HEADER_KIOSK, &request.kiosk_id)
        .header(wire::HEADER_TIME, &request.time)
        .header(wire::HEADER_NONCE, &request.nonce)
        .header(wire::HEADER_SIGNATURE, &request.signature)
        .header("content-type", "application/json")
        .body(request.body.clone())
        .send()
        .await?;
    answer(response).await
}

async fn enrollment_code(app: &TestApp, admin: &Client) -> String {
    let (status, body) = app.call_json(admin, "kiosks/enrollment", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["secret"].as_str().expect("code").to_owned()
}

async fn enroll(app: &TestApp, code: &str, key: &SigningKey) -> (StatusCode, Value) {
    let request = wire::EnrollRequest {
        code: code.to_owned(),
        name: "1F ロビー".into(),
        public_key: wire::encode_public_key(&key.verifying_key()),
    };
    let response = client()
        .post(app.url(&format!("{}/enroll", wire::API_PREFIX)))
        .json(&request)
        .send()
        .await
        .expect("enroll");
    let status = response.status();
    (status, response.json().await.expect("json"))
}

pub(crate) async fn new_kiosk(app: &TestApp, admin: &Client) -> TestKiosk {
    let key = SigningKey::from_bytes(&rand_seed());
    let (status, body) = enroll(app, &enrollment_code(app, admin).await, &key).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    TestKiosk { key, id: body["kiosk_id"].as_str().expect("id").to_owned() }
}

fn rand_seed() -> [u8; 32] {
    let mut seed = [0u8; 32];
    // 32 random hex characters are 32 bytes: plenty for a test key.
    seed.copy_from_slice(new_id().as_bytes());
    seed
}

/// The hire's pickup: (short code, PIN).
pub(crate) async fn pickup(app: &TestApp, hire: &Client) -> (String, String) {
    let (status, home) = app.call_json(hire, "cards/mine", &[]).await;
    assert_eq!((status, home["status"].as_str()), (StatusCode::OK, Some("Waiting")), "{home}");
    let code = home["pickup"]["short_code"].as_str().expect("code").to_owned();
    let (status, pin) = app.call_json(hire, "cards/pin", &[]).await;
    assert_eq!(status, StatusCode::OK, "{pin}");
    (code, pin.as_str().expect("pin").to_owned())
}

/// Looks the code up as a kiosk does and checks the token against the published key.
pub(crate) async fn grant_of(app: &TestApp, kiosk: &TestKiosk, code: &str) -> GrantClaims {
    let (status, body) = kiosk.call(app, "POST", "/lookup", json!({ "code": code })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    opened_grant(app, &body)
}

/// The grant token in a lookup's answer, checked against the center's key.
pub(crate) fn opened_grant(app: &TestApp, lookup: &Value) -> GrantClaims {
    let key = wire::decode_public_key(&app.state.keys.public_key_base64()).expect("key");
    GrantClaims::open(lookup["token"].as_str().expect("token"), &key, app.clock.now()).expect("genuine grant")
}

pub(crate) fn claim(grant: &GrantClaims, pin: &str) -> Value {
    json!({ "grant_id": grant.grant_id, "pin": pin })
}

fn wrong(pin: &str) -> String {
    pin.chars().map(|c| if c == '9' { '0' } else { char::from(c as u8 + 1) }).collect()
}

async fn card_status(app: &TestApp, hire: &Client) -> Value {
    let (status, home) = app.call_json(hire, "cards/mine", &[]).await;
    assert_eq!(status, StatusCode::OK, "{home}");
    home["status"].clone()
}

pub(crate) async fn door_cards(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    client().get(app.url(path)).bearer_auth(token).send().await.expect("door request")
}

#[tokio::test]
async fn an_enrollment_code_works_once_and_pins_the_published_key() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let code = enrollment_code(&app, &admin).await;
        let key = SigningKey::from_bytes(&rand_seed());
        let (status, body) = enroll(&app, &code, &key).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(body["server_public_key"].as_str(), Some(app.state.keys.public_key_base64().as_str()));
        let keys: Value = app.published_keys().await;
        assert_eq!(keys["keys"][0]["public_key"], body["server_public_key"]);
        assert!(
            keys["keys"][0]["purposes"].as_array().expect("purposes").contains(&json!("mamoru/card-grant/1"))
        );

        let (status, body) = enroll(&app, &code, &SigningKey::from_bytes(&rand_seed())).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::FORBIDDEN, Some("enrollment_invalid")),
            "{backend:?}: used twice"
        );
        let stale = enrollment_code(&app, &admin).await;
        app.clock.advance(24 * 60 * 60);
        let (status, _) = enroll(&app, &stale, &SigningKey::from_bytes(&rand_seed())).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?}: expired code");
    }
}

#[tokio::test]
async fn signed_requests_are_refused_when_replayed_forged_stale_or_from_a_disabled_kiosk() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let refused = |(status, body): (StatusCode, Value)| {
            assert_eq!(
                (status, body["error"].as_str()),
                (StatusCode::UNAUTHORIZED, Some("kiosk_refused")),
                "{backend:?} {body}"
            );
        };

        let request = kiosk.sign(&app, "GET", "/status", &Value::Null);
        let (status, body) = send(&app, &request).await;
        assert_eq!(
            (status, body["kiosk_id"].as_str()),
            (StatusCode::OK, Some(kiosk.id.as_str())),
            "{backend:?}"
        );
        refused(send(&app, &request).await);

        let impostor = TestKiosk { key: SigningKey::from_bytes(&rand_seed()), id: kiosk.id.clone() };
        refused(impostor.call(&app, "GET", "/status", Value::Null).await);

        let mut tampered = kiosk.sign(&app, "POST", "/lookup", &json!({ "code": "AAAA-AAAA-AAAA" }));
        tampered.body = json!({ "code": "BBBB-BBBB-BBBB" }).to_string().into_bytes();
        refused(send(&app, &tampered).await);

        let mut moved = kiosk.sign(&app, "POST", "/claims", &json!({}));
        moved.path = format!("{}/lookup", wire::API_PREFIX);
        refused(send(&app, &moved).await);

        let mut late = kiosk.sign(&app, "GET", "/status", &Value::Null);
        let time = app.clock.now() - wire::MAX_CLOCK_SKEW_SECS - 1;
        late.time = time.to_string();
        late.signature =
            wire::sign_request(&kiosk.key, late.method, &late.path, time, &late.nonce, &late.body);
        refused(send(&app, &late).await);

        let unknown = TestKiosk { key: SigningKey::from_bytes(&rand_seed()), id: new_id() };
        refused(unknown.call(&app, "GET", "/status", Value::Null).await);

        let (status, body) = app.call_json(&admin, "kiosks/disable", &[("kiosk_id", &kiosk.id)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        refused(kiosk.call(&app, "GET", "/status", Value::Null).await);
        assert!(app.audit_actions_logged().await.iter().any(|a| a == "kiosk.disabled"), "{backend:?}");
    }
}

#[tokio::test]
async fn hostile_signed_requests_are_refused_and_write_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let genuine = kiosk.sign(&app, "POST", "/lookup", &json!({ "code": "2345-6789-ABCD" }));
        let seed = mutant_seed();
        let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
        type Set = fn(&mut Signed, String, Vec<u8>);
        let parts: [(&str, &[u8], Set); 6] = [
            ("kiosk id", genuine.kiosk_id.as_bytes(), |r, t, _| r.kiosk_id = t),
            ("time", genuine.time.as_bytes(), |r, t, _| r.time = t),
            ("nonce", genuine.nonce.as_bytes(), |r, t, _| r.nonce = t),
            ("signature", genuine.signature.as_bytes(), |r, t, _| r.signature = t),
            ("path", genuine.path.as_bytes(), |r, t, _| r.path = t),
            ("body", &genuine.body, |r, _, b| r.body = b),
        ];
        let nonces = || async {
            let mut conn = app.state.store.pool().acquire().await.expect("conn");
            let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM kiosk_nonces")
                .fetch_one(&mut *conn)
                .await
                .expect("nonces");
            count
        };
        let before = nonces().await;
        let mut sent = 0;
        for (part, (name, original, set)) in parts.into_iter().enumerate() {
            for (i, bytes) in mutants(original, 50, seed + part as u64).into_iter().enumerate() {
                let mut request = genuine.clone();
                set(&mut request, text(bytes.clone()), bytes);
                // A path the client would normalise back to the genuine one is not a mutant.
                let url = reqwest::Url::parse(&app.url(&request.path));
                if name == "path" && url.is_ok_and(|u| u.path() == genuine.path) {
                    continue;
                }
                // What HTTP cannot carry never reaches the server.
                let Ok((status, body)) = try_send(&app, &request).await else { continue };
                sent += 1;
                assert!(
                    [StatusCode::UNAUTHORIZED, StatusCode::NOT_FOUND, StatusCode::METHOD_NOT_ALLOWED]
                        .contains(&status),
                    "{backend:?}, seed {seed}, {name} mutant {i}: {status} {body}"
                );
            }
        }
        assert!(sent > 200, "{backend:?}: most mutants reach the server ({sent} did)");
        assert_eq!(nonces().await, before, "{backend:?}: no mutant left a nonce");
        let (status, body) = send(&app, &genuine).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend:?}: the genuine request still passes: {body}");
    }
}

#[tokio::test]
async fn a_kiosk_issues_one_card_and_door_systems_see_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let hr = app.signed_in(Role::Hr).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let other_kiosk = new_kiosk(&app, &admin).await;
        let (hire, hire_id) = completed_hire(&app).await;
        let (code, pin) = pickup(&app, &hire).await;
        assert!(pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()), "{pin}");

        let grant = grant_of(&app, &kiosk, &code).await;
        let number = app.employee_number(&hire_id).await;
        assert_eq!((grant.employee_number.as_str(), grant.name.as_str()), (number.as_str(), "山田 太郎"));
        let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, &wrong(&pin))).await;
        assert_eq!(
            (status, body["error"].as_str(), body["attempts_left"].as_u64()),
            (StatusCode::FORBIDDEN, Some("pin_wrong"), Some(4)),
            "{backend:?}"
        );
        let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, &pin)).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        let (status, _) = kiosk.call(&app, "POST", "/claims", claim(&grant, &pin)).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: a retried claim from the same kiosk");
        let (status, body) = other_kiosk.call(&app, "POST", "/claims", claim(&grant, &pin)).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::CONFLICT, Some("not_claimable")),
            "{backend:?}"
        );
        assert_eq!(card_status(&app, &hire).await, json!("AtKiosk"));

        let confirm = format!("/claims/{}/confirm", grant.grant_id);
        let (status, first) =
            kiosk.call(&app, "POST", &confirm, json!({ "card_uid": "04a1b2c3d4e5f6" })).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {first}");
        let (status, again) =
            kiosk.call(&app, "POST", &confirm, json!({ "card_uid": "04A1B2C3D4E5F6" })).await;
        assert_eq!(
            (status, &again),
            (StatusCode::OK, &first),
            "{backend:?}: a retried confirm issues nothing new"
        );
        let (status, _) =
            other_kiosk.call(&app, "POST", &confirm, json!({ "card_uid": "04A1B2C3D4E5F7" })).await;
        assert_eq!(status, StatusCode::CONFLICT, "{backend:?}");
        assert_eq!(card_status(&app, &hire).await, json!("Issued"));

        let (status, token) = app.call_json(&admin, "door-tokens/create", &[("name", "入退室")]).await;
        assert_eq!(status, StatusCode::OK, "{token}");
        let token = token["secret"].as_str().expect("token").to_owned();
        let response = door_cards(&app, &token, "/api/door/v1/cards").await;
        assert_eq!(response.status(), StatusCode::OK);
        let listed: Value = response.json().await.expect("json");
        let card = &listed["cards"][0];
        assert_eq!(
            listed["cards"],
            json!([{
                "uid": "04A1B2C3D4E5F6",
                "employee_number": number,
                "issued_at": card["issued_at"],
                "valid_until": card["valid_until"],
                "sites": ["本社"],
                "exceptions": [],
            }])
        );
        assert!(card["valid_until"].is_string(), "{backend:?}: the training's end: {card}");
        let csv = door_cards(&app, &token, "/api/door/v1/cards.csv").await.text().await.expect("csv");
        let row = format!("uid,employee_number,issued_at,valid_until,site\r\n04A1B2C3D4E5F6,{number},");
        assert!(csv.starts_with(&row), "{csv}");
        assert_eq!(
            door_cards(&app, "mamoru_door_wrong", "/api/door/v1/cards").await.status(),
            StatusCode::UNAUTHORIZED
        );
        let (_, tokens) = app.call_json(&admin, "door-tokens/list", &[]).await;
        let token_id = tokens[0]["id"].as_str().expect("token id");
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let reads = audit::about(&mut conn, token_id).await.expect("audit");
        let reads = reads.iter().filter(|e| e.action == AuditAction::DoorCardsRead).count();
        assert_eq!(reads, 2, "{backend:?}: every accepted read is logged");
        let events = audit::about(&mut conn, &hire_id).await.expect("audit");
        let actions: Vec<&str> = events.iter().map(|e| e.action.name()).collect();
        for action in ["card.granted", "card.pin_set", "card.pin_failed", "card.claimed", "card.issued"] {
            assert!(actions.contains(&action), "{backend:?}: {action} in {actions:?}");
        }

        // Lost: the card stops opening doors and a new grant waits, without retraining.
        let (status, body) =
            app.call_json(&hr, "cards/end", &[("user_id", hire_id.as_str()), ("reason", "Lost")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let listed: Value = door_cards(&app, &token, "/api/door/v1/cards").await.json().await.expect("json");
        assert_eq!(listed["cards"], json!([]), "{backend:?}");
        let (new_code, _) = pickup(&app, &hire).await;
        assert_ne!(new_code, code);
        let (status, body) = kiosk.call(&app, "POST", "/lookup", json!({ "code": code })).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::CONFLICT, Some("not_claimable")),
            "{backend:?}: the old grant"
        );

        // A revoked token reads nothing from then on.
        let (status, body) = app.call_json(&admin, "door-tokens/revoke", &[("token_id", token_id)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(door_cards(&app, &token, "/api/door/v1/cards").await.status(), StatusCode::UNAUTHORIZED);
        let actions = app.audit_actions_logged().await;
        for action in
            ["kiosk.enrollment_created", "kiosk.enrolled", "door_token.created", "door_token.revoked"]
        {
            assert!(actions.iter().any(|a| a == action), "{backend:?}: {action} in {actions:?}");
        }
    }
}

#[tokio::test]
async fn five_wrong_pins_lock_the_grant_until_hr_reissues_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let hr = app.signed_in(Role::Hr).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let (hire, hire_id) = completed_hire(&app).await;
        let (code, pin) = pickup(&app, &hire).await;
        let grant = grant_of(&app, &kiosk, &code).await;
        for left in (1..=4).rev() {
            let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, &wrong(&pin))).await;
            assert_eq!(
                (status, body["attempts_left"].as_u64()),
                (StatusCode::FORBIDDEN, Some(left)),
                "{backend:?}"
            );
        }
        let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, "12345")).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::LOCKED, Some("locked")),
            "{backend:?}: the fifth"
        );
        let (status, _) = kiosk.call(&app, "POST", "/claims", claim(&grant, &pin)).await;
        assert_eq!(status, StatusCode::LOCKED, "{backend:?}: even the right PIN");
        assert_eq!(card_status(&app, &hire).await, json!("Locked"));
        let (status, body) = app.call_json(&hire, "cards/pin", &[]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "GrantLocked"));

        let (status, body) = app.call_json(&hire, "cards/reissue", &[("user_id", hire_id.as_str())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        let (status, body) = app.call_json(&hr, "cards/reissue", &[("user_id", hire_id.as_str())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (new_code, new_pin) = pickup(&app, &hire).await;
        let grant = grant_of(&app, &kiosk, &new_code).await;
        let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, &new_pin)).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        let (status, body) = app.call_json(&hr, "cards/reissue", &[("user_id", hire_id.as_str())]).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "NotReissuable"),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_card_uid_is_active_for_one_person_and_a_failed_read_gives_the_grant_back() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let mut grants = Vec::new();
        for _ in 0..2 {
            let (hire, id) = completed_hire(&app).await;
            let (code, pin) = pickup(&app, &hire).await;
            let grant = grant_of(&app, &kiosk, &code).await;
            let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, &pin)).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            grants.push((grant, pin, hire, id));
        }
        let confirm = |grant: &GrantClaims| format!("/claims/{}/confirm", grant.grant_id);
        let (first, second) = (&grants[0], &grants[1]);
        let (status, _) =
            kiosk.call(&app, "POST", &confirm(&first.0), json!({ "card_uid": "DEADBEEF" })).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) =
            kiosk.call(&app, "POST", &confirm(&second.0), json!({ "card_uid": "deadbeef" })).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::CONFLICT, Some("card_in_use")),
            "{backend:?}"
        );
        let (status, body) =
            kiosk.call(&app, "POST", &confirm(&second.0), json!({ "card_uid": "not hex" })).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_request")),
            "{backend:?}"
        );

        let abort = format!("/claims/{}/abort", second.0.grant_id);
        let (status, body) = kiosk.call(&app, "POST", &abort, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(card_status(&app, &second.2).await, json!("Waiting"), "{backend:?}: claimable again");
        let (status, _) =
            kiosk.call(&app, "POST", &confirm(&second.0), json!({ "card_uid": "CAFEF00D" })).await;
        assert_eq!(status, StatusCode::CONFLICT, "{backend:?}: confirm needs a claim");
        let (status, _) = kiosk.call(&app, "POST", "/claims", claim(&second.0, &second.1)).await;
        assert_eq!(status, StatusCode::OK);
        // A FeliCa card: its 8-byte IDm is its UID. Nine bytes are neither.
        let (status, body) =
            kiosk.call(&app, "POST", &confirm(&second.0), json!({ "card_uid": "012E4CD1A0B3C5D7A1" })).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_request")));
        let (status, _) =
            kiosk.call(&app, "POST", &confirm(&second.0), json!({ "card_uid": "012e4cd1a0b3c5d7" })).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}");
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let card =
            mamoru_core::store::cards::active_by_uid(&mut conn, "012E4CD1A0B3C5D7").await.expect("query");
        assert_eq!(
            card.map(|card| card.user_id),
            Some(second.3.clone()),
            "{backend:?}: stored as upper-case hex"
        );
    }
}

#[tokio::test]
async fn without_completion_no_route_gives_a_grant() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let hire = app.signed_in(Role::Hire).await;
        assert_eq!(card_status(&app, &hire).await, Value::Null);
        let (status, body) = app.call_json(&hire, "cards/pin", &[]).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "NoGrantWaiting"),
            "{backend:?}"
        );
        let (status, _) = kiosk.call(&app, "POST", "/lookup", json!({ "code": "2345-6789-ABCD" })).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend:?}");
        let forged = json!({ "grant_id": new_id(), "pin": "123456" });
        let (status, _) = kiosk.call(&app, "POST", "/claims", forged).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend:?}");
    }
}

#[tokio::test]
async fn disabling_a_leaver_revokes_their_card_at_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let (hire, hire_id) = completed_hire(&app).await;
        let (code, pin) = pickup(&app, &hire).await;
        let grant = grant_of(&app, &kiosk, &code).await;
        let (status, _) = kiosk.call(&app, "POST", "/claims", claim(&grant, &pin)).await;
        assert_eq!(status, StatusCode::OK);
        let confirm = format!("/claims/{}/confirm", grant.grant_id);
        let (status, _) = kiosk.call(&app, "POST", &confirm, json!({ "card_uid": "04A1B2C3D4E5F6" })).await;
        assert_eq!(status, StatusCode::OK);
        let (_, token) = app.call_json(&admin, "door-tokens/create", &[("name", "入退室")]).await;
        let token = token["secret"].as_str().expect("token").to_owned();
        let listed: Value = door_cards(&app, &token, "/api/door/v1/cards").await.json().await.expect("json");
        assert_eq!(listed["cards"].as_array().map(Vec::len), Some(1), "{backend:?}");

        let (status, body) = app.call_json(&admin, "staff/disable", &[("user_id", hire_id.as_str())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let listed: Value = door_cards(&app, &token, "/api/door/v1/cards").await.json().await.expect("json");
        assert_eq!(listed["cards"], json!([]), "{backend:?}: the leaver's card opens nothing");
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let events = audit::about(&mut conn, &hire_id).await.expect("audit");
        assert!(events.iter().any(|e| e.action == AuditAction::CardRevoked), "{backend:?}");
        let outstanding = mamoru_core::cards::outstanding(&mut conn, &hire_id).await.expect("grants");
        assert_eq!(outstanding, None, "{backend:?}: and no new grant");
    }
}
