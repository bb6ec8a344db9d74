//! Webhooks against a receiver the test starts on loopback: signed with the endpoint's
//! secret, each change delivered once, retried after a failure.

use crate::door::card_holder;
use crate::harness::{TestApp, backends, error_kind, spawn_app_with};
use axum::{Router, body::Bytes, http::HeaderMap, http::StatusCode as AxumStatus, routing::post};
use mamoru_types::domain::Role;
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

/// One request the receiver got: its signature header, its body, and what it answered.
struct Received {
    signature: String,
    body: String,
    answered: u16,
}

/// A receiver on loopback that answers 500 to its first `failures` requests, then 200.
async fn receiver(failures: usize) -> (String, mpsc::UnboundedReceiver<Received>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let left = Arc::new(AtomicUsize::new(failures));
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: Bytes| {
            let (tx, left) = (tx.clone(), left.clone());
            async move {
                let fail =
                    left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1)).is_ok();
                let answered = if fail { AxumStatus::INTERNAL_SERVER_ERROR } else { AxumStatus::OK };
                let signature =
                    headers.get("x-mamoru-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
                let body = String::from_utf8_lossy(&body).into_owned();
                let _ =
                    tx.send(Received { signature: signature.to_owned(), body, answered: answered.as_u16() });
                answered
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, rx)
}

/// An app that sends webhooks only when the test says so.
async fn app_without_timer(backend: mamoru_core::testing::TestBackend) -> TestApp {
    spawn_app_with(backend, |state| {
        let settings = mamoru_core::Settings { webhook_interval_secs: 0, ..(*state.settings).clone() };
        state.settings = Arc::new(settings);
    })
    .await
}

/// The next request the receiver got (the timeout only guards against a hang).
async fn next(rx: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.expect("a delivery in time").expect("open")
}

async fn endpoint(app: &TestApp, url: &str) -> String {
    let admin = app.signed_in(Role::Admin).await;
    let (status, body) = app.call_json(&admin, "webhooks/create", &[("name", "入退室"), ("url", url)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["secret"].as_str().expect("secret").to_owned()
}

/// Checks the signature as a receiver would: HMAC-SHA256 over "timestamp.body".
fn verify(secret: &str, received: &Received) {
    let (t, v1) = received.signature.split_once(",v1=").expect("t=…,v1=…");
    let t = t.strip_prefix("t=").expect("t=");
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = hex::decode(v1).expect("hex");
    ring::hmac::verify(&key, format!("{t}.{}", received.body).as_bytes(), &tag).expect("the signature holds");
}

#[tokio::test]
async fn changes_are_pushed_signed_in_order_and_once() {
    for backend in backends() {
        let app = app_without_timer(backend).await;
        let (url, mut rx) = receiver(0).await;
        let secret = endpoint(&app, &url).await;
        let (_, hire_id) = card_holder(&app, "04A1B2C3D4E5F6").await;
        let hr = app.signed_in(Role::Hr).await;
        let (status, _) =
            app.call_json(&hr, "cards/end", &[("user_id", hire_id.as_str()), ("reason", "Lost")]).await;
        assert_eq!(status, StatusCode::OK);
        // Two instances at once: each change still arrives once.
        let (a, b) = tokio::join!(
            mamoru_core::webhooks::deliver_due(&app.state),
            mamoru_core::webhooks::deliver_due(&app.state)
        );
        a.expect("deliver");
        b.expect("deliver");
        let (first, second) = (next(&mut rx).await, next(&mut rx).await);
        for received in [&first, &second] {
            verify(&secret, received);
        }
        let bodies: Vec<Value> =
            [&first, &second].map(|r| serde_json::from_str(&r.body).expect("json")).into();
        let changes: Vec<(&str, &Value)> =
            bodies.iter().map(|b| (b["change"].as_str().unwrap_or_default(), &b["reason"])).collect();
        assert_eq!(
            changes,
            [("card_added", &Value::Null), ("card_removed", &Value::from("lost"))],
            "{backend:?}"
        );
        assert_ne!(bodies[0]["delivery_id"], bodies[1]["delivery_id"]);
        assert_eq!(bodies[0]["uid"], "04A1B2C3D4E5F6", "{backend:?}");
        mamoru_core::webhooks::deliver_due(&app.state).await.expect("deliver");
        assert!(rx.try_recv().is_err(), "{backend:?}: nothing twice");

        let admin = app.signed_in(Role::Admin).await;
        let (_, hooks) = app.call_json(&admin, "webhooks/list", &[]).await;
        let log = hooks["deliveries"].as_array().expect("log");
        assert_eq!(log.len(), 2, "{backend:?}: {hooks}");
        assert!(log.iter().all(|d| d["delivered_at"].is_i64() && d["last_status"] == 200), "{hooks}");
        assert!(hooks.to_string().find(&secret).is_none(), "{backend:?}: the secret is shown once only");
    }
}

#[tokio::test]
async fn a_failed_delivery_is_retried_after_its_backoff() {
    for backend in backends() {
        let app = app_without_timer(backend).await;
        let (url, mut rx) = receiver(1).await;
        endpoint(&app, &url).await;
        card_holder(&app, "04A1B2C3D4E5F6").await;
        mamoru_core::webhooks::deliver_due(&app.state).await.expect("deliver");
        assert_eq!(next(&mut rx).await.answered, 500, "{backend:?}");
        mamoru_core::webhooks::deliver_due(&app.state).await.expect("deliver");
        assert!(rx.try_recv().is_err(), "{backend:?}: not before its backoff");
        app.clock.advance(mamoru_core::webhooks::backoff_secs(1));
        mamoru_core::webhooks::deliver_due(&app.state).await.expect("deliver");
        let retried = next(&mut rx).await;
        assert_eq!(retried.answered, 200, "{backend:?}");
        let admin = app.signed_in(Role::Admin).await;
        let (_, hooks) = app.call_json(&admin, "webhooks/list", &[]).await;
        assert_eq!(hooks["deliveries"][0]["attempts"], 2, "{backend:?}: {hooks}");
    }
}

#[tokio::test]
async fn an_endpoint_must_be_a_web_address_and_an_unreachable_one_is_logged() {
    for backend in backends() {
        let app = app_without_timer(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        for bad in ["ftp://door.example.jp/hook", "not a url", "https://user:pw@door.example.jp/"] {
            let (status, body) =
                app.call_json(&admin, "webhooks/create", &[("name", "x"), ("url", bad)]).await;
            assert_eq!(
                (status, error_kind(&body).as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, "Input"),
                "{bad}: {body}"
            );
        }
        // A port nobody listens on.
        let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/hook", closed.local_addr().expect("addr"));
        drop(closed);
        endpoint(&app, &url).await;
        card_holder(&app, "04A1B2C3D4E5F6").await;
        mamoru_core::webhooks::deliver_due(&app.state).await.expect("deliver");
        let (_, hooks) = app.call_json(&admin, "webhooks/list", &[]).await;
        let entry = &hooks["deliveries"][0];
        assert!(
            entry["last_error"].as_str().is_some_and(|e| e.contains("cannot reach")),
            "{backend:?}: {hooks}"
        );
        assert!(
            entry["delivered_at"].is_null() && entry["failed_at"].is_null(),
            "{backend:?}: it will be retried"
        );
    }
}
