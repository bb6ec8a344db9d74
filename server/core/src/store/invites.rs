//! The `invites` table: single-use, expiring links that let a person set a password.

use mamoru_types::domain::{Email, InviteId, PersonName, Role, UserId};
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct Invite {
    pub id: InviteId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// The account created from it, once accepted.
    pub user_id: Option<UserId>,
}

pub struct NewInvite<'a> {
    pub id: &'a InviteId,
    pub token_hash: &'a str,
    pub email: &'a Email,
    pub name: &'a PersonName,
    pub role: Role,
    pub created_by: Option<&'a UserId>,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, invite: NewInvite<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO invites (id, token_hash, email, name, role, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(invite.id)
    .bind(invite.token_hash)
    .bind(invite.email.as_str())
    .bind(invite.name.as_str())
    .bind(invite.role)
    .bind(invite.created_by)
    .bind(invite.now)
    .bind(invite.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The unused, unexpired invite behind a link, if any.
pub async fn usable_by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
    now: i64,
) -> Result<Option<Invite>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, name, role, created_at, expires_at, used_at, user_id FROM invites
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await
}

pub async fn by_id(conn: &mut AnyConnection, id: &InviteId) -> Result<Option<Invite>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, name, role, created_at, expires_at, used_at, user_id FROM invites WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Makes an unused invitation unusable from `now` (re-sent or cancelled); false if it
/// was already used or expired.
pub async fn void(conn: &mut AnyConnection, id: &InviteId, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invites SET expires_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes transactions that create invitations run one after another on PostgreSQL, so
/// two invitations of one address cannot both pass the check that it is free. (SQLite
/// has one writer already.) Held until the transaction ends.
pub async fn lock_for_new(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("LOCK TABLE invites IN SHARE ROW EXCLUSIVE MODE").execute(conn).await?;
    }
    Ok(())
}

/// Whether an unused, unexpired invite for this email exists.
pub async fn pending_for_email(
    conn: &mut AnyConnection,
    email: &Email,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invites WHERE email = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(email.as_str())
    .bind(now)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Uses an invite up: true only for the one caller that flips it, so a link cannot be
/// redeemed twice even by two requests at the same moment.
pub async fn mark_used(
    conn: &mut AnyConnection,
    id: &InviteId,
    user_id: &UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // Still unexpired at the write: a void (re-send, cancel) may have committed since the read.
    let done = sqlx::query(
        "UPDATE invites SET used_at = $1, user_id = $2 WHERE id = $3 AND used_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(user_id)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
