//! Card grants and cards. A grant is minted only by [`mint_if_certified`] (through
//! `hires::settle`), inside the transaction that records a hire's last requirement, so
//! completing and being granted land together or not at all. Kiosks collect grants through [`super::kiosk`].

pub mod rules;

use super::round::Round;
use super::{Core, qr};
use crate::store::{audit, cards, grants, hires, users};
use crate::tokens;
use grants::{Grant, GrantState};
use mamoru_seal::{Purpose, kiosk::GrantClaims};
use mamoru_types::audit::AuditAction;
use mamoru_types::cards::{CardEnd, CardHome, CardStatus, Pickup};
use mamoru_types::domain::{GrantId, UserId};
use mamoru_types::errors::AppError;
use sqlx::AnyConnection;
use std::net::IpAddr;

/// How long a grant may wait to be collected.
pub const GRANT_TTL_SECS: i64 = 14 * 24 * 60 * 60;

/// Mints a grant when `user_id`, whose current `round` is given, meets every requirement
/// and holds no grant or card yet. Only [`super::hires::settle`] calls it, inside a
/// transaction that holds the person's lock: the last quiz and the signature may commit
/// at the same moment, and neither may miss the other's write.
pub(crate) async fn mint_if_certified(
    conn: &mut AnyConnection,
    state: &Core,
    user_id: &UserId,
    round: &Round,
) -> Result<(), sqlx::Error> {
    let certified = round.is_certified(state.now());
    // Only a certified round is worth looking for a grant already held.
    let outstanding = certified && outstanding(conn, user_id).await?.is_some();
    if !rules::may_mint(certified, outstanding) {
        return Ok(());
    }
    let now = state.now();
    let grant = Grant {
        id: GrantId::new(tokens::new_id()),
        user_id: user_id.to_owned(),
        short_code: tokens::new_short_code(),
        state: GrantState::Granted,
        issued_at: now,
        expires_at: now + GRANT_TTL_SECS,
        kiosk_id: None,
    };
    grants::insert(conn, &grant).await?;
    audit::record(
        conn,
        now,
        user_id,
        AuditAction::CardGranted,
        user_id,
        serde_json::json!({ "grant": grant.id }),
        None,
    )
    .await?;
    tracing::info!(grant = %grant.id, "card grant minted");
    Ok(())
}

/// The one grant of a person that is not revoked (a unique index allows one).
pub async fn outstanding(conn: &mut AnyConnection, user_id: &UserId) -> Result<Option<Grant>, sqlx::Error> {
    Ok(grants::for_user(conn, user_id).await?.into_iter().find(|g| g.state != GrantState::Revoked))
}

/// The signed token a kiosk reads from the QR code of `hire`. Ed25519 signatures are
/// deterministic, so the token is recomputed from the row instead of stored.
pub fn token(state: &Core, grant: &Grant, hire: &hires::Hire) -> String {
    let claims = GrantClaims {
        grant_id: grant.id.to_string(),
        employee_number: hire.employee_number.clone(),
        name: hire.name.clone(),
        issued_at: grant.issued_at,
        expires_at: grant.expires_at,
    };
    state.keys.seal(Purpose::CARD_GRANT, &claims).to_token()
}

/// A grant's status for collecting it, as the hire and the kiosk see it: a grant not yet
/// collected counts as expired once its holder's training has.
#[tracing::instrument(skip_all, fields(grant_id = %grant.id))]
pub async fn pickup_status(
    conn: &mut AnyConnection,
    state: &Core,
    grant: &Grant,
) -> Result<CardStatus, sqlx::Error> {
    let now = state.now();
    let status = rules::status(grant, now);
    if matches!(status, CardStatus::Waiting | CardStatus::AtKiosk)
        && !super::round::load(conn, state, &grant.user_id).await?.is_certified(now)
    {
        return Ok(CardStatus::Expired);
    }
    Ok(status)
}

/// The card step of a hire's home page.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn home(state: &Core, user_id: &UserId) -> Result<CardHome, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let Some(grant) = outstanding(&mut conn, user_id).await? else {
        return Ok(CardHome { status: None, pickup: None });
    };
    let status = pickup_status(&mut conn, state, &grant).await?;
    if status != CardStatus::Waiting {
        return Ok(CardHome { status: Some(status), pickup: None });
    }
    let hire = hires::by_user(&mut conn, user_id).await?.ok_or(AppError::NotFound)?;
    let qr_svg = qr::svg(&token(state, &grant, &hire))
        .ok_or_else(|| AppError::internal("grant token too long for a QR code"))?;
    let pin_set = grants::pin_hash(&mut conn, &grant.id).await?.is_some();
    let pickup = Pickup { qr_svg, short_code: grant.short_code, expires_at: grant.expires_at, pin_set };
    Ok(CardHome { status: Some(status), pickup: Some(pickup) })
}

/// Sets a fresh PIN on the hire's waiting grant and answers it; it is stored only hashed.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn new_pin(state: &Core, user_id: &UserId) -> Result<String, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let grant = outstanding(&mut conn, user_id).await?.ok_or(AppError::NoGrantWaiting)?;
    match pickup_status(&mut conn, state, &grant).await? {
        CardStatus::Waiting => {}
        CardStatus::Locked => return Err(AppError::GrantLocked),
        _ => return Err(AppError::NoGrantWaiting),
    }
    let pin = rules::random_pin();
    let hash = state.hasher.hash_secret(pin.expose().to_owned()).await?;
    drop(conn);
    let mut tx = state.store.write().await?;
    if !grants::set_pin(&mut tx, &grant.id, &hash).await? {
        return Err(AppError::NoGrantWaiting);
    }
    audit::record(
        &mut tx,
        state.now(),
        user_id,
        AuditAction::CardPinSet,
        user_id,
        serde_json::json!({ "grant": grant.id }),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(pin.expose().to_owned())
}

/// Ends a hire's active card as lost or returned. Its grant is revoked with it, and a
/// hire whose training and agreement are still valid gets a new grant at once.
#[tracing::instrument(skip_all, fields(actor = %actor, user_id = %user_id))]
pub async fn end_card(
    state: &Core,
    actor: &UserId,
    user_id: &UserId,
    reason: CardEnd,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    users::lock(&mut tx, user_id).await?;
    let card = cards::for_user(&mut tx, user_id)
        .await?
        .into_iter()
        .find(|c| c.state == cards::CardState::Active)
        .ok_or(AppError::NotFound)?;
    let (ended, action) = match reason {
        CardEnd::Lost => (cards::CardState::Lost, AuditAction::CardLost),
        CardEnd::Returned => (cards::CardState::Returned, AuditAction::CardReturned),
    };
    cards::end(&mut tx, &card.id, ended, now).await?;
    grants::revoke(&mut tx, &card.grant_id).await?;
    let detail = serde_json::json!({ "card": card.id, "uid": card.uid });
    audit::record(&mut tx, now, actor, action, user_id, detail, ip).await?;
    super::hires::settle(&mut tx, state, user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends everything card-related of someone who leaves: their active card is revoked and
/// their grant withdrawn, with no new grant. Runs in the transaction that disables them.
pub async fn revoke_for_leaver(
    conn: &mut AnyConnection,
    at: i64,
    actor: &str,
    user_id: &UserId,
) -> Result<(), sqlx::Error> {
    let active =
        cards::for_user(conn, user_id).await?.into_iter().find(|c| c.state == cards::CardState::Active);
    if let Some(card) = &active {
        cards::end(conn, &card.id, cards::CardState::Revoked, at).await?;
        let detail = serde_json::json!({ "card": card.id, "uid": card.uid, "reason": "account disabled" });
        audit::record(conn, at, actor, AuditAction::CardRevoked, user_id, detail, None).await?;
    }
    if let Some(grant) = outstanding(conn, user_id).await? {
        grants::revoke(conn, &grant.id).await?;
        if active.is_none() {
            let detail = serde_json::json!({ "grant": grant.id, "reason": "account disabled" });
            audit::record(conn, at, actor, AuditAction::CardGrantRevoked, user_id, detail, None).await?;
        }
    }
    Ok(())
}

/// Replaces a grant that can no longer be collected (locked by wrong PINs, or expired)
/// with a new one, when the hire still qualifies.
#[tracing::instrument(skip_all, fields(actor = %actor, user_id = %user_id))]
pub async fn reissue(
    state: &Core,
    actor: &UserId,
    user_id: &UserId,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    users::lock(&mut tx, user_id).await?;
    let grant = outstanding(&mut tx, user_id).await?.ok_or(AppError::NotFound)?;
    if !matches!(rules::status(&grant, now), CardStatus::Locked | CardStatus::Expired) {
        return Err(AppError::NotReissuable);
    }
    grants::revoke(&mut tx, &grant.id).await?;
    audit::record(
        &mut tx,
        now,
        actor,
        AuditAction::CardGrantRevoked,
        user_id,
        serde_json::json!({ "grant": grant.id }),
        ip,
    )
    .await?;
    super::hires::settle(&mut tx, state, user_id).await?;
    tx.commit().await?;
    Ok(())
}
