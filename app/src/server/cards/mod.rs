//! Card grants: the permission to collect a staff IC card at the kiosk. A grant is minted
//! only by [`mint_if_complete`], inside the transaction that records a hire's last
//! requirement, so completing and being granted land together or not at all.

pub mod rules;

use super::store::{audit, grants, progress, signatures, users};
use super::{AppState, learning, nda, tokens};
use crate::api::nda::NdaStatus;
use crate::errors::AppError;
use grants::{Grant, GrantState};
use sqlx::AnyConnection;

/// How long a grant may wait to be collected.
pub const GRANT_TTL_SECS: i64 = 14 * 24 * 60 * 60;

/// Mints a grant when `user_id` now meets every requirement and holds no grant or card
/// yet. Call it inside the transaction that recorded a requirement; answers whether a
/// grant was minted.
pub async fn mint_if_complete(
    conn: &mut AnyConnection,
    state: &AppState,
    user_id: &str,
) -> Result<bool, AppError> {
    // The last quiz and the signature may commit at the same moment: neither may miss
    // the other's write.
    users::lock(conn, user_id).await?;
    let progress = progress::load(conn, user_id, &state.course.version).await?;
    let course_passed = learning::all_passed(&state.course, &progress);
    let signed = signatures::versions_of(conn, user_id).await?;
    let agreement_signed = signatures::current_version(conn)
        .await?
        .is_some_and(|current| nda::status(current, &signed) == NdaStatus::Signed);
    let outstanding = grants::for_user(conn, user_id).await?.iter().any(|g| g.state != GrantState::Revoked);
    if !rules::may_mint(course_passed, agreement_signed, outstanding) {
        return Ok(false);
    }
    let now = state.now();
    let grant = Grant {
        id: tokens::new_id(),
        user_id: user_id.to_owned(),
        short_code: tokens::new_short_code(),
        state: GrantState::Granted,
        issued_at: now,
        expires_at: now + GRANT_TTL_SECS,
        kiosk_id: None,
    };
    grants::insert(conn, &grant).await?;
    let event = audit::Event {
        at: now,
        actor_id: Some(user_id),
        action: "card.granted",
        subject_id: Some(user_id),
        detail: serde_json::json!({ "grant": grant.id, "expires_at": grant.expires_at }),
        ip: None,
    };
    audit::append(conn, event).await?;
    tracing::info!(grant = %grant.id, "card grant minted");
    Ok(true)
}
