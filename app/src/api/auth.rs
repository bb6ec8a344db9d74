//! Signing in and out, first-admin setup, accepting an invitation.

use leptos::prelude::*;
use mamoru_types::errors::AppError;

#[cfg(feature = "ssr")]
use crate::server::state;
#[cfg(feature = "ssr")]
use mamoru_core::{Core, accounts::SignedIn, devices, session};

/// Puts the new session (and a new known-device token) in cookies and answers with the
/// page to go to.
#[cfg(feature = "ssr")]
fn start_session(state: &Core, signed_in: SignedIn) -> Result<String, AppError> {
    let session = session::cookie(&state.settings, &signed_in.session_token);
    for cookie in std::iter::once(session).chain(signed_in.device_cookie) {
        let value = http::HeaderValue::from_str(&cookie).map_err(AppError::internal)?;
        expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, value);
    }
    let home = signed_in.viewer.role.home_path();
    crate::server::continue_to(home);
    Ok(home.to_owned())
}

/// The known-device token the browser sent, if any.
#[cfg(feature = "ssr")]
fn device_token(state: &Core) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookies| devices::token_from_cookies(&state.settings, cookies))
        .map(str::to_owned)
}

/// The hash of this request's session token, if it has a session.
#[cfg(feature = "ssr")]
fn current_session_hash() -> Option<String> {
    use_context::<http::request::Parts>()?.extensions.get::<session::CurrentSession>()?.token_hash.clone()
}

/// Ends the current session, if any, so sign-in always starts a fresh one.
#[cfg(feature = "ssr")]
async fn end_current_session(state: &Core) -> Result<(), AppError> {
    if let Some(hash) = current_session_hash() {
        session::end(state, &hash).await?;
    }
    Ok(())
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<String, AppError> {
    let state = state()?;
    end_current_session(&state).await?;
    let ip = crate::server::client_ip();
    let device = device_token(&state);
    let signed_in = mamoru_core::accounts::sign_in(&state, &email, &password, ip, device.as_deref()).await?;
    start_session(&state, signed_in)
}

#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = state()?;
    end_current_session(&state).await?;
    let value = http::HeaderValue::from_str(&session::clearing_cookie(&state.settings))
        .map_err(AppError::internal)?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, value);
    crate::server::continue_to("/login");
    Ok(())
}

/// Where a changed password lands: the account page, saying so.
pub const PASSWORD_CHANGED_PATH: &str = "/account?changed=1";

/// Changes the signed-in person's own password (the current one required); every other
/// session of theirs ends, this one goes on.
#[server(endpoint = "auth/change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    new_password_again: String,
) -> Result<(), AppError> {
    let state = state()?;
    let viewer = crate::server::require_signed_in()?;
    let session = current_session_hash().ok_or(AppError::Unauthenticated)?;
    mamoru_core::accounts::change_password(
        &state,
        &viewer.user_id,
        &session,
        &current_password,
        &new_password,
        &new_password_again,
        crate::server::client_ip(),
    )
    .await?;
    crate::server::continue_to(PASSWORD_CHANGED_PATH);
    Ok(())
}

#[server(endpoint = "auth/setup")]
pub async fn complete_setup(
    token: String,
    email: String,
    name: String,
    password: String,
    password_again: String,
) -> Result<String, AppError> {
    let state = state()?;
    let signed_in = mamoru_core::accounts::complete_setup(
        &state,
        &token,
        &email,
        &name,
        &password,
        &password_again,
        crate::server::client_ip(),
    )
    .await?;
    start_session(&state, signed_in)
}

/// The name and email an invitation is for, to greet the person before they set a password.
#[server(endpoint = "auth/invite_preview")]
pub async fn invite_preview(token: String) -> Result<(String, String), AppError> {
    let state = state()?;
    mamoru_core::accounts::invite_preview(&state, &token).await
}

#[server(endpoint = "auth/accept_invite")]
pub async fn accept_invite(
    token: String,
    password: String,
    password_again: String,
) -> Result<String, AppError> {
    let state = state()?;
    end_current_session(&state).await?;
    let signed_in = mamoru_core::accounts::accept_invite(
        &state,
        &token,
        &password,
        &password_again,
        crate::server::client_ip(),
    )
    .await?;
    start_session(&state, signed_in)
}
