//! The touchscreen UI, served on loopback: one page per step at `/`, forms that post to
//! `/code`, `/pin`, `/read`, `/reset`, `/stay` and `/lang` and redirect back (no JavaScript).
//!
//! Every request must name a loopback host (a DNS-rebinding page cannot drive the kiosk),
//! every post must come from the kiosk's own pages (`Origin`, `Sec-Fetch-Site`), and every
//! answer carries a strict CSP and is never cached (a back button shows no one's name).

mod pages;
mod text;

use crate::flow::Lang;
use crate::issuer::Issuer;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::LazyLock;

const CSP: &str =
    "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const STYLESHEET: &str = include_str!("kiosk.css");

#[derive(Debug, Clone, Copy, Default)]
pub struct UiOptions {
    /// Shows a "test mode" badge on every page.
    pub simulated_reader: bool,
}

#[derive(Clone)]
struct UiState {
    issuer: Issuer,
    options: UiOptions,
}

/// The kiosk UI. Serve it on a loopback address only.
pub fn router(issuer: Issuer, options: UiOptions) -> Router {
    Router::new()
        .route("/", get(show))
        .route("/kiosk.css", get(stylesheet))
        .route("/code", post(submit_code))
        .route("/pin", post(submit_pin))
        .route("/read", post(read_card))
        .route("/reset", post(reset))
        .route("/lang", post(choose_lang))
        .route("/stay", post(stay))
        .fallback(not_found)
        .layer(middleware::from_fn(guard))
        .with_state(UiState { issuer, options })
}

async fn show(State(state): State<UiState>, RawQuery(query): RawQuery) -> Html<String> {
    state.issuer.expire_idle().await;
    let view = state.issuer.view();
    // `?lang=en` shows this page in English; the forms on it carry the choice on.
    let lang = query.as_deref().map(fields).and_then(|q| q.get("lang").and_then(|l| Lang::parse(l)));
    Html(pages::render(&view, lang.unwrap_or(view.lang), state.options.simulated_reader))
}

async fn stylesheet() -> impl IntoResponse {
    static CSS: LazyLock<String> = LazyLock::new(|| format!("{STYLESHEET}\n{}", pages::idle_rules()));
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], CSS.as_str())
}

async fn submit_code(State(state): State<UiState>, body: Bytes) -> Redirect {
    let form = state.begin_post(&body).await;
    state.issuer.submit_code(form.get("code").map_or("", String::as_str)).await;
    Redirect::to("/")
}

async fn submit_pin(State(state): State<UiState>, body: Bytes) -> Redirect {
    let form = state.begin_post(&body).await;
    state.issuer.submit_pin(form.get("pin").map_or("", String::as_str)).await;
    Redirect::to("/")
}

async fn read_card(State(state): State<UiState>, body: Bytes) -> Redirect {
    state.begin_post(&body).await;
    state.issuer.read_card().await;
    Redirect::to("/")
}

async fn reset(State(state): State<UiState>) -> Redirect {
    state.issuer.reset().await;
    Redirect::to("/")
}

/// "Continue" on the idle warning. Too late (the flow was reset meanwhile), it shows the start.
async fn stay(State(state): State<UiState>, body: Bytes) -> Redirect {
    state.begin_post(&body).await;
    state.issuer.keep_going();
    Redirect::to("/")
}

async fn choose_lang(State(state): State<UiState>, body: Bytes) -> Redirect {
    state.begin_post(&body).await;
    Redirect::to("/")
}

async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}

impl UiState {
    /// Clears an idle flow first (a form left open past the limit acts on a fresh start
    /// page, not on the old flow), then keeps the language the form was shown in.
    async fn begin_post(&self, body: &[u8]) -> HashMap<String, String> {
        self.issuer.expire_idle().await;
        let form = fields(&String::from_utf8_lossy(body));
        if let Some(lang) = form.get("lang").and_then(|l| Lang::parse(l)) {
            self.issuer.choose_lang(lang);
        }
        form
    }
}

/// `application/x-www-form-urlencoded` fields; the first of repeated names wins.
fn fields(encoded: &str) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    for (name, value) in url::form_urlencoded::parse(encoded.as_bytes()) {
        fields.entry(name.into_owned()).or_insert_with(|| value.into_owned());
    }
    fields
}

async fn guard(request: Request, next: Next) -> Response {
    let allowed = match loopback_host(request.headers()) {
        Some(host) => {
            request.method() == Method::GET
                || request.method() == Method::HEAD
                || same_origin(request.headers(), host)
        }
        None => false,
    };
    let mut response = if allowed {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, Html(pages::forbidden())).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Not `no-referrer`: under it browsers send `Origin: null` with form posts, and the
    // origin check above would refuse the kiosk's own forms.
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

/// The `Host` header when it names this machine: `localhost`, `127.x.x.x` or `[::1]`, with
/// any port.
fn loopback_host(headers: &HeaderMap) -> Option<&str> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    let loopback =
        name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    loopback.then_some(host)
}

/// A post from the kiosk's own pages. Browsers send `Sec-Fetch-Site` and `Origin` with
/// form posts; a request with neither is not from a browser page, so not a forged one.
fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    let site_ok = headers.get("sec-fetch-site").is_none_or(|site| site.as_bytes() == b"same-origin");
    let origin_ok = headers
        .get(header::ORIGIN)
        .is_none_or(|origin| origin.to_str().is_ok_and(|origin| origin == format!("http://{host}")));
    site_ok && origin_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (header::HeaderName::from_static(name), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn only_loopback_hosts_are_served() {
        for host in ["127.0.0.1:8700", "localhost:8700", "LOCALHOST", "[::1]:8700", "127.0.0.2"] {
            assert_eq!(loopback_host(&headers(&[("host", host)])), Some(host), "{host}");
        }
        for host in ["evil.example:8700", "10.0.0.5:8700", "127.0.0.1.evil.example", "[::2]:80", ""] {
            assert_eq!(loopback_host(&headers(&[("host", host)])), None, "{host}");
        }
        assert_eq!(loopback_host(&HeaderMap::new()), None);
    }

    #[test]
    fn posts_must_come_from_the_kiosk_pages() {
        let host = "127.0.0.1:8700";
        assert!(same_origin(&headers(&[]), host));
        assert!(same_origin(
            &headers(&[("origin", "http://127.0.0.1:8700"), ("sec-fetch-site", "same-origin")]),
            host
        ));
        assert!(!same_origin(&headers(&[("origin", "http://evil.example")]), host));
        assert!(!same_origin(&headers(&[("origin", "null")]), host));
        assert!(!same_origin(&headers(&[("origin", "http://localhost:8700")]), host));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")]), host));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "same-site")]), host));
    }

    #[test]
    fn form_fields_decode_and_the_first_wins() {
        let form = fields("code=abcd+efgh%2Djkmn&lang=en&lang=ja");
        assert_eq!(form.get("code").map(String::as_str), Some("abcd efgh-jkmn"));
        assert_eq!(form.get("lang").map(String::as_str), Some("en"));
    }
}
