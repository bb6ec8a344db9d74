//! The evidence bundle an auditor gets for one hire: a ZIP with the signed agreements,
//! every quiz attempt, the card events, the device exceptions with their sealed
//! decisions, the door events and the audit entries about the hire, and a
//! manifest of SHA-256s sealed with the platform key (`mamoru verify-bundle` checks it).

use crate::course::Course;
use crate::learning::rules::Served;
use crate::store::{audit, hires, progress, signatures};
use crate::{Core, nda, store};
use mamoru_seal::bundle::Subject;
use mamoru_types::audit::{AuditAction, AuditKind};
use mamoru_types::domain::{HireId, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::i18n::format_utc;
use serde::Serialize;
use std::net::IpAddr;

/// A bundle ready to download.
pub struct Bundle {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[tracing::instrument(skip_all, fields(actor = %viewer, hire_id = %hire_id))]
pub async fn bundle(
    state: &Core,
    viewer: &UserId,
    hire_id: &HireId,
    ip: Option<IpAddr>,
) -> Result<Bundle, AppError> {
    let moment = super::Moment::of(state);
    let now = moment.now;
    // The download is logged in the transaction that reads, so the bundle lists itself.
    let mut tx = state.store.write().await?;
    let listed = hires::by_id(&mut tx, hire_id).await?.ok_or(AppError::NotFound)?;
    let hire = listed.hire;
    let detail = serde_json::json!({ "employee_number": hire.employee_number });
    audit::record(&mut tx, now, viewer, AuditAction::HireEvidenceDownloaded, hire_id, detail, ip).await?;
    let entries: Vec<audit::Entry> = audit::about_hire(&mut tx, hire_id, hire.user_id.as_ref())
        .await?
        .into_iter()
        .map(|(entry, _)| entry)
        .collect();
    let (attempts, signed, requests, door) = match &hire.user_id {
        Some(user_id) => (
            progress::every_attempt(&mut tx, user_id).await?,
            signatures::for_user(&mut tx, user_id).await?,
            store::exceptions::for_user(&mut tx, user_id).await?,
            store::door_events::for_user(&mut tx, user_id, DOOR_EVENTS_KEPT).await?,
        ),
        None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
    };
    tx.commit().await?;

    let profile = serde_json::json!({
        "employee_number": hire.employee_number,
        "name": hire.name,
        "kana": hire.kana,
        "email": hire.email,
        "site": hire.site,
        "start_date": hire.start_date,
        "state": moment.state(&listed.standing).name(),
        "certified_until": moment.certified_until(&listed.standing).map(format_utc),
        "invited_at": format_utc(hire.created_at),
        "bundle_created_at": format_utc(now),
    });
    let mut files = vec![("hire.json".to_owned(), json(&profile)?)];
    // Each round signs again: the verification code tells the copies apart.
    for signature in signed {
        let name = format!("agreements/nda-v{}-{}", signature.version, signature.verification_code);
        let evidence = signature.evidence.clone().into_bytes();
        files.push((format!("{name}.pdf"), nda::render_pdf(state, signature).await?));
        files.push((format!("{name}.evidence.json"), evidence));
    }
    let attempts: Vec<AttemptRecord<'_>> = attempts
        .iter()
        .map(|(version, attempt)| AttemptRecord::new(&state.course, version, attempt))
        .collect::<Result<_, _>>()?;
    files.push(("quiz-attempts.json".to_owned(), json(&attempts)?));
    let events: Vec<EntryRecord<'_>> = entries.iter().map(EntryRecord::from).collect();
    let card_events: Vec<&EntryRecord<'_>> =
        events.iter().filter(|e| e.action.starts_with(AuditKind::Card.prefix())).collect();
    files.push(("card-events.json".to_owned(), json(&card_events)?));
    let requests: Vec<ExceptionRecord> =
        requests.iter().map(|r| ExceptionRecord::new(state, r, now)).collect();
    files.push(("device-exceptions.json".to_owned(), json(&requests)?));
    let door: Vec<DoorRecord<'_>> = door.iter().map(DoorRecord::from).collect();
    files.push(("door-events.json".to_owned(), json(&door)?));
    files.push(("audit-log.json".to_owned(), json(&events)?));

    let subject = Subject { employee_number: hire.employee_number.clone(), name: hire.name.clone() };
    let signing = state.keys.clone();
    let bytes = tokio::task::spawn_blocking(move || signing.seal_bundle(subject, now, &files))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let day: String = format_utc(now).chars().take(10).filter(char::is_ascii_digit).collect();
    Ok(Bundle { file_name: format!("mamoru-evidence-{}-{day}.zip", hire.employee_number), bytes })
}

fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, AppError> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(AppError::internal)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// One quiz attempt as the auditor reads it: the questions served in their order, the
/// answers chosen, the score.
#[derive(Serialize)]
struct AttemptRecord<'a> {
    course_version: &'a str,
    module: &'a str,
    started_at: String,
    submitted_at: Option<String>,
    score_percent: Option<i64>,
    passed: bool,
    voided_by_reset: bool,
    /// The questions as served; texts only while the course version is the current one.
    questions: Vec<QuestionRecord>,
}

#[derive(Serialize)]
struct QuestionRecord {
    id: String,
    text: Option<String>,
    /// Options in the order shown.
    options: Vec<String>,
    /// Positions (in `options`) the hire chose.
    chosen: Vec<usize>,
    correct: Vec<usize>,
}

impl<'a> AttemptRecord<'a> {
    /// Refuses a stored attempt it cannot read: a bundle must not leave out what was asked.
    fn new(course: &Course, version: &'a str, attempt: &'a progress::Attempt) -> Result<Self, AppError> {
        let unreadable = |e| AppError::internal(format!("attempt {} is unreadable: {e}", attempt.id));
        let served: Vec<Served> = serde_json::from_str(&attempt.served).map_err(unreadable)?;
        let chosen: Vec<Vec<usize>> = attempt
            .answers
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(unreadable)?
            .unwrap_or_default();
        let module =
            course.modules.iter().find(|m| m.slug == attempt.module_slug && course.version == version);
        let questions = served
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let question = module.and_then(|m| m.questions.iter().find(|q| q.id == item.id));
                let position = |original: &usize| item.order.iter().position(|o| o == original);
                QuestionRecord {
                    id: item.id.clone(),
                    text: question.map(|q| q.text.ja.clone()),
                    options: question
                        .map(|q| {
                            item.order
                                .iter()
                                .filter_map(|&o| q.options.get(o))
                                .map(|o| o.text.ja.clone())
                                .collect()
                        })
                        .unwrap_or_default(),
                    chosen: chosen
                        .get(i)
                        .map(|c| c.iter().filter_map(position).collect())
                        .unwrap_or_default(),
                    correct: question
                        .map(|q| {
                            let right =
                                q.options.iter().enumerate().filter(|(_, o)| o.correct).map(|(n, _)| n);
                            right.filter_map(|n| position(&n)).collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        Ok(AttemptRecord {
            course_version: version,
            module: &attempt.module_slug,
            started_at: format_utc(attempt.started_at),
            submitted_at: attempt.submitted_at.map(format_utc),
            score_percent: attempt.score_percent,
            passed: attempt.passed,
            voided_by_reset: attempt.voided,
            questions,
        })
    }
}

/// An audit entry with its place in the hash chain, so it can be matched to the log.
#[derive(Serialize)]
struct EntryRecord<'a> {
    seq: i64,
    at: String,
    actor_id: Option<&'a str>,
    action: &'a str,
    subject_id: Option<&'a str>,
    detail: serde_json::Value,
    ip: Option<&'a str>,
    prev_hash: &'a str,
    hash: &'a str,
}

impl<'a> From<&'a audit::Entry> for EntryRecord<'a> {
    fn from(e: &'a audit::Entry) -> Self {
        EntryRecord {
            seq: e.seq,
            at: format_utc(e.at),
            actor_id: e.actor_id.as_deref(),
            action: e.action.name(),
            subject_id: e.subject_id.as_deref(),
            detail: serde_json::from_str(&e.detail).unwrap_or(serde_json::Value::String(e.detail.clone())),
            ip: e.ip.as_deref(),
            prev_hash: &e.prev_hash,
            hash: &e.hash,
        }
    }
}

/// A device or media exception as the bundle keeps it: the request, where it stands, and
/// the sealed decision and revocation exactly as stored (they verify on their own).
#[derive(Serialize)]
struct ExceptionRecord {
    id: String,
    kind: &'static str,
    identifier: String,
    reason: String,
    site: String,
    starts_at: String,
    ends_at: String,
    requested_at: String,
    status: String,
    sealed_decision: Option<serde_json::Value>,
    sealed_revocation: Option<serde_json::Value>,
}

impl ExceptionRecord {
    fn new(state: &Core, listed: &store::exceptions::Listed, now: i64) -> Self {
        let e = &listed.exception;
        let sealed = |json: &Option<String>| json.as_deref().and_then(|j| serde_json::from_str(j).ok());
        Self {
            id: e.id.to_string(),
            kind: e.kind.name(),
            identifier: e.identifier.clone(),
            reason: e.reason.clone(),
            site: e.site.clone(),
            starts_at: format_utc(e.starts_at),
            ends_at: format_utc(e.ends_at),
            requested_at: format_utc(e.requested_at),
            status: crate::exceptions::status_of(state, listed, now).text().en.to_owned(),
            sealed_decision: sealed(&e.sealed),
            sealed_revocation: sealed(&e.revoke_sealed),
        }
    }
}

/// The most door events a bundle keeps (the newest): years of a person's entries and exits.
const DOOR_EVENTS_KEPT: i64 = 20_000;

/// A door event as the bundle keeps it (its chain is checked by `mamoru audit verify`).
#[derive(Serialize)]
struct DoorRecord<'a> {
    seq: i64,
    kind: &'static str,
    point: &'a str,
    card_uid: &'a str,
    at: String,
}

impl<'a> From<&'a store::door_events::Stored> for DoorRecord<'a> {
    fn from(e: &'a store::door_events::Stored) -> Self {
        Self { seq: e.seq, kind: e.kind.name(), point: &e.point, card_uid: &e.card_uid, at: format_utc(e.at) }
    }
}
