//! Sign-in limits under attack: bursts cannot beat the lock, the per-address limit spares
//! known devices, hashing is bounded, and nothing unauthenticated hashes before its cheap
//! checks pass.

use crate::harness::{PASSWORD, TestApp, backends, client, error_kind, spawn_app, spawn_app_with};
use mamoru_core::accounts;
use mamoru_core::password::Hasher;
use mamoru_core::throttle::ADDRESS;
use mamoru_types::domain::Role;
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn five_failures_lock_the_email_for_a_growing_time() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        for _ in 0..5 {
            assert_eq!(
                app.sign_in(&client(), "hr@example.jp", "wrong password!!").await.0,
                StatusCode::UNAUTHORIZED
            );
        }
        // Locked: even the right password is refused, and unknown emails lock the same way.
        let (status, body) = app.sign_in(&client(), "hr@example.jp", PASSWORD).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "Locked"),
            "{backend:?}"
        );
        for _ in 0..5 {
            app.sign_in(&client(), "ghost@example.jp", "wrong password!!").await;
        }
        assert_eq!(error_kind(&app.sign_in(&client(), "ghost@example.jp", PASSWORD).await.1), "Locked");

        app.clock.advance(60);
        assert_eq!(
            app.sign_in(&client(), "hr@example.jp", "wrong password!!").await.0,
            StatusCode::UNAUTHORIZED
        );
        app.clock.advance(60);
        assert_eq!(
            error_kind(&app.sign_in(&client(), "hr@example.jp", PASSWORD).await.1),
            "Locked",
            "{backend:?}: second lock is longer"
        );
        app.clock.advance(60);
        assert_eq!(app.sign_in(&client(), "hr@example.jp", PASSWORD).await.0, StatusCode::OK, "{backend:?}");
    }
}

#[tokio::test]
async fn many_failures_from_one_address_are_rate_limited() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        for i in 0..ADDRESS.lock_from {
            let email = format!("guess{i}@example.jp");
            assert_eq!(app.sign_in(&client(), &email, "wrong password!!").await.0, StatusCode::UNAUTHORIZED);
        }
        let (status, body) = app.sign_in(&client(), "hr@example.jp", PASSWORD).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "RateLimited"),
            "{backend:?}"
        );
        app.clock.advance(ADDRESS.lock_secs(ADDRESS.lock_from));
        assert_eq!(app.sign_in(&client(), "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
    }
}

/// Sends `count` sign-ins for `email` with `password` at once, each from a new browser;
/// answers the error kinds (or "ok") in no particular order.
async fn burst(app: &TestApp, email: &str, password: &str, count: usize) -> Vec<String> {
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..count {
        let (base, email, password) = (app.base.clone(), email.to_owned(), password.to_owned());
        requests.spawn(async move {
            let response = client()
                .post(format!("{base}/api/auth/sign_in"))
                .form(&[("email", email.as_str()), ("password", password.as_str())])
                .send()
                .await
                .expect("request");
            let ok = response.status() == StatusCode::OK;
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            if ok { "ok".to_owned() } else { error_kind(&body) }
        });
    }
    let mut kinds = Vec::new();
    while let Some(kind) = requests.join_next().await {
        kinds.push(kind.expect("join"));
    }
    kinds.sort();
    kinds
}

fn count(kinds: &[String], kind: &str) -> usize {
    kinds.iter().filter(|k| *k == kind).count()
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_gets_five_checks_and_then_the_right_one_is_refused() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let kinds = burst(&app, "hr@example.jp", "wrong password!!", 39).await;
        assert_eq!(
            (count(&kinds, "BadCredentials"), count(&kinds, "Locked")),
            (5, 34),
            "{backend:?}: {kinds:?}"
        );
        assert_eq!(app.audit_ips("auth.sign_in_failed").await.len(), 5, "{backend:?}: five checked");
        let (status, body) = app.sign_in(&client(), "hr@example.jp", PASSWORD).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "Locked"),
            "{backend:?}: the right password after the burst"
        );
        app.clock.advance(60);
        assert_eq!(app.sign_in(&client(), "hr@example.jp", PASSWORD).await.0, StatusCode::OK, "{backend:?}");
    }
}

#[tokio::test]
async fn the_right_password_inside_a_burst_is_checked_at_most_as_one_of_five() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let (wrong, right) = tokio::join!(
            burst(&app, "hr@example.jp", "wrong password!!", 30),
            burst(&app, "hr@example.jp", PASSWORD, 10)
        );
        let checked = count(&wrong, "BadCredentials") + count(&right, "ok");
        // A right password among the checked ones starts the count over, so a few more
        // attempts may be checked after it: never more than five wrong ones in a row.
        assert!(
            count(&wrong, "BadCredentials") <= 5 * (1 + count(&right, "ok")),
            "{backend:?}: {wrong:?} {right:?}"
        );
        assert!(checked >= 5, "{backend:?}: the lock needs five attempts: {wrong:?} {right:?}");
        let refused = count(&wrong, "Locked") + count(&right, "Locked");
        assert_eq!(checked + refused, 40, "{backend:?}: every answer is a check or a lock");
    }
}

#[tokio::test]
async fn spraying_from_one_address_spares_a_browser_that_signed_in_there_before() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let usual = client();
        assert_eq!(app.sign_in(&usual, "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
        app.call_json(&usual, "auth/sign_out", &[]).await;
        for i in 0..ADDRESS.lock_from {
            let email = format!("guess{i}@example.jp");
            assert_eq!(app.sign_in(&client(), &email, "wrong password!!").await.0, StatusCode::UNAUTHORIZED);
        }
        let (status, body) = app.sign_in(&client(), "hr@example.jp", PASSWORD).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "RateLimited"),
            "{backend:?}: a new browser at the sprayed address"
        );
        assert_eq!(
            app.sign_in(&usual, "hr@example.jp", PASSWORD).await.0,
            StatusCode::OK,
            "{backend:?}: the usual browser of the account"
        );
        // The device cookie is the account's: it does not open the address to others.
        app.create_user(Role::Hr, "other@example.jp").await;
        assert_eq!(error_kind(&app.sign_in(&usual, "other@example.jp", PASSWORD).await.1), "RateLimited");
        // Nor does it lift the account's own lock.
        for _ in 0..5 {
            app.sign_in(&usual, "hr@example.jp", "wrong password!!").await;
        }
        assert_eq!(
            error_kind(&app.sign_in(&usual, "hr@example.jp", PASSWORD).await.1),
            "Locked",
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_known_device_is_forgotten_when_the_account_is_disabled() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let id = app.create_user(Role::Hr, "hr@example.jp").await;
        let usual = client();
        assert_eq!(app.sign_in(&usual, "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
        accounts::disable(&app.state, None, &id).await.expect("disable");
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let left: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM known_devices WHERE user_id = $1")
            .bind(&id)
            .fetch_all(&mut *conn)
            .await
            .expect("query");
        assert!(left.is_empty(), "{backend:?}");
    }
}

/// An app whose hashing has one turn, held by the test, and a short wait.
async fn saturated(backend: mamoru_core::testing::TestBackend) -> (TestApp, mamoru_core::password::Turn) {
    let app =
        spawn_app_with(backend, |state| state.hasher = Hasher::new(1, Duration::from_millis(200))).await;
    let held = app.state.hasher.turn().await.expect("the one turn");
    (app, held)
}

#[tokio::test]
async fn when_hashing_is_saturated_a_sign_in_is_answered_busy_and_costs_no_attempt() {
    for backend in backends() {
        let (app, held) = saturated(backend).await;
        drop(held);
        app.create_user(Role::Hr, "hr@example.jp").await;
        let held = app.state.hasher.turn().await.expect("the one turn");
        for _ in 0..6 {
            let response =
                app.call(&client(), "auth/sign_in", &[("email", "hr@example.jp"), ("password", "x")]).await;
            assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE, "{backend:?}");
            assert_eq!(response.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("2"));
            let body: serde_json::Value = response.json().await.expect("json");
            assert_eq!(error_kind(&body), "Busy");
        }
        drop(held);
        assert_eq!(
            app.sign_in(&client(), "hr@example.jp", PASSWORD).await.0,
            StatusCode::OK,
            "{backend:?}: the busy answers did not count towards the lock"
        );
    }
}

#[tokio::test]
async fn made_up_invitation_and_setup_links_are_refused_without_hashing() {
    for backend in backends() {
        // Any hash would wait for the held turn and be answered busy: "link invalid" shows
        // the link was looked up first.
        let (app, held) = saturated(backend).await;
        let (status, body) = app.accept_invite(&client(), "made-up-token").await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::NOT_FOUND, "LinkInvalid"),
            "{backend:?}"
        );
        let setup = accounts::setup_link_if_empty(&app.state).await.expect("setup").expect("link");
        let token = setup.rsplit('/').next().expect("token");
        let (status, body) = app.call_json(&client(), "auth/setup", &setup_form("made-up-token")).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::NOT_FOUND, "LinkInvalid"),
            "{backend:?}"
        );
        // A valid setup link once an administrator exists: refused, still without hashing.
        drop(held);
        app.create_user(Role::Admin, "first@example.jp").await;
        let _held = app.state.hasher.turn().await.expect("the one turn");
        let (status, body) = app.call_json(&client(), "auth/setup", &setup_form(token)).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::NOT_FOUND, "LinkInvalid"),
            "{backend:?}"
        );
    }
}

fn setup_form(token: &str) -> [(&'static str, &str); 5] {
    [
        ("token", token),
        ("email", "admin@example.jp"),
        ("name", "管理 者"),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
    ]
}
