//! The `card_grants` table. A grant moves granted → claimed (one kiosk, one conditional
//! statement) → issued, or back to granted when the card read fails.

use sqlx::{AnyConnection, Row, any::AnyRow};

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub user_id: String,
    pub short_code: String,
    pub state: GrantState,
    pub issued_at: i64,
    pub expires_at: i64,
    pub kiosk_id: Option<String>,
}

fn from_row(row: &AnyRow) -> Result<Grant, sqlx::Error> {
    let state: String = row.try_get("state")?;
    Ok(Grant {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        short_code: row.try_get("short_code")?,
        state: GrantState::parse(&state)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown grant state {state:?}").into()))?,
        issued_at: row.try_get("issued_at")?,
        expires_at: row.try_get("expires_at")?,
        kiosk_id: row.try_get("kiosk_id")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, grant: &Grant) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO card_grants (id, user_id, short_code, state, issued_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&grant.id)
    .bind(&grant.user_id)
    .bind(&grant.short_code)
    .bind(grant.state.as_str())
    .bind(grant.issued_at)
    .bind(grant.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every grant of one person, newest first.
pub async fn for_user(conn: &mut AnyConnection, user_id: &str) -> Result<Vec<Grant>, sqlx::Error> {
    sqlx::query(
        "SELECT id, user_id, short_code, state, issued_at, expires_at, kiosk_id FROM card_grants
         WHERE user_id = $1 ORDER BY issued_at DESC, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Claims a grant for a kiosk: true for exactly one caller, however many race, and only
/// while the grant is unclaimed and unexpired.
pub async fn claim(
    conn: &mut AnyConnection,
    grant_id: &str,
    kiosk_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE card_grants SET state = 'claimed', kiosk_id = $2, claimed_at = $3
         WHERE id = $1 AND state = 'granted' AND expires_at > $3",
    )
    .bind(grant_id)
    .bind(kiosk_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
