//! The kiosk UI end to end: its router in process, talking over HTTP to a fake server that
//! checks every request's signature.

mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use kiosk::client::{KioskClient, ServerUrl};
use kiosk::clock::{Clock, ManualClock};
use kiosk::config::DataDir;
use kiosk::enroll::{EnrollError, EnrollOptions, enroll};
use kiosk::issuer::{Issuer, IssuerParts};
use kiosk::reader::{CardReader, CardUid, SimulatedReader};
use kiosk::ui::{self, UiOptions};
use mamoru_seal::ed25519_dalek::{SigningKey, VerifyingKey};
use mamoru_seal::kiosk::{API_PREFIX, GrantClaims};
use mamoru_seal::{Purpose, Sealed};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use support::{ATTEMPTS, Call, FakeServer, PIN};
use tower::ServiceExt;

const NOW: i64 = 1_750_000_000;
const GRANT_ID: &str = "00112233445566778899aabbccddeeff";
const NAME: &str = "山田 太郎";
const UID: &str = "04A1B2C3D4E5F6";
const HOST: &str = "127.0.0.1:8700";
const UNREACHABLE: &str = "サーバーに接続できません。カードは発行できません。係員にお知らせください。";

fn claims(expires_at: i64) -> GrantClaims {
    GrantClaims {
        grant_id: GRANT_ID.into(),
        employee_number: "E-0001".into(),
        name: NAME.into(),
        issued_at: NOW - 100,
        expires_at,
    }
}

fn device_key() -> SigningKey {
    SigningKey::from_bytes(&[9; 32])
}

fn fixed_reader() -> SimulatedReader {
    SimulatedReader::fixed(CardUid::parse(UID).expect("a UID"))
}

/// The kiosk UI with a manual clock, as a test drives it.
struct Kiosk {
    router: Router,
    clock: Arc<ManualClock>,
}

impl Kiosk {
    fn new(server_url: &str, server_key: VerifyingKey, reader: impl CardReader + 'static) -> Kiosk {
        let clock = Arc::new(ManualClock::at_unix(NOW));
        let shared_clock: Arc<dyn Clock> = clock.clone();
        let client = KioskClient::new(
            ServerUrl::parse(server_url).expect("a server URL"),
            support::KIOSK_ID.into(),
            device_key(),
            Arc::clone(&shared_clock),
        )
        .expect("a client");
        let issuer = Issuer::new(IssuerParts {
            client,
            server_key,
            pinned_in: None,
            reader: Arc::new(reader),
            clock: shared_clock,
        });
        Kiosk { router: ui::router(issuer, UiOptions { simulated_reader: true }), clock }
    }

    async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router.clone().oneshot(request).await.expect("the router answers")
    }

    /// The page at `/` (after the redirect every form ends with).
    async fn page(&self) -> String {
        let response = self.send(get("/")).await;
        assert_eq!(response.status(), StatusCode::OK);
        body_text(response).await
    }

    /// Posts a form as the kiosk's own page would, and follows the redirect.
    async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> String {
        let response = self.send(post(path, fields, &[])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(response.headers()[header::LOCATION], "/");
        self.page().await
    }

    /// Scans a token, enters the PIN: the grant is claimed and the card step is shown.
    async fn claimed(&self, token: &str) -> String {
        let page = self.submit("/code", &[("code", token)]).await;
        assert_eq!(step(&page), "pin");
        self.submit("/pin", &[("pin", PIN)]).await
    }
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).header(header::HOST, HOST).body(Body::empty()).expect("a request")
}

fn post(path: &str, fields: &[(&str, &str)], extra: &[(&str, &str)]) -> Request<Body> {
    let body = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    let mut request = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, format!("http://{HOST}"))
        .header("sec-fetch-site", "same-origin");
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    request.body(Body::from(body)).expect("a request")
}

async fn body_text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("a body");
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// The page's `data-step`.
fn step(page: &str) -> &str {
    let start = page.find("data-step=\"").expect("a step") + "data-step=\"".len();
    let end = page[start..].find('"').expect("closed") + start;
    &page[start..end]
}

fn call(path: &str, body: serde_json::Value) -> Call {
    Call { method: "POST".into(), path: format!("{API_PREFIX}{path}"), body }
}

async fn enrolled_kiosk(reader: impl CardReader + 'static) -> (FakeServer, Kiosk) {
    let server = FakeServer::start(Some(device_key().verifying_key())).await;
    let kiosk = Kiosk::new(&server.url, server.server_key(), reader);
    (server, kiosk)
}

#[tokio::test]
async fn a_scanned_grant_and_the_right_pin_issue_the_card_read() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    let start = kiosk.page().await;
    assert_eq!(step(&start), "start");
    assert!(start.contains(r#"<label for="code">受け取りコード</label>"#));

    let token = server.grant_token(&claims(NOW + 3_600));
    let pin_page = kiosk.submit("/code", &[("code", &token)]).await;
    assert_eq!(step(&pin_page), "pin");
    assert!(pin_page.contains("山田 太郎 さん"));
    assert!(pin_page.contains(r#"<label for="pin">PIN</label>"#));
    assert!(server.calls().is_empty(), "a scanned token is checked offline");

    let card_page = kiosk.submit("/pin", &[("pin", PIN)]).await;
    assert_eq!(step(&card_page), "card");
    assert!(card_page.contains("カードをリーダーに置いて「読み取る」を押してください"));
    assert!(card_page.contains(">読み取る</button>"));
    assert!(!card_page.contains(NAME));

    let done = kiosk.submit("/read", &[]).await;
    assert_eq!(step(&done), "done");
    assert!(done.contains("<h1>カードを発行しました</h1>"));
    assert!(!done.contains(NAME));
    assert_eq!(
        server.calls(),
        [
            call("/claims", json!({ "grant_id": GRANT_ID, "pin": PIN })),
            call(&format!("/claims/{GRANT_ID}/confirm"), json!({ "card_uid": UID })),
        ]
    );
    assert_eq!(server.refused(), 0, "every request was signed by the kiosk, with a fresh nonce");

    // Reading again on the done page issues nothing more.
    assert_eq!(step(&kiosk.submit("/read", &[]).await), "done");
    assert_eq!(server.calls().len(), 2);
    assert_eq!(step(&kiosk.submit("/reset", &[]).await), "start");
}

#[tokio::test]
async fn the_simulated_reader_confirms_a_fresh_nxp_uid() {
    let (server, kiosk) = enrolled_kiosk(SimulatedReader::new()).await;
    kiosk.claimed(&server.grant_token(&claims(NOW + 3_600))).await;
    assert_eq!(step(&kiosk.submit("/read", &[]).await), "done");
    let confirm = server.calls().pop().expect("a confirm");
    let uid = confirm.body["card_uid"].as_str().expect("a UID").to_owned();
    assert_eq!(uid.len(), 14);
    assert!(uid.starts_with("04"));
    assert_eq!(CardUid::parse(&uid).expect("valid").to_string(), uid);
}

#[tokio::test]
async fn forged_and_expired_tokens_are_refused_without_asking_the_server_about_them() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    let forged = Sealed::seal(&SigningKey::from_bytes(&[66; 32]), Purpose::CARD_GRANT, &claims(NOW + 3_600))
        .to_token();
    let page = kiosk.submit("/code", &[("code", &forged)]).await;
    assert_eq!(step(&page), "error");
    assert!(page.contains("このコードは使えません"));
    assert!(!page.contains(NAME));

    kiosk.submit("/reset", &[]).await;
    let page = kiosk.submit("/code", &[("code", &server.grant_token(&claims(NOW - 1)))]).await;
    assert_eq!(step(&page), "error");
    assert!(page.contains("有効期限が切れています"));
    assert!(!page.contains(NAME));
    // The one request: whether the server moved to a key the forger's could be (it did not).
    let keys =
        Call { method: "GET".into(), path: format!("{API_PREFIX}/keys"), body: serde_json::Value::Null };
    assert_eq!(server.calls(), [keys]);
    assert_eq!(server.refused(), 0);
}

#[tokio::test]
async fn after_a_key_rotation_the_kiosk_follows_the_old_keys_statement_and_pins_the_new_key() {
    let server = FakeServer::start(None).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let data_dir = DataDir::new(dir.path().join("kiosk-data"));
    let options = EnrollOptions {
        server: ServerUrl::parse(&server.url).expect("a URL"),
        code: support::ENROLL_CODE.into(),
        name: "lobby".into(),
        data_dir: data_dir.clone(),
        force: false,
    };
    enroll(options).await.expect("enrolls");
    let old = SigningKey::from_bytes(&[42; 32]);
    let (loaded, device) = data_dir.load().expect("loads");
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::at_unix(NOW));
    let client =
        KioskClient::new(loaded.server_url, loaded.kiosk_id, device.into_signing_key(), clock.clone())
            .expect("a client");
    let kiosk = Issuer::new(IssuerParts {
        client,
        server_key: loaded.server_key,
        pinned_in: Some(data_dir.clone()),
        reader: Arc::new(fixed_reader()),
        clock,
    });

    // A move sealed by a forger who claims the pinned key's id moves nothing.
    let forger = SigningKey::from_bytes(&[66; 32]);
    server.rotate(forger.clone(), &forger);
    assert!(!kiosk.follow_key_moves().await);
    assert_eq!(kiosk.pinned_key(), old.verifying_key());

    // The real rotation, sealed by the pinned key. The first grant sealed with the new key
    // makes the kiosk follow it: the grant is genuine, the new key pinned for the next start.
    let new = SigningKey::from_bytes(&[43; 32]);
    server.rotate(new.clone(), &old);
    kiosk.submit_code(&server.grant_token(&claims(NOW + 3_600))).await;
    assert!(matches!(kiosk.view().step, kiosk::flow::Step::Pin { .. }), "{:?}", kiosk.view().step);
    assert_eq!(kiosk.pinned_key(), new.verifying_key());
    assert_eq!(data_dir.load().expect("loads").0.server_key, new.verifying_key());
    assert!(!kiosk.follow_key_moves().await, "nothing further to follow");
}

#[tokio::test]
async fn a_typed_code_is_looked_up_and_its_token_verified() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    server.add_code("ABCD-EFGH-JKMN", &server.grant_token(&claims(NOW + 3_600)));

    let unknown = kiosk.submit("/code", &[("code", "2345-6789-ABCD")]).await;
    assert_eq!(step(&unknown), "start");
    assert!(unknown.contains("この受け取りコードは見つかりません"));
    let malformed = kiosk.submit("/code", &[("code", "hello")]).await;
    assert_eq!(step(&malformed), "start");
    assert!(malformed.contains("コードを読み取れませんでした"));

    let pin_page = kiosk.submit("/code", &[("code", "abcd efgh jkmn")]).await;
    assert_eq!(step(&pin_page), "pin");
    assert!(pin_page.contains("山田 太郎 さん"));
    assert_eq!(
        server.calls(),
        [
            call("/lookup", json!({ "code": "2345-6789-ABCD" })),
            call("/lookup", json!({ "code": "ABCD-EFGH-JKMN" }))
        ]
    );
}

#[tokio::test]
async fn a_looked_up_token_is_verified_like_a_scanned_one() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    let forged = Sealed::seal(&SigningKey::from_bytes(&[66; 32]), Purpose::CARD_GRANT, &claims(NOW + 3_600))
        .to_token();
    server.add_code("ABCD-EFGH-JKMN", &forged);
    let page = kiosk.submit("/code", &[("code", "ABCD-EFGH-JKMN")]).await;
    assert_eq!(step(&page), "error");
    assert!(!page.contains(NAME));
    let paths: Vec<String> = server.calls().into_iter().map(|c| c.path).collect();
    assert_eq!(paths, [format!("{API_PREFIX}/lookup"), format!("{API_PREFIX}/keys")], "no claim");
}

#[tokio::test]
async fn a_wrong_pin_shows_the_attempts_left_until_the_code_locks() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    kiosk.submit("/code", &[("code", &server.grant_token(&claims(NOW + 3_600)))]).await;

    let short = kiosk.submit("/pin", &[("pin", "123")]).await;
    assert_eq!(step(&short), "pin");
    assert!(short.contains("PINは6桁の数字です"));
    assert!(server.calls().is_empty(), "a malformed PIN is not sent");

    let wrong = kiosk.submit("/pin", &[("pin", "000000")]).await;
    assert_eq!(step(&wrong), "pin");
    assert!(wrong.contains(&format!("あと{}回", ATTEMPTS - 1)), "{wrong}");
    for _ in 1..ATTEMPTS - 1 {
        kiosk.submit("/pin", &[("pin", "000000")]).await;
    }
    let locked = kiosk.submit("/pin", &[("pin", "000000")]).await;
    assert_eq!(step(&locked), "error");
    assert!(locked.contains("HRに連絡してください"));
    assert!(!locked.contains(NAME));
    assert_eq!(server.calls().len(), ATTEMPTS as usize);
}

#[tokio::test]
async fn a_failed_read_gives_the_claim_back() {
    let (server, kiosk) = enrolled_kiosk(SimulatedReader::failing()).await;
    kiosk.claimed(&server.grant_token(&claims(NOW + 3_600))).await;
    let page = kiosk.submit("/read", &[]).await;
    assert_eq!(step(&page), "error");
    assert!(page.contains("カードを読み取れませんでした"));
    assert!(page.contains(r#"action="/reset""#), "a way back to the start");
    assert_eq!(
        server.calls(),
        [
            call("/claims", json!({ "grant_id": GRANT_ID, "pin": PIN })),
            Call {
                method: "POST".into(),
                path: format!("{API_PREFIX}/claims/{GRANT_ID}/abort"),
                body: json!(null)
            },
        ]
    );
    assert_eq!(step(&kiosk.submit("/reset", &[]).await), "start");
}

#[tokio::test]
async fn a_card_already_in_use_keeps_the_claim_for_another_card() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    server.mark_card_in_use(UID);
    kiosk.claimed(&server.grant_token(&claims(NOW + 3_600))).await;
    let page = kiosk.submit("/read", &[]).await;
    assert_eq!(step(&page), "card");
    assert!(page.contains("このカードはすでに使われています"));
    assert!(!server.calls().iter().any(|call| call.path.ends_with("/abort")));
}

#[tokio::test]
async fn an_unreachable_server_issues_nothing_and_says_so() {
    // A port that was just free: nothing listens there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let url = format!("http://{}", closed.local_addr().expect("an address"));
    drop(closed);
    let server_key = SigningKey::from_bytes(&[42; 32]);
    let token = Sealed::seal(&server_key, Purpose::CARD_GRANT, &claims(NOW + 3_600)).to_token();
    let kiosk = Kiosk::new(&url, server_key.verifying_key(), fixed_reader());

    assert_eq!(step(&kiosk.submit("/code", &[("code", &token)]).await), "pin");
    let page = kiosk.submit("/pin", &[("pin", PIN)]).await;
    assert_eq!(step(&page), "error");
    assert!(page.contains(UNREACHABLE));
    assert!(!page.contains("カードを発行しました"));

    kiosk.submit("/reset", &[]).await;
    let page = kiosk.submit("/code", &[("code", "ABCD-EFGH-JKMN")]).await;
    assert_eq!(step(&page), "error");
    assert!(page.contains(UNREACHABLE));
    let english = kiosk.send(get("/?lang=en")).await;
    assert!(body_text(english).await.contains("Cannot connect to the server. No card can be issued."));
}

#[tokio::test]
async fn an_idle_kiosk_gives_the_claim_back_and_forgets_the_person() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    let token = server.grant_token(&claims(NOW + 3_600));
    kiosk.claimed(&token).await;
    kiosk.clock.advance(Duration::from_secs(59));
    assert_eq!(step(&kiosk.page().await), "card");
    kiosk.clock.advance(Duration::from_secs(1));
    let page = kiosk.page().await;
    assert_eq!(step(&page), "start");
    assert!(!page.contains(NAME));
    assert_eq!(
        server.calls().last(),
        Some(&Call {
            method: "POST".into(),
            path: format!("{API_PREFIX}/claims/{GRANT_ID}/abort"),
            body: json!(null)
        })
    );

    // A name on the PIN page is forgotten too; there is no claim to give back.
    let calls = server.calls().len();
    kiosk.submit("/code", &[("code", &token)]).await;
    kiosk.clock.advance(Duration::from_secs(60));
    let page = kiosk.page().await;
    assert_eq!(step(&page), "start");
    assert!(!page.contains(NAME));
    assert_eq!(server.calls().len(), calls);

    // A PIN form left open past the limit acts on a fresh start page: nothing is claimed.
    kiosk.submit("/code", &[("code", &token)]).await;
    kiosk.clock.advance(Duration::from_secs(60));
    let response = kiosk.send(post("/pin", &[("pin", PIN)], &[])).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(step(&kiosk.page().await), "start");
    assert_eq!(server.calls().len(), calls);
}

#[tokio::test]
async fn continue_on_the_idle_warning_keeps_the_person_s_step() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    let token = server.grant_token(&claims(NOW + 3_600));
    let pin_page = kiosk.submit("/code", &[("code", &token)]).await;
    assert!(pin_page.contains(r#"<body data-idle="60">"#), "the page warns before its reset");
    assert!(pin_page.contains(r#"<form method="post" action="/stay">"#));
    kiosk.clock.advance(Duration::from_secs(45));
    assert_eq!(step(&kiosk.submit("/stay", &[("lang", "ja")]).await), "pin");
    kiosk.clock.advance(Duration::from_secs(45));
    let page = kiosk.page().await;
    assert_eq!(step(&page), "pin", "the wait started again at “Continue”");
    assert!(page.contains(NAME));

    // Too late: the flow was reset meanwhile, and “Continue” shows the clean start page.
    kiosk.clock.advance(Duration::from_secs(60));
    let page = kiosk.submit("/stay", &[("lang", "ja")]).await;
    assert_eq!(step(&page), "start");
    assert!(!page.contains(NAME));
    assert!(page.contains("<body>"), "a clean start page has nothing to time out");
}

#[tokio::test]
async fn posts_from_other_origins_are_refused() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    let token = server.grant_token(&claims(NOW + 3_600));
    for extra in [
        &[("origin", "https://evil.example")][..],
        &[("origin", "null")],
        &[("sec-fetch-site", "cross-site")],
        &[("host", "rebound.evil.example:8700")],
    ] {
        let mut request = post("/code", &[("code", &token)], &[]);
        for (name, value) in extra {
            request.headers_mut().insert(*name, value.parse().expect("a header value"));
        }
        let response = kiosk.send(request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{extra:?}");
        assert!(response.headers().contains_key(header::CONTENT_SECURITY_POLICY));
    }
    let mut rebound = get("/");
    rebound.headers_mut().insert(header::HOST, "rebound.evil.example:8700".parse().expect("a host"));
    assert_eq!(kiosk.send(rebound).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(step(&kiosk.page().await), "start");
    assert!(server.calls().is_empty());
}

#[tokio::test]
async fn pages_carry_a_strict_policy_and_are_never_cached() {
    let (_server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    let response = kiosk.send(get("/")).await;
    let headers = response.headers();
    assert_eq!(
        headers[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    );
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin", "keeps Origin on form posts");
    let page = body_text(response).await;
    assert!(!page.contains("http-equiv"), "no reload without warning");
    assert!(page.contains(r#"<main id="main" data-step="start">"#));
    assert!(!page.contains("<script"));

    let css = kiosk.send(get("/kiosk.css")).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(css.headers()[header::CONTENT_TYPE], "text/css; charset=utf-8");
    let css = body_text(css).await;
    assert!(css.contains(":focus-visible"));
    assert!(css.contains(r#"body[data-idle="60"] .idle-over"#), "the idle animations are served");
}

#[tokio::test]
async fn english_is_one_tap_away_and_stays_for_the_flow() {
    let (server, kiosk) = enrolled_kiosk(fixed_reader()).await;
    let english = kiosk.submit("/lang", &[("lang", "en")]).await;
    assert!(english.contains(r#"<html lang="en">"#));
    assert!(english.contains("Pickup code"));
    let pin_page = kiosk.submit("/code", &[("code", &server.grant_token(&claims(NOW + 3_600)))]).await;
    assert!(pin_page.contains("Enter the 6-digit PIN"));
    assert!(
        kiosk.submit("/reset", &[]).await.contains(r#"<html lang="ja">"#),
        "the next person starts in Japanese"
    );

    let shown = body_text(kiosk.send(get("/?lang=en")).await).await;
    assert!(shown.contains("Collect your staff card"));
    assert!(shown.contains(r#"<input type="hidden" name="lang" value="en">"#));
}

#[tokio::test]
async fn enrollment_pins_the_server_key_and_the_kiosk_then_works() {
    let server = FakeServer::start(None).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let data_dir = DataDir::new(dir.path().join("kiosk-data"));
    let options = |code: &str| EnrollOptions {
        server: ServerUrl::parse(&server.url).expect("a URL"),
        code: code.into(),
        name: "lobby".into(),
        data_dir: data_dir.clone(),
        force: false,
    };
    let refused = enroll(options("WRONG")).await;
    assert!(matches!(refused, Err(EnrollError::CodeInvalid)), "{refused:?}");
    assert_eq!(
        refused.map(|_| ()).expect_err("refused").to_string(),
        "the enrollment code is unknown, used or expired: ask an admin for a new one"
    );
    assert!(!data_dir.is_enrolled());

    let enrollment = enroll(options(support::ENROLL_CODE)).await.expect("enrolls");
    assert_eq!(enrollment.kiosk_id, support::KIOSK_ID);
    assert_eq!(enrollment.server_key, server.server_key());
    let (loaded, device_key) = data_dir.load().expect("loads");
    assert_eq!(loaded, enrollment);

    let clock: Arc<dyn Clock> = Arc::new(ManualClock::at_unix(NOW));
    let client =
        KioskClient::new(loaded.server_url, loaded.kiosk_id, device_key.into_signing_key(), clock.clone())
            .expect("a client");
    let issuer = Issuer::new(IssuerParts {
        client,
        server_key: loaded.server_key,
        pinned_in: Some(data_dir.clone()),
        reader: Arc::new(fixed_reader()),
        clock,
    });
    assert_eq!(issuer.check_server().await.expect("accepted").kiosk_id, support::KIOSK_ID);
    assert_eq!(server.refused(), 0);

    let again = enroll(options(support::ENROLL_CODE)).await;
    assert!(matches!(again, Err(EnrollError::AlreadyEnrolled { .. })), "{again:?}");
}
