//! `spawn_app()`: starts Mamoru on 127.0.0.1:0 with a fresh database and a manual clock,
//! and typed helpers to act as each role.

use mamoru_core::Core;
use mamoru_core::testing::{RuntimeRole, TestBackend, TestDb};
use mamoru_core::{ManualClock, accounts, hires, password::Hasher};
use mamoru_types::domain::{Email, Password, PersonName, Role, UserId};
use reqwest::{Client, Response, StatusCode};
use serde_json::Value;
use server::config::RawConfig;
use server::startup::{Application, StartupError};
use std::sync::Arc;

pub use mamoru_core::testing::backends;

pub const PASSWORD: &str = "correct horse battery staple";
/// 2026-11-28 00:00 UTC; tests move the clock from here.
const START: i64 = 1_795_824_000;

#[derive(Clone)]
pub struct TestApp {
    pub base: String,
    pub clock: ManualClock,
    pub state: Core,
    /// Shared by the instances started on the same database (see [`TestApp::another_instance`]).
    db: Arc<TestDb>,
    data_dir: Arc<tempfile::TempDir>,
}

pub async fn spawn_app(backend: TestBackend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// Like [`spawn_app`], with a chance to change the state (content, settings) first.
pub async fn spawn_app_with(backend: TestBackend, change: impl FnOnce(&mut Core)) -> TestApp {
    let db = Arc::new(TestDb::new(backend).await);
    let data_dir = tempfile::tempdir().expect("data dir");
    let url = db.url.clone();
    spawn_on(db, &url, data_dir, ManualClock::new(START), change).await.expect("build app")
}

/// PostgreSQL: Mamoru serving as a role that may not change the schema nor rewrite the
/// audit log or signatures (the database migrated by its owner first); `None` on SQLite.
pub async fn spawn_as_runtime_role(backend: TestBackend) -> Option<(TestApp, RuntimeRole)> {
    let db = Arc::new(TestDb::new(backend).await);
    let role = db.runtime_role().await?;
    let data_dir = tempfile::tempdir().expect("data dir");
    let app = spawn_on(db, &role.url, data_dir, ManualClock::new(START), |_| {}).await.expect("build app");
    Some((app, role))
}

/// Starts an instance on `db` (connecting with `url`) with its own data directory and clock.
async fn spawn_on(
    db: Arc<TestDb>,
    url: &str,
    data_dir: tempfile::TempDir,
    clock: ManualClock,
    change: impl FnOnce(&mut Core),
) -> Result<TestApp, StartupError> {
    let vars = [
        ("MAMORU_ADDR", "127.0.0.1:0".to_owned()),
        ("MAMORU_DATA_DIR", data_dir.path().display().to_string()),
        ("MAMORU_DATABASE_URL", url.to_owned()),
        ("MAMORU_COOKIE_SECURE", "false".to_owned()),
        // Codes at sign-in are the business of `second_factor.rs`, which turns them on.
        ("MAMORU_SECOND_FACTOR_ROLES", "none".to_owned()),
        ("MAMORU_SITE_DIR", data_dir.path().join("site").display().to_string()),
    ];
    let config =
        RawConfig::load(None, |k| vars.iter().find(|(v, _)| *v == k).map(|(_, value)| value.clone()))
            .and_then(RawConfig::validate)
            .expect("test config");
    let mut application = Application::build(&config, Arc::new(clock.clone())).await?;
    // Many test servers share this machine's cores: a turn at hashing may take a while, and
    // a test that is not about the bound must not see "busy".
    application.core_mut().hasher = Hasher::new(2, std::time::Duration::from_secs(60));
    change(application.core_mut());
    let base = format!("http://{}", application.local_addr());
    let state = application.core().clone();
    tokio::spawn(application.run());
    Ok(TestApp { base, clock, state, db, data_dir: Arc::new(data_dir) })
}

/// Owned form fields (as the test helpers build them) for [`TestApp::call_json`].
pub fn fields(form: &[(String, String)]) -> Vec<(&str, &str)> {
    form.iter().map(|(key, value)| (key.as_str(), value.as_str())).collect()
}

/// A browser-like client with its own cookie jar.
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A server that stops answering fails the test, naming the request, instead of
        // hanging the whole run.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

/// Which platform key a further instance starts with.
pub enum InstanceKey {
    /// A copy of the first instance's key file: how an operator sets up a second instance.
    TheCenters,
    /// An empty data directory: the instance would make a key of its own.
    None,
}

impl TestApp {
    /// Starts another instance on the same database, as a center running several behind a
    /// load balancer does; both share one clock.
    pub async fn another_instance(&self, key: InstanceKey) -> Result<TestApp, StartupError> {
        let data_dir = tempfile::tempdir().expect("data dir");
        if let InstanceKey::TheCenters = key {
            let name = mamoru_core::PlatformKey::FILE_NAME;
            std::fs::copy(self.data_dir.path().join(name), data_dir.path().join(name)).expect("copy the key");
        }
        spawn_on(self.db.clone(), &self.db.url, data_dir, self.clock.clone(), |_| {}).await
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self.data_dir.path()
    }

    /// The database this instance serves, as `MAMORU_DATABASE_URL` names it.
    pub fn database_url(&self) -> &str {
        &self.db.url
    }

    /// The same helpers, sending their requests to another server on this database.
    pub fn at(&self, base: String) -> TestApp {
        TestApp { base, ..self.clone() }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Calls a server function as its form would (`application/x-www-form-urlencoded`).
    pub async fn call(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Response {
        client.post(self.url(&format!("/api/{endpoint}"))).form(form).send().await.expect("request")
    }

    /// Calls a server function and returns its status and JSON body.
    pub async fn call_json(
        &self,
        client: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        self.try_call_json(client, endpoint, form).await.expect("request")
    }

    /// [`TestApp::call_json`] to a server that may go away mid-request.
    pub async fn try_call_json(
        &self,
        client: &Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Result<(StatusCode, Value)> {
        answer(client.post(self.url(&format!("/api/{endpoint}"))).form(form).send().await?).await
    }

    /// Loads a page as a browser does (asking for HTML, which is when redirects are real).
    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).header(reqwest::header::ACCEPT, "text/html").send().await.expect("request")
    }

    /// Creates an account directly in the store: staff as the CLI does, a hire as HR's
    /// invitation does (with an employee number `T-…`) and its acceptance.
    pub async fn create_user(&self, role: Role, email: &str) -> UserId {
        if role == Role::Hire {
            return self.create_hire(email).await;
        }
        let email = Email::parse(email).expect("email");
        let name = PersonName::parse("山田 太郎").expect("name");
        let password = Password::parse(PASSWORD).expect("password");
        accounts::create_user(&self.state, &email, &name, role, &password).await.expect("create user")
    }

    /// The employee number HR gave the hire whose account is `user_id`.
    pub async fn employee_number(&self, user_id: &UserId) -> String {
        let mut conn = self.state.store.pool().acquire().await.expect("conn");
        let hire = mamoru_core::store::hires::by_user(&mut conn, user_id).await.expect("query");
        hire.expect("a hire record").employee_number
    }

    async fn create_hire(&self, email: &str) -> UserId {
        let number = format!("T-{}", &mamoru_core::tokens::new_id()[..12]);
        let fields = ["山田 太郎", "ヤマダ タロウ", email, &number, "本社", "2026-12-01"];
        let hire = hires::NewHire::parse(fields).expect("hire details");
        let invite = hires::invite(&self.state, None, &hire, None).await.expect("invite");
        let token = invite.link.rsplit('/').next().expect("token");
        let joined = accounts::accept_invite(
            &self.state,
            token,
            PASSWORD,
            PASSWORD,
            &mamoru_core::client_addr::Origin::default(),
        )
        .await
        .expect("accept");
        match joined {
            accounts::SignInStep::SignedIn(joined) => joined.viewer.user_id,
            accounts::SignInStep::CodeNeeded(_) => unreachable!("hires need no second factor"),
        }
    }

    pub async fn sign_in(&self, client: &Client, email: &str, password: &str) -> (StatusCode, Value) {
        self.call_json(client, "auth/sign_in", &[("email", email), ("password", password)]).await
    }

    /// A new client signed in as a new account of `role`.
    pub async fn signed_in(&self, role: Role) -> Client {
        self.signed_in_with_id(role).await.0
    }

    /// A new client signed in as a new account of `role`, and that account's id.
    pub async fn signed_in_with_id(&self, role: Role) -> (Client, UserId) {
        let email = format!("{}-{}@example.jp", role.as_str(), mamoru_core::tokens::new_id());
        let id = self.create_user(role, &email).await;
        let client = client();
        let (status, body) = self.sign_in(&client, &email, PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "sign in as {role}: {body}");
        (client, id)
    }

    /// Calls a server function that takes JSON input.
    pub async fn call_with_json(
        &self,
        client: &Client,
        endpoint: &str,
        input: &Value,
    ) -> (StatusCode, Value) {
        self.try_call_with_json(client, endpoint, input).await.expect("request")
    }

    /// [`TestApp::call_with_json`] to a server that may go away mid-request.
    pub async fn try_call_with_json(
        &self,
        client: &Client,
        endpoint: &str,
        input: &Value,
    ) -> reqwest::Result<(StatusCode, Value)> {
        answer(client.post(self.url(&format!("/api/{endpoint}"))).json(input).send().await?).await
    }

    /// Who the server thinks `client` is: the role, or None.
    pub async fn whoami(&self, client: &Client) -> Option<String> {
        let (status, body) = self.call_json(client, "whoami", &[]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body.get("role").and_then(Value::as_str).map(str::to_owned)
    }

    /// The audit log's actions so far, each once.
    pub async fn audit_actions_logged(&self) -> Vec<String> {
        let mut conn = self.state.store.pool().acquire().await.expect("conn");
        sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
            .fetch_all(&mut *conn)
            .await
            .expect("audit actions")
    }

    /// `/.well-known/mamoru-keys.json` as anyone reads it.
    pub async fn published_keys(&self) -> Value {
        let response = client().get(self.url("/.well-known/mamoru-keys.json")).send().await.expect("keys");
        response.json().await.expect("json")
    }

    /// The client addresses the audit log recorded for `action`, oldest first.
    pub async fn audit_ips(&self, action: &str) -> Vec<Option<String>> {
        let mut conn = self.state.store.pool().acquire().await.expect("conn");
        sqlx::query_scalar("SELECT ip FROM audit_log WHERE action = $1 ORDER BY seq")
            .bind(action)
            .fetch_all(&mut *conn)
            .await
            .expect("audit ips")
    }

    /// Accepts an invitation with the test password, as the invitation page does.
    pub async fn accept_invite(&self, client: &Client, token: &str) -> (StatusCode, Value) {
        let form = [("token", token), ("password", PASSWORD), ("password_again", PASSWORD)];
        self.call_json(client, "auth/accept_invite", &form).await
    }

    /// Creates an invitation as `client` and returns the secret token from its link.
    pub async fn invite(&self, client: &Client, endpoint: &str, email: &str) -> String {
        let number = format!("E-{}", &mamoru_core::tokens::new_id()[..8]);
        let (status, body) = if endpoint == "hires/invite" {
            self.call_json(client, endpoint, &hire_form(email, "新人 花子", &number)).await
        } else {
            self.call_json(client, endpoint, &[("email", email), ("name", "新人 花子"), ("role", "hr")]).await
        };
        assert_eq!(status, StatusCode::OK, "{body}");
        let link = body["link"].as_str().expect("link");
        link.rsplit('/').next().expect("token").to_owned()
    }
}

/// A response's status and its body as JSON (or as a JSON string when it is not JSON).
pub async fn answer(response: Response) -> reqwest::Result<(StatusCode, Value)> {
    let status = response.status();
    let text = response.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::String(text))))
}

/// The form HR sends to invite a hire.
pub fn hire_form<'a>(
    email: &'a str,
    name: &'a str,
    employee_number: &'a str,
) -> [(&'static str, &'a str); 6] {
    [
        ("email", email),
        ("name", name),
        ("kana", "シンジン ハナコ"),
        ("employee_number", employee_number),
        ("site", "本社"),
        ("start_date", "2026-12-01"),
    ]
}

/// One page of HR's hire list.
pub async fn hire_list(app: &TestApp, client: &Client, filter: Value) -> (StatusCode, Value) {
    app.call_with_json(client, "hires/list", &serde_json::json!({ "filter": filter })).await
}

/// The error variant name in a server function's error body, e.g. `"Forbidden"`.
pub fn error_kind(body: &Value) -> String {
    match body {
        Value::String(s) => s.clone(),
        Value::Object(map) => map.keys().next().cloned().unwrap_or_default(),
        other => other.to_string(),
    }
}
