//! Server functions (the browser's API) and the types they exchange. Each function is
//! thin: check who is asking, parse the input, call one service, map the error.
//! Endpoints are fixed (`/api/...`) because tests and operators rely on them.

pub mod audit;
pub mod auth;
pub mod cards;
pub mod devices;
pub mod exceptions;
pub mod hires;
pub mod learning;
pub mod nda;
pub mod staff;

use leptos::prelude::*;
use mamoru_types::accounts::Viewer;
use mamoru_types::errors::AppError;

/// The language a page asked for (`ja` or `en`), Japanese for anything else.
#[cfg(feature = "ssr")]
pub(crate) fn lang_of(code: &str) -> mamoru_types::i18n::Lang {
    code.parse().unwrap_or_default()
}

/// Who is signed in on this request, if anyone.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<Option<Viewer>, AppError> {
    Ok(crate::server::viewer())
}

/// Remembers the chosen language in a cookie, so server-rendered pages use it too.
#[server(endpoint = "language")]
pub async fn set_language(lang: String) -> Result<(), AppError> {
    use mamoru_types::i18n::Lang;
    let lang: Lang = lang.parse().map_err(|()| AppError::NotFound)?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", Lang::COOKIE, lang.code());
    let value = http::HeaderValue::from_str(&cookie).map_err(AppError::internal)?;
    response.append_header(http::header::SET_COOKIE, value);
    Ok(())
}
