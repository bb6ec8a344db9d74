//! Every role against every page and server function: nobody reaches what is not theirs.

use crate::harness::{TestApp, backends, client, error_kind, spawn_app};
use mamoru_types::domain::Role;
use reqwest::{Client, StatusCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Hire,
    Hr,
    Manager,
    Admin,
}

const EVERYONE: [Who; 5] = [Who::Anonymous, Who::Hire, Who::Hr, Who::Manager, Who::Admin];

async fn as_who(app: &TestApp, who: Who) -> Client {
    match who {
        Who::Anonymous => client(),
        Who::Hire => app.signed_in(Role::Hire).await,
        Who::Hr => app.signed_in(Role::Hr).await,
        Who::Manager => app.signed_in(Role::Manager).await,
        Who::Admin => app.signed_in(Role::Admin).await,
    }
}

/// A server function that needs a role: endpoint, a valid form, who may call it.
type Protected = (&'static str, &'static [(&'static str, &'static str)], &'static [Who]);

const PROTECTED: &[Protected] = &[
    ("staff/list", &[], &[Who::Admin]),
    ("staff/invite", &[("email", "x@example.jp"), ("name", "人事 一郎"), ("role", "hr")], &[Who::Admin]),
    ("staff/site", &[("user_id", "0000"), ("site", "本社"), ("assign", "true")], &[Who::Admin]),
    ("staff/disable", &[("user_id", "0000")], &[Who::Admin]),
    (
        "hires/invite",
        &[
            ("email", "y@example.jp"),
            ("name", "新人 次郎"),
            ("kana", "シンジン ジロウ"),
            ("employee_number", "E-9"),
            ("site", "本社"),
            ("start_date", "2026-12-01"),
        ],
        &[Who::Hr, Who::Admin],
    ),
    ("hires/record", &[("hire_id", "0000"), ("lang", "ja")], &[Who::Hr, Who::Admin]),
    ("hires/dashboard", &[], &[Who::Hr, Who::Admin]),
    ("reminders/draft", &[("about", "Expiring")], &[Who::Hr, Who::Admin]),
    ("reminders/send", &[], &[Who::Hr, Who::Admin]),
    ("hires/resend", &[("hire_id", "0000")], &[Who::Hr, Who::Admin]),
    ("hires/cancel", &[("hire_id", "0000")], &[Who::Hr, Who::Admin]),
    ("hires/deactivate", &[("hire_id", "0000")], &[Who::Hr, Who::Admin]),
    ("course/overview", &[("lang", "ja")], &[Who::Hire]),
    ("course/lesson", &[("module", "01-personal-information"), ("index", "0"), ("lang", "ja")], &[Who::Hire]),
    ("course/read", &[("module", "01-personal-information"), ("index", "0")], &[Who::Hire]),
    ("course/restart", &[], &[Who::Hire]),
    ("quiz/start", &[("module", "01-personal-information"), ("lang", "ja")], &[Who::Hire]),
    ("quiz/attempt", &[("attempt_id", "0000"), ("lang", "ja")], &[Who::Hire]),
    ("quiz/submit", &[("attempt_id", "0000"), ("chosen[q0]", "0.0"), ("lang", "ja")], &[Who::Hire]),
    ("quiz/reset", &[("user_id", "0000"), ("module", "01-personal-information")], &[Who::Hr, Who::Admin]),
    (
        "auth/change_password",
        &[("current_password", "x"), ("new_password", "short"), ("new_password_again", "short")],
        &[Who::Hire, Who::Hr, Who::Manager, Who::Admin],
    ),
    ("auth/sessions", &[], &[Who::Hire, Who::Hr, Who::Manager, Who::Admin]),
    ("auth/end_session", &[("session_id", "0000")], &[Who::Hire, Who::Hr, Who::Manager, Who::Admin]),
    ("auth/second_factor", &[], &[Who::Hire, Who::Hr, Who::Manager, Who::Admin]),
    // Staff only; the pending sign-in's own functions are second_factor.rs's.
    ("auth/start_enrolment", &[], &[Who::Hr, Who::Manager, Who::Admin]),
    // Which accounts whom: the rule's own tests (password_reset.rs).
    ("auth/issue_reset", &[("user_id", "0000")], &[Who::Hr, Who::Admin]),
    ("nda/overview", &[], &[Who::Hire, Who::Hr, Who::Manager, Who::Admin]),
    ("nda/document", &[("lang", "ja")], &[Who::Hire]),
    (
        "nda/sign",
        &[("version", "1"), ("lang", "ja"), ("text_sha256", "0"), ("typed_name", "x"), ("method", "typed")],
        &[Who::Hire],
    ),
    ("agreements/list", &[("lang", "ja")], &[Who::Admin]),
    ("agreements/publish", &[("version", "99")], &[Who::Admin]),
    ("cards/mine", &[], &[Who::Hire]),
    ("cards/pin", &[], &[Who::Hire]),
    ("cards/end", &[("user_id", "0000"), ("reason", "Lost")], &[Who::Hr, Who::Admin]),
    ("cards/reissue", &[("user_id", "0000")], &[Who::Hr, Who::Admin]),
    ("kiosks/list", &[], &[Who::Admin]),
    ("kiosks/enrollment", &[], &[Who::Admin]),
    ("kiosks/disable", &[("kiosk_id", "0000")], &[Who::Admin]),
    ("door-tokens/list", &[], &[Who::Admin]),
    ("door-tokens/create", &[("name", "入退室システム")], &[Who::Admin]),
    ("door-tokens/revoke", &[("token_id", "0000")], &[Who::Admin]),
    ("exceptions/mine", &[], &[Who::Hire]),
    (
        "exceptions/request",
        &[
            ("kind", "usb_storage"),
            ("identifier", "SN-1"),
            ("reason", "研修資料"),
            ("site", "本社"),
            ("from", "2026-12-01"),
            ("until", "2026-12-01"),
        ],
        &[Who::Hire],
    ),
    ("exceptions/desk", &[], &[Who::Manager]),
    (
        "exceptions/decide",
        &[("exception_id", "0000"), ("decision", "approved"), ("reason", "")],
        &[Who::Manager],
    ),
    ("exceptions/revoke", &[("exception_id", "0000"), ("reason", "不要")], &[Who::Manager]),
];

#[tokio::test]
async fn server_functions_refuse_every_other_role() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for who in EVERYONE {
            let browser = as_who(&app, who).await;
            for (endpoint, form, allowed) in PROTECTED {
                let (status, body) = app.call_json(&browser, endpoint, form).await;
                let expected = if allowed.contains(&who) {
                    None
                } else if who == Who::Anonymous {
                    Some((StatusCode::UNAUTHORIZED, "Unauthenticated"))
                } else {
                    Some((StatusCode::FORBIDDEN, "Forbidden"))
                };
                match expected {
                    Some((code, kind)) => {
                        assert_eq!(
                            (status, error_kind(&body).as_str()),
                            (code, kind),
                            "{backend:?} {who:?} {endpoint}"
                        );
                    }
                    // Allowed callers get past the role check (what follows may still refuse:
                    // staff/disable finds no such account, a second invitation is a duplicate).
                    None => assert!(
                        ![StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&status),
                        "{backend:?} {who:?} {endpoint}: {status} {body}"
                    ),
                }
            }
        }
    }
}

#[tokio::test]
async fn pages_answer_by_role_and_never_render_the_data() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "secret-hr@example.jp").await;
        let pages: [(&str, &[Who]); 9] = [
            ("/admin", &[Who::Admin]),
            ("/manager", &[Who::Manager]),
            ("/exceptions", &[Who::Hire]),
            ("/hr", &[Who::Hr, Who::Admin]),
            ("/home", &[Who::Hire]),
            ("/nda", &[Who::Hire]),
            ("/verify", &EVERYONE),
            ("/forgot", &EVERYONE),
            ("/account", &[Who::Hire, Who::Hr, Who::Manager, Who::Admin]),
        ];
        for who in EVERYONE {
            let browser = as_who(&app, who).await;
            for (path, allowed) in pages {
                let response = app.get(&browser, path).await;
                let status = response.status();
                let location =
                    response.headers().get("location").map(|v| v.to_str().unwrap_or_default().to_owned());
                let body =
                    response.text().await.unwrap_or_else(|e| panic!("{backend:?} {who:?} {path}: {e:?}"));
                if allowed.contains(&who) {
                    assert_eq!(status, StatusCode::OK, "{backend:?} {who:?} {path}");
                } else if who == Who::Anonymous {
                    assert!(status.is_redirection(), "{backend:?} {who:?} {path}: {status}");
                    assert_eq!(location.as_deref(), Some("/login"));
                } else {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?} {who:?} {path}");
                }
                if !(who == Who::Admin && path == "/admin") {
                    assert!(
                        !body.contains("secret-hr@example.jp"),
                        "{backend:?} {who:?} {path} leaked an account"
                    );
                }
            }
        }
        let admin = as_who(&app, Who::Admin).await;
        let body = app.get(&admin, "/admin").await.text().await.expect("body");
        assert!(body.contains("secret-hr@example.jp"), "the admin page does list accounts");
    }
}

#[tokio::test]
async fn the_root_sends_each_role_home() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for (who, home) in
            [(Who::Anonymous, "/login"), (Who::Hire, "/home"), (Who::Hr, "/hr"), (Who::Admin, "/admin")]
        {
            let browser = as_who(&app, who).await;
            let response = app.get(&browser, "/").await;
            assert!(response.status().is_redirection(), "{backend:?} {who:?}");
            assert_eq!(
                response.headers().get("location").and_then(|v| v.to_str().ok()),
                Some(home),
                "{who:?}"
            );
        }
    }
}

#[tokio::test]
async fn json_server_functions_refuse_every_other_role() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let list = serde_json::json!({ "filter": {} });
        let hr_and_admin: &[Who] = &[Who::Hr, Who::Admin];
        for who in EVERYONE {
            let browser = as_who(&app, who).await;
            for (endpoint, input, allowed) in
                [("hires/list", &list, hr_and_admin), ("audit/list", &list, hr_and_admin)]
            {
                let (status, body) = app.call_with_json(&browser, endpoint, input).await;
                let expected = match who {
                    _ if allowed.contains(&who) => None,
                    Who::Anonymous => Some((StatusCode::UNAUTHORIZED, "Unauthenticated")),
                    _ => Some((StatusCode::FORBIDDEN, "Forbidden")),
                };
                match expected {
                    Some((code, kind)) => assert_eq!(
                        (status, error_kind(&body).as_str()),
                        (code, kind),
                        "{backend:?} {who:?} {endpoint}"
                    ),
                    // Allowed callers get past the role check; made-up input is then refused.
                    None => assert!(
                        ![StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&status),
                        "{backend:?} {endpoint}: {status} {body}"
                    ),
                }
            }
        }
    }
}
