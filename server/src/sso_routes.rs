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
/// Strict cookie would not come with. With Secure cookies it has the `__Host-` prefix, so
/// no other site under the same domain can plant one.
fn state_cookie_name(state: &Core) -> &'static str {
    if state.settings.cookie_secure { "__Host-mamoru_sso" } else { "mamoru_sso" }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/oidc/start", post(start)).route(CALLBACK_PATH, get(callback))
}

/// The sign-in page's 「… でサインイン」: off to the provider.
async fn start(State(state): State<Core>, Extension(ClientIp(ip)): Extension<ClientIp>) -> Response {
    let Some(sso) = state.sso.clone() else { return StatusCode::NOT_FOUND.into_response() };
    match sso.start(&state, ip).await {
        // A page that goes on to the provider, not a redirect: the pages' policy lets forms
        // post to Mamoru only (`form-action 'self'`), and browsers apply it to where a
        // form's answer redirects.
        Ok(started) => {
            let mut response = going_on_to(&started.authorize_url);
            let cookie = state_cookie(&state, &started.state, mamoru_core::sso::LOGIN_TTL_SECS);
            set(response.headers_mut(), header::SET_COOKIE, &cookie);
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
        .find_map(|cookies| session::cookie_value(cookies, state_cookie_name(&state)))
        .map(str::to_owned);
    let user_agent = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin = Origin::new(ip, user_agent);
    let (Some(code), Some(returned_state)) = (returned.code, returned.state) else {
        // The provider sent an error (the person cancelled, say) or nothing usable.
        return back_to_sign_in(&AppError::SsoFailed);
    };
    match sso.finish(&state, &code, &returned_state, kept.as_deref(), &origin).await {
        Ok(signed_in) => {
            let mut response = going_on_to(signed_in.viewer.role.home_path());
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

/// A page that sends the browser on to `url` at once, with a link for a browser that does
/// not follow the refresh.
fn going_on_to(url: &str) -> Response {
    let url = url.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;");
    let page = format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url={url}\"><title>Mamoru</title></head><body><p><a href=\"{url}\">続ける / Continue</a></p></body></html>"
    );
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// The sign-in page again, naming what went wrong (the kind only, never a detail).
fn back_to_sign_in(error: &AppError) -> Response {
    let kind = match error {
        AppError::SsoUnavailable => "unavailable",
        AppError::SsoNoRole => "no_role",
        AppError::RateLimited => "limited",
        _ => "failed",
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    set(response.headers_mut(), header::LOCATION, &format!("/login?sso={kind}"));
    response
}

fn state_cookie(state: &Core, value: &str, max_age: i64) -> String {
    let name = state_cookie_name(state);
    if state.settings.cookie_secure {
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}; Secure")
    } else {
        format!("{name}={value}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}")
    }
}

fn value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn set(headers: &mut HeaderMap, name: header::HeaderName, text: &str) {
    headers.insert(name, value(text));
}
