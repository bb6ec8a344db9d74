//! Session lifetime: a new id at sign-in, idle and absolute expiry, sign-out, disabling.

use crate::harness::{PASSWORD, backends, client, error_kind, spawn_app};
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

/// A client that names itself as `user_agent` does.
fn browser_named(user_agent: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

const FIREFOX_ON_WINDOWS: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME_ON_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

#[tokio::test]
async fn a_person_sees_where_they_are_signed_in_and_signs_out_another_session() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let (desk, phone) = (browser_named(FIREFOX_ON_WINDOWS), browser_named(CHROME_ON_ANDROID));
        for browser in [&desk, &phone] {
            assert_eq!(app.sign_in(browser, "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
        }
        let (status, listed) = app.call_json(&desk, "auth/sessions", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {listed}");
        let rows = listed.as_array().expect("a list");
        let seen: Vec<_> = rows
            .iter()
            .map(|s| (s["browser"].as_str(), s["address"].as_str(), s["current"].as_bool()))
            .collect();
        assert_eq!(
            seen,
            [
                (Some("Firefox · Windows"), Some("127.0.0.1"), Some(true)),
                (Some("Chrome · Android"), Some("127.0.0.1"), Some(false)),
            ],
            "{backend:?}: this one first, marked"
        );
        let phone_session = rows[1]["id"].as_str().expect("id").to_owned();

        // Someone else cannot end it, even knowing its id.
        let other = app.signed_in(Role::Hire).await;
        let (status, body) =
            app.call_json(&other, "auth/end_session", &[("session_id", &phone_session)]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::NOT_FOUND, "NotFound"), "{backend:?}");
        assert_eq!(app.whoami(&phone).await.as_deref(), Some("hr"), "{backend:?}");

        let (status, body) =
            app.call_json(&desk, "auth/end_session", &[("session_id", &phone_session)]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(app.whoami(&phone).await, None, "{backend:?}: the phone is signed out");
        assert_eq!(app.whoami(&desk).await.as_deref(), Some("hr"), "{backend:?}: this one goes on");
        let (_, listed) = app.call_json(&desk, "auth/sessions", &[]).await;
        assert_eq!(listed.as_array().map(Vec::len), Some(1), "{backend:?}");
        assert_eq!(app.audit_ips("auth.session_ended").await, [Some("127.0.0.1".to_owned())], "{backend:?}");
    }
}

/// The account page lists the sessions, and its sign-out form works without script.
#[tokio::test]
async fn the_account_page_signs_out_another_session_with_a_plain_form() {
    let app = spawn_app(backends()[0]).await;
    app.create_user(Role::Admin, "admin@example.jp").await;
    let (desk, phone) = (browser_named(FIREFOX_ON_WINDOWS), browser_named(CHROME_ON_ANDROID));
    for browser in [&desk, &phone] {
        assert_eq!(app.sign_in(browser, "admin@example.jp", PASSWORD).await.0, StatusCode::OK);
    }
    let page = app.get(&desk, "/account").await.text().await.expect("html");
    assert!(page.contains("Chrome · Android") && page.contains("この端末"), "{page}");
    assert!(page.contains(r#"action="/api/auth/end_session""#), "a plain form");
    let (_, listed) = app.call_json(&desk, "auth/sessions", &[]).await;
    let phone_session = listed[1]["id"].as_str().expect("id").to_owned();
    let response = desk
        .post(app.url("/api/auth/end_session"))
        .header("accept", "text/html")
        .header("referer", app.url("/account"))
        .form(&[("session_id", phone_session.as_str())])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(location.ends_with("/account?ended=1"), "{location}");
    let page = app.get(&desk, "/account?ended=1").await.text().await.expect("html");
    assert!(page.contains("選んだサインインを終了しました"), "{page}");
    assert!(!page.contains("Chrome · Android"), "{phone_session}: {page}");
    assert_eq!(app.whoami(&phone).await, None);
}
