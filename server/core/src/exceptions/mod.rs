//! Device and media exceptions (持込許可): a person with valid training asks to bring a
//! device or medium into a site's operator room; a manager of that site, never the
//! requester, approves or refuses it. Each decision and revocation is sealed with the
//! platform key and written to the audit log in the transaction that records it.

pub mod permit;
pub mod rules;

use super::Core;
use crate::store::{audit, exceptions, hires, manager_sites, users};
use crate::{round, tokens};
use mamoru_seal::Purpose;
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{ExceptionId, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::exceptions::{
    Decision, DeviceKind, ExceptionStatus, ExceptionSummary, ManagerDesk, MyExceptions, SitePerson,
};
use mamoru_types::i18n::{format_jst_date, format_utc};
use mamoru_types::nda::{PermitVerdict, Verdict};
use serde::{Deserialize, Serialize};
use std::net::IpAddr;

/// The sealed record of a decision: what the permit prints and `/verify` shows. Field
/// order is the sealed JSON's; a change of it is a new purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub exception_id: String,
    pub requester_id: String,
    pub requester_name: String,
    pub employee_number: String,
    pub kind: DeviceKind,
    pub identifier: String,
    pub reason: String,
    pub site: String,
    /// UTC, RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
    pub decision: Decision,
    pub decision_reason: String,
    pub decided_by_id: String,
    pub decided_by_name: String,
    pub decided_at: String,
    /// The requester's training at the decision (an approval needs it valid).
    pub training_valid_until: Option<String>,
    pub verification_code: String,
}

/// The sealed record of a revocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevocationRecord {
    pub exception_id: String,
    pub verification_code: String,
    pub reason: String,
    pub revoked_by_id: String,
    pub revoked_by_name: String,
    pub revoked_at: String,
}

/// Asks for an exception. Refused unless the requester's training is valid now.
#[tracing::instrument(skip_all, fields(actor = %user_id))]
pub async fn request(
    state: &Core,
    user_id: &UserId,
    form: &rules::Form<'_>,
    ip: Option<IpAddr>,
) -> Result<ExceptionSummary, AppError> {
    let now = state.now();
    let request = rules::Request::parse(form, now, state.settings.exception_max_days)?;
    let id = ExceptionId::new(tokens::new_id());
    let mut tx = state.store.write().await?;
    users::lock(&mut tx, user_id).await?;
    if !round::load(&mut tx, state, user_id).await?.is_certified(now) {
        return Err(AppError::TrainingNotValid);
    }
    if exceptions::open_requests(&mut tx, user_id, now).await? >= rules::MAX_OPEN_REQUESTS {
        return Err(AppError::TooManyOpenRequests);
    }
    let new = exceptions::NewException {
        id: &id,
        user_id,
        kind: request.kind,
        identifier: &request.identifier,
        reason: &request.reason,
        site: request.site.as_str(),
        starts_at: request.period.starts_at,
        ends_at: request.period.ends_at,
        now,
    };
    exceptions::insert(&mut tx, new).await?;
    let detail = serde_json::json!({
        "kind": request.kind.name(), "identifier": request.identifier, "site": request.site.as_str(),
        "starts_at": request.period.starts_at, "ends_at": request.period.ends_at,
    });
    audit::record(&mut tx, now, user_id, AuditAction::ExceptionRequested, &id, detail, ip).await?;
    let listed = exceptions::by_id(&mut tx, &id).await?.ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok(summary(state, listed, now))
}

/// The requester's own page: whether they may ask, and their requests.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn mine(state: &Core, user_id: &UserId) -> Result<MyExceptions, AppError> {
    let now = state.now();
    let mut conn = state.store.pool().acquire().await?;
    let may_request = round::load(&mut conn, state, user_id).await?.is_certified(now);
    let home_site = hires::by_user(&mut conn, user_id).await?.map(|h| h.site);
    let requests = exceptions::for_user(&mut conn, user_id).await?;
    Ok(MyExceptions {
        may_request,
        home_site,
        max_days: state.settings.exception_max_days,
        requests: requests.into_iter().map(|e| summary(state, e, now)).collect(),
    })
}

/// A manager approves or refuses a request of one of their sites. Nobody decides their
/// own request; an approval needs the requester's training valid at this moment.
#[tracing::instrument(skip_all, fields(actor = %manager, exception_id = %id))]
pub async fn decide(
    state: &Core,
    manager: &UserId,
    id: &ExceptionId,
    decision: Decision,
    reason: &str,
    ip: Option<IpAddr>,
) -> Result<ExceptionSummary, AppError> {
    let now = state.now();
    let reason = rules::decision_reason(reason, Some(decision))?;
    let mut tx = state.store.write().await?;
    let listed = of_my_site(&mut tx, manager, id).await?;
    let exception = &listed.exception;
    if exception.user_id == *manager {
        return Err(AppError::OwnRequest);
    }
    if exception.decision.is_some() || now >= exception.ends_at {
        return Err(AppError::AlreadyDecided);
    }
    users::lock(&mut tx, &exception.user_id).await?;
    let requester = users::by_id(&mut tx, &exception.user_id).await?.ok_or(AppError::NotFound)?;
    let round = round::load(&mut tx, state, &exception.user_id).await?;
    let training_valid = requester.is_active() && round.is_certified(now);
    if decision == Decision::Approved && !training_valid {
        return Err(AppError::TrainingNotValid);
    }
    let decider = users::by_id(&mut tx, manager).await?.ok_or(AppError::Unauthenticated)?;
    let record = DecisionRecord {
        exception_id: id.to_string(),
        requester_id: exception.user_id.to_string(),
        requester_name: listed.requester_name.clone(),
        employee_number: listed.employee_number.clone().unwrap_or_default(),
        kind: exception.kind,
        identifier: exception.identifier.clone(),
        reason: exception.reason.clone(),
        site: exception.site.clone(),
        starts_at: format_utc(exception.starts_at),
        ends_at: format_utc(exception.ends_at),
        decision,
        decision_reason: reason.clone(),
        decided_by_id: manager.to_string(),
        decided_by_name: decider.name,
        decided_at: format_utc(now),
        training_valid_until: round.expires_at.filter(|_| training_valid).map(format_utc),
        verification_code: tokens::new_short_code(),
    };
    let sealed = state.keys.seal(Purpose::EXCEPTION_DECISION, &record).to_json();
    let decided = exceptions::Decided {
        decision,
        by: manager,
        at: now,
        reason: &reason,
        sealed: &sealed,
        verification_code: &record.verification_code,
    };
    if !exceptions::decide(&mut tx, id, decided).await? {
        return Err(AppError::AlreadyDecided);
    }
    let action = match decision {
        Decision::Approved => AuditAction::ExceptionApproved,
        Decision::Refused => AuditAction::ExceptionRefused,
    };
    // The card it goes with, for door systems reading the change feed later.
    let uid = crate::store::cards::active_uid_of(&mut tx, &exception.user_id).await?;
    let detail = serde_json::json!({
        "requester": exception.user_id, "site": exception.site, "kind": exception.kind.name(),
        "identifier": exception.identifier, "reason": reason, "code": record.verification_code, "uid": uid,
    });
    audit::record(&mut tx, now, manager, action, id, detail, ip).await?;
    let listed = exceptions::by_id(&mut tx, id).await?.ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok(summary(state, listed, now))
}

/// A manager of the site ends an approval in force before its time.
#[tracing::instrument(skip_all, fields(actor = %manager, exception_id = %id))]
pub async fn revoke(
    state: &Core,
    manager: &UserId,
    id: &ExceptionId,
    reason: &str,
    ip: Option<IpAddr>,
) -> Result<ExceptionSummary, AppError> {
    let now = state.now();
    let reason = rules::decision_reason(reason, None)?;
    let mut tx = state.store.write().await?;
    let listed = of_my_site(&mut tx, manager, id).await?;
    if !status_of(state, &listed, now).is_in_force() {
        return Err(AppError::NotInForce);
    }
    let decider = users::by_id(&mut tx, manager).await?.ok_or(AppError::Unauthenticated)?;
    let record = RevocationRecord {
        exception_id: id.to_string(),
        verification_code: listed.exception.verification_code.clone().unwrap_or_default(),
        reason: reason.clone(),
        revoked_by_id: manager.to_string(),
        revoked_by_name: decider.name,
        revoked_at: format_utc(now),
    };
    let sealed = state.keys.seal(Purpose::EXCEPTION_REVOCATION, &record).to_json();
    if !exceptions::revoke(&mut tx, id, manager, now, &reason, &sealed).await? {
        return Err(AppError::NotInForce);
    }
    let uid = crate::store::cards::active_uid_of(&mut tx, &listed.exception.user_id).await?;
    let detail = serde_json::json!({ "requester": listed.exception.user_id, "reason": reason, "uid": uid });
    audit::record(&mut tx, now, manager, AuditAction::ExceptionRevoked, id, detail, ip).await?;
    let listed = exceptions::by_id(&mut tx, id).await?.ok_or(AppError::Internal)?;
    tx.commit().await?;
    Ok(summary(state, listed, now))
}

/// A manager's page: their sites' open and in-force exceptions and their people, with
/// only what deciding needs. The look is written to the audit log with what it showed.
#[tracing::instrument(skip_all, fields(actor = %manager))]
pub async fn desk(state: &Core, manager: &UserId, ip: Option<IpAddr>) -> Result<ManagerDesk, AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    let sites = manager_sites::sites_of(&mut tx, manager).await?;
    let rows = exceptions::for_manager(&mut tx, manager, now).await?;
    let people = hires::of_managed_sites(&mut tx, manager, exceptions::LIST_LIMIT).await?;
    let detail = serde_json::json!({ "sites": sites, "requests": rows.len(), "people": people.len() });
    audit::record(&mut tx, now, manager, AuditAction::ExceptionDeskViewed, manager, detail, ip).await?;
    tx.commit().await?;
    let (mut pending, mut in_force) = (Vec::new(), Vec::new());
    for row in rows {
        let summary = summary(state, row, now);
        if summary.status.is_open() {
            pending.push(summary);
        } else if summary.status.is_in_force() {
            in_force.push(summary);
        }
    }
    let valid_secs = state.settings.certification_secs;
    let people = people
        .into_iter()
        .map(|hires::SitePersonRow { name, employee_number, site, certified_at }| SitePerson {
            name,
            employee_number,
            site,
            training_valid_until: certified_at
                .map(|at| at.saturating_add(valid_secs))
                .filter(|until| now < *until),
        })
        .collect();
    Ok(ManagerDesk { sites, pending, in_force, people })
}

/// The exception `id` if it belongs to a site `manager` answers for; otherwise not found,
/// so a manager learns nothing of other sites.
async fn of_my_site(
    conn: &mut sqlx::AnyConnection,
    manager: &UserId,
    id: &ExceptionId,
) -> Result<exceptions::Listed, AppError> {
    let listed = exceptions::by_id(conn, id).await?.ok_or(AppError::NotFound)?;
    if !manager_sites::manages(conn, manager, &listed.exception.site).await? {
        return Err(AppError::NotFound);
    }
    Ok(listed)
}

/// The permit of the approval `id`, for its holder (anyone else: not found).
#[tracing::instrument(skip_all, fields(user_id = %user_id, exception_id = %id))]
pub async fn permit_pdf(state: &Core, user_id: &UserId, id: &ExceptionId) -> Result<Vec<u8>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let listed = exceptions::by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    if listed.exception.user_id != *user_id || listed.exception.decision != Some(Decision::Approved) {
        return Err(AppError::NotFound);
    }
    let (sealed, record) =
        opened(state, &listed).ok_or_else(|| AppError::internal("a permit's seal does not verify"))?;
    let verify_url = format!("{}/verify?code={}", state.settings.public_url, record.verification_code);
    // Rendering is CPU work: keep it off the request threads.
    tokio::task::spawn_blocking(move || {
        permit::render(&record, &sealed, &verify_url).map_err(AppError::internal)
    })
    .await
    .map_err(AppError::internal)?
}

/// What `/verify` says of a decision's verification code: `None` when no decision has it.
#[tracing::instrument(skip_all)]
pub async fn verify_code(state: &Core, code: &str) -> Result<Option<Verdict>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let Some(listed) = exceptions::by_code(&mut conn, code).await? else {
        return Ok(None);
    };
    let Some((_, record)) = opened(state, &listed) else {
        return Ok(Some(Verdict::Altered));
    };
    let until = listed.exception.ends_at - 1;
    Ok(Some(Verdict::Permit(PermitVerdict {
        kind: record.kind,
        identifier: record.identifier,
        site: record.site,
        from: format_jst_date(listed.exception.starts_at),
        until: format_jst_date(until),
        holder: crate::nda::evidence::mask_name(&record.requester_name),
        status: status_of(state, &listed, state.now()),
    })))
}

/// The decision's sealed record, if its seal verifies and the row still says what it
/// sealed (a changed period, device or decision is an altered row).
fn opened(state: &Core, listed: &exceptions::Listed) -> Option<(mamoru_seal::Sealed, DecisionRecord)> {
    let e = &listed.exception;
    let sealed = mamoru_seal::Sealed::from_json(e.sealed.as_deref()?).ok()?;
    let record: DecisionRecord = sealed.open_with(state.keys.ring(), Purpose::EXCEPTION_DECISION).ok()?;
    let matches = record.exception_id == e.id.as_str()
        && record.identifier == e.identifier
        && record.kind == e.kind
        && record.site == e.site
        && Some(record.decision) == e.decision
        && record.starts_at == format_utc(e.starts_at)
        && record.ends_at == format_utc(e.ends_at);
    matches.then_some((sealed, record))
}

/// Where a listed exception stands at `now`, from its row and its requester's stored
/// standing.
pub fn status_of(state: &Core, listed: &exceptions::Listed, now: i64) -> ExceptionStatus {
    let e = &listed.exception;
    let row = rules::Row {
        starts_at: e.starts_at,
        ends_at: e.ends_at,
        decision: e.decision,
        revoked_at: e.revoked_at,
    };
    let requester = rules::Requester {
        training_valid_until: listed
            .certified_at
            .map(|at| at.saturating_add(state.settings.certification_secs)),
        disabled_at: listed.requester_disabled_at,
    };
    rules::status(row, requester, now)
}

/// A person's requests with where each stands now, newest first (HR's record).
pub async fn of_person(
    conn: &mut sqlx::AnyConnection,
    state: &Core,
    user_id: &UserId,
) -> Result<Vec<ExceptionSummary>, sqlx::Error> {
    let now = state.now();
    Ok(exceptions::for_user(conn, user_id).await?.into_iter().map(|e| summary(state, e, now)).collect())
}

/// The exceptions in force now, by site, the first [`exceptions::LIST_LIMIT`] (HR's overview).
pub async fn in_force(
    conn: &mut sqlx::AnyConnection,
    state: &Core,
) -> Result<Vec<ExceptionSummary>, sqlx::Error> {
    let now = state.now();
    let rows = exceptions::approved_unended(conn, now).await?;
    let in_force = rows.into_iter().map(|e| summary(state, e, now)).filter(|s| s.status.is_in_force());
    Ok(in_force.take(usize::try_from(exceptions::LIST_LIMIT).unwrap_or(usize::MAX)).collect())
}

fn summary(state: &Core, listed: exceptions::Listed, now: i64) -> ExceptionSummary {
    let status = status_of(state, &listed, now);
    let e = listed.exception;
    ExceptionSummary {
        id: e.id,
        requester: e.user_id,
        requester_name: listed.requester_name,
        employee_number: listed.employee_number.unwrap_or_default(),
        kind: e.kind,
        identifier: e.identifier,
        reason: e.reason,
        site: e.site,
        starts_at: e.starts_at,
        ends_at: e.ends_at,
        requested_at: e.requested_at,
        status,
        decided_at: e.decided_at,
        decided_by_name: listed.decider_name,
        decision_reason: e.decision_reason,
        verification_code: e.verification_code,
    }
}
