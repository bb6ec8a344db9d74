//! The `users` table: staff (admin, HR, managers) and hires.

use mamoru_types::domain::{Email, PersonName, Role, UserId};
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
}

impl User {
    /// The signed-in person as the UI sees them.
    pub fn viewer(&self) -> mamoru_types::accounts::Viewer {
        mamoru_types::accounts::Viewer {
            user_id: self.id.clone(),
            name: self.name.clone(),
            email: self.email.clone(),
            role: self.role,
        }
    }

    pub fn is_active(&self) -> bool {
        self.disabled_at.is_none()
    }
}

pub struct NewUser<'a> {
    pub id: &'a UserId,
    pub email: &'a Email,
    pub name: &'a PersonName,
    pub role: Role,
    pub password_hash: &'a str,
    pub now: i64,
}

/// The columns every query of this table selects, as a literal for `concat!`.
macro_rules! user_columns {
    () => {
        "id, email, name, role, password_hash, disabled_at, created_at"
    };
}

pub async fn insert(conn: &mut AnyConnection, user: NewUser<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, email, name, role, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user.id)
    .bind(user.email.as_str())
    .bind(user.name.as_str())
    .bind(user.role)
    .bind(user.password_hash)
    .bind(user.now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_email(conn: &mut AnyConnection, email: &Email) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", user_columns!(), " FROM users WHERE email = $1"))
        .bind(email.as_str())
        .fetch_optional(conn)
        .await
}

pub async fn by_id(conn: &mut AnyConnection, id: &UserId) -> Result<Option<User>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Staff accounts first, then hires, each by name.
pub async fn list(conn: &mut AnyConnection) -> Result<Vec<User>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        user_columns!(),
        " FROM users ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'hr' THEN 1 WHEN 'manager' THEN 2 ELSE 3 END, name, id"
    ))
    .fetch_all(conn)
    .await
}

pub async fn count(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(conn).await
}

/// Locks the person's row until the transaction ends, so that their concurrent writes
/// (two quiz starts, a last quiz and a signature) run one after the other and each sees
/// what the one before it committed. SQLite's single writer does this already.
pub async fn lock(conn: &mut AnyConnection, id: &UserId) -> Result<(), sqlx::Error> {
    // Not the key column: rewriting a key makes SQLite check every table referring to
    // users (full scans where the reference has no index), about 10 ms at 10,000 hires.
    sqlx::query("UPDATE users SET created_at = created_at WHERE id = $1").bind(id).execute(conn).await?;
    Ok(())
}

/// Replaces a user's password hash.
pub async fn set_password(
    conn: &mut AnyConnection,
    id: &UserId,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks a user disabled; returns false when there is no such active user.
pub async fn disable(conn: &mut AnyConnection, id: &UserId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// When the current round of training of `id` started (0: their first round).
pub async fn round_started_at(conn: &mut AnyConnection, id: &UserId) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT round_started_at FROM users WHERE id = $1").bind(id).fetch_one(conn).await
}

/// Starts a new round of training for `id`: what they read, answered and signed before
/// `now` no longer counts towards their progress.
pub async fn start_round(conn: &mut AnyConnection, id: &UserId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET round_started_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}
