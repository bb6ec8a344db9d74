//! One store over SQLite (embedded default) and PostgreSQL, through sqlx's `Any` driver:
//! the same queries (`$1` placeholders, BIGINT and TEXT columns) run on both. Each table
//! has one module here; services compose them inside [`Store::write`] transactions.

pub mod api_tokens;
pub mod audit;
pub mod cards;
pub mod chain;
pub mod devices;
pub mod door_events;
pub mod exceptions;
pub mod grants;
pub mod hires;
pub mod invites;
pub mod kiosks;
pub mod manager_sites;
pub mod password_resets;
pub mod pending_sign_ins;
pub mod platform_keys;
pub mod progress;
pub mod recovery_codes;
pub mod register;
pub mod sessions;
pub mod setup;
pub mod signatures;
pub mod sso;
pub mod throttle;
pub mod totp_factors;
pub mod users;
pub mod webhooks;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::time::Duration;

/// Whether a write failed on a unique constraint: the database's answer when two requests
/// race past the same check (the check gives the clear error; this catches the race).
pub fn is_duplicate(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// The tables nobody changes or deletes from once written.
const APPEND_ONLY: &str = "audit_log, nda_signatures, door_events";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    /// One connection of its own for `/healthz`: "does the database answer" must not wait
    /// behind a burst of requests holding every connection of the pool.
    health: AnyPool,
    backend: Backend,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL (use sqlite://… or postgres://…)")]
    UnsupportedUrl,
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error(
        "cannot migrate the database: {0} (if Mamoru runs as a role that may not change the schema, run `mamoru migrate` as the database's owner first)"
    )]
    Migrate(#[source] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Grant(String),
}

impl Store {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::UnsupportedUrl);
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        let options = match backend {
            // WAL lets readers run beside the one writer; the busy timeout makes a second
            // writer wait instead of failing; NORMAL sync is safe with WAL.
            Backend::Sqlite => options.max_connections(8).after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 5000").await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options.max_connections(16),
        };
        let pool = options.connect(url).await.map_err(StoreError::Connect)?;
        let health = AnyPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(Duration::from_secs(2))
            .connect_lazy(url)
            .map_err(StoreError::Connect)?;
        Ok(Self { pool, health, backend })
    }

    /// Brings the schema up to date, unless it is already: a role that may not change the
    /// schema (see [`Store::grant_runtime`]) can serve an up-to-date database.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        if self.is_current().await {
            return Ok(());
        }
        self.migrator().run(&self.pool).await.map_err(StoreError::Migrate)
    }

    /// Whether every migration has been applied (false too when none ever was).
    async fn is_current(&self) -> bool {
        let applied: Result<Vec<i64>, _> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
                .fetch_all(&self.pool)
                .await;
        let wanted: Vec<i64> = self.migrator().iter().map(|m| m.version).collect();
        applied.is_ok_and(|applied| applied == wanted)
    }

    /// PostgreSQL: lets `role` do what `mamoru serve` needs and nothing more. It reads and
    /// writes the ordinary tables, only reads and inserts into the append-only ones (the
    /// audit log, signatures), and owns nothing, so it can neither change nor remove a row
    /// of those, truncate them, nor switch off their triggers. Run as the database's owner
    /// after every `mamoru migrate` (`mamoru migrate --grant-runtime ROLE`).
    pub async fn grant_runtime(&self, role: &str) -> Result<(), StoreError> {
        if self.backend != Backend::Postgres {
            return Err(StoreError::Grant("--grant-runtime is for PostgreSQL; SQLite has no roles".into()));
        }
        let valid = role.len() <= 63
            && role.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && role.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(StoreError::Grant(format!(
                "{role:?} is not a role name Mamoru grants to: use lower-case letters, digits and _"
            )));
        }
        // `role` is checked above to be a plain identifier, so it is safe to splice in.
        let statements = [
            format!("GRANT USAGE ON SCHEMA public TO {role}"),
            format!("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"),
            format!("REVOKE UPDATE, DELETE, TRUNCATE ON {APPEND_ONLY} FROM {role}"),
            format!("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON _sqlx_migrations FROM {role}"),
        ];
        let mut tx = self.pool.begin().await.map_err(|e| StoreError::Grant(e.to_string()))?;
        for statement in statements {
            tx.execute(sqlx::AssertSqlSafe(statement)).await.map_err(|e| StoreError::Grant(e.to_string()))?;
        }
        tx.commit().await.map_err(|e| StoreError::Grant(e.to_string()))
    }

    /// Applies the migrations up to `version` only: for testing a later migration on data
    /// written before it.
    pub async fn migrate_to(&self, version: i64) -> Result<(), StoreError> {
        self.migrator().run_to(version, &self.pool).await.map_err(StoreError::Migrate)
    }

    fn migrator(&self) -> sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        }
    }

    /// The pool, for single-statement reads.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A write transaction. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`),
    /// so a transaction that reads before it writes cannot fail half-way with SQLITE_BUSY.
    pub async fn write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// True when the database answers (for `/healthz`).
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.health).await.is_ok()
    }

    pub async fn close(&self) {
        self.pool.close().await;
        self.health.close().await;
    }
}
