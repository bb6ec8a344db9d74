//! The single sign-on tables: `sso_logins` (sign-ins on their way through the provider)
//! and `user_identities` (provider accounts linked to Mamoru accounts).

use mamoru_types::domain::{Role, UserId};
use sqlx::{AnyConnection, FromRow};

pub struct NewLogin<'a> {
    pub state_hash: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert_login(conn: &mut AnyConnection, login: NewLogin<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sso_logins (state_hash, nonce, pkce_verifier, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(login.state_hash)
    .bind(login.nonce)
    .bind(login.pkce_verifier)
    .bind(login.now)
    .bind(login.expires_at)
    .execute(&mut *conn)
    .await?;
    // Sign-ins nobody came back from go when the next one starts.
    sqlx::query("DELETE FROM sso_logins WHERE expires_at <= $1").bind(login.now).execute(conn).await?;
    Ok(())
}

/// A sign-in's nonce and PKCE verifier. No `Debug`: both are secrets.
#[derive(FromRow)]
pub struct Login {
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Takes the sign-in whose state hashes to `state_hash`, if it has not expired: once (of
/// two callbacks with the same state, one gets it).
pub async fn take_login(
    conn: &mut AnyConnection,
    state_hash: &str,
    now: i64,
) -> Result<Option<Login>, sqlx::Error> {
    sqlx::query_as(
        "DELETE FROM sso_logins WHERE state_hash = $1 AND expires_at > $2 RETURNING nonce, pkce_verifier",
    )
    .bind(state_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

/// The account linked to the provider account (`issuer`, `subject`).
pub async fn linked_user(
    conn: &mut AnyConnection,
    issuer: &str,
    subject: &str,
) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM user_identities WHERE issuer = $1 AND subject = $2")
        .bind(issuer)
        .bind(subject)
        .fetch_optional(conn)
        .await
}

/// Whether the account is linked to any provider account.
pub async fn is_linked(conn: &mut AnyConnection, user_id: &UserId) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_identities WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

pub async fn link(
    conn: &mut AnyConnection,
    issuer: &str,
    subject: &str,
    user_id: &UserId,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO user_identities (issuer, subject, user_id, linked_at) VALUES ($1, $2, $3, $4)")
        .bind(issuer)
        .bind(subject)
        .bind(user_id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_role(conn: &mut AnyConnection, user_id: &UserId, role: Role) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2").bind(role).bind(user_id).execute(conn).await?;
    Ok(())
}
