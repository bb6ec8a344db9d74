//! A hire's round of training: the course passed and the current agreement signed, and
//! until when that holds. Each record of a round (a module's pass, the signature) is good
//! for the configured number of days, so a round expires with its oldest record. From
//! [`RENEWAL_SECS`] before that, the hire may start a new round, in which only what they
//! do from then on counts.

use super::{Core, learning, nda};
use crate::store::progress::{self, Progress};
use crate::store::{signatures, users};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::UserId;
use mamoru_types::errors::AppError;
use mamoru_types::nda::NdaStatus;
use sqlx::AnyConnection;

/// How many days before expiry a hire is reminded, may start a new round, and counts on
/// HR's dashboard as expiring.
pub const RENEWAL_DAYS: i64 = 30;
/// [`RENEWAL_DAYS`] in seconds.
pub const RENEWAL_SECS: i64 = RENEWAL_DAYS * 86_400;

/// Where someone stands in their current round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub modules_passed: usize,
    /// A module's attempts are used up without a pass.
    pub quiz_locked: bool,
    pub nda: NdaStatus,
    /// Agreement versions signed in this round, oldest first.
    pub signed_versions: Vec<u32>,
    /// Every module passed and the current agreement signed.
    pub complete: bool,
    /// The oldest record counted (a module's pass, the current agreement's signature).
    pub oldest_record: Option<i64>,
    /// When the oldest record expires, and with it the round.
    pub expires_at: Option<i64>,
}

impl Round {
    /// Complete and not expired: the person may hold a card.
    pub fn is_certified(&self, now: i64) -> bool {
        self.complete && self.expires_at.is_some_and(|at| now < at)
    }

    /// A record of the round has expired: the person must start a new round.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|at| now >= at)
    }

    /// Expired, or expiring within [`RENEWAL_SECS`].
    pub fn may_restart(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|at| now >= at - RENEWAL_SECS)
    }

    /// For HR's list: when a complete round was certified from.
    pub fn certified_at(&self) -> Option<i64> {
        self.oldest_record.filter(|_| self.complete)
    }
}

/// Loads the current round of `user_id`.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn load(conn: &mut AnyConnection, state: &Core, user_id: &UserId) -> Result<Round, sqlx::Error> {
    let progress = progress::load(conn, user_id, &state.course.version).await?;
    of_progress(conn, state, user_id, &progress).await
}

/// The current round of `user_id`, whose `progress` in it is loaded already.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn of_progress(
    conn: &mut AnyConnection,
    state: &Core,
    user_id: &UserId,
    progress: &Progress,
) -> Result<Round, sqlx::Error> {
    let (modules_passed, quiz_locked) = learning::course_progress(&state.course, progress);
    let signed = signatures::this_round(conn, user_id).await?;
    let signed_versions: Vec<u32> = signed.iter().map(|s| s.version).collect();
    let current = signatures::current_version(conn).await?;
    let nda = current.map_or(NdaStatus::NotSigned, |current| nda::status(current, &signed_versions));
    // The signature of the current version (or a newer one) is the agreement's record.
    let signed_at =
        current.and_then(|current| signed.iter().filter(|s| s.version >= current).map(|s| s.signed_at).min());
    let passed_at = learning::passed_at(&state.course, progress);
    let oldest_record = passed_at.iter().flatten().copied().chain(signed_at).min();
    Ok(Round {
        modules_passed,
        quiz_locked,
        nda,
        signed_versions,
        complete: passed_at.iter().all(Option::is_some) && nda == NdaStatus::Signed,
        oldest_record,
        expires_at: oldest_record.map(|at| at.saturating_add(state.settings.certification_secs)),
    })
}

/// Starts a new round for a hire whose round has expired or expires soon: from now on the
/// course and the agreement count from scratch. Refused earlier.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn restart(state: &Core, user_id: &UserId) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    users::lock(&mut tx, user_id).await?;
    let round = load(&mut tx, state, user_id).await?;
    if !round.may_restart(now) {
        return Err(AppError::NotExpired);
    }
    users::start_round(&mut tx, user_id, now).await?;
    let detail = serde_json::json!({ "expires_at": round.expires_at });
    crate::store::audit::record(
        &mut tx,
        now,
        user_id,
        AuditAction::HireRetrainingStarted,
        user_id,
        detail,
        None,
    )
    .await?;
    super::hires::refresh(&mut tx, state, user_id).await?;
    tx.commit().await?;
    tracing::info!("new round of training started");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_texts_name_the_renewal_window() {
        use mamoru_types::i18n;
        for text in [i18n::EXPIRING_HINT, i18n::EXPIRING_NONE, i18n::ERR_NOT_EXPIRED] {
            assert!(text.ja.contains(&format!("{RENEWAL_DAYS}日")), "{}", text.ja);
            assert!(text.en.contains(&format!("{RENEWAL_DAYS} days")), "{}", text.en);
        }
    }

    fn round(complete: bool, expires_at: Option<i64>) -> Round {
        Round {
            modules_passed: 8,
            quiz_locked: false,
            nda: NdaStatus::Signed,
            signed_versions: vec![1],
            complete,
            oldest_record: expires_at.map(|at| at - 1_000),
            expires_at,
        }
    }

    #[test]
    fn a_complete_round_is_certified_until_it_expires() {
        let at = 100_000_000;
        assert!(round(true, Some(at)).is_certified(at - 1));
        assert!(!round(true, Some(at)).is_expired(at - 1));
        assert!(!round(true, Some(at)).is_certified(at));
        assert!(round(true, Some(at)).is_expired(at));
        assert!(!round(false, Some(at)).is_certified(at - 1), "incomplete");
        assert!(!round(false, None).is_certified(0) && !round(false, None).is_expired(i64::MAX));
    }

    #[test]
    fn an_incomplete_round_expires_with_its_oldest_record_too() {
        let at = 100_000_000;
        assert!(round(false, Some(at)).is_expired(at));
        assert_eq!(round(false, Some(at)).certified_at(), None);
        assert_eq!(round(true, Some(at)).certified_at(), Some(at - 1_000));
    }

    #[test]
    fn a_new_round_may_start_in_the_renewal_window() {
        let at = 100_000_000;
        assert!(!round(true, Some(at)).may_restart(at - RENEWAL_SECS - 1));
        assert!(round(true, Some(at)).may_restart(at - RENEWAL_SECS));
        assert!(round(true, Some(at)).may_restart(at + 1));
        assert!(!round(false, None).may_restart(i64::MAX), "nothing to renew");
    }
}
