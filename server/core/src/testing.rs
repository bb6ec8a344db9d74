//! Fresh databases for store and HTTP tests: always SQLite (a file in a temporary
//! directory), and PostgreSQL too when `MAMORU_TEST_POSTGRES_URL` names a server (each
//! test gets its own new database there). CI sets `MAMORU_TEST_REQUIRE_POSTGRES=1` so
//! that a missing PostgreSQL fails the run instead of silently skipping it.

use crate::store::Store;
use sqlx::{AnyConnection, Connection, Executor};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestBackend {
    Sqlite,
    Postgres,
}

/// The backends this test run covers.
pub fn backends() -> Vec<TestBackend> {
    let postgres = std::env::var("MAMORU_TEST_POSTGRES_URL").is_ok();
    let required = std::env::var("MAMORU_TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    assert!(postgres || !required, "MAMORU_TEST_REQUIRE_POSTGRES=1 but MAMORU_TEST_POSTGRES_URL is not set");
    if postgres { vec![TestBackend::Sqlite, TestBackend::Postgres] } else { vec![TestBackend::Sqlite] }
}

/// A new, empty, migrated database, removed when this is dropped (the SQLite file and its
/// directory, or the PostgreSQL database).
pub struct TestDb {
    pub url: String,
    pub store: Store,
    place: Place,
}

enum Place {
    SqliteDir(PathBuf),
    Postgres { name: String },
}

impl TestDb {
    pub async fn new(backend: TestBackend) -> Self {
        let db = Self::unmigrated(backend).await;
        db.store.migrate().await.expect("migrate test database");
        db
    }

    /// A new, empty database with no schema yet.
    pub async fn unmigrated(backend: TestBackend) -> Self {
        let name = format!("mamoru_test_{}", crate::tokens::new_id());
        let (url, place) = match backend {
            TestBackend::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir).expect("create test directory");
                (format!("sqlite://{}?mode=rwc", dir.join("mamoru.db").display()), Place::SqliteDir(dir))
            }
            TestBackend::Postgres => (create_postgres_database(&name).await, Place::Postgres { name }),
        };
        let store = Store::connect(&url).await.expect("connect to test database");
        Self { url, store, place }
    }

    /// PostgreSQL: a new login role granted what `mamoru serve` needs (see
    /// [`Store::grant_runtime`]), and the URL of this database as that role; `None` on SQLite.
    pub async fn runtime_role(&self) -> Option<RuntimeRole> {
        let Place::Postgres { name } = &self.place else { return None };
        let role = format!("mamoru_rt_{}", crate::tokens::new_id());
        let admin_url = std::env::var("MAMORU_TEST_POSTGRES_URL").expect("MAMORU_TEST_POSTGRES_URL");
        let mut admin = AnyConnection::connect(&admin_url).await.expect("connect as the admin");
        // `role` is generated from hex digits only, so it is safe to splice in.
        admin.execute(sqlx::AssertSqlSafe(format!("CREATE ROLE {role} LOGIN"))).await.expect("create role");
        let _ = admin.close().await;
        self.store.grant_runtime(&role).await.expect("grant the runtime role");
        let url = with_user(&with_database(&admin_url, name), &role);
        Some(RuntimeRole { url, role, database_url: self.url.clone() })
    }

    /// The temporary directory (SQLite only), usable as a data directory.
    pub fn dir(&self) -> Option<&std::path::Path> {
        match &self.place {
            Place::SqliteDir(dir) => Some(dir),
            Place::Postgres { .. } => None,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.place {
            Place::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            // Drop runs inside the test's runtime, which cannot be blocked on: the database
            // is dropped from a thread of its own (FORCE ends the pool's connections).
            Place::Postgres { name } => {
                let name = name.clone();
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                    runtime.block_on(drop_postgres_database(&name))
                })
                .join();
                if !matches!(dropped, Ok(Some(()))) {
                    eprintln!("note: test database could not be dropped");
                }
            }
        }
    }
}

/// A PostgreSQL role made by [`TestDb::runtime_role`], dropped with its grants when this is.
pub struct RuntimeRole {
    /// The test database, connected to as this role.
    pub url: String,
    role: String,
    database_url: String,
}

impl Drop for RuntimeRole {
    fn drop(&mut self) {
        let (role, database_url) = (self.role.clone(), self.database_url.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            runtime.block_on(async {
                // The grants live in the test database; the role in the cluster.
                let mut db = AnyConnection::connect(&database_url).await.ok()?;
                db.execute(sqlx::AssertSqlSafe(format!("DROP OWNED BY {role}"))).await.ok()?;
                let _ = db.close().await;
                let mut admin =
                    AnyConnection::connect(&std::env::var("MAMORU_TEST_POSTGRES_URL").ok()?).await.ok()?;
                admin.execute(sqlx::AssertSqlSafe(format!("DROP ROLE {role}"))).await.ok()?;
                let _ = admin.close().await;
                Some(())
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("note: test role could not be dropped");
        }
    }
}

/// `postgres://u@h:p/db` with the user replaced by `user` (no password: the test cluster
/// trusts local connections).
fn with_user(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}@{host}")
}

async fn drop_postgres_database(name: &str) -> Option<()> {
    let admin_url = std::env::var("MAMORU_TEST_POSTGRES_URL").ok()?;
    let mut admin = AnyConnection::connect(&admin_url).await.ok()?;
    // `name` is generated from hex digits only, so it is safe to splice in.
    let dropped =
        admin.execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))).await;
    let _ = admin.close().await;
    dropped.ok().map(|_| ())
}

async fn create_postgres_database(name: &str) -> String {
    sqlx::any::install_default_drivers();
    let admin_url = std::env::var("MAMORU_TEST_POSTGRES_URL").expect("MAMORU_TEST_POSTGRES_URL");
    let mut admin = AnyConnection::connect(&admin_url).await.expect("connect to MAMORU_TEST_POSTGRES_URL");
    // `name` is generated above from hex digits only, so it is safe to splice in.
    admin
        .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("create test database");
    let _ = admin.close().await;
    with_database(&admin_url, name)
}

/// `postgres://u@h:p/db?x=y` with `db` replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let (scheme, rest) = base.split_once("://").unwrap_or(("postgres", base));
    let authority = rest.split('/').next().unwrap_or(rest);
    match query {
        Some(query) => format!("{scheme}://{authority}/{name}?{query}"),
        None => format!("{scheme}://{authority}/{name}"),
    }
}

/// The right answers to a served quiz (as `quiz/start` returned it, in Japanese), worked
/// out from the course by option text: what a hire who knows the material would choose.
pub fn right_answers(module: &crate::course::Module, quiz: &serde_json::Value) -> Option<Vec<Vec<usize>>> {
    quiz["questions"]
        .as_array()?
        .iter()
        .map(|served| {
            let question = module.questions.iter().find(|q| q.id == served["id"])?;
            let options = served["options"].as_array()?;
            let is_right = |text: &serde_json::Value| {
                question.options.iter().any(|o| o.correct && Some(o.text.ja.as_str()) == text.as_str())
            };
            Some(options.iter().enumerate().filter(|(_, text)| is_right(text)).map(|(i, _)| i).collect())
        })
        .collect()
}

/// A quiz's answers (positions per served question) as its page posts them to
/// `quiz/submit`: one `chosen[…]=question.option` field for each ticked option.
pub fn quiz_form(attempt_id: &str, answers: &[Vec<usize>]) -> Vec<(String, String)> {
    let mut form =
        vec![("attempt_id".to_owned(), attempt_id.to_owned()), ("lang".to_owned(), "ja".to_owned())];
    for (question, options) in answers.iter().enumerate() {
        for option in options {
            form.push((format!("chosen[q{question}-{option}]"), format!("{question}.{option}")));
        }
    }
    form
}

/// The code an authenticator app shows at `now` for the stored secret `secret_hex`, as
/// a person would type it.
pub fn totp_code(secret_hex: &str, now: i64) -> String {
    let secret = crate::totp::Secret::from_hex(secret_hex).expect("a stored secret");
    format!("{:06}", secret.code_at(crate::totp::step(now)))
}

/// Hostile copies of a genuine input, for the property tests of the parsers that read
/// outside input: each copy is one to four of a fuzzer's moves (a flipped bit, a byte
/// parsers treat specially, random bytes inserted, a range deleted or repeated, the end
/// cut off). Reproducible from `seed`; none equals `genuine`.
pub fn mutants(genuine: &[u8], count: usize, seed: u64) -> Vec<Vec<u8>> {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let mut bytes = genuine.to_vec();
        for _ in 0..rng.random_range(1..=4) {
            mutate(&mut bytes, &mut rng);
        }
        if bytes != genuine {
            out.push(bytes);
        }
    }
    out
}

/// Bytes that mean something to CSV, JSON, TOML, Markdown, PDF or UTF-8.
const SPECIAL: &[u8] = b"\0\x7f\x80\xbf\xc3\xef\xff\"',;:=#[]{}<>\\/\n\r\t %-.09eE";

fn mutate(bytes: &mut Vec<u8>, rng: &mut impl rand::Rng) {
    let len = bytes.len();
    let at = rng.random_range(0..=len);
    let end = rng.random_range(at..=len.min(at + 16));
    match rng.random_range(0..6) {
        0 if at < len => bytes[at] ^= 1 << rng.random_range(0..8),
        1 if at < len => bytes[at] = SPECIAL[rng.random_range(0..SPECIAL.len())],
        2 => {
            let inserted: Vec<u8> = (0..rng.random_range(1..=8)).map(|_| rng.random()).collect();
            bytes.splice(at..at, inserted);
        }
        3 => {
            bytes.drain(at..end);
        }
        4 => {
            let repeated = bytes[at..end].to_vec();
            bytes.splice(at..at, repeated);
        }
        _ => bytes.truncate(at),
    }
}

/// The seed for [`mutants`]: `MAMORU_MUTANT_SEED` to repeat a failing run, else a new one
/// each run (tests name it in every failure).
pub fn mutant_seed() -> u64 {
    std::env::var("MAMORU_MUTANT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(rand::random)
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_user() {
        assert_eq!(
            super::with_user("postgres://pg@127.0.0.1:5433/t1", "rt"),
            "postgres://rt@127.0.0.1:5433/t1"
        );
        assert_eq!(super::with_user("postgres://127.0.0.1/t1?x=y", "rt"), "postgres://rt@127.0.0.1/t1?x=y");
    }

    #[test]
    fn replaces_the_database_name() {
        assert_eq!(
            super::with_database("postgres://pg@127.0.0.1:5433/postgres", "t1"),
            "postgres://pg@127.0.0.1:5433/t1"
        );
        assert_eq!(
            super::with_database("postgres://pg@h:1?sslmode=disable", "t1"),
            "postgres://pg@h:1/t1?sslmode=disable"
        );
    }
}
