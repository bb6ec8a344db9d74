//! The second factor: setting up an authenticator (required for some roles, chosen by
//! others), codes at sign-in that work once and have their own limit, recovery codes, and
//! an administrator removing a lost authenticator.

use crate::harness::{PASSWORD, TestApp, backends, client, error_kind, spawn_app_with};
use mamoru_core::testing::{TestBackend, totp_code};
use mamoru_types::domain::{Role, UserId};
use reqwest::{Client, StatusCode};
use std::sync::Arc;

/// A server on which admins and HR need a second factor (the default outside tests).
async fn spawn(backend: TestBackend) -> TestApp {
    spawn_app_with(backend, |state| {
        let roles = vec![Role::Admin, Role::Hr];
        state.settings =
            Arc::new(mamoru_core::Settings { second_factor_roles: roles, ..(*state.settings).clone() });
    })
    .await
}

/// The stored secret of `user_id`'s authenticator.
async fn secret(app: &TestApp, user_id: &UserId) -> String {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    sqlx::query_scalar("SELECT secret FROM totp_factors WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await
        .expect("a secret")
}

/// The code the person's app shows now.
async fn code_now(app: &TestApp, user_id: &UserId) -> String {
    totp_code(&secret(app, user_id).await, app.state.now())
}

/// A code that is not the one shown now (nor one step either side).
fn wrong(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:06}", (n + 500_000) % 1_000_000)
}

async fn sign_in(app: &TestApp, email: &str) -> (Client, StatusCode, serde_json::Value) {
    let browser = client();
    let (status, body) = app.sign_in(&browser, email, PASSWORD).await;
    (browser, status, body)
}

/// Sets up the app for the sign-in pending in `browser`, as the code page does: it shows
/// the QR code, and the person types the code their app then shows.
async fn enrol(app: &TestApp, browser: &Client, user_id: &UserId) {
    let (status, step) = app.call_json(browser, "auth/pending_step", &[]).await;
    assert!(status == StatusCode::OK && step.get("Enrol").is_some(), "{status} {step}");
    let code = code_now(app, user_id).await;
    let (status, body) = app.call_json(browser, "auth/confirm_enrolment", &[("code", &code)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn finish(app: &TestApp, browser: &Client, code: &str) -> (StatusCode, serde_json::Value) {
    app.call_json(browser, "auth/finish_sign_in", &[("code", code)]).await
}

/// HR signs in, sets up the app at the code page and is signed in; later sign-ins take a
/// code (once each) or a recovery code (once each).
#[tokio::test]
async fn hr_sets_up_an_authenticator_at_the_first_sign_in_and_then_signs_in_with_codes() {
    for backend in backends() {
        let app = spawn(backend).await;
        let hr = app.create_user(Role::Hr, "hr@example.jp").await;

        let (browser, status, body) = sign_in(&app, "hr@example.jp").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/login/code")), "{backend:?}: {body}");
        assert_eq!(app.whoami(&browser).await, None, "{backend:?}: no session before the code");
        let (status, body) = app.call_json(&browser, "hires/dashboard", &[]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::UNAUTHORIZED, "Unauthenticated"));
        let (status, step) = app.call_json(&browser, "auth/pending_step", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {step}");
        assert!(step["Enrol"]["qr_svg"].as_str().is_some_and(|svg| svg.starts_with("<svg")), "{step}");
        let typed_secret = step["Enrol"]["secret"].as_str().expect("the key to type").replace(' ', "");
        assert_eq!(typed_secret.len(), 32, "{backend:?}: 160 bits in base32");

        let code = code_now(&app, &hr).await;
        let (status, body) =
            app.call_json(&browser, "auth/confirm_enrolment", &[("code", &wrong(&code))]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "CodeWrong"));
        let (status, enrolled) = app.call_json(&browser, "auth/confirm_enrolment", &[("code", &code)]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {enrolled}");
        assert_eq!(enrolled["next"], "/hr");
        let recovery: Vec<String> =
            serde_json::from_value(enrolled["recovery_codes"].clone()).expect("codes");
        assert_eq!(recovery.len(), 10, "{backend:?}");
        assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"), "{backend:?}: signed in");

        // The code that set it up does not work again.
        let (again, status, body) = sign_in(&app, "hr@example.jp").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/login/code")));
        let (_, step) = app.call_json(&again, "auth/pending_step", &[]).await;
        assert_eq!(step, "Code", "{backend:?}");
        let (status, body) = finish(&app, &again, &code).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "CodeWrong"));
        app.clock.advance(30);
        let (status, body) = finish(&app, &again, &code_now(&app, &hr).await).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/hr")), "{backend:?}: {body}");
        assert_eq!(app.whoami(&again).await.as_deref(), Some("hr"));
        let (status, _) = finish(&app, &again, &code_now(&app, &hr).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{backend:?}: the pending sign-in is used up");

        // A recovery code, in any case and width, works once.
        let (lost_phone, _, _) = sign_in(&app, "hr@example.jp").await;
        let typed = recovery[3].to_lowercase().replace('-', " ");
        assert_eq!(finish(&app, &lost_phone, &typed).await.0, StatusCode::OK, "{backend:?}");
        let (lost_again, _, _) = sign_in(&app, "hr@example.jp").await;
        let (status, body) = finish(&app, &lost_again, &recovery[3]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "CodeWrong"));
        let (_, status) = app.call_json(&lost_phone, "auth/second_factor", &[]).await;
        assert_eq!(status["recovery_codes_left"], 9, "{backend:?}: {status}");

        let signed: Vec<String> =
            app.audit_ips("auth.second_factor_enrolled").await.into_iter().flatten().collect();
        assert_eq!(signed, ["127.0.0.1"], "{backend:?}");
        assert_eq!(app.audit_ips("auth.second_factor_failed").await.len(), 3, "{backend:?}");
    }
}

#[tokio::test]
async fn wrong_codes_lock_like_wrong_passwords() {
    let app = spawn(backends()[0]).await;
    let hr = app.create_user(Role::Hr, "hr@example.jp").await;
    let (browser, _, _) = sign_in(&app, "hr@example.jp").await;
    enrol(&app, &browser, &hr).await;
    app.clock.advance(30);
    let (guesser, _, _) = sign_in(&app, "hr@example.jp").await;
    let wrong = wrong(&code_now(&app, &hr).await);
    let mut answers = Vec::new();
    for _ in 0..7 {
        answers.push(error_kind(&finish(&app, &guesser, &wrong).await.1));
    }
    assert_eq!(answers.iter().filter(|a| *a == "CodeWrong").count(), 5, "{answers:?}");
    assert_eq!(answers.last().map(String::as_str), Some("Locked"), "{answers:?}");
    let (status, body) = finish(&app, &guesser, &code_now(&app, &hr).await).await;
    assert_eq!(error_kind(&body), "Locked", "{status}: even the right code waits for the lock");
}

/// One code sent from many pending sign-ins at once signs in once.
#[tokio::test]
async fn a_code_sent_many_times_at_once_signs_in_once() {
    for backend in backends() {
        let app = spawn(backend).await;
        let admin = app.create_user(Role::Admin, "admin@example.jp").await;
        let (browser, _, _) = sign_in(&app, "admin@example.jp").await;
        enrol(&app, &browser, &admin).await;
        app.clock.advance(30);
        let code = code_now(&app, &admin).await;
        let mut pending = Vec::new();
        for _ in 0..8 {
            pending.push(sign_in(&app, "admin@example.jp").await.0);
        }
        let mut sends = tokio::task::JoinSet::new();
        for browser in pending {
            let (app, code) = (app.clone(), code.clone());
            sends.spawn(async move { finish(&app, &browser, &code).await });
        }
        let answers = sends.join_all().await;
        let signed_in = answers.iter().filter(|(s, _)| *s == StatusCode::OK).count();
        assert_eq!(signed_in, 1, "{backend:?}: {answers:?}");
        // Past the fifth attempt at once the counter locks, as for passwords.
        let refused = |b: &serde_json::Value| ["CodeWrong", "Locked"].contains(&error_kind(b).as_str());
        assert!(answers.iter().all(|(s, b)| *s == StatusCode::OK || refused(b)), "{answers:?}");
    }
}

#[tokio::test]
async fn a_pending_sign_in_expires_after_five_minutes() {
    let app = spawn(backends()[0]).await;
    let hr = app.create_user(Role::Hr, "hr@example.jp").await;
    let (browser, _, _) = sign_in(&app, "hr@example.jp").await;
    assert_eq!(app.call_json(&browser, "auth/pending_step", &[]).await.0, StatusCode::OK);
    app.clock.advance(5 * 60);
    let (status, body) =
        app.call_json(&browser, "auth/confirm_enrolment", &[("code", &code_now(&app, &hr).await)]).await;
    assert_eq!((status, error_kind(&body).as_str()), (StatusCode::UNAUTHORIZED, "Unauthenticated"));
    let page = app.get(&browser, "/login/code").await.text().await.expect("html");
    assert!(page.contains(r#"href="/login""#), "the page offers to start over");
}

/// A manager may choose an authenticator from the account page; from then on their
/// sign-ins take a code. Hires have none.
#[tokio::test]
async fn a_manager_turns_it_on_from_the_account_page_and_a_hire_cannot() {
    for backend in backends() {
        let app = spawn(backend).await;
        let (manager, manager_id) = app.signed_in_with_id(Role::Manager).await;
        let (_, status) = app.call_json(&manager, "auth/second_factor", &[]).await;
        assert_eq!((status["enrolled"].as_bool(), status["required"].as_bool()), (Some(false), Some(false)));
        let email: String = {
            let mut conn = app.state.store.pool().acquire().await.expect("conn");
            sqlx::query_scalar("SELECT email FROM users WHERE id = $1")
                .bind(&manager_id)
                .fetch_one(&mut *conn)
                .await
                .expect("email")
        };
        let elsewhere = client();
        assert_eq!(app.sign_in(&elsewhere, &email, PASSWORD).await.0, StatusCode::OK);
        let (status, body) = app.call_json(&manager, "auth/start_enrolment", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        // An open session is not enough: the current password is asked again.
        let code = code_now(&app, &manager_id).await;
        for password in [None, Some("not the password")] {
            let mut form = vec![("code", code.as_str())];
            form.extend(password.map(|p| ("current_password", p)));
            let (status, body) = app.call_json(&manager, "auth/confirm_enrolment", &form).await;
            assert_eq!(
                (status, error_kind(&body).as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, "WrongPassword")
            );
        }
        let form = [("code", code.as_str()), ("current_password", PASSWORD)];
        let (status, enrolled) = app.call_json(&manager, "auth/confirm_enrolment", &form).await;
        assert_eq!((status, enrolled["next"].as_str()), (StatusCode::OK, Some("/account")), "{enrolled}");
        assert_eq!(
            app.whoami(&manager).await.as_deref(),
            Some("manager"),
            "{backend:?}: this session goes on"
        );
        assert_eq!(app.whoami(&elsewhere).await, None, "{backend:?}: every other one ended");
        let (status, body) = app.call_json(&manager, "auth/start_enrolment", &[]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::FORBIDDEN, "Forbidden"), "once only");

        let (_, status, body) = sign_in(&app, &email).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/login/code")), "{backend:?}");

        let hire = app.signed_in(Role::Hire).await;
        let (status, body) = app.call_json(&hire, "auth/start_enrolment", &[]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::FORBIDDEN, "Forbidden"), "{backend:?}");
    }
}

/// An administrator removes a lost authenticator: the person's sessions end and their next
/// sign-in sets up a new one.
#[tokio::test]
async fn removing_a_lost_authenticator_ends_the_sessions_and_asks_for_a_new_one() {
    for backend in backends() {
        let app = spawn(backend).await;
        let hr = app.create_user(Role::Hr, "hr@example.jp").await;
        let (browser, _, _) = sign_in(&app, "hr@example.jp").await;
        enrol(&app, &browser, &hr).await;
        assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"));
        let first_secret = secret(&app, &hr).await;

        mamoru_core::second_factor::reset(&app.state, None, &hr).await.expect("reset");
        assert_eq!(app.whoami(&browser).await, None, "{backend:?}: signed out");
        let (again, _, _) = sign_in(&app, "hr@example.jp").await;
        let (_, step) = app.call_json(&again, "auth/pending_step", &[]).await;
        assert!(step.get("Enrol").is_some(), "{backend:?}: {step}");
        assert_ne!(secret(&app, &hr).await, first_secret, "{backend:?}: a new secret");
        assert!(
            mamoru_core::second_factor::reset(&app.state, None, &hr).await.is_ok(),
            "the unconfirmed one goes too"
        );
        assert_eq!(app.audit_ips("auth.second_factor_reset").await.len(), 2, "{backend:?}");
    }
}

/// The code page's form works without script: the code posted as a plain form signs in.
#[tokio::test]
async fn the_code_page_signs_in_with_a_plain_form() {
    let app = spawn(backends()[0]).await;
    let hr = app.create_user(Role::Hr, "hr@example.jp").await;
    let (browser, _, _) = sign_in(&app, "hr@example.jp").await;
    enrol(&app, &browser, &hr).await;
    app.clock.advance(30);
    let (browser, _, _) = sign_in(&app, "hr@example.jp").await;
    let page = app.get(&browser, "/login/code").await.text().await.expect("html");
    assert!(page.contains(r#"action="/api/auth/finish_sign_in""#), "{page}");
    let response = browser
        .post(app.url("/api/auth/finish_sign_in"))
        .header("accept", "text/html")
        .header("referer", app.url("/login/code"))
        .form(&[("code", code_now(&app, &hr).await.as_str())])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(location.ends_with("/hr"), "{location}");
    assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"));
}

/// Someone who knows the password starts setting up an app and notes its key: when the
/// person starts for real, the key is a new one, and the noted one confirms nothing.
#[tokio::test]
async fn a_key_someone_else_saw_is_never_the_one_confirmed() {
    for backend in backends() {
        let app = spawn(backend).await;
        let hr = app.create_user(Role::Hr, "hr@example.jp").await;
        let (intruder, _, _) = sign_in(&app, "hr@example.jp").await;
        let (_, seen) = app.call_json(&intruder, "auth/pending_step", &[]).await;
        let planted = secret(&app, &hr).await;
        let (_, reloaded) = app.call_json(&intruder, "auth/pending_step", &[]).await;
        assert_eq!(seen, reloaded, "{backend:?}: a reload shows the same key");

        let (person, _, _) = sign_in(&app, "hr@example.jp").await;
        let (_, theirs) = app.call_json(&person, "auth/pending_step", &[]).await;
        assert_ne!(theirs, seen, "{backend:?}: a new key for the person");
        let planted_code = totp_code(&planted, app.state.now());
        let (status, body) =
            app.call_json(&intruder, "auth/confirm_enrolment", &[("code", &planted_code)]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::FORBIDDEN, "Forbidden"), "{backend:?}");
        let code = code_now(&app, &hr).await;
        assert_eq!(
            app.call_json(&person, "auth/confirm_enrolment", &[("code", &code)]).await.0,
            StatusCode::OK
        );
    }
}

/// A new password from a reset link or an invitation is no way around the code.
#[tokio::test]
async fn a_reset_link_or_an_invitation_leads_to_the_code_page_not_to_a_session() {
    for backend in backends() {
        let app = spawn(backend).await;
        let hr = app.create_user(Role::Hr, "hr@example.jp").await;
        let (browser, _, _) = sign_in(&app, "hr@example.jp").await;
        enrol(&app, &browser, &hr).await;
        let admin = {
            app.create_user(Role::Admin, "admin@example.jp").await;
            let (admin, _, _) = sign_in(&app, "admin@example.jp").await;
            let admin_id = mamoru_core::accounts::user_id_by_email(
                &app.state,
                &mamoru_types::domain::Email::parse("admin@example.jp").expect("email"),
            )
            .await
            .expect("admin");
            enrol(&app, &admin, &admin_id).await;
            admin
        };
        let (_, issued) = app.call_json(&admin, "auth/issue_reset", &[("user_id", hr.as_str())]).await;
        let link = issued["Shown"]["link"].as_str().expect("link");
        let token = link.rsplit('/').next().expect("token");
        let fresh = client();
        let new = "a brand new pass phrase";
        let form = [("token", token), ("password", new), ("password_again", new)];
        let (status, body) = app.call_json(&fresh, "auth/reset_password", &form).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/login/code")), "{backend:?}: {body}");
        assert_eq!(app.whoami(&fresh).await, None, "{backend:?}: no session without the code");
        assert_eq!(app.call_json(&fresh, "auth/pending_step", &[]).await.1, "Code");

        let invite = app.invite(&admin, "staff/invite", "new-hr@example.jp").await;
        let joining = client();
        let (status, body) = app.accept_invite(&joining, &invite).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/login/code")), "{backend:?}: {body}");
        assert_eq!(app.whoami(&joining).await, None, "{backend:?}");
        let (_, step) = app.call_json(&joining, "auth/pending_step", &[]).await;
        assert!(step.get("Enrol").is_some(), "{backend:?}: {step}");
    }
}
