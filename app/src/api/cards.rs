//! Staff IC cards: the hire's pickup code and PIN, and HR's card actions.

#[cfg(feature = "ssr")]
use crate::server::{client_ip, require_role, state};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use mamoru_core::cards;
use mamoru_types::cards::*;
#[cfg(feature = "ssr")]
use mamoru_types::domain::Role;
use mamoru_types::domain::UserId;
use mamoru_types::errors::AppError;

#[server(endpoint = "cards/mine")]
pub async fn my_card() -> Result<CardHome, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    cards::home(&state()?, &hire.user_id).await
}

/// Sets a fresh six-digit PIN for the waiting grant and answers it, once.
#[server(endpoint = "cards/pin")]
pub async fn new_pickup_pin() -> Result<String, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    cards::new_pin(&state()?, &hire.user_id).await
}

/// Ends the active card of the hire whose account is `user_id` (lost or returned); a hire
/// still qualified gets a new grant.
#[server(endpoint = "cards/end")]
pub async fn end_card(user_id: UserId, reason: CardEnd) -> Result<(), AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    cards::end_card(&state()?, &hr.user_id, &user_id, reason, client_ip()).await
}

/// Replaces a locked or expired grant of the hire whose account is `user_id` with a new one
/// (none while their training has expired).
#[server(endpoint = "cards/reissue")]
pub async fn reissue_grant(user_id: UserId) -> Result<(), AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    cards::reissue(&state()?, &hr.user_id, &user_id, client_ip()).await
}
