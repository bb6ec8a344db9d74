//! Known devices: a browser that has signed in to an account gets a long-lived, random
//! cookie (its hash stored with the account). When that browser signs in to the same
//! account again, the per-address limit ([`crate::throttle::ADDRESS`]) does not apply to
//! it, so a password-spraying attacker behind the same office address or proxy cannot
//! lock out people who sign in from their usual browser. The per-account lock still
//! applies to everyone. The cookie proves nothing by itself: the password is still checked.

use super::Settings;
use crate::{store, tokens};
use mamoru_types::domain::UserId;

/// How long a browser stays known without signing in again.
pub const KNOWN_FOR_SECS: i64 = 365 * 24 * 60 * 60;

/// Remembers this browser for `user_id` inside the caller's transaction; answers the
/// `Set-Cookie` value to send.
pub async fn remember(
    conn: &mut sqlx::AnyConnection,
    settings: &Settings,
    user_id: &UserId,
    now: i64,
) -> Result<String, sqlx::Error> {
    let token = tokens::new_token();
    store::devices::insert(conn, &token.hash, user_id, now, now + KNOWN_FOR_SECS).await?;
    Ok(super::session::set_cookie(settings, settings.device_cookie_name(), &token.secret, KNOWN_FOR_SECS))
}

/// Whether the browser's device token (from its cookie) is a known device of `user_id`.
pub async fn is_known(
    conn: &mut sqlx::AnyConnection,
    token: Option<&str>,
    user_id: &UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    match token {
        Some(token) => store::devices::is_known(conn, &tokens::hash_token(token), user_id, now).await,
        None => Ok(false),
    }
}
