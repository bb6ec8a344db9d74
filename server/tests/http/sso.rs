//! Single sign-on against a real OpenID provider (npm `oidc-provider`, started here on
//! loopback from `end2end/oidc/provider.mjs`): linking, groups and roles, and the refusals.

use crate::harness::{TestApp, backends, client, spawn_app_with};
use mamoru_core::sso::{Sso, SsoSettings};
use mamoru_types::domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;
use tokio::io::AsyncBufReadExt;

/// Where test apps say they are (`MAMORU_ADDR` 127.0.0.1:0): the provider sends browsers
/// back there, and the tests pass the answer on to the app's real address.
const REDIRECT: &str = "http://127.0.0.1:0/auth/oidc/callback";

struct Provider {
    issuer: String,
    _process: tokio::process::Child,
}

impl Provider {
    async fn start(accounts: Value) -> Self {
        Self::start_with(accounts, 3600).await
    }

    /// A provider whose ID tokens last `id_token_secs`.
    async fn start_with(accounts: Value, id_token_secs: i64) -> Self {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/oidc/provider.mjs");
        let clients =
            json!([{ "client_id": "mamoru", "client_secret": "test-secret", "redirect_uris": [REDIRECT] }]);
        let mut process = tokio::process::Command::new("node")
            .arg(script)
            .env("OIDC_CLIENTS", clients.to_string())
            .env("OIDC_ACCOUNTS", accounts.to_string())
            .env("OIDC_ID_TOKEN_TTL", id_token_secs.to_string())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs the test provider (make tools installs it in end2end/)");
        let stdout = process.stdout.take().expect("stdout");
        let mut lines = tokio::io::BufReader::new(stdout).lines();
        let issuer = loop {
            let line = lines.next_line().await.expect("read").expect("the provider says where it listens");
            if let Some(issuer) = line.strip_prefix("listening on ") {
                break issuer.to_owned();
            }
        };
        // Whatever it says later is read and dropped: a closed pipe would stop it.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self { issuer, _process: process }
    }

    /// Replaces the claims of the provider's account `subject`.
    async fn set_account(&self, subject: &str, claims: Value) {
        let url = format!("{}/test/accounts/{subject}", self.issuer);
        let answer = client().put(url).json(&claims).send().await.expect("provider");
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    }

    fn settings(&self) -> SsoSettings {
        SsoSettings {
            issuer: self.issuer.clone(),
            client_id: "mamoru".into(),
            client_secret: "test-secret".into(),
            scopes: vec!["email".into(), "profile".into(), "groups".into()],
            groups_claim: "groups".into(),
            roles: vec![(Role::Admin, "mamoru-admins".into()), (Role::Hr, "mamoru-hr".into())],
            label: "テストIdP".into(),
            trust_email: false,
        }
    }
}

async fn app_with(backend: mamoru_core::testing::TestBackend, settings: SsoSettings) -> TestApp {
    let app = spawn_app_with(backend, |state| {
        state.sso = Some(Arc::new(Sso::new(settings, &state.settings.public_url).expect("sso")));
    })
    .await;
    to_real_time(&app);
    app
}

/// The provider's tokens carry the real time: the app's clock is set to it.
fn to_real_time(app: &TestApp) {
    let real_now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("time").as_secs();
    app.clock.advance(i64::try_from(real_now).expect("seconds") - app.state.now());
}

/// Starts a sign-in as `browser` and signs in at the provider as `login` (its development
/// pages: the login form, then consent); answers the callback address the provider sent
/// the browser to.
async fn through_provider(app: &TestApp, browser: &Client, login: &str) -> String {
    let started = browser.post(app.url("/auth/oidc/start")).send().await.expect("start");
    assert_eq!(started.status(), StatusCode::OK);
    let page = started.text().await.expect("page");
    let mut next =
        between(&page, "url=", "\"").expect("the page goes on to the provider").replace("&amp;", "&");
    let at_provider = client();
    for _ in 0..12 {
        if next.starts_with(REDIRECT) {
            return next;
        }
        let answer = at_provider.get(&next).send().await.expect("provider");
        next = if answer.status().is_redirection() {
            absolute(&next, answer.headers()["location"].to_str().expect("ascii"))
        } else {
            let page = answer.text().await.expect("page");
            let action =
                between(&page, "action=\"", "\"").unwrap_or_else(|| panic!("a form at {next}: {page}"));
            let mut form = hidden_fields(&page);
            if page.contains("name=\"login\"") {
                form.extend([
                    ("login".to_owned(), login.to_owned()),
                    ("password".to_owned(), "any".to_owned()),
                ]);
            }
            let posted = at_provider.post(absolute(&next, action)).form(&form).send().await.expect("post");
            let Some(location) = posted.headers().get("location").cloned() else {
                panic!(
                    "{} after posting to {action}: {}\n{page}",
                    posted.status(),
                    posted.text().await.unwrap_or_default()
                )
            };
            absolute(&next, location.to_str().expect("ascii"))
        };
    }
    panic!("the provider never sent the browser back");
}

/// The app's own callback address for what the provider answered.
fn to_app(app: &TestApp, callback: &str) -> String {
    app.url(&callback["http://127.0.0.1:0".len()..])
}

/// The hidden fields of the page's form (the provider's pages name their step in one).
fn hidden_fields(page: &str) -> Vec<(String, String)> {
    page.split("<input")
        .skip(1)
        .filter(|tag| tag.contains("type=\"hidden\""))
        .filter_map(|tag| {
            Some((between(tag, "name=\"", "\"")?.to_owned(), between(tag, "value=\"", "\"")?.to_owned()))
        })
        .collect()
}

fn absolute(base: &str, location: &str) -> String {
    reqwest::Url::parse(base).and_then(|b| b.join(location)).expect("url").to_string()
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    Some(&text[from..from + text[from..].find(end)?])
}

/// Follows the provider's answer into the app; answers where it sent the browser.
async fn come_back(app: &TestApp, browser: &Client, callback: &str) -> (StatusCode, String) {
    let answer = browser.get(to_app(app, callback)).send().await.expect("callback");
    let status = answer.status();
    let location = answer.headers().get("location").map(|l| l.to_str().expect("ascii").to_owned());
    let body = answer.text().await.expect("body");
    (status, location.unwrap_or(body))
}

fn hr_account(groups: &[&str]) -> Value {
    json!({ "email": "hr@example.jp", "name": "人事 一郎", "groups": groups })
}

#[tokio::test]
async fn staff_sign_in_through_the_provider_which_links_the_account_and_decides_its_role() {
    let provider = Provider::start(json!({ "hr-1": hr_account(&["mamoru-hr"]) })).await;
    for backend in backends() {
        let app = app_with(backend, provider.settings()).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        provider.set_account("hr-1", hr_account(&["mamoru-hr"])).await;

        let browser = client();
        let callback = through_provider(&app, &browser, "hr-1").await;
        let (status, page) = come_back(&app, &browser, &callback).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {page}");
        assert!(page.contains("url=/hr"), "{page}");
        assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"), "{backend:?}");
        assert_eq!(app.audit_ips("auth.sso_linked").await.len(), 1, "{backend:?}");

        // The same answer again, with its state cookie (the code and the state used):
        // refused, no session.
        let replay = client();
        let state = between(&callback, "state=", "&").expect("state").to_owned();
        let answer =
            replay.get(to_app(&app, &callback)).header("cookie", format!("mamoru_sso={state}")).send().await;
        let answer = answer.expect("callback");
        let (status, location) =
            (answer.status(), answer.headers()["location"].to_str().expect("ascii").to_owned());
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/login?sso=failed"), "{backend:?}");
        assert_eq!(app.whoami(&replay).await, None);
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let waiting: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sso_logins").fetch_one(&mut *conn).await.expect("n");
        assert_eq!(waiting, 0, "{backend:?}: the state was used up by the first answer");
        drop(conn);

        // Another browser's state: refused.
        let (mine, theirs) = (client(), client());
        let callback = through_provider(&app, &mine, "hr-1").await;
        let (status, location) = come_back(&app, &theirs, &callback).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/login?sso=failed"), "{backend:?}");
        assert_eq!(app.whoami(&theirs).await, None, "{backend:?}");

        // New groups give a new role at the next sign-in; no group, no sign-in.
        provider.set_account("hr-1", hr_account(&["mamoru-admins", "mamoru-hr"])).await;
        let promoted = client();
        let callback = through_provider(&app, &promoted, "hr-1").await;
        assert_eq!(come_back(&app, &promoted, &callback).await.0, StatusCode::OK);
        assert_eq!(
            app.whoami(&promoted).await.as_deref(),
            Some("admin"),
            "{backend:?}: the first group wins"
        );
        provider.set_account("hr-1", hr_account(&["someone-else"])).await;
        let removed = client();
        let callback = through_provider(&app, &removed, "hr-1").await;
        let (status, location) = come_back(&app, &removed, &callback).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/login?sso=no_role"), "{backend:?}");
        assert_eq!(app.whoami(&promoted).await, None, "{backend:?}: the earlier session ended");
        assert_eq!(app.audit_ips("auth.sso_refused").await.len(), 1, "{backend:?}");
    }
}

#[tokio::test]
async fn a_new_person_gets_an_account_and_another_subject_never_takes_over_a_linked_one() {
    let provider = Provider::start(json!({
        "new-1": { "email": "new@example.jp", "name": "新任 人事", "groups": ["mamoru-hr"] },
        "other-1": { "email": "new@example.jp", "name": "別人", "groups": ["mamoru-admins"] },
    }))
    .await;
    let app = app_with(backends()[0], provider.settings()).await;
    let browser = client();
    let callback = through_provider(&app, &browser, "new-1").await;
    assert_eq!(come_back(&app, &browser, &callback).await.0, StatusCode::OK);
    assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"));

    let impostor = client();
    let callback = through_provider(&app, &impostor, "other-1").await;
    let (status, location) = come_back(&app, &impostor, &callback).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/login?sso=failed"));
    assert_eq!(app.whoami(&impostor).await, None, "the email alone links nothing once linked");
}

#[tokio::test]
async fn an_expired_id_token_is_refused() {
    let provider = Provider::start_with(json!({ "hr-1": hr_account(&["mamoru-hr"]) }), 60).await;
    let app = app_with(backends()[0], provider.settings()).await;
    app.create_user(Role::Hr, "hr@example.jp").await;
    let control = client();
    let callback = through_provider(&app, &control, "hr-1").await;
    assert_eq!(come_back(&app, &control, &callback).await.0, StatusCode::OK, "in time, the same token works");
    let browser = client();
    let callback = through_provider(&app, &browser, "hr-1").await;
    // Past the ID token's minute, within the sign-in's ten.
    app.clock.advance(5 * 60);
    let (status, location) = come_back(&app, &browser, &callback).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/login?sso=failed"));
    assert_eq!(app.whoami(&browser).await, None);
}

#[tokio::test]
async fn an_unreachable_provider_is_said_so_and_starts_nothing() {
    let settings = SsoSettings { issuer: "http://127.0.0.1:9".into(), ..Provider::settings_for_nowhere() };
    let app = app_with(backends()[0], settings).await;
    let browser = client();
    let answer = browser.post(app.url("/auth/oidc/start")).send().await.expect("start");
    assert_eq!(answer.status(), StatusCode::SEE_OTHER);
    assert_eq!(answer.headers()["location"], "/login?sso=unavailable");
    let page = app.get(&browser, "/login?sso=unavailable").await.text().await.expect("page");
    assert!(page.contains("ID管理サービス（シングルサインオン）に接続できません"), "{page}");
    assert!(page.contains("テストIdP でサインイン"), "the sign-in page offers the provider");
}

impl Provider {
    fn settings_for_nowhere() -> SsoSettings {
        SsoSettings {
            issuer: String::new(),
            client_id: "mamoru".into(),
            client_secret: "test-secret".into(),
            scopes: vec!["email".into()],
            groups_claim: "groups".into(),
            roles: vec![(Role::Hr, "mamoru-hr".into())],
            label: "テストIdP".into(),
            trust_email: false,
        }
    }
}

/// An address the provider does not vouch for links nothing, and a person refused for want
/// of a group leaves no link behind: the account's owner links it later.
#[tokio::test]
async fn an_unverified_address_or_a_refused_person_links_no_account() {
    let provider = Provider::start(json!({
        "unverified": { "email": "hr@example.jp", "email_verified": false, "name": "偽 人事", "groups": ["mamoru-hr"] },
        "no-group": { "email": "hr@example.jp", "name": "所属 なし", "groups": [] },
        "hr-1": hr_account(&["mamoru-hr"]),
    }))
    .await;
    for backend in backends() {
        let app = app_with(backend, provider.settings()).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        for (login, refusal) in [("unverified", "/login?sso=failed"), ("no-group", "/login?sso=no_role")] {
            let browser = client();
            let callback = through_provider(&app, &browser, login).await;
            let (status, location) = come_back(&app, &browser, &callback).await;
            assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, refusal), "{backend:?} {login}");
        }
        assert!(app.audit_ips("auth.sso_linked").await.is_empty(), "{backend:?}: nothing linked");
        let owner = client();
        let callback = through_provider(&app, &owner, "hr-1").await;
        assert_eq!(come_back(&app, &owner, &callback).await.0, StatusCode::OK, "{backend:?}");
        assert_eq!(app.whoami(&owner).await.as_deref(), Some("hr"), "{backend:?}");
    }
}

/// With staff passwords off, staff sign in through the provider only: the right password
/// says so (a wrong one says nothing more), no reset link is made for them; hires go on.
#[tokio::test]
async fn with_staff_passwords_off_staff_sign_in_through_the_provider_only() {
    let provider = Provider::start(json!({ "hr-1": hr_account(&["mamoru-hr"]) })).await;
    let settings = provider.settings();
    let app = spawn_app_with(backends()[0], |state| {
        state.sso = Some(Arc::new(Sso::new(settings, &state.settings.public_url).expect("sso")));
        state.settings =
            Arc::new(mamoru_core::Settings { staff_passwords: false, ..(*state.settings).clone() });
    })
    .await;
    to_real_time(&app);
    let hr = app.create_user(Role::Hr, "hr@example.jp").await;
    let (status, body) = app.sign_in(&client(), "hr@example.jp", crate::harness::PASSWORD).await;
    assert_eq!(
        (status, crate::harness::error_kind(&body).as_str()),
        (StatusCode::FORBIDDEN, "StaffPasswordsOff")
    );
    let (status, body) = app.sign_in(&client(), "hr@example.jp", "not the password at all").await;
    assert_eq!(
        (status, crate::harness::error_kind(&body).as_str()),
        (StatusCode::UNAUTHORIZED, "BadCredentials")
    );
    app.signed_in(Role::Hire).await;

    let admin = mamoru_types::accounts::Viewer {
        user_id: app.create_user(Role::Admin, "admin@example.jp").await,
        name: "管理 者".into(),
        email: "admin@example.jp".into(),
        role: Role::Admin,
    };
    let origin = mamoru_core::client_addr::Origin::default();
    let issued = mamoru_core::password_reset::issue(&app.state, &admin, &hr, &origin).await;
    assert_eq!(issued.err(), Some(mamoru_types::errors::AppError::StaffPasswordsOff));

    let browser = client();
    let callback = through_provider(&app, &browser, "hr-1").await;
    assert_eq!(come_back(&app, &browser, &callback).await.0, StatusCode::OK);
    assert_eq!(app.whoami(&browser).await.as_deref(), Some("hr"));
}
