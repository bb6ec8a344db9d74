//! One hire's record as HR opens it: every module's attempts, the agreements signed, the
//! invitation and the events about them. Opening it is written to the audit log.

use super::row;
use crate::store::{audit, hires, invites, progress, signatures, users};
use crate::{Core, learning};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{HireId, InviteId, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::hires::{HireRecord, Invitation, RecordEvent, SignedAgreement};
use mamoru_types::i18n::Lang;
use sqlx::AnyConnection;
use std::net::IpAddr;

#[tracing::instrument(skip_all, fields(actor = %viewer, hire_id = %hire_id))]
pub async fn open(
    state: &Core,
    viewer: &UserId,
    hire_id: &HireId,
    lang: Lang,
    ip: Option<IpAddr>,
) -> Result<HireRecord, AppError> {
    let moment = super::Moment::of(state);
    let now = moment.now;
    // The view is recorded in the same transaction that reads: no read without its entry.
    let mut tx = state.store.write().await?;
    let listed = hires::by_id(&mut tx, hire_id).await?.ok_or(AppError::NotFound)?;
    let detail = serde_json::json!({ "employee_number": listed.hire.employee_number });
    audit::record(&mut tx, now, viewer, AuditAction::HireViewed, hire_id, detail, ip).await?;
    let invitation = invitation(&mut tx, &listed.hire.invite_id, now).await?;
    let email = listed.hire.email.clone();
    let user_id = listed.hire.user_id.clone();
    let (exceptions, door_events) = match &user_id {
        Some(user_id) => (
            crate::exceptions::of_person(&mut tx, state, user_id).await?,
            crate::door::of_person(&mut tx, user_id).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    let (modules, agreements) = match &user_id {
        Some(user_id) => {
            let progress = progress::load(&mut tx, user_id, &state.course.version).await?;
            let round_started_at = users::round_started_at(&mut tx, user_id).await?;
            let earlier: Vec<progress::Attempt> = progress::every_attempt(&mut tx, user_id)
                .await?
                .into_iter()
                .filter(|(version, a)| *version == state.course.version && a.started_at < round_started_at)
                .map(|(_, attempt)| attempt)
                .collect();
            let modules = learning::history(&state.course, &progress, &earlier, lang);
            let agreements = signatures::for_user(&mut tx, user_id)
                .await?
                .into_iter()
                .map(|s| SignedAgreement {
                    version: s.version,
                    signed_at: s.signed_at,
                    verification_code: s.verification_code,
                })
                .collect();
            (modules, agreements)
        }
        None => (Vec::new(), Vec::new()),
    };
    let events = audit::about_hire(&mut tx, hire_id, user_id.as_ref())
        .await?
        .into_iter()
        .map(|(entry, name)| RecordEvent {
            at: entry.at,
            actor: name.or(entry.actor_id).unwrap_or_default(),
            action: entry.action,
        })
        .collect();
    tx.commit().await?;
    Ok(HireRecord {
        hire: row(listed, moment),
        email,
        invitation,
        modules,
        agreements,
        exceptions,
        door_events,
        events,
    })
}

async fn invitation(
    conn: &mut AnyConnection,
    invite_id: &InviteId,
    now: i64,
) -> Result<Invitation, AppError> {
    let invite =
        invites::by_id(conn, invite_id).await?.ok_or_else(|| AppError::internal("hire without invite"))?;
    Ok(match invite.used_at {
        Some(at) => Invitation::Accepted { at },
        None if invite.expires_at > now => Invitation::Pending { expires_at: invite.expires_at },
        None => Invitation::Expired,
    })
}
