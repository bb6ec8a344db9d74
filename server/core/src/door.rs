//! Door and desk systems: admins create, list and revoke the bearer tokens (each limited
//! to sites, or seeing all); a token reads the active cards, each with its holder's
//! training valid-until, site and device exceptions in force, and a feed of changes.
//! The server's `/api/door/v1` answers with what this module returns.
//!
//! The change feed is the audit log's door-relevant entries, so its cursor is gap-free and
//! its order the order of commits. Ends that come with time alone (an exception's period,
//! a holder's training expiring) are written to the log by [`sweep`] when a door system
//! next reads, before it reads.

use super::Core;
use crate::store::{api_tokens, audit, cards, door_events, exceptions};
use crate::tokens;
use mamoru_types::audit::AuditAction;
use mamoru_types::devices::{ApiTokenSummary, OneTimeSecret};
use mamoru_types::domain::{Label, UserId};
use mamoru_types::door::DoorEventRow;
use mamoru_types::errors::AppError;
use mamoru_types::exceptions::{EndReason, ExceptionStatus};
use mamoru_types::i18n::format_utc;
use serde::Serialize;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::net::IpAddr;

/// Door-system tokens start with this, so a leaked one is easy to recognise and scan for.
const TOKEN_PREFIX: &str = "mamoru_door_";

#[tracing::instrument(skip_all, fields(actor = %admin))]
pub async fn create_token(
    state: &Core,
    admin: &UserId,
    name: &str,
    sites: &str,
    ip: Option<IpAddr>,
) -> Result<OneTimeSecret, AppError> {
    let name = Label::parse(name)?;
    let sites = parse_sites(sites)?;
    let secret = format!("{TOKEN_PREFIX}{}", tokens::new_token().secret);
    let token = api_tokens::ApiToken {
        id: tokens::new_id(),
        name: name.as_str().to_owned(),
        created_at: state.now(),
        revoked_at: None,
    };
    let mut tx = state.store.write().await?;
    api_tokens::insert(&mut tx, &token, &tokens::hash_token(&secret), admin).await?;
    api_tokens::set_sites(&mut tx, &token.id, &sites).await?;
    let detail = serde_json::json!({ "name": token.name, "sites": sites });
    audit::record(&mut tx, token.created_at, admin, AuditAction::DoorTokenCreated, &token.id, detail, ip)
        .await?;
    tx.commit().await?;
    Ok(OneTimeSecret { secret, expires_at: None })
}

#[tracing::instrument(skip_all)]
pub async fn list_tokens(state: &Core) -> Result<Vec<ApiTokenSummary>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let mut list = Vec::new();
    for t in api_tokens::list(&mut conn).await? {
        let sites = api_tokens::sites_of(&mut conn, &t.id).await?;
        list.push(ApiTokenSummary {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            revoked_at: t.revoked_at,
            sites,
        });
    }
    Ok(list)
}

#[tracing::instrument(skip_all, fields(actor = %admin, token_id = %token_id))]
pub async fn revoke_token(
    state: &Core,
    admin: &UserId,
    token_id: &str,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    if !api_tokens::revoke(&mut tx, token_id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, admin, AuditAction::DoorTokenRevoked, token_id, serde_json::json!({}), ip)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The sites a token is limited to, typed one per line or separated by commas (none:
/// every site).
fn parse_sites(text: &str) -> Result<Vec<String>, AppError> {
    let mut sites = Vec::new();
    for site in text.split([',', '、', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        let site = Label::parse(site)?.as_str().to_owned();
        if !sites.contains(&site) {
            sites.push(site);
        }
    }
    Ok(sites)
}

/// A door system's token, checked: its id and the sites it sees (empty: every site).
pub struct DoorToken {
    pub id: String,
    pub sites: Vec<String>,
}

impl DoorToken {
    fn sees(&self, site: Option<&str>) -> bool {
        self.sites.is_empty() || site.is_some_and(|site| self.sites.iter().any(|s| s == site))
    }

    fn actor(&self) -> String {
        format!("door_token:{}", self.id)
    }
}

/// Why a door system's request was refused.
#[derive(Debug, thiserror::Error)]
pub enum DoorError {
    #[error("unknown or revoked token")]
    Unauthorized,
    #[error("the cursor is not a number")]
    BadCursor,
    #[error("event {position}: {problem}")]
    BadEvent { position: usize, problem: &'static str },
    #[error("a batch holds 1 to {max} events", max = EVENTS_PER_BATCH)]
    BatchSize,
    #[error("store: {0}")]
    Store(#[from] sqlx::Error),
}

/// The unrevoked token whose secret is `secret`, inside the caller's transaction.
async fn token(conn: &mut AnyConnection, secret: &str) -> Result<DoorToken, DoorError> {
    let token = api_tokens::active_by_hash(conn, &tokens::hash_token(secret))
        .await?
        .ok_or(DoorError::Unauthorized)?;
    let sites = api_tokens::sites_of(conn, &token.id).await?;
    Ok(DoorToken { id: token.id, sites })
}

/// One device exception in force on a card.
#[derive(Debug, Clone, Serialize)]
pub struct CardException {
    pub id: String,
    pub kind: &'static str,
    pub identifier: String,
    pub site: String,
    /// UTC, RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
}

impl From<&exceptions::Exception> for CardException {
    fn from(e: &exceptions::Exception) -> Self {
        Self {
            id: e.id.to_string(),
            kind: e.kind.name(),
            identifier: e.identifier.clone(),
            site: e.site.clone(),
            starts_at: format_utc(e.starts_at),
            ends_at: format_utc(e.ends_at),
        }
    }
}

/// One active card, as door systems need it: nothing more personal than the employee
/// number.
#[derive(Debug, Clone, Serialize)]
pub struct ActiveCard {
    pub uid: String,
    pub employee_number: String,
    /// UTC, RFC 3339.
    pub issued_at: String,
    /// The end of the holder's training (UTC, RFC 3339); none while it is not complete.
    pub valid_until: Option<String>,
    pub sites: Vec<String>,
    pub exceptions: Vec<CardException>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardList {
    pub generated_at: String,
    pub cards: Vec<ActiveCard>,
}

/// The active cards a token sees. The read is written to the audit log.
#[tracing::instrument(skip_all)]
pub async fn cards(
    state: &Core,
    secret: &str,
    format: &str,
    ip: Option<IpAddr>,
) -> Result<CardList, DoorError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    let token = token(&mut tx, secret).await?;
    sweep(&mut tx, state, now).await?;
    let valid_secs = state.settings.certification_secs;
    let mut by_holder: HashMap<UserId, Vec<CardException>> = HashMap::new();
    for listed in exceptions::approved_unended(&mut tx, now).await? {
        if crate::exceptions::status_of(state, &listed, now) == ExceptionStatus::Active {
            let e = listed.exception;
            by_holder.entry(e.user_id.clone()).or_default().push(CardException::from(&e));
        }
    }
    let list: Vec<ActiveCard> = cards::active(&mut tx)
        .await?
        .into_iter()
        .filter(|card| card.off_list_at.is_none() && token.sees(card.site.as_deref()))
        .map(|card| ActiveCard {
            exceptions: by_holder.remove(&card.user_id).unwrap_or_default(),
            uid: card.uid,
            employee_number: card.employee_number.unwrap_or_default(),
            issued_at: format_utc(card.issued_at),
            valid_until: card.certified_at.map(|at| format_utc(at.saturating_add(valid_secs))),
            sites: card.site.into_iter().collect(),
        })
        .collect();
    let detail = serde_json::json!({ "format": format, "cards": list.len(), "sites": token.sites });
    audit::record(&mut tx, now, &token.actor(), AuditAction::DoorCardsRead, &token.id, detail, ip).await?;
    tx.commit().await?;
    Ok(CardList { generated_at: format_utc(now), cards: list })
}

/// The audit actions the change feed shows.
pub(crate) const FEED: [AuditAction; 9] = [
    AuditAction::CardIssued,
    AuditAction::CardLost,
    AuditAction::CardReturned,
    AuditAction::CardRevoked,
    AuditAction::CardLeftList,
    AuditAction::CardBackOnList,
    AuditAction::ExceptionApproved,
    AuditAction::ExceptionRevoked,
    AuditAction::ExceptionEnded,
];

/// How many changes one read answers at most; the next cursor continues.
pub const CHANGES_PER_READ: i64 = 500;

/// One change a door system applies, in the order they happened.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Read on with `since=` this.
    pub cursor: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// `card_added` (issued or back on the list), `card_removed`, `exception_approved`,
    /// `exception_ended`; and on webhooks `person_deactivated`.
    pub change: &'static str,
    /// Why a card was removed or an exception ended: `lost`, `returned`, `revoked`,
    /// `training_expired`, `deactivated`, `time_up`.
    pub reason: Option<&'static str>,
    pub uid: Option<String>,
    pub employee_number: Option<String>,
    pub site: Option<String>,
    pub exception: Option<CardException>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub changes: Vec<Change>,
    /// Where to read on from (`since=`); the same when nothing changed.
    pub next: i64,
}

/// The changes after `since` that a token sees. The read is written to the audit log (as
/// an entry the feed itself never shows).
#[tracing::instrument(skip_all)]
pub async fn changes(
    state: &Core,
    secret: &str,
    since: &str,
    ip: Option<IpAddr>,
) -> Result<Changes, DoorError> {
    let since: i64 = match since.trim() {
        "" => 0,
        text => text.parse().ok().filter(|n| *n >= 0).ok_or(DoorError::BadCursor)?,
    };
    let now = state.now();
    let mut tx = state.store.write().await?;
    let token = token(&mut tx, secret).await?;
    sweep(&mut tx, state, now).await?;
    let entries = audit::after(&mut tx, since, &FEED.map(AuditAction::name), CHANGES_PER_READ).await?;
    let full = i64::try_from(entries.len()).unwrap_or(i64::MAX) >= CHANGES_PER_READ;
    let (head, _) = audit::head(&mut tx).await?;
    let next = match entries.last() {
        Some(last) if full => last.seq,
        _ => head,
    };
    let mut list = Vec::new();
    for entry in &entries {
        if let Some(change) = change_of(&mut tx, entry).await?
            && token.sees(change.site.as_deref())
        {
            list.push(change);
        }
    }
    let detail = serde_json::json!({ "since": since, "changes": list.len(), "sites": token.sites });
    audit::record(&mut tx, now, &token.actor(), AuditAction::DoorChangesRead, &token.id, detail, ip).await?;
    tx.commit().await?;
    Ok(Changes { changes: list, next })
}

/// The change an audit entry stands for, with the card and the site as they are now.
pub(crate) async fn change_of(
    conn: &mut AnyConnection,
    entry: &audit::Entry,
) -> Result<Option<Change>, sqlx::Error> {
    let detail: serde_json::Value = serde_json::from_str(&entry.detail).unwrap_or_default();
    let text = |key: &str| detail[key].as_str().map(str::to_owned);
    let mut change = Change {
        cursor: entry.seq,
        at: format_utc(entry.at),
        change: "card_removed",
        reason: None,
        uid: text("uid"),
        employee_number: None,
        site: None,
        exception: None,
    };
    let holder = match entry.action {
        AuditAction::CardIssued | AuditAction::CardBackOnList => {
            change.change = "card_added";
            entry.subject_id.clone().map(UserId::new)
        }
        AuditAction::AccountDisabled => {
            change.change = "person_deactivated";
            entry.subject_id.clone().map(UserId::new)
        }
        AuditAction::CardLost
        | AuditAction::CardReturned
        | AuditAction::CardRevoked
        | AuditAction::CardLeftList => {
            change.reason = Some(match entry.action {
                AuditAction::CardLost => "lost",
                AuditAction::CardReturned => "returned",
                AuditAction::CardRevoked => "revoked",
                _ => "training_expired",
            });
            entry.subject_id.clone().map(UserId::new)
        }
        _ => {
            let id = mamoru_types::domain::ExceptionId::new(entry.subject_id.clone().unwrap_or_default());
            let Some(listed) = exceptions::by_id(conn, &id).await? else { return Ok(None) };
            change.change = if entry.action == AuditAction::ExceptionApproved {
                "exception_approved"
            } else {
                "exception_ended"
            };
            change.reason = (entry.action != AuditAction::ExceptionApproved)
                .then(|| end_reason_name(detail["reason"].as_str()));
            let e = &listed.exception;
            change.exception = Some(CardException::from(e));
            if change.uid.is_none() {
                change.uid = cards::active_uid_of(conn, &e.user_id).await?;
            }
            change.site = Some(e.site.clone());
            change.employee_number = listed.employee_number.clone();
            return Ok(Some(change));
        }
    };
    if let Some(holder) = holder
        && let Some(hire) = crate::store::hires::by_user(conn, &holder).await?
    {
        change.employee_number = Some(hire.employee_number);
        change.site = Some(hire.site);
    }
    Ok(Some(change))
}

/// A revocation is `revoked`; an end found by the sweep names its reason.
fn end_reason_name(reason: Option<&str>) -> &'static str {
    reason.and_then(EndReason::from_name).unwrap_or(EndReason::Revoked).name()
}

/// Writes to the audit log the ends that came with time alone since the last look: each
/// approval that ended by its period, its holder's training or their deactivation, and
/// (when the setting asks) each card whose holder's training expired or was renewed.
pub async fn sweep(conn: &mut AnyConnection, state: &Core, now: i64) -> Result<(), sqlx::Error> {
    for listed in exceptions::unannounced_approvals(conn).await? {
        if let ExceptionStatus::Ended(reason) = crate::exceptions::status_of(state, &listed, now) {
            let e = &listed.exception;
            exceptions::mark_end_logged(conn, &e.id, now).await?;
            let uid = cards::active_uid_of(conn, &e.user_id).await?;
            let detail = serde_json::json!({ "reason": reason.name(), "requester": e.user_id, "site": e.site, "uid": uid });
            system_event(conn, now, AuditAction::ExceptionEnded, e.id.as_str(), detail).await?;
        }
    }
    if !state.settings.expired_cards_leave_list {
        return Ok(());
    }
    let valid_secs = state.settings.certification_secs;
    for card in cards::active(conn).await? {
        let valid = card.certified_at.map(|at| now < at.saturating_add(valid_secs));
        let (off, action) = match (card.off_list_at, valid) {
            (None, Some(false)) => (Some(now), AuditAction::CardLeftList),
            (Some(_), Some(true)) => (None, AuditAction::CardBackOnList),
            _ => continue,
        };
        cards::set_off_list(conn, &card.uid, off).await?;
        let detail = serde_json::json!({ "uid": card.uid, "reason": "training_expired" });
        system_event(conn, now, action, card.user_id.as_str(), detail).await?;
    }
    Ok(())
}

async fn system_event(
    conn: &mut AnyConnection,
    at: i64,
    action: AuditAction,
    subject: &str,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    let event = audit::Event { at, actor_id: None, action, subject_id: Some(subject), detail, ip: None };
    audit::append(conn, event).await
}

/// How many events one batch may hold.
pub const EVENTS_PER_BATCH: usize = 1_000;
/// How far ahead of Mamoru's clock an event's time may be (clocks drift).
const FUTURE_SLACK_SECS: i64 = 5 * 60;

/// One event as a door or desk system sends it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    /// The system's own id of the event: re-sending it records nothing.
    id: String,
    kind: String,
    card_uid: String,
    /// The door or desk, as the system names it.
    point: String,
    /// UTC, RFC 3339 (`2026-12-02T09:00:00Z`).
    at: String,
}

/// A reported event, parsed.
struct Event {
    id: String,
    kind: door_events::Kind,
    card_uid: String,
    point: String,
    at: i64,
}

impl Event {
    fn parse(value: serde_json::Value, now: i64) -> Result<Self, &'static str> {
        let raw: RawEvent = serde_json::from_value(value)
            .map_err(|_| "not an object of id, kind, card_uid, point and at (all text)")?;
        let id = raw.id.trim();
        if id.is_empty() || id.chars().count() > 100 || id.chars().any(char::is_control) {
            return Err("id is empty, longer than 100 characters or not one line");
        }
        let kind = door_events::Kind::from_name(&raw.kind)
            .ok_or("kind is not entry, exit, denied, desk_lock or desk_unlock")?;
        let card_uid = mamoru_seal::card_uid::CardUid::parse(&raw.card_uid)
            .map_err(|_| "card_uid is not a card UID (4, 7, 8 or 10 bytes in hex)")?;
        let point = Label::parse(&raw.point)
            .map_err(|_| "point is empty, longer than 60 characters or not one line")?;
        let at = mamoru_types::i18n::parse_utc(&raw.at)
            .filter(|at| format_utc(*at) == raw.at)
            .ok_or("at is not a UTC time such as 2026-12-02T09:00:00Z")?;
        if at > now + FUTURE_SLACK_SECS {
            return Err("at lies in the future");
        }
        Ok(Self {
            id: id.to_owned(),
            kind,
            card_uid: card_uid.to_string(),
            point: point.as_str().to_owned(),
            at,
        })
    }
}

/// What a batch did.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub recorded: usize,
    /// Events reported before (or twice in the batch): recorded once only.
    pub duplicates: usize,
}

/// Records a batch of events from a door or desk system: all of them or, if one is
/// malformed, none (the error names its position, from 0). An event whose id the system
/// reported before is skipped. Each event names the card's holder at its time.
#[tracing::instrument(skip_all, fields(events = events.len()))]
pub async fn record_events(
    state: &Core,
    secret: &str,
    events: Vec<serde_json::Value>,
    ip: Option<IpAddr>,
) -> Result<Recorded, DoorError> {
    if events.is_empty() || events.len() > EVENTS_PER_BATCH {
        return Err(DoorError::BatchSize);
    }
    let now = state.now();
    let parsed: Vec<Event> = events
        .into_iter()
        .enumerate()
        .map(|(position, value)| {
            Event::parse(value, now).map_err(|problem| DoorError::BadEvent { position, problem })
        })
        .collect::<Result<_, _>>()?;
    let mut tx = state.store.write().await?;
    let token = token(&mut tx, secret).await?;
    // The head first: a batch re-sent at the same moment waits, then finds these recorded.
    door_events::lock_head(&mut tx).await?;
    let (mut recorded, mut seen) = (0, std::collections::HashSet::new());
    for event in &parsed {
        if !seen.insert(event.id.as_str()) || door_events::recorded(&mut tx, &token.id, &event.id).await? {
            continue;
        }
        let holder = cards::holder_at(&mut tx, &event.card_uid, event.at).await?;
        let new = door_events::NewEvent {
            token_id: &token.id,
            event_id: &event.id,
            kind: event.kind,
            card_uid: &event.card_uid,
            point: &event.point,
            at: event.at,
            received_at: now,
            user_id: holder.as_ref(),
        };
        door_events::append(&mut tx, &new).await?;
        recorded += 1;
    }
    let duplicates = parsed.len() - recorded;
    let detail = serde_json::json!({ "recorded": recorded, "duplicates": duplicates });
    audit::record(&mut tx, now, &token.actor(), AuditAction::DoorEventsRecorded, &token.id, detail, ip)
        .await?;
    tx.commit().await?;
    Ok(Recorded { recorded, duplicates })
}

/// How many of a person's door events their record shows.
pub const RECORD_EVENTS: i64 = 100;

fn row(event: door_events::Stored) -> DoorEventRow {
    DoorEventRow {
        at: event.at,
        kind: event.kind,
        point: event.point,
        card_uid: event.card_uid,
        holder: event.name,
    }
}

/// A person's latest door events, for HR's record.
pub async fn of_person(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<DoorEventRow>, sqlx::Error> {
    Ok(door_events::for_user(conn, user_id, RECORD_EVENTS).await?.into_iter().map(row).collect())
}

/// Denied entries of the last 7 days of cards that were nobody's active card, each with
/// the card's last holder if Mamoru issued it (HR's dashboard).
pub async fn denied_unknown(conn: &mut AnyConnection, now: i64) -> Result<Vec<DoorEventRow>, sqlx::Error> {
    let mut rows = Vec::new();
    for event in door_events::denied_unknown(conn, now - 7 * 86_400, 20).await? {
        let last_holder = cards::last_holder_name(conn, &event.card_uid).await?;
        rows.push(DoorEventRow { holder: last_holder, ..row(event) });
    }
    Ok(rows)
}
