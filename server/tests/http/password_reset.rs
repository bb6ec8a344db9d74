//! Password-reset links: who may issue them, what a link does (once, before it expires,
//! ending every session), sending them by email, and asking for one by email.

use crate::harness::{PASSWORD, TestApp, backends, client, error_kind, spawn_app, spawn_app_with};
use crate::smtp_sink::SmtpSink;
use mamoru_core::mail::Mailer;
use mamoru_types::domain::{Role, UserId};
use reqwest::{Client, StatusCode};
use serde_json::Value;

const NEW: &str = "a brand new pass phrase";

/// Issues a link as `issuer` for `user_id`; answers the status and the body.
async fn issue(app: &TestApp, issuer: &Client, user_id: &UserId) -> (StatusCode, Value) {
    app.call_json(issuer, "auth/issue_reset", &[("user_id", user_id.as_str())]).await
}

/// The secret of a link HR was shown.
fn shown_token(body: &Value) -> String {
    let link = body["Shown"]["link"].as_str().unwrap_or_else(|| panic!("a shown link: {body}"));
    link.rsplit('/').next().expect("token").to_owned()
}

async fn redeem(app: &TestApp, browser: &Client, token: &str, password: &str) -> (StatusCode, Value) {
    let form = [("token", token), ("password", password), ("password_again", password)];
    app.call_json(browser, "auth/reset_password", &form).await
}

/// A new hire's account, signed in on a client of its own; its id and email.
async fn hire(app: &TestApp) -> (Client, UserId, String) {
    let email = format!("hire-{}@example.jp", mamoru_core::tokens::new_id());
    let id = app.create_user(Role::Hire, &email).await;
    let browser = client();
    assert_eq!(app.sign_in(&browser, &email, PASSWORD).await.0, StatusCode::OK);
    (browser, id, email)
}

#[tokio::test]
async fn a_link_from_hr_sets_a_new_password_once_and_ends_every_other_session() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let (old_browser, hire_id, email) = hire(&app).await;

        let (status, first) = issue(&app, &hr, &hire_id).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {first}");
        let (status, second) = issue(&app, &hr, &hire_id).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {second}");
        let (stale, token) = (shown_token(&first), shown_token(&second));
        let (status, body) = app.call_json(&client(), "auth/reset_preview", &[("token", &stale)]).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::NOT_FOUND, "LinkInvalid"),
            "{backend:?}"
        );
        let (status, body) = app.call_json(&client(), "auth/reset_preview", &[("token", &token)]).await;
        assert_eq!((status, body[1].as_str()), (StatusCode::OK, Some(email.as_str())), "{backend:?}: {body}");

        let browser = client();
        let mismatch =
            [("token", token.as_str()), ("password", NEW), ("password_again", "something else entirely")];
        let (status, body) = app.call_json(&browser, "auth/reset_password", &mismatch).await;
        assert_eq!(
            (status, body["Input"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("PasswordMismatch"))
        );
        let (status, body) = redeem(&app, &browser, &token, NEW).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/home")), "{backend:?}: {body}");
        assert_eq!(app.whoami(&browser).await.as_deref(), Some("hire"), "{backend:?}: signed in here");
        assert_eq!(app.whoami(&old_browser).await, None, "{backend:?}: the older session ended");
        assert_eq!(app.sign_in(&client(), &email, PASSWORD).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(app.sign_in(&client(), &email, NEW).await.0, StatusCode::OK, "{backend:?}");

        let (status, body) = redeem(&app, &client(), &token, "yet another pass phrase").await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::NOT_FOUND, "LinkInvalid"),
            "{backend:?}"
        );
        assert_eq!(app.sign_in(&client(), &email, NEW).await.0, StatusCode::OK, "{backend:?}: used once");
        assert_eq!(app.audit_ips("auth.password_reset_issued").await.len(), 2, "{backend:?}");
        assert_eq!(app.audit_ips("auth.password_reset").await.len(), 1, "{backend:?}");
    }
}

#[tokio::test]
async fn hr_resets_hires_an_admin_resets_staff_and_nobody_their_own_account() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hr, hr_id) = app.signed_in_with_id(Role::Hr).await;
        let (admin, admin_id) = app.signed_in_with_id(Role::Admin).await;
        let (_, hire_id, _) = hire(&app).await;
        let other_hr = app.create_user(Role::Hr, "other-hr@example.jp").await;
        let manager = app.create_user(Role::Manager, "manager@example.jp").await;
        let other_admin = app.create_user(Role::Admin, "other-admin@example.jp").await;
        let leaver = app.create_user(Role::Hire, "leaver@example.jp").await;
        mamoru_core::accounts::disable(&app.state, None, &leaver).await.expect("disable");
        let cases = [
            (&hr, &hire_id, StatusCode::OK),
            (&hr, &other_hr, StatusCode::FORBIDDEN),
            (&hr, &manager, StatusCode::FORBIDDEN),
            (&hr, &other_admin, StatusCode::FORBIDDEN),
            (&hr, &hr_id, StatusCode::FORBIDDEN),
            (&admin, &hire_id, StatusCode::OK),
            (&admin, &other_hr, StatusCode::OK),
            (&admin, &manager, StatusCode::OK),
            (&admin, &other_admin, StatusCode::OK),
            (&admin, &admin_id, StatusCode::FORBIDDEN),
            (&admin, &leaver, StatusCode::NOT_FOUND),
            (&admin, &UserId::new("no-such-account"), StatusCode::NOT_FOUND),
        ];
        for (n, (issuer, target, expected)) in cases.into_iter().enumerate() {
            let (status, body) = issue(&app, issuer, target).await;
            assert_eq!(status, expected, "{backend:?} case {n}: {body}");
        }
        assert_eq!(app.audit_ips("auth.password_reset_issued").await.len(), 5, "{backend:?}");
    }
}

/// HR resets the password of a hire who locked themselves out: the new one works at once.
#[tokio::test]
async fn a_reset_starts_the_lock_count_over() {
    let app = spawn_app(backends()[0]).await;
    let hr = app.signed_in(Role::Hr).await;
    let (_, hire_id, email) = hire(&app).await;
    for _ in 0..6 {
        app.sign_in(&client(), &email, "not the password at all").await;
    }
    let (_, body) = app.sign_in(&client(), &email, PASSWORD).await;
    assert_eq!(error_kind(&body), "Locked");
    let (_, issued) = issue(&app, &hr, &hire_id).await;
    assert_eq!(redeem(&app, &client(), &shown_token(&issued), NEW).await.0, StatusCode::OK);
    assert_eq!(app.sign_in(&client(), &email, NEW).await.0, StatusCode::OK);
}

/// Of many simultaneous uses of one link, exactly one sets a password.
#[tokio::test]
async fn a_link_used_many_times_at_once_works_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let (_, hire_id, email) = hire(&app).await;
        let (_, issued) = issue(&app, &hr, &hire_id).await;
        let token = shown_token(&issued);
        let mut attempts = tokio::task::JoinSet::new();
        for n in 0..8 {
            let (app, token) = (app.clone(), token.clone());
            attempts.spawn(async move {
                (n, redeem(&app, &client(), &token, &format!("{NEW} number {n}")).await)
            });
        }
        let answers = attempts.join_all().await;
        let won: Vec<_> =
            answers.iter().filter(|(_, (s, _))| *s == StatusCode::OK).map(|(n, _)| *n).collect();
        assert_eq!(won.len(), 1, "{backend:?}: {answers:?}");
        for (_, (status, body)) in &answers {
            let kind = error_kind(body);
            assert!(
                *status == StatusCode::OK || ["LinkInvalid", "Busy"].contains(&kind.as_str()),
                "{backend:?}: {status} {body}"
            );
        }
        let winner = format!("{NEW} number {}", won[0]);
        assert_eq!(app.sign_in(&client(), &email, &winner).await.0, StatusCode::OK, "{backend:?}");
    }
}

async fn with_mail(backend: mamoru_core::testing::TestBackend) -> (TestApp, SmtpSink) {
    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(&sink.url, "Mamoru <mamoru@example.jp>").expect("mailer");
    (spawn_app_with(backend, |state| state.mailer = Some(mailer)).await, sink)
}

/// The secret of the reset link in a mail.
fn mailed_token(mail: &crate::smtp_sink::Mail) -> String {
    let text = mail.text();
    let start = text.find("/reset/").expect("a reset link") + "/reset/".len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || "-_".contains(*c)).collect()
}

#[tokio::test]
async fn with_smtp_an_issued_link_is_emailed_to_the_person_instead_of_shown() {
    for backend in backends() {
        let (app, sink) = with_mail(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let (_, hire_id, email) = hire(&app).await;
        let (status, body) = issue(&app, &hr, &hire_id).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(body["Emailed"]["to"].as_str(), Some(email.as_str()), "{backend:?}: {body}");
        assert!(body.get("Shown").is_none(), "HR does not see the link");
        let mails = sink.wait_for(1).await;
        assert_eq!(mails[0].to, [format!("<{email}>")]);
        assert_eq!(redeem(&app, &client(), &mailed_token(&mails[0]), NEW).await.0, StatusCode::OK);
        assert_eq!(app.sign_in(&client(), &email, NEW).await.0, StatusCode::OK, "{backend:?}");
    }
}

#[tokio::test]
async fn asking_by_email_answers_the_same_for_any_address_and_mails_only_an_account() {
    for backend in backends() {
        let (app, sink) = with_mail(backend).await;
        let (_, _, email) = hire(&app).await;
        let ask = |address: &str| {
            let (app, address) = (app.clone(), address.to_owned());
            async move { app.call_json(&client(), "auth/forgot_password", &[("email", &address)]).await }
        };
        let unknown = ask("nobody@example.jp").await;
        let known = ask(&email).await;
        assert_eq!(unknown, known, "{backend:?}: the same answer");
        assert_eq!(known.0, StatusCode::OK, "{backend:?}: {:?}", known.1);
        let mails = sink.wait_for(1).await;
        assert!(mails.iter().all(|m| m.to == [format!("<{email}>")]), "{backend:?}: {mails:?}");
        let token = mailed_token(&mails[0]);

        // The fourth request in an hour is answered alike, and nothing more is sent.
        for _ in 0..3 {
            assert_eq!(ask(&email).await, known, "{backend:?}");
        }
        // The links are made, logged and mailed after the answers: the third mail says the
        // work of all three is done (the fourth request has none).
        let mails = sink.wait_for(3).await;
        assert_eq!(app.audit_ips("auth.password_reset_requested").await.len(), 3, "{backend:?}");
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let lifetimes: Vec<i64> = sqlx::query_scalar("SELECT expires_at - created_at FROM password_resets")
            .fetch_all(&mut *conn)
            .await
            .expect("query");
        assert_eq!(lifetimes, [60 * 60], "{backend:?}: one open link, valid an hour");
        drop(conn);

        // Only the newest link works (the two later mails may arrive in either order).
        assert_eq!(redeem(&app, &client(), &token, NEW).await.0, StatusCode::NOT_FOUND, "{backend:?}");
        let mut worked = 0;
        for mail in &mails[1..] {
            worked +=
                usize::from(redeem(&app, &client(), &mailed_token(mail), NEW).await.0 == StatusCode::OK);
        }
        assert_eq!(worked, 1, "{backend:?}");

        let (status, body) = ask("not an address").await;
        assert_eq!(
            (status, body["Input"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("EmailInvalid"))
        );
    }
}

#[tokio::test]
async fn without_smtp_the_forgot_page_says_whom_to_ask() {
    let app = spawn_app(backends()[0]).await;
    let (status, body) = app.call_json(&client(), "auth/forgot_password", &[("email", "a@example.jp")]).await;
    assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "MailNotConfigured"));
    let page = app.get(&client(), "/forgot").await.text().await.expect("html");
    assert!(page.contains("再設定リンクの発行を依頼してください"), "{page}");
    let page = app.get(&client(), "/login").await.text().await.expect("html");
    assert!(page.contains(r#"href="/forgot""#), "the sign-in page links to it");
}

/// The reset page works without script: the plain form posts, and the person lands home.
#[tokio::test]
async fn the_reset_page_sets_the_password_with_a_plain_form() {
    let app = spawn_app(backends()[0]).await;
    let hr = app.signed_in(Role::Hr).await;
    let (_, hire_id, email) = hire(&app).await;
    let (_, issued) = issue(&app, &hr, &hire_id).await;
    let token = shown_token(&issued);
    let browser = client();
    let page = app.get(&browser, &format!("/reset/{token}")).await.text().await.expect("html");
    assert!(page.contains(&email) && page.contains(r#"action="/api/auth/reset_password""#), "{page}");
    let response = browser
        .post(app.url("/api/auth/reset_password"))
        .header("accept", "text/html")
        .header("referer", app.url(&format!("/reset/{token}")))
        .form(&[("token", token.as_str()), ("password", NEW), ("password_again", NEW)])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"].to_str().expect("ascii");
    assert!(location.ends_with("/home"), "{location}");
    assert_eq!(app.whoami(&browser).await.as_deref(), Some("hire"));
    let used = app.get(&client(), &format!("/reset/{token}")).await;
    assert_eq!(used.status(), StatusCode::NOT_FOUND, "a used link's page says so");
}
