//! Single sign-on's two HTTP ends: the sign-in page's button posts to `/auth/oidc/start`,
//! which sends the browser to the provider, and the provider sends it back to
//! `/auth/oidc/callback` (see `mamoru_core::sso`).

use app::server::AppState;
use axum::{
    Extension, Router,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use mamoru_core::client_addr::{ClientIp, Origin};
use mamoru_core::sso::CALLBACK_PATH;
use mamoru_core::{Core, session};
use mamoru_types::errors::AppError;

/// Keeps the sign-in's `state` in the browser that started it. `SameSite=Lax`, not
/// `Strict`: the provider's redirect back is a navigation from another site, which a
/// Strict cookie would not come with.
const STATE_COOKIE: &str = "mamoru_sso";

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/oidc/start", post(start)).route(CALLBACK_PATH, get(callback))
}

/// The sign-in page's 「… でサインイン」: off to the provider.
async fn start(State(state): State<Core>) -> Response {
    let Some(sso) = state.sso.clone() else { return StatusCode::NOT_FOUND.into_response() };
    match sso.start(&state).await {
        Ok(started) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            let headers = response.headers_mut();
            set(headers, header::LOCATION, &started.authorize_url);
            set(
                headers,
                header::SET_COOKIE,
                &state_cookie(&state, &started.state, mamoru_core::sso::LOGIN_TTL_SECS),
            );
            response
        }
        Err(error) => back_to_sign_in(&error),
    }
}

#[derive(serde::Deserialize)]
struct Returned {
    code: Option<String>,
    state: Option<String>,
}

/// The provider's answer: a session, and a page that goes on home (a redirect would not
/// do: the browser would not send the new `SameSite=Strict` session cookie on a redirect
/// that another site started).
async fn callback(
    State(state): State<Core>,
    Extension(ClientIp(ip)): Extension<ClientIp>,
    headers: HeaderMap,
    Query(returned): Query<Returned>,
) -> Response {
    let Some(sso) = state.sso.clone() else { return StatusCode::NOT_FOUND.into_response() };
    let kept = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookies| session::cookie_value(cookies, STATE_COOKIE))
        .map(str::to_owned);
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin = Origin::new(ip, user_agent);
    let (Some(code), Some(returned_state)) = (returned.code, returned.state) else {
        // The provider sent an error (the person cancelled, say) or nothing usable.
        return back_to_sign_in(&AppError::SsoFailed);
    };
    match sso.finish(&state, &code, &returned_state, kept.as_deref(), &origin).await {
        Ok(signed_in) => {
            let home = signed_in.viewer.role.home_path();
            let page = format!(
                "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={home}\"><title>Mamoru</title></head><body><p><a href=\"{home}\">続ける / Continue</a></p></body></html>"
            );
            let mut response =
                (StatusCode::OK, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
            let headers = response.headers_mut();
            headers.append(
                header::SET_COOKIE,
                value(&session::cookie(&state.settings, &signed_in.session_token)),
            );
            if let Some(device) = &signed_in.device_cookie {
                headers.append(header::SET_COOKIE, value(device));
            }
            headers.append(header::SET_COOKIE, value(&state_cookie(&state, "", 0)));
            response
        }
        Err(error) => back_to_sign_in(&error),
    }
}

/// The sign-in page again, naming what went wrong (the kind only, never a detail).
fn back_to_sign_in(error: &AppError) -> Response {
    let kind = match error {
        AppError::SsoUnavailable => "unavailable",
        AppError::SsoNoRole => "no_role",
        _ => "failed",
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    set(response.headers_mut(), header::LOCATION, &format!("/login?sso={kind}"));
    response
}

fn state_cookie(state: &Core, value: &str, max_age: i64) -> String {
    format!(
        "{STATE_COOKIE}={value}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if state.settings.cookie_secure { "; Secure" } else { "" }
    )
}

fn value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn set(headers: &mut HeaderMap, name: header::HeaderName, text: &str) {
    headers.insert(name, value(text));
}
