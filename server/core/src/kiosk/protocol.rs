//! The device side: enrollment with a one-time code, signed-request checks (clock, nonce
//! replay, disabled kiosks), and collecting a grant (claim, confirm, abort).

use crate::cards::{self, rules};
use crate::store::{audit, cards as card_store, grants, kiosks, users};
use crate::tokens;
use crate::{Core, hires};
use grants::GrantState;
use kiosks::Kiosk;
use mamoru_seal::card_uid::CardUid;
use mamoru_seal::kiosk::{
    self as wire, ConfirmResponse, EnrollRequest, EnrollResponse, KioskStatus, LookupResponse, Refusal,
    RefusalCode,
};
use mamoru_types::audit::AuditAction;
use mamoru_types::cards::CardStatus;
use mamoru_types::domain::{CardId, GrantId, KioskId, Label};
use mamoru_types::errors::AppError;
use std::net::IpAddr;

/// A refused kiosk request: the wire refusal, with the cause logged on the server.
#[derive(Debug)]
pub struct Refused(pub Refusal);

impl Refused {
    pub fn of(error: RefusalCode) -> Self {
        Refused(Refusal { error, attempts_left: None })
    }
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "kiosk request failed");
        Refused::of(RefusalCode::Internal)
    }
}

impl From<AppError> for Refused {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Busy => Refused::of(RefusalCode::Busy),
            // AppError::internal has logged the cause already.
            _ => Refused::of(RefusalCode::Internal),
        }
    }
}

fn actor(kiosk: &Kiosk) -> String {
    format!("kiosk:{}", kiosk.id)
}

/// Registers a kiosk's device key with a one-time code and answers the key to pin.
#[tracing::instrument(skip_all)]
pub async fn enroll(
    state: &Core,
    request: EnrollRequest,
    ip: Option<IpAddr>,
) -> Result<EnrollResponse, Refused> {
    let code = mamoru_seal::codes::parse_short_code(&request.code)
        .ok_or(Refused::of(RefusalCode::EnrollmentInvalid))?;
    let name = Label::parse(&request.name).map_err(|_| Refused::of(RefusalCode::BadRequest))?;
    let key = wire::decode_public_key(&request.public_key).ok_or(Refused::of(RefusalCode::BadRequest))?;
    let now = state.now();
    let kiosk = Kiosk {
        id: KioskId::new(tokens::new_id()),
        name: name.as_str().to_owned(),
        public_key: wire::encode_public_key(&key),
        enrolled_at: now,
        disabled_at: None,
    };
    let mut tx = state.store.write().await?;
    if !kiosks::use_enrollment(&mut tx, &tokens::hash_token(&code), now).await? {
        return Err(Refused::of(RefusalCode::EnrollmentInvalid));
    }
    kiosks::insert(&mut tx, &kiosk).await?;
    let detail = serde_json::json!({ "name": kiosk.name });
    audit::record(&mut tx, now, &actor(&kiosk), AuditAction::KioskEnrolled, &kiosk.id, detail, ip).await?;
    tx.commit().await?;
    tracing::info!(kiosk = %kiosk.id, "kiosk enrolled");
    Ok(EnrollResponse {
        kiosk_id: kiosk.id.to_string(),
        server_key_id: state.keys.key_id().to_owned(),
        server_public_key: state.keys.public_key_base64(),
    })
}

/// The parts of a signed request the server checks.
pub struct SignedRequest<'a> {
    pub kiosk_id: &'a str,
    pub time: &'a str,
    pub nonce: &'a str,
    pub signature: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub body: &'a [u8],
}

/// The enrolled, enabled kiosk that signed this fresh, never-seen request.
#[tracing::instrument(skip_all)]
pub async fn authenticate(state: &Core, request: SignedRequest<'_>) -> Result<Kiosk, Refused> {
    let refused = || Refused::of(RefusalCode::KioskRefused);
    let now = state.now();
    let time: i64 = request.time.parse().map_err(|_| refused())?;
    let nonce_ok = (16..=64).contains(&request.nonce.len())
        && request.nonce.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if (now - time).abs() > wire::MAX_CLOCK_SKEW_SECS || !nonce_ok {
        tracing::warn!(kiosk = request.kiosk_id, "kiosk request refused: stale time or bad nonce");
        return Err(refused());
    }
    let mut conn = state.store.pool().acquire().await?;
    let kiosk =
        kiosks::by_id(&mut conn, &KioskId::new(request.kiosk_id)).await?.filter(|k| k.disabled_at.is_none());
    let key = kiosk.as_ref().and_then(|k| wire::decode_public_key(&k.public_key));
    let (Some(kiosk), Some(key)) = (kiosk, key) else {
        tracing::warn!(kiosk = request.kiosk_id, "kiosk request refused: unknown or disabled kiosk");
        return Err(refused());
    };
    let signed = wire::verify_request(
        &key,
        request.signature,
        request.method,
        request.path,
        time,
        request.nonce,
        request.body,
    );
    if signed.is_err() {
        tracing::warn!(kiosk = %kiosk.id, "kiosk request refused: bad signature");
        return Err(refused());
    }
    // Only after the signature: nobody but the kiosk can fill its nonce table.
    kiosks::forget_nonces(&mut conn, now - 2 * wire::MAX_CLOCK_SKEW_SECS).await?;
    if !kiosks::record_nonce(&mut conn, &kiosk.id, request.nonce, now).await? {
        tracing::warn!(kiosk = %kiosk.id, "kiosk request refused: replayed nonce");
        return Err(refused());
    }
    Ok(kiosk)
}

pub fn status(kiosk: &Kiosk) -> KioskStatus {
    KioskStatus { kiosk_id: kiosk.id.to_string(), name: kiosk.name.clone() }
}

/// The token of a grant waiting to be collected, for a hire who typed their short code.
#[tracing::instrument(skip_all)]
pub async fn lookup(state: &Core, code: &str) -> Result<LookupResponse, Refused> {
    let code = mamoru_seal::codes::parse_short_code(code).ok_or(Refused::of(RefusalCode::UnknownGrant))?;
    let mut conn = state.store.pool().acquire().await?;
    let grant =
        grants::by_short_code(&mut conn, &code).await?.ok_or(Refused::of(RefusalCode::UnknownGrant))?;
    collectable(cards::pickup_status(&mut conn, state, &grant).await?)?;
    let hire = crate::store::hires::by_user(&mut conn, &grant.user_id)
        .await?
        .ok_or(Refused::of(RefusalCode::UnknownGrant))?;
    Ok(LookupResponse { token: cards::token(state, &grant, &hire) })
}

/// Refuses a grant that cannot be collected now (see [`cards::pickup_status`]).
fn collectable(status: CardStatus) -> Result<(), Refused> {
    match status {
        CardStatus::Waiting | CardStatus::AtKiosk => Ok(()),
        CardStatus::Locked => Err(Refused::of(RefusalCode::Locked)),
        CardStatus::Expired => Err(Refused::of(RefusalCode::Expired)),
        CardStatus::Issued | CardStatus::Revoked => Err(Refused::of(RefusalCode::NotClaimable)),
    }
}

/// Claims a grant for this kiosk with the hire's PIN. Claiming again from the same kiosk
/// succeeds, so a retry after a network fault is safe.
#[tracing::instrument(skip_all, fields(kiosk_id = %kiosk.id, grant_id = %grant_id))]
pub async fn claim(state: &Core, kiosk: &Kiosk, grant_id: &GrantId, pin: &str) -> Result<(), Refused> {
    let now = state.now();
    let mut conn = state.store.pool().acquire().await?;
    let grant = grants::by_id(&mut conn, grant_id).await?.ok_or(Refused::of(RefusalCode::UnknownGrant))?;
    collectable(cards::pickup_status(&mut conn, state, &grant).await?)?;
    let stored = grants::pin_hash(&mut conn, grant_id).await?.ok_or(Refused::of(RefusalCode::PinNotSet))?;
    let matches = match mamoru_seal::codes::Pin::parse(pin) {
        Some(pin) => state.hasher.verify(pin.expose().to_owned(), Some(stored)).await?,
        None => false,
    };
    if !matches {
        return Err(wrong_pin(state, kiosk, &grant).await?);
    }
    let held_here = grant.state == GrantState::Claimed && grant.kiosk_id.as_ref() == Some(&kiosk.id);
    if held_here {
        return Ok(());
    }
    let mut tx = state.store.write().await?;
    users::lock(&mut tx, &grant.user_id).await?;
    if !grants::claim(&mut tx, grant_id, &kiosk.id, now, now - rules::CLAIM_HOLD_SECS).await? {
        return Err(Refused::of(RefusalCode::NotClaimable));
    }
    let detail = serde_json::json!({ "grant": grant.id });
    commit_step(tx, state, now, kiosk, &grant, AuditAction::CardClaimed, detail).await
}

/// Ends a pickup step's transaction: the audit entry, the holder's new standing, commit.
async fn commit_step(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    state: &Core,
    now: i64,
    kiosk: &Kiosk,
    grant: &grants::Grant,
    action: AuditAction,
    detail: serde_json::Value,
) -> Result<(), Refused> {
    audit::record(&mut tx, now, &actor(kiosk), action, &grant.user_id, detail, None).await?;
    hires::refresh(&mut tx, state, &grant.user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Counts a wrong PIN, locking the grant at the limit, and words the refusal.
async fn wrong_pin(state: &Core, kiosk: &Kiosk, grant: &grants::Grant) -> Result<Refused, Refused> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    users::lock(&mut tx, &grant.user_id).await?;
    let Some(failures) = grants::record_pin_failure(&mut tx, &grant.id, rules::PIN_ATTEMPTS).await? else {
        return Ok(Refused::of(RefusalCode::NotClaimable));
    };
    let locked = failures >= rules::PIN_ATTEMPTS;
    let action = if locked { AuditAction::CardGrantLocked } else { AuditAction::CardPinFailed };
    let detail = serde_json::json!({ "grant": grant.id, "failures": failures });
    audit::record(&mut tx, now, &actor(kiosk), action, &grant.user_id, detail, None).await?;
    if locked {
        hires::refresh(&mut tx, state, &grant.user_id).await?;
    }
    tx.commit().await?;
    if locked {
        return Ok(Refused::of(RefusalCode::Locked));
    }
    let attempts_left = u32::try_from(rules::PIN_ATTEMPTS - failures).ok();
    Ok(Refused(Refusal { error: RefusalCode::PinWrong, attempts_left }))
}

/// A grant, read after locking its holder's row: the lock order (person, then grant) is
/// the one every card transaction uses, and the standing computed before commit is final.
async fn locked_grant(conn: &mut sqlx::AnyConnection, grant_id: &GrantId) -> Result<grants::Grant, Refused> {
    let unknown = || Refused::of(RefusalCode::UnknownGrant);
    let grant = grants::by_id(conn, grant_id).await?.ok_or_else(unknown)?;
    users::lock(conn, &grant.user_id).await?;
    grants::by_id(conn, grant_id).await?.ok_or_else(unknown)
}

/// Binds the card this kiosk read to the grant it holds. Confirming again with the same
/// card answers the same card and issues nothing new. The UID is stored as its upper-case
/// hex (ISO 14443 UIDs and FeliCa IDms alike).
#[tracing::instrument(skip_all, fields(kiosk_id = %kiosk.id, grant_id = %grant_id))]
pub async fn confirm(
    state: &Core,
    kiosk: &Kiosk,
    grant_id: &GrantId,
    uid: &CardUid,
) -> Result<ConfirmResponse, Refused> {
    let uid = uid.to_string();
    let now = state.now();
    let mut tx = state.store.write().await?;
    let grant = locked_grant(&mut tx, grant_id).await?;
    if grant.state == GrantState::Issued
        && let Some(card) = card_store::by_grant(&mut tx, grant_id).await?
        && card.uid == uid
        && card.kiosk_id == kiosk.id
    {
        return Ok(ConfirmResponse { card_id: card.id.to_string() });
    }
    if grant.state != GrantState::Claimed || grant.kiosk_id.as_ref() != Some(&kiosk.id) {
        return Err(Refused::of(RefusalCode::NotClaimable));
    }
    if card_store::active_by_uid(&mut tx, &uid).await?.is_some() {
        return Err(Refused::of(RefusalCode::CardInUse));
    }
    // The grant first: if an abort, a disabled account or another kiosk got there first,
    // nothing is issued.
    if !grants::finish_claim(&mut tx, grant_id, &kiosk.id, GrantState::Issued).await? {
        return Err(Refused::of(RefusalCode::NotClaimable));
    }
    let card = card_store::Card {
        id: CardId::new(tokens::new_id()),
        user_id: grant.user_id.clone(),
        grant_id: grant.id.clone(),
        uid,
        state: card_store::CardState::Active,
        kiosk_id: kiosk.id.clone(),
        issued_at: now,
        ended_at: None,
    };
    card_store::insert(&mut tx, &card).await.map_err(|e| {
        if crate::store::is_duplicate(&e) { Refused::of(RefusalCode::CardInUse) } else { Refused::from(e) }
    })?;
    let detail = serde_json::json!({ "grant": grant.id, "card": card.id, "uid": card.uid });
    commit_step(tx, state, now, kiosk, &grant, AuditAction::CardIssued, detail).await?;
    tracing::info!(card = %card.id, kiosk = %kiosk.id, "card issued");
    Ok(ConfirmResponse { card_id: card.id.to_string() })
}

/// Gives a claimed grant back (the card read failed or the hire walked away). Aborting a
/// grant that is already back is not an error.
#[tracing::instrument(skip_all, fields(kiosk_id = %kiosk.id, grant_id = %grant_id))]
pub async fn abort(state: &Core, kiosk: &Kiosk, grant_id: &GrantId) -> Result<(), Refused> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    let grant = locked_grant(&mut tx, grant_id).await?;
    if grant.state == GrantState::Granted {
        return Ok(());
    }
    if !grants::finish_claim(&mut tx, grant_id, &kiosk.id, GrantState::Granted).await? {
        return Err(Refused::of(RefusalCode::NotClaimable));
    }
    let detail = serde_json::json!({ "grant": grant.id });
    commit_step(tx, state, now, kiosk, &grant, AuditAction::CardClaimReleased, detail).await
}
