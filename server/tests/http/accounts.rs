//! First-admin setup, invitations and sign-in answers (limits: `sign_in_limits`).

use crate::harness::{PASSWORD, backends, client, error_kind, hire_form, hire_list, spawn_app};
use mamoru_core::accounts;
use mamoru_types::domain::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn the_setup_link_creates_one_admin_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let link = accounts::setup_link_if_empty(&app.state).await.expect("setup").expect("link on empty db");
        let token = link.rsplit('/').next().expect("token");
        let admin = client();
        let form = [
            ("token", token),
            ("email", "admin@example.jp"),
            ("name", "管理 者"),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
        ];
        let (status, body) = app.call_json(&admin, "auth/setup", &form).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/admin")), "{backend:?}");
        assert_eq!(app.whoami(&admin).await.as_deref(), Some("admin"));

        let form = [
            ("token", token),
            ("email", "second@example.jp"),
            ("name", "二人目"),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
        ];
        let (status, body) = app.call_json(&client(), "auth/setup", &form).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::NOT_FOUND, "LinkInvalid"),
            "{backend:?}: reused link"
        );
        assert!(
            accounts::setup_link_if_empty(&app.state).await.expect("setup").is_none(),
            "no new link once an account exists"
        );
        assert_eq!(
            app.audit_actions_logged().await,
            ["account.created", "agreement.published"],
            "{backend:?}: the first admin, and the first agreement at start"
        );
    }
}

#[tokio::test]
async fn bad_setup_input_is_explained_and_changes_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let link = accounts::setup_link_if_empty(&app.state).await.expect("setup").expect("link");
        let token = link.rsplit('/').next().expect("token");
        let form = [
            ("token", token),
            ("email", "admin@example.jp"),
            ("name", "管理 者"),
            ("password", "short"),
            ("password_again", "short"),
        ];
        let (status, body) = app.call_json(&client(), "auth/setup", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");
        assert_eq!(body, serde_json::json!({"Input": "PasswordTooShort"}));
        // The link still works: nothing was consumed.
        let form = [
            ("token", token),
            ("email", "admin@example.jp"),
            ("name", "管理 者"),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
        ];
        assert_eq!(app.call(&client(), "auth/setup", &form).await.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn admin_invites_hr_who_invites_a_hire_who_signs_in() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let hr_token = app.invite(&admin, "staff/invite", "hr@example.jp").await;
        let hr = client();
        let (status, body) = app.accept_invite(&hr, &hr_token).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/hr")), "{backend:?}");

        let hire_token = app.invite(&hr, "hires/invite", "hire@example.jp").await;
        let (status, body) = app.call_json(&client(), "auth/invite_preview", &[("token", &hire_token)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, serde_json::json!(["新人 花子", "hire@example.jp"]));
        let hire = client();
        let (status, body) = app.accept_invite(&hire, &hire_token).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, Some("/home")));
        assert_eq!(app.whoami(&hire).await.as_deref(), Some("hire"));

        // Single use.
        let (status, body) = app.accept_invite(&client(), &hire_token).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::NOT_FOUND, "LinkInvalid"),
            "{backend:?}"
        );
        // And the hire can sign in again later with the password they chose.
        let (status, _) = app.sign_in(&client(), "hire@example.jp", PASSWORD).await;
        assert_eq!(status, StatusCode::OK);
        let (_, listed) = hire_list(&app, &hr, serde_json::json!({})).await;
        assert_eq!(listed["rows"][0]["state"], "InTraining", "{listed}");
        let actions = app.audit_actions_logged().await;
        for action in ["account.invited", "account.registered", "hire.invited", "auth.signed_in"] {
            assert!(actions.iter().any(|a| a == action), "{backend:?}: {action} in {actions:?}");
        }
        // Where from: the address the invitation and both registrations came from.
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let addresses: Vec<Option<String>> = sqlx::query_scalar(
            "SELECT ip FROM audit_log WHERE action IN ('account.invited', 'account.registered') ORDER BY seq",
        )
        .fetch_all(&mut *conn)
        .await
        .expect("audit");
        assert_eq!(addresses, vec![Some("127.0.0.1".to_owned()); 3], "{backend:?}");
    }
}

#[tokio::test]
async fn invitations_expire_and_an_email_is_invited_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let token = app.invite(&hr, "hires/invite", "late@example.jp").await;
        let (status, body) =
            app.call_json(&hr, "hires/invite", &hire_form("LATE@example.jp", "二重", "E-2")).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "EmailTaken"), "{backend:?}");
        let (status, body) = app.call_json(&hr, "hires/invite", &hire_form("not-an-email", "x", "E-3")).await;
        assert_eq!(
            (status, body),
            (StatusCode::UNPROCESSABLE_ENTITY, serde_json::json!({"Input": "EmailInvalid"}))
        );

        app.clock.advance(app.state.settings.invite_ttl_secs);
        let (status, _) = app.accept_invite(&client(), &token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{backend:?}: expired invitation");
        // HR's own session idled out over the week: sign in afresh.
        let hr = app.signed_in(Role::Hr).await;
        let (_, listed) = hire_list(&app, &hr, serde_json::json!({})).await;
        assert_eq!(
            (listed["total"].as_u64(), listed["rows"][0]["state"].as_str()),
            (Some(1), Some("Invited")),
            "{listed}"
        );
        // The expired invitation is renewed with a re-send, not with a second record.
        let (status, body) =
            app.call_json(&hr, "hires/invite", &hire_form("late@example.jp", "二重", "E-9")).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "EmailTaken"), "{backend:?}");
    }
}

#[tokio::test]
async fn concurrent_invitations_of_one_address_make_one_hire() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let mut invites = tokio::task::JoinSet::new();
        for n in 1..=8 {
            let (client, url) = (hr.clone(), app.url("/api/hires/invite"));
            invites.spawn(async move {
                let number = format!("E-{n}");
                let form = hire_form("same@example.jp", "同時 招待", &number);
                client.post(url).form(&form).send().await.expect("request").status()
            });
        }
        let statuses = invites.join_all().await;
        let made = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        assert_eq!(made, 1, "{backend:?}: {statuses:?}");
        assert!(statuses.iter().all(|s| *s == StatusCode::OK || *s == StatusCode::CONFLICT), "{statuses:?}");
        let (_, listed) = hire_list(&app, &hr, serde_json::json!({})).await;
        assert_eq!(listed["total"], 1, "{backend:?}");
    }
}

#[tokio::test]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let wrong_password = app.sign_in(&client(), "hr@example.jp", "not the password!").await;
        let unknown_user = app.sign_in(&client(), "nobody@example.jp", "not the password!").await;
        assert_eq!(wrong_password, unknown_user, "{backend:?}");
        assert_eq!(wrong_password.0, StatusCode::UNAUTHORIZED);
        assert_eq!(error_kind(&wrong_password.1), "BadCredentials");
    }
}

#[tokio::test]
async fn an_admin_cannot_disable_their_own_account() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let (_, list) = app.call_json(&admin, "staff/list", &[]).await;
        let rows = list.as_array().expect("list");
        let me = rows.iter().find(|r| r["role"] == "admin").expect("own row");
        let hr = rows.iter().find(|r| r["role"] == "hr").expect("hr row");
        assert_eq!((me["can_disable"].as_bool(), hr["can_disable"].as_bool()), (Some(false), Some(true)));
        let my_id = me["id"].as_str().expect("id");
        let (status, body) = app.call_json(&admin, "staff/disable", &[("user_id", my_id)]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::FORBIDDEN, "Forbidden"), "{backend:?}");
        assert_eq!(app.whoami(&admin).await.as_deref(), Some("admin"));
    }
}

#[tokio::test]
async fn a_sign_in_form_posted_without_script_shows_its_error_on_the_page() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let browser = client();
        // What a browser sends for a plain form post: HTML wanted, the page it came from.
        let response = browser
            .post(app.url("/api/auth/sign_in"))
            .header("accept", "text/html,application/xhtml+xml")
            .header("referer", app.url("/login"))
            .form(&[("email", "hr@example.jp"), ("password", "not the password at all")])
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.status(), StatusCode::FOUND, "{backend:?}: redirected, not stopped at a 401");
        assert!(response.headers().get("set-cookie").is_none(), "{backend:?}: no session");
        let location = response.headers()["location"].to_str().expect("ascii").to_owned();
        assert!(location.contains("/login?") && location.contains("__err="), "{backend:?}: {location}");
        let page = browser.get(&location).send().await.expect("the page").text().await.expect("html");
        assert!(
            page.contains("メールアドレスまたはパスワードが違います。"),
            "{backend:?}: the error is on the page"
        );
    }
}

/// Changing one's own password: the current one is required and counted like a sign-in,
/// a bad new one is explained, and on success the old password stops working and every
/// other session ends while this one goes on.
#[tokio::test]
async fn a_person_changes_their_own_password_and_is_signed_out_elsewhere() {
    const NEW: &str = "a much longer pass phrase";
    for backend in backends() {
        let app = spawn_app(backend).await;
        let email = "hr-change@example.jp";
        app.create_user(Role::Hr, email).await;
        let (here, elsewhere) = (client(), client());
        for browser in [&here, &elsewhere] {
            assert_eq!(app.sign_in(browser, email, PASSWORD).await.0, StatusCode::OK, "{backend:?}");
        }
        let change = |current: &'static str, new: &'static str, again: &'static str| {
            let form = [("current_password", current), ("new_password", new), ("new_password_again", again)];
            let app = app.clone();
            let here = here.clone();
            async move { app.call_json(&here, "auth/change_password", &form).await }
        };

        let (status, body) = change("wrong password here", NEW, NEW).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "WrongPassword"),
            "{backend:?}"
        );
        let (status, body) = change(PASSWORD, NEW, "another pass phrase").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}: {body}");
        assert_eq!(body["Input"], "PasswordMismatch", "{backend:?}");
        let (status, body) = change(PASSWORD, "short", "short").await;
        assert_eq!(
            (status, body["Input"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("PasswordTooShort"))
        );
        assert_eq!(
            app.sign_in(&client(), email, PASSWORD).await.0,
            StatusCode::OK,
            "{backend:?}: nothing changed"
        );
        assert_eq!(app.call_json(&elsewhere, "hires/dashboard", &[]).await.0, StatusCode::OK, "{backend:?}");

        let (status, body) = change(PASSWORD, NEW, NEW).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(app.sign_in(&client(), email, PASSWORD).await.0, StatusCode::UNAUTHORIZED, "{backend:?}");
        assert_eq!(app.sign_in(&client(), email, NEW).await.0, StatusCode::OK, "{backend:?}");
        assert_eq!(
            app.call_json(&here, "hires/dashboard", &[]).await.0,
            StatusCode::OK,
            "{backend:?}: this session goes on"
        );
        assert_eq!(
            app.call_json(&elsewhere, "hires/dashboard", &[]).await.0,
            StatusCode::UNAUTHORIZED,
            "{backend:?}: the other session ended"
        );
        let logged = app.audit_ips("auth.password_changed").await.len();
        assert_eq!((logged, app.audit_ips("auth.password_change_failed").await.len()), (1, 1), "{backend:?}");

        let form = [("current_password", NEW), ("new_password", NEW), ("new_password_again", NEW)];
        let anonymous = app.call_json(&client(), "auth/change_password", &form).await;
        assert_eq!(anonymous.0, StatusCode::UNAUTHORIZED, "{backend:?}");
    }
}

/// Wrong current passwords count against the account as failed sign-ins do: a borrowed
/// session cannot be used to guess the password.
#[tokio::test]
async fn guessing_the_current_password_locks_like_failed_sign_ins() {
    let app = spawn_app(backends()[0]).await;
    let hire = app.signed_in(Role::Hire).await;
    let guess = [
        ("current_password", "a wrong guess"),
        ("new_password", "x pass phrase 1"),
        ("new_password_again", "x pass phrase 1"),
    ];
    let mut answers = Vec::new();
    for _ in 0..8 {
        answers.push(error_kind(&app.call_json(&hire, "auth/change_password", &guess).await.1));
    }
    assert_eq!(answers.iter().filter(|a| *a == "WrongPassword").count(), 5, "{answers:?}");
    assert_eq!(answers.last().map(String::as_str), Some("Locked"), "{answers:?}");
}

/// The account page's form posted without script lands back on the page saying it worked.
#[tokio::test]
async fn the_password_form_posted_without_script_lands_on_the_account_page() {
    let app = spawn_app(backends()[0]).await;
    let admin = app.signed_in(Role::Admin).await;
    let page = app.get(&admin, "/account").await.text().await.expect("html");
    assert!(page.contains(r#"action="/api/auth/change_password""#), "the form posts to the server function");
    let new = "a much longer pass phrase";
    let response = admin
        .post(app.url("/api/auth/change_password"))
        .header("accept", "text/html")
        .header("referer", app.url("/account"))
        .form(&[("current_password", PASSWORD), ("new_password", new), ("new_password_again", new)])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(location.ends_with("/account?changed=1"), "{location}");
    let page = app.get(&admin, "/account?changed=1").await.text().await.expect("html");
    assert!(page.contains("パスワードを変更しました"), "the page says so");
}
