//! The `card_grants` table. A grant moves granted → claimed (one kiosk, one conditional
//! statement) → issued, or back to granted when the card read fails.

use mamoru_types::domain::{GrantId, KioskId, UserId};
use sqlx::{AnyConnection, FromRow};

/// The columns every query of this table selects, as a literal for `concat!`.
macro_rules! grant_columns {
    () => {
        "id, user_id, short_code, state, issued_at, expires_at, kiosk_id"
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrantState {
    Granted,
    Claimed,
    Issued,
    Locked,
    Revoked,
}

impl GrantState {
    pub fn as_str(self) -> &'static str {
        match self {
            GrantState::Granted => "granted",
            GrantState::Claimed => "claimed",
            GrantState::Issued => "issued",
            GrantState::Locked => "locked",
            GrantState::Revoked => "revoked",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Granted, Self::Claimed, Self::Issued, Self::Locked, Self::Revoked]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

mamoru_types::stored_as_text!(GrantState, GrantState::as_str, GrantState::parse);

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Grant {
    pub id: GrantId,
    pub user_id: UserId,
    pub short_code: String,
    pub state: GrantState,
    pub issued_at: i64,
    pub expires_at: i64,
    pub kiosk_id: Option<KioskId>,
}

pub async fn insert(conn: &mut AnyConnection, grant: &Grant) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO card_grants (id, user_id, short_code, state, issued_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&grant.id)
    .bind(&grant.user_id)
    .bind(&grant.short_code)
    .bind(grant.state)
    .bind(grant.issued_at)
    .bind(grant.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every grant of one person, newest first.
pub async fn for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<Grant>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        grant_columns!(),
        " FROM card_grants WHERE user_id = $1 ORDER BY issued_at DESC, id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn by_id(conn: &mut AnyConnection, id: &GrantId) -> Result<Option<Grant>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", grant_columns!(), " FROM card_grants WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn by_short_code(conn: &mut AnyConnection, code: &str) -> Result<Option<Grant>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", grant_columns!(), " FROM card_grants WHERE short_code = $1"))
        .bind(code)
        .fetch_optional(conn)
        .await
}

/// The stored PIN hash of a grant, if the hire has asked for a PIN.
pub async fn pin_hash(conn: &mut AnyConnection, id: &GrantId) -> Result<Option<String>, sqlx::Error> {
    let hash: Option<Option<String>> = sqlx::query_scalar("SELECT pin_hash FROM card_grants WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(hash.flatten())
}

/// Replaces the PIN of a grant that is still waiting to be collected.
pub async fn set_pin(conn: &mut AnyConnection, id: &GrantId, hash: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE card_grants SET pin_hash = $2 WHERE id = $1 AND state = 'granted'")
        .bind(id)
        .bind(hash)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts a wrong PIN; the `limit`-th locks the grant. Answers the failures so far, or
/// `None` when the grant was not waiting to be collected. A claimed grant counts too:
/// a stale claim can be taken over, so guesses against it must cost attempts.
pub async fn record_pin_failure(
    conn: &mut AnyConnection,
    id: &GrantId,
    limit: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE card_grants SET pin_failures = pin_failures + 1,
             state = CASE WHEN pin_failures + 1 >= $2 THEN 'locked' ELSE state END
         WHERE id = $1 AND state IN ('granted', 'claimed') RETURNING pin_failures",
    )
    .bind(id)
    .bind(limit)
    .fetch_optional(conn)
    .await
}

/// Claims a grant for a kiosk: true for exactly one caller, however many race, and only
/// while the grant is unexpired and unclaimed, or claimed before `stale_before` by a kiosk
/// that never finished (it crashed or lost its network).
pub async fn claim(
    conn: &mut AnyConnection,
    grant_id: &GrantId,
    kiosk_id: &KioskId,
    now: i64,
    stale_before: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE card_grants SET state = 'claimed', kiosk_id = $2, claimed_at = $3
         WHERE id = $1 AND expires_at > $3
           AND (state = 'granted' OR (state = 'claimed' AND claimed_at < $4))",
    )
    .bind(grant_id)
    .bind(kiosk_id)
    .bind(now)
    .bind(stale_before)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Moves a grant this kiosk holds from `from` to `to` (claimed → issued, or claimed →
/// granted when the card read failed).
pub async fn finish_claim(
    conn: &mut AnyConnection,
    grant_id: &GrantId,
    kiosk_id: &KioskId,
    to: GrantState,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE card_grants SET state = $3,
             kiosk_id = CASE WHEN $3 = 'granted' THEN NULL ELSE kiosk_id END
         WHERE id = $1 AND kiosk_id = $2 AND state = 'claimed'",
    )
    .bind(grant_id)
    .bind(kiosk_id)
    .bind(to)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Revokes a grant (or the grant of a card that ended), making room for a new one.
pub async fn revoke(conn: &mut AnyConnection, grant_id: &GrantId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE card_grants SET state = 'revoked' WHERE id = $1 AND state <> 'revoked'")
        .bind(grant_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
