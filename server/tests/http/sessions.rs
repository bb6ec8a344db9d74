//! Session lifetime: a new id at sign-in, idle and absolute expiry, sign-out, disabling.

use crate::harness::{PASSWORD, backends, client, spawn_app};
use mamoru_types::domain::Role;
use reqwest::StatusCode;
use reqwest::header::SET_COOKIE;

#[tokio::test]
async fn sign_in_sets_a_strict_http_only_cookie_with_a_new_id_each_time() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let browser = client();
        let first =
            app.call(&browser, "auth/sign_in", &[("email", "hr@example.jp"), ("password", PASSWORD)]).await;
        let cookie = first.headers().get(SET_COOKIE).expect("cookie").to_str().expect("ascii").to_owned();
        assert!(cookie.starts_with("mamoru_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"),
            "{cookie}"
        );
        let second =
            app.call(&browser, "auth/sign_in", &[("email", "hr@example.jp"), ("password", PASSWORD)]).await;
        let cookie2 = second.headers().get(SET_COOKIE).expect("cookie").to_str().expect("ascii").to_owned();
        assert_ne!(cookie, cookie2, "{backend:?}: a fresh session id at every sign-in");
        let user = mamoru_core::accounts::user_id_by_email(
            &app.state,
            &mamoru_types::domain::Email::parse("hr@example.jp").expect("email"),
        )
        .await
        .expect("user");
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let sessions = mamoru_core::store::sessions::count_for_user(&mut conn, &user).await.expect("count");
        assert_eq!(sessions, 1, "{backend:?}: signing in again ended the previous session");
    }
}

#[tokio::test]
async fn an_idle_session_ends_after_fifteen_minutes() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let browser = app.signed_in(Role::Hr).await;
        app.clock.advance(14 * 60);
        assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"), "{backend:?}: still active");
        app.clock.advance(14 * 60);
        assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"), "{backend:?}: activity kept it alive");
        app.clock.advance(15 * 60);
        assert_eq!(app.whoami(&browser).await, None, "{backend:?}: idle too long");
    }
}

#[tokio::test]
async fn signing_in_over_an_idled_out_session_keeps_the_new_one() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let browser = client();
        assert_eq!(app.sign_in(&browser, "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
        app.clock.advance(16 * 60);
        // The stale cookie travels with the sign-in: the answer must not clear the new one.
        assert_eq!(app.sign_in(&browser, "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
        assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"), "{backend:?}");
    }
}

#[tokio::test]
async fn an_active_session_still_ends_after_twelve_hours() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let browser = app.signed_in(Role::Hire).await;
        for _ in 0..(12 * 60 / 10 - 1) {
            app.clock.advance(10 * 60);
            assert_eq!(app.whoami(&browser).await.as_deref(), Some("hire"));
        }
        app.clock.advance(10 * 60);
        assert_eq!(app.whoami(&browser).await, None, "{backend:?}: absolute lifetime");
    }
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let browser = client();
        let response =
            app.call(&browser, "auth/sign_in", &[("email", "hr@example.jp"), ("password", PASSWORD)]).await;
        let cookie = response.headers().get(SET_COOKIE).expect("cookie").to_str().expect("ascii");
        let stolen = cookie.split(';').next().expect("pair").to_owned();
        assert_eq!(app.call(&browser, "auth/sign_out", &[]).await.status(), 200);
        assert_eq!(app.whoami(&browser).await, None);
        // A copy of the old cookie is worthless now.
        let replay = reqwest::Client::new()
            .post(app.url("/api/whoami"))
            .header(reqwest::header::COOKIE, stolen)
            .send()
            .await
            .expect("request");
        assert_eq!(replay.text().await.expect("body"), "null", "{backend:?}");
    }
}

#[tokio::test]
async fn disabling_an_account_ends_its_sessions_at_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let hr_id = app.create_user(Role::Hr, "hr@example.jp").await;
        let hr = client();
        assert_eq!(app.sign_in(&hr, "hr@example.jp", PASSWORD).await.0, 200);
        assert_eq!(app.call(&admin, "staff/disable", &[("user_id", hr_id.as_str())]).await.status(), 200);
        assert_eq!(app.whoami(&hr).await, None, "{backend:?}");
        assert_eq!(
            app.sign_in(&client(), "hr@example.jp", PASSWORD).await.0,
            401,
            "{backend:?}: disabled accounts cannot sign in"
        );
    }
}
