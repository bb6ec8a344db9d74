//! Keeping each hire's stored standing current: recomputed by every transaction that
//! changes it, and for every stale hire after the course or the agreement changed.

use super::rules;
use crate::Core;
use crate::cards::{self, rules as card_rules};
use crate::round::{self, Round};
use crate::store::{hires, users};
use mamoru_types::cards::CardStatus;
use mamoru_types::domain::UserId;
use sqlx::AnyConnection;

/// Recomputes and stores where the hire with account `user_id` stands. Every transaction
/// that changes a hire's progress, agreement, card or account calls it before committing;
/// for staff accounts it changes nothing.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn refresh(conn: &mut AnyConnection, state: &Core, user_id: &UserId) -> Result<(), sqlx::Error> {
    let round = round::load(conn, state, user_id).await?;
    store_standing(conn, state, user_id, &round).await
}

/// [`refresh`] after a requirement was recorded or a card ended: first mints the card
/// grant if the round now qualifies for one. The caller holds the person's lock.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn settle(conn: &mut AnyConnection, state: &Core, user_id: &UserId) -> Result<(), sqlx::Error> {
    let round = round::load(conn, state, user_id).await?;
    cards::mint_if_certified(conn, state, user_id, &round).await?;
    store_standing(conn, state, user_id, &round).await
}

async fn store_standing(
    conn: &mut AnyConnection,
    state: &Core,
    user_id: &UserId,
    round: &Round,
) -> Result<(), sqlx::Error> {
    let grant = cards::outstanding(conn, user_id).await?;
    let card = grant.as_ref().map(|g| card_rules::status(g, state.now()));
    let active = users::by_id(conn, user_id).await?.is_some_and(|u| u.is_active());
    let hire_state = rules::state(rules::Standing {
        registered: true,
        active,
        modules_passed: round.modules_passed,
        module_count: state.course.modules.len(),
        quiz_locked: round.quiz_locked,
        nda: round.nda,
        card,
    });
    let stored = hires::Standing {
        state: hire_state,
        modules_passed: i64::try_from(round.modules_passed).unwrap_or(i64::MAX),
        // A waiting grant is stored as waiting; the list turns it to expired with time.
        card: card.map(|c| if c == CardStatus::Expired { CardStatus::Waiting } else { c }),
        card_expires_at: grant.map(|g| g.expires_at),
        signed_versions: round.signed_versions.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
        course_version: state.course.version.clone(),
        // Only a completed hire can expire; the list turns them to expired with time.
        certified_at: round.certified_at().filter(|_| hire_state.is_complete()),
    };
    hires::set_standing(conn, user_id, &stored).await?;
    Ok(())
}

/// Recomputes every hire computed for another course version (or marked stale): at
/// start after the course changed, and after a new agreement version. Answers how many.
#[tracing::instrument(skip_all)]
pub async fn refresh_stale(state: &Core) -> Result<usize, sqlx::Error> {
    let mut conn = state.store.pool().acquire().await?;
    let stale = hires::stale(&mut conn, &state.course.version).await?;
    drop(conn);
    refresh_each(state, &stale).await?;
    Ok(stale.len())
}

async fn refresh_each(state: &Core, user_ids: &[UserId]) -> Result<(), sqlx::Error> {
    for chunk in user_ids.chunks(200) {
        let mut tx = state.store.write().await?;
        for user_id in chunk {
            users::lock(&mut tx, user_id).await?;
            refresh(&mut tx, state, user_id).await?;
        }
        tx.commit().await?;
    }
    Ok(())
}
