//! The HTTP router and its middleware: request ids and tracing, security headers,
//! the same-origin check for state-changing requests, the client's address, and session
//! loading.

use crate::page_cache::PageCache;
use crate::refusal::{ask_to_retry, status_of};
use crate::{door_api, downloads, kiosk_api, sso_routes};
use app::app::{App, shell};
use app::pages::pickup::ShownPin;
use app::server::AppState;
use axum::{
    Json, Router,
    body::Body,
    extract::{ConnectInfo, Path, Request, State},
    http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use leptos::nonce::Nonce;
use leptos::server_fn::error::SERVER_FN_ERROR_HEADER;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use mamoru_core::Core;
use mamoru_core::{client_addr::ClientIp, session};
use mamoru_seal::Purpose;
use mamoru_types::domain::Role;
use mamoru_types::errors::AppError;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use tower::ServiceBuilder;
use tower_http::{
    CompressionLevel,
    compression::{
        CompressionLayer,
        predicate::{DefaultPredicate, NotForContentType, Predicate},
    },
    request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer},
    trace::{DefaultOnResponse, TraceLayer},
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The app's routes, generated once per process: generation renders the app with a
/// process-wide "suppress resource loads" flag set (leptos_server's `SuppressResourceLoad`),
/// and a page rendering meanwhile in another server of the same process (the HTTP tests
/// run many) would wait forever for a resource that never starts (leptos issue 4773).
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));

pub fn router(state: AppState) -> Router {
    let routes = ROUTES.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/course/images/{file}", get(course_image))
        .route("/.well-known/mamoru-keys.json", get(public_keys))
        .route("/nda/{code}/pdf", get(downloads::own_pdf))
        .route("/exceptions/{exception_id}/permit.pdf", get(downloads::own_permit))
        .route("/hr/accounts/{user_id}/nda/{code}/pdf", get(downloads::hire_pdf))
        .route("/hr/hires/{hire_id}/evidence.zip", get(downloads::evidence_bundle))
        .route("/hr/hires.csv", get(downloads::hires_csv))
        .route("/hr/training-register.csv", get(downloads::training_register))
        .route("/hr/exceptions.csv", get(downloads::exceptions_csv))
        .route("/hr/door-report.csv", get(downloads::door_report))
        .merge(kiosk_api::router())
        .merge(door_api::router())
        .merge(sso_routes::router())
        .leptos_routes_with_context(&state, routes, use_request_nonce, move || shell(options.clone()))
        // The hire's "show PIN" form: the home page, rendered with the PIN it made.
        .route("/home", post(home_with_new_pin))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(use_request_nonce, shell))
        .layer(middleware::from_fn(error_status))
        .layer(middleware::from_fn_with_state(state.clone(), load_session))
        .layer(middleware::from_fn_with_state(state.clone(), resolve_client))
        .layer(middleware::from_fn_with_state(state.clone(), same_origin_only))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers))
        // Pages are compressed as they are rendered, so the fastest level: brotli at 5 took
        // 75 µs for the 2.7 KB sign-in page, at 1 it takes 22 µs for 4 % more bytes. Static
        // files are served as the copies compressed at build time. PDFs are compressed inside.
        .layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(1))
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/pdf"))),
        )
        // Outside compression and the security headers: a kept copy holds them already.
        .layer(PageCache::new())
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, RequestIds::new()))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<Body>| {
                    let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", id, method = %request.method(), path = %loggable_path(request.uri().path()))
                }).on_response(DefaultOnResponse::new().level(tracing::Level::INFO)))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
        .with_state(state)
}

/// Request ids: a random prefix of this process's and a counter. Unique across instances,
/// and cheaper than a random UUID for each request (a system call each).
#[derive(Clone)]
struct RequestIds(Arc<(String, AtomicU64)>);

impl RequestIds {
    fn new() -> RequestIds {
        RequestIds(Arc::new((mamoru_core::tokens::new_id()[..12].to_owned(), AtomicU64::new(0))))
    }
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _: &http::Request<B>) -> Option<RequestId> {
        let (prefix, count) = &*self.0;
        let id = format!("{prefix}-{:x}", count.fetch_add(1, Ordering::Relaxed));
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// A server function's error answers with the status its [`AppError`] names (server_fn
/// itself answers every error with 500, also a request whose arguments do not parse), and
/// a busy one says when to try again. A browser's plain form post is redirected instead.
async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    // A form posted without script gets its error back on the page it came from: the
    // redirect carries it (`?__path=…&__err=…`), and a 4xx status would stop the browser.
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) || response.status().is_redirection() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An error is a few dozen bytes of JSON.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&error);
        if error == AppError::Busy {
            ask_to_retry(&mut parts.headers);
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Paths that carry a secret token are logged without it.
pub fn loggable_path(path: &str) -> String {
    for prefix in ["/invite/", "/setup/"] {
        if path.starts_with(prefix) {
            return format!("{prefix}<redacted>");
        }
    }
    path.to_owned()
}

async fn healthz(State(state): State<Core>) -> impl IntoResponse {
    if state.store.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// A course picture by its content-hashed name: the same bytes for ever, so cached for a
/// year. An SVG opened on its own still runs nothing (it was checked, and its policy says so).
async fn course_image(State(state): State<Core>, Path(file): Path<String>) -> Response {
    let Some(image) = state.course.image(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let headers = [
        (header::CONTENT_TYPE, image.kind.content_type()),
        (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
    ];
    (headers, Body::from(axum::body::Bytes::from_owner(image.bytes.clone()))).into_response()
}

/// The platform's public keys, for kiosks and for anyone verifying a signed document:
/// the signing key and every key it replaced (still valid for what they sealed).
async fn public_keys(State(state): State<Core>) -> Response {
    let Ok(mut rows) = mamoru_core::PlatformKey::published(&state.store).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // The signing key first, then the retired ones, the most recently retired first.
    rows.sort_by_key(|row| (row.retired_at.is_some(), std::cmp::Reverse(row.retired_at)));
    let purposes = [
        Purpose::NDA_EVIDENCE,
        Purpose::NDA_DOCUMENT,
        Purpose::CARD_GRANT,
        Purpose::EVIDENCE_BUNDLE,
        Purpose::AUDIT_CHECKPOINT,
        Purpose::KEY_MOVE,
    ]
    .map(Purpose::name);
    let keys: Vec<_> = rows
        .iter()
        .map(|row| {
            serde_json::json!({
                "kid": row.key_id,
                "alg": "Ed25519",
                "public_key": row.public_key,
                "encoding": "base64url",
                "purposes": purposes,
                "status": if row.retired_at.is_none() { "signing" } else { "verify-only" },
                "valid_from": mamoru_types::i18n::format_utc(row.added_at),
                "signing_until": row.retired_at.map(mamoru_types::i18n::format_utc),
            })
        })
        .collect();
    Json(serde_json::json!({ "keys": keys })).into_response()
}

/// A page's CSP: our own files, the inline hydration script carrying this response's
/// `nonce`, and WebAssembly compilation; nothing else, and no framing.
fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `POST /home`, the hire's "show PIN" form: makes the PIN, then renders the home page
/// with it (whole, as the routes' `SsrMode::Async` do; Leptos's routes answer `GET` only).
/// Made here rather than by the page, so one post makes exactly one PIN.
async fn home_with_new_pin(State(state): State<AppState>, request: Request) -> Response {
    let viewer = request.extensions().get::<session::CurrentSession>().and_then(|s| s.viewer.clone());
    let shown = match viewer.filter(|viewer| viewer.role == Role::Hire) {
        Some(hire) => Some(ShownPin(mamoru_core::cards::new_pin(&state.core, &hire.user_id).await)),
        None => None,
    };
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            leptos::prelude::provide_context(state.clone());
            use_request_nonce();
            if let Some(shown) = shown.clone() {
                leptos::prelude::provide_context(shown);
            }
        },
        move || shell(options.clone()),
    );
    render(request).await
}

/// A page renders with the nonce [`security_headers`] made for its request, so the page's
/// inline script and the CSP header name the same one.
fn use_request_nonce() {
    let nonce = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = nonce {
        leptos::prelude::provide_context(nonce);
    }
}

/// Headers every response carries. A page gets its CSP here, with the nonce its inline
/// script renders with ([`use_request_nonce`]); anything else gets one that allows nothing.
/// (Set by the shell through Leptos's ResponseOptions, the header was missing from about
/// one page in a few hundred under the browser suite.)
async fn security_headers(State(state): State<Core>, mut request: Request, next: Next) -> Response {
    let is_asset = request.uri().path().starts_with("/pkg/");
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let is_page = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_page && let Ok(policy) = HeaderValue::from_str(&page_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    let mut set = |name: HeaderName, value: &'static str| {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, "default-src 'none'; frame-ancestors 'none'");
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "same-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), usb=()");
    if !is_asset {
        // Pages and API answers hold personal data: never keep them in a shared cache.
        set(header::CACHE_CONTROL, "no-store");
    }
    if state.settings.cookie_secure {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains");
    }
    response
}

/// Refuses state-changing requests that a browser sent from another site.
async fn same_origin_only(State(state): State<Core>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_origin(request.headers(), &state.settings.public_url) {
        tracing::warn!("cross-origin request refused");
        return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
    }
    next.run(request).await
}

/// A request is cross-origin when the browser says so (`Sec-Fetch-Site`) or when its
/// `Origin` is neither the public URL nor the host it was sent to. Clients that send
/// neither header are not browsers and carry no ambient cookies of a victim.
pub fn is_cross_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let text = |name: HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text(HeaderName::from_static("sec-fetch-site"))
        && !matches!(site, "same-origin" | "none")
    {
        return true;
    }
    match text(header::ORIGIN) {
        None => false,
        Some(origin) => {
            let host = text(header::HOST);
            let matches_host = host
                .is_some_and(|host| origin.split_once("://").is_some_and(|(_, authority)| authority == host));
            origin != public_url && !matches_host
        }
    }
}

/// Puts the client's address on the request, for everything after it to record (a
/// trusted proxy's forwarding header decides it; see `mamoru_core::client_addr`).
async fn resolve_client(State(state): State<Core>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|info| info.0.ip());
    let client = peer.map(|peer| state.settings.trusted_proxies.client(peer, request.headers()));
    request.extensions_mut().insert(ClientIp(client));
    next.run(request).await
}

/// Resolves the session cookie to a viewer for the rest of the request, and clears a
/// cookie whose session has ended.
async fn load_session(State(state): State<Core>, mut request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/pkg/") {
        return next.run(request).await;
    }
    let token = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookies| session::token_from_cookies(&state.settings, cookies))
        .map(str::to_owned);
    let mut current = session::CurrentSession::default();
    let mut stale = false;
    if let Some(token) = token {
        match session::authenticate(&state, &token).await {
            Ok(Some(viewer)) => {
                current.viewer = Some(viewer);
                current.token_hash = Some(mamoru_core::tokens::hash_token(&token));
            }
            Ok(None) => stale = true,
            Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
    request.extensions_mut().insert(current);
    let mut response = next.run(request).await;
    // A stale cookie is cleared, unless this very response signs the person in afresh:
    // clearing after the new cookie would sign them straight out again.
    if stale
        && !sets_session_cookie(&response, state.settings.session_cookie_name())
        && let Ok(value) = HeaderValue::from_str(&session::clearing_cookie(&state.settings))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn sets_session_cookie(response: &Response, cookie_name: &str) -> bool {
    response.headers().get_all(header::SET_COOKIE).iter().any(|v| {
        v.to_str().is_ok_and(|v| v.strip_prefix(cookie_name).is_some_and(|rest| rest.starts_with('=')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn cross_origin_detection() {
        let public = "https://mamoru.example.jp";
        assert!(!is_cross_origin(&headers(&[]), public));
        assert!(!is_cross_origin(&headers(&[("origin", "https://mamoru.example.jp")]), public));
        assert!(!is_cross_origin(
            &headers(&[("origin", "http://localhost:3000"), ("host", "localhost:3000")]),
            public
        ));
        assert!(is_cross_origin(&headers(&[("origin", "https://evil.example")]), public));
        assert!(is_cross_origin(
            &headers(&[("origin", "https://evil.example"), ("host", "mamoru.example.jp")]),
            public
        ));
        assert!(is_cross_origin(&headers(&[("sec-fetch-site", "cross-site")]), public));
        assert!(is_cross_origin(&headers(&[("sec-fetch-site", "same-site")]), public));
        assert!(!is_cross_origin(&headers(&[("sec-fetch-site", "same-origin")]), public));
    }

    #[test]
    fn token_paths_are_redacted_in_logs() {
        assert_eq!(loggable_path("/invite/abcdef"), "/invite/<redacted>");
        assert_eq!(loggable_path("/setup/abcdef"), "/setup/<redacted>");
        assert_eq!(loggable_path("/hr"), "/hr");
    }
}
