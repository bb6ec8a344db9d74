//! A hire's round of training: the course passed and the current agreement signed, and
//! until when that holds. Each record of a round (a module's pass, the signature) is good
//! for the configured number of days, so a round expires with its oldest record; the hire
//! then starts a new round, in which only what they do from then on counts.

use super::store::{progress, signatures, users};
use super::{AppState, learning, nda};
use crate::api::nda::NdaStatus;
use crate::errors::AppError;
use sqlx::AnyConnection;

/// Where someone stands in their current round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub modules_passed: usize,
    /// A module's attempts are used up without a pass.
    pub quiz_locked: bool,
    pub nda: NdaStatus,
    /// Once the round is complete: until when it holds.
    pub certified_until: Option<i64>,
}

impl Round {
    /// Complete and not expired: the person may hold a card.
    pub fn is_certified(&self, now: i64) -> bool {
        self.certified_until.is_some_and(|until| now < until)
    }

    /// Complete but expired: the person must start a new round.
    pub fn is_expired(&self, now: i64) -> bool {
        self.certified_until.is_some_and(|until| now >= until)
    }
}

/// Until when a complete round holds: `valid_secs` after its oldest record.
pub fn certified_until(passed_at: &[i64], signed_at: i64, valid_secs: i64) -> i64 {
    passed_at.iter().copied().fold(signed_at, i64::min).saturating_add(valid_secs)
}

/// Loads the current round of `user_id`.
pub async fn load(conn: &mut AnyConnection, state: &AppState, user_id: &str) -> Result<Round, sqlx::Error> {
    let progress = progress::load(conn, user_id, &state.course.version).await?;
    let (modules_passed, quiz_locked) = learning::course_progress(&state.course, &progress);
    let signed = signatures::this_round(conn, user_id).await?;
    let versions: Vec<u32> = signed.iter().map(|s| s.version).collect();
    let current = signatures::current_version(conn).await?;
    let nda = current.map_or(NdaStatus::NotSigned, |current| nda::status(current, &versions));
    // The signature of the current version (or a newer one) is the agreement's record.
    let signed_at =
        current.and_then(|current| signed.iter().filter(|s| s.version >= current).map(|s| s.signed_at).min());
    let certified_until = match (learning::passed_at(&state.course, &progress), signed_at) {
        (Some(passed_at), Some(signed_at)) if nda == NdaStatus::Signed => {
            Some(certified_until(&passed_at, signed_at, state.settings.certification_secs))
        }
        _ => None,
    };
    Ok(Round { modules_passed, quiz_locked, nda, certified_until })
}

/// Starts a new round for a hire whose round has expired: from now on the course and the
/// agreement count from scratch. Refused while the round holds or is still incomplete.
pub async fn restart(state: &AppState, user_id: &str) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    users::lock(&mut tx, user_id).await?;
    let round = load(&mut tx, state, user_id).await?;
    if !round.is_expired(now) {
        return Err(AppError::NotExpired);
    }
    users::start_round(&mut tx, user_id, now).await?;
    let detail = serde_json::json!({ "expired_at": round.certified_until });
    super::store::audit::record(&mut tx, now, user_id, "hire.retraining_started", user_id, detail, None)
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
    fn a_round_holds_from_its_oldest_record() {
        let day = 86_400;
        assert_eq!(certified_until(&[300, 100, 200], 400, 365 * day), 100 + 365 * day);
        assert_eq!(certified_until(&[300, 200], 50, day), 50 + day);
        assert_eq!(certified_until(&[], 50, day), 50 + day);
        assert_eq!(certified_until(&[0], 10, i64::MAX), i64::MAX);
    }

    #[test]
    fn a_round_is_certified_until_the_moment_it_expires() {
        let round = |until| Round {
            modules_passed: 8,
            quiz_locked: false,
            nda: NdaStatus::Signed,
            certified_until: until,
        };
        assert!(round(Some(100)).is_certified(99));
        assert!(!round(Some(100)).is_expired(99));
        assert!(!round(Some(100)).is_certified(100));
        assert!(round(Some(100)).is_expired(100));
        assert!(!round(None).is_certified(0));
        assert!(!round(None).is_expired(i64::MAX));
    }
}
