//! The `cards` table: staff IC cards bound to the grant they were issued for. A UID is
//! active for one person at a time (unique partial index); a lost or returned card ends.

use mamoru_types::domain::{CardId, GrantId, KioskId, UserId};
use sqlx::{AnyConnection, FromRow};

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

/// An active card as door systems see it, with what the list and the sweep need of its
/// holder (from their hire record; an account without one has none of these).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DoorCard {
    pub uid: String,
    pub user_id: UserId,
    pub issued_at: i64,
    pub employee_number: Option<String>,
    pub site: Option<String>,
    /// Since when the holder's complete round holds.
    pub certified_at: Option<i64>,
    /// Set while the card is off the list because the holder's training expired.
    pub off_list_at: Option<i64>,
}

/// Every active card, oldest first: what door systems read.
pub async fn active(conn: &mut AnyConnection) -> Result<Vec<DoorCard>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.uid, c.user_id, c.issued_at, h.employee_number, h.site, h.certified_at, c.off_list_at
         FROM cards c LEFT JOIN hires h ON h.user_id = c.user_id
         WHERE c.state = 'active' ORDER BY c.issued_at, c.id",
    )
    .fetch_all(conn)
    .await
}

/// The UID of `user_id`'s active card, if they hold one.
pub async fn active_uid_of(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT uid FROM cards WHERE user_id = $1 AND state = 'active'")
        .bind(user_id)
        .fetch_optional(conn)
        .await
}

/// Whose active card `uid` was at `at`, if anyone's.
pub async fn holder_at(conn: &mut AnyConnection, uid: &str, at: i64) -> Result<Option<UserId>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT user_id FROM cards WHERE uid = $1 AND issued_at <= $2 AND (ended_at IS NULL OR ended_at > $2)
         ORDER BY issued_at DESC LIMIT 1",
    )
    .bind(uid)
    .bind(at)
    .fetch_optional(conn)
    .await
}

/// The name of the person who last held a card `uid`, if Mamoru ever issued one.
pub async fn last_holder_name(conn: &mut AnyConnection, uid: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.name FROM cards c JOIN users u ON u.id = c.user_id WHERE c.uid = $1 ORDER BY c.issued_at DESC LIMIT 1",
    )
    .bind(uid)
    .fetch_optional(conn)
    .await
}

/// Takes the active card `uid` off the door list (`Some(now)`) or puts it back (`None`).
pub async fn set_off_list(conn: &mut AnyConnection, uid: &str, at: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cards SET off_list_at = $2 WHERE uid = $1 AND state = 'active'")
        .bind(uid)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
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
