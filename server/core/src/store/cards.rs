//! The `cards` table: staff IC cards bound to the grant they were issued for. A UID is
//! active for one person at a time (unique partial index); a lost or returned card ends.

use mamoru_types::domain::{CardId, GrantId, KioskId, UserId};
use sqlx::{AnyConnection, FromRow, Row};

/// The columns every query of this table selects, as a literal for `concat!`.
macro_rules! card_columns {
    () => {
        "id, user_id, grant_id, uid, state, kiosk_id, issued_at, ended_at"
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardState {
    Active,
    Lost,
    Returned,
    /// Its holder left (their account was disabled).
    Revoked,
}

impl CardState {
    pub fn as_str(self) -> &'static str {
        match self {
            CardState::Active => "active",
            CardState::Lost => "lost",
            CardState::Returned => "returned",
            CardState::Revoked => "revoked",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Self::Active, Self::Lost, Self::Returned, Self::Revoked].into_iter().find(|s| s.as_str() == text)
    }
}

mamoru_types::stored_as_text!(CardState, CardState::as_str, CardState::parse);

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Card {
    pub id: CardId,
    pub user_id: UserId,
    pub grant_id: GrantId,
    pub uid: String,
    pub state: CardState,
    pub kiosk_id: KioskId,
    pub issued_at: i64,
    pub ended_at: Option<i64>,
}

pub async fn insert(conn: &mut AnyConnection, card: &Card) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO cards (id, user_id, grant_id, uid, state, kiosk_id, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&card.id)
    .bind(&card.user_id)
    .bind(&card.grant_id)
    .bind(&card.uid)
    .bind(card.state)
    .bind(&card.kiosk_id)
    .bind(card.issued_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_grant(conn: &mut AnyConnection, grant_id: &GrantId) -> Result<Option<Card>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", card_columns!(), " FROM cards WHERE grant_id = $1"))
        .bind(grant_id)
        .fetch_optional(conn)
        .await
}

pub async fn active_by_uid(conn: &mut AnyConnection, uid: &str) -> Result<Option<Card>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", card_columns!(), " FROM cards WHERE uid = $1 AND state = 'active'"))
        .bind(uid)
        .fetch_optional(conn)
        .await
}

/// Every card of one person, newest first.
pub async fn for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<Card>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        card_columns!(),
        " FROM cards WHERE user_id = $1 ORDER BY issued_at DESC, id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Every active card with its holder's employee number (empty for an account without a
/// hire record), oldest first: what door systems read.
pub async fn active(conn: &mut AnyConnection) -> Result<Vec<(Card, String)>, sqlx::Error> {
    sqlx::query(concat!(
        "SELECT ",
        card_columns!(),
        ", COALESCE((SELECT employee_number FROM hires WHERE hires.user_id = cards.user_id), '')
             AS employee_number
         FROM cards WHERE state = 'active' ORDER BY issued_at, id"
    ))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| Ok((Card::from_row(row)?, row.try_get("employee_number")?)))
    .collect()
}

/// Ends an active card as lost, returned or revoked.
pub async fn end(
    conn: &mut AnyConnection,
    id: &CardId,
    state: CardState,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE cards SET state = $2, ended_at = $3 WHERE id = $1 AND state = 'active'")
        .bind(id)
        .bind(state)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
