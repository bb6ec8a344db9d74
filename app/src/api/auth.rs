//! Signing in and out (with a second factor where needed), first-admin setup, accepting an
//! invitation, one's own password, sessions and authenticator, password-reset links.

use leptos::prelude::*;
use mamoru_types::accounts::{
    Enrolled, Enrolment, IssuedReset, SecondFactorStatus, SecondFactorStep, SessionSummary,
};
use mamoru_types::domain::{SessionId, UserId};
use mamoru_types::errors::AppError;

#[cfg(feature = "ssr")]
use crate::server::state;
#[cfg(feature = "ssr")]
use mamoru_core::accounts::{SignInStep, SignedIn};
#[cfg(feature = "ssr")]
use mamoru_core::{Core, second_factor, session};

/// Puts the new session (and a new known-device token) in cookies and answers with the
/// page to go to.
#[cfg(feature = "ssr")]
fn start_session(state: &Core, signed_in: SignedIn) -> Result<String, AppError> {
    set_session_cookies(state, &signed_in)?;
    let home = signed_in.viewer.role.home_path();
    crate::server::continue_to(home);
    Ok(home.to_owned())
}

/// The value of the cookie `name` the browser sent, if any.
#[cfg(feature = "ssr")]
fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    parts
        .headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookies| session::cookie_value(cookies, name))
        .map(str::to_owned)
}

#[cfg(feature = "ssr")]
fn set_session_cookies(state: &Core, signed_in: &SignedIn) -> Result<(), AppError> {
    let session = session::cookie(&state.settings, &signed_in.session_token);
    std::iter::once(session).chain(signed_in.device_cookie.clone()).try_for_each(|c| set_cookie(&c))
}

/// The known-device token the browser sent, if any.
#[cfg(feature = "ssr")]
fn device_token(state: &Core) -> Option<String> {
    cookie(state.settings.device_cookie_name())
}

/// The token of the sign-in waiting for its code, if the browser has one.
#[cfg(feature = "ssr")]
fn pending_token(state: &Core) -> Result<String, AppError> {
    cookie(state.settings.pending_cookie_name()).ok_or(AppError::Unauthenticated)
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) -> Result<(), AppError> {
    let value = http::HeaderValue::from_str(value).map_err(AppError::internal)?;
    expect_context::<leptos_axum::ResponseOptions>().append_header(http::header::SET_COOKIE, value);
    Ok(())
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
    let device = device_token(&state);
    let origin = crate::server::origin();
    let step = mamoru_core::accounts::sign_in(&state, &email, &password, &origin, device.as_deref()).await?;
    proceed(&state, step)
}

/// After a proved password: the new session, or the cookie of the sign-in waiting for its
/// code; answers the page to go to.
#[cfg(feature = "ssr")]
fn proceed(state: &Core, step: SignInStep) -> Result<String, AppError> {
    match step {
        SignInStep::SignedIn(signed_in) => start_session(state, signed_in),
        SignInStep::CodeNeeded(pending) => {
            set_cookie(&second_factor::pending_cookie(&state.settings, &pending))?;
            crate::server::continue_to(SECOND_FACTOR_PATH);
            Ok(SECOND_FACTOR_PATH.to_owned())
        }
    }
}

/// The page a sign-in waiting for its code goes on to.
pub const SECOND_FACTOR_PATH: &str = "/login/code";

/// What the code page asks of this browser's pending sign-in.
#[server(endpoint = "auth/pending_step")]
pub async fn pending_step() -> Result<SecondFactorStep, AppError> {
    let state = state()?;
    second_factor::step(&state, &pending_token(&state)?).await
}

/// Finishes the pending sign-in with a code from the authenticator or a recovery code.
#[server(endpoint = "auth/finish_sign_in")]
pub async fn finish_sign_in(code: String) -> Result<String, AppError> {
    let state = state()?;
    let pending = pending_token(&state)?;
    let (origin, device) = (crate::server::origin(), device_token(&state));
    let signed_in = second_factor::finish(&state, &pending, &code, &origin, device.as_deref()).await?;
    set_cookie(&second_factor::pending_cookie(&state.settings, ""))?;
    start_session(&state, signed_in)
}

/// Who is setting up an authenticator: the signed-in person, else the pending sign-in.
#[cfg(feature = "ssr")]
fn enroller(state: &Core) -> Result<second_factor::Enroller, AppError> {
    match crate::server::viewer() {
        Some(viewer) => {
            let session = current_session_hash().ok_or(AppError::Unauthenticated)?;
            Ok(second_factor::Enroller::SignedIn { user_id: viewer.user_id, session })
        }
        None => Ok(second_factor::Enroller::Pending(pending_token(state)?)),
    }
}

/// The authenticator being set up (a QR code and the secret as text).
#[server(endpoint = "auth/start_enrolment")]
pub async fn start_enrolment() -> Result<Enrolment, AppError> {
    let state = state()?;
    second_factor::enrolment(&state, &enroller(&state)?).await
}

/// Confirms the authenticator with a code from it; answers the recovery codes, shown once.
/// A pending sign-in is signed in by it; from the account page the current password is
/// asked again.
#[server(endpoint = "auth/confirm_enrolment")]
pub async fn confirm_enrolment(code: String, current_password: Option<String>) -> Result<Enrolled, AppError> {
    let state = state()?;
    let (origin, device) = (crate::server::origin(), device_token(&state));
    let who = enroller(&state)?;
    let password = current_password.as_deref();
    let (enrolled, signed_in) =
        second_factor::confirm(&state, &who, &code, password, &origin, device.as_deref()).await?;
    if let Some(signed_in) = signed_in {
        set_cookie(&second_factor::pending_cookie(&state.settings, ""))?;
        set_session_cookies(&state, &signed_in)?;
    }
    Ok(enrolled)
}

/// The signed-in person's second factor, for their account page.
#[server(endpoint = "auth/second_factor")]
pub async fn my_second_factor() -> Result<SecondFactorStatus, AppError> {
    let viewer = crate::server::require_signed_in()?;
    second_factor::status(&state()?, &viewer.user_id, viewer.role).await
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
        &crate::server::origin(),
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
    let step = mamoru_core::accounts::complete_setup(
        &state,
        &token,
        &email,
        &name,
        &password,
        &password_again,
        &crate::server::origin(),
    )
    .await?;
    proceed(&state, step)
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
    let step = mamoru_core::accounts::accept_invite(
        &state,
        &token,
        &password,
        &password_again,
        &crate::server::origin(),
    )
    .await?;
    proceed(&state, step)
}

/// The signed-in person's live sessions, the one in use marked.
#[server(endpoint = "auth/sessions")]
pub async fn list_sessions() -> Result<Vec<SessionSummary>, AppError> {
    let viewer = crate::server::require_signed_in()?;
    let current = current_session_hash().ok_or(AppError::Unauthenticated)?;
    session::list(&state()?, &viewer.user_id, &current).await
}

/// Where ending a session lands: the account page, saying so.
pub const SESSION_ENDED_PATH: &str = "/account?ended=1";

/// Signs out one of the person's own sessions (another device, say).
#[server(endpoint = "auth/end_session")]
pub async fn end_session(session_id: SessionId) -> Result<(), AppError> {
    let viewer = crate::server::require_signed_in()?;
    session::end_own(&state()?, &viewer.user_id, &session_id, &crate::server::origin()).await?;
    crate::server::continue_to(SESSION_ENDED_PATH);
    Ok(())
}

/// A password-reset link for `user_id`: HR for a hire, an administrator for staff. Shown
/// once to the issuer, or emailed to the person when the server sends mail.
#[server(endpoint = "auth/issue_reset")]
pub async fn issue_reset(user_id: UserId) -> Result<IssuedReset, AppError> {
    let issuer = crate::server::require_role(mamoru_types::domain::Role::can_manage_hires)?;
    mamoru_core::password_reset::issue(&state()?, &issuer, &user_id, &crate::server::origin()).await
}

/// Whether links can be asked for by email here (the server sends mail).
#[server(endpoint = "auth/reset_by_email")]
pub async fn reset_by_email() -> Result<bool, AppError> {
    Ok(state()?.mailer.is_some())
}

/// Where asking for a link lands, whatever the address: the page says a link is on its way
/// if an account has it.
pub const RESET_ASKED_PATH: &str = "/forgot?sent=1";

/// Emails a reset link to the account with this address, if there is one; answers the
/// same either way.
#[server(endpoint = "auth/forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    mamoru_core::password_reset::request_by_email(&state()?, &email, &crate::server::origin()).await?;
    crate::server::continue_to(RESET_ASKED_PATH);
    Ok(())
}

/// The name and email a reset link is for, to greet the person.
#[server(endpoint = "auth/reset_preview")]
pub async fn reset_preview(token: String) -> Result<(String, String), AppError> {
    mamoru_core::password_reset::preview(&state()?, &token).await
}

/// Sets a new password from a reset link and signs in; every other session ends.
#[server(endpoint = "auth/reset_password")]
pub async fn reset_password(
    token: String,
    password: String,
    password_again: String,
) -> Result<String, AppError> {
    let state = state()?;
    end_current_session(&state).await?;
    let origin = crate::server::origin();
    let step =
        mamoru_core::password_reset::redeem(&state, &token, &password, &password_again, &origin).await?;
    proceed(&state, step)
}

/// The identity provider's name for the sign-in page's button, when single sign-on is set.
#[server(endpoint = "auth/sso_label")]
pub async fn sso_label() -> Result<Option<String>, AppError> {
    Ok(state()?.sso.as_ref().map(|sso| sso.label().to_owned()))
}
