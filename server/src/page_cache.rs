//! The pages that every visitor without a session sees alike (the sign-in page, `/verify`)
//! are rendered once per language and encoding, then answered from memory: rendering the
//! document costs about ten times a bare answer of the same bytes (README "Serving pages").
//!
//! A copy keeps the CSP nonce it was rendered with. A nonce keeps injected markup from
//! running; these copies carry nothing from any request (no query, no cookie but the
//! language), so there is nothing in them to inject, and a nonce their readers share
//! grants no more than a hash of the page's own script would.

use axum::{
    body::{Body, Bytes},
    extract::Request,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
};
use mamoru_types::i18n::Lang;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::sync::OnceCell;
use tower::{Layer, Service, ServiceExt};

/// The pages kept, by exact path.
const PAGES: [&str; 2] = ["/login", "/verify"];
const LANGS: [Lang; 2] = [Lang::Ja, Lang::En];
const CODINGS: [Coding; 3] = [Coding::Identity, Coding::Gzip, Coding::Brotli];

/// A page larger than this is answered as rendered, not kept (ours are a few KB).
const MAX_PAGE: usize = 256 * 1024;

/// The encodings a copy is kept in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The best encoding the client accepts: brotli, then gzip, else none. A `q=0` refuses.
    fn accepted(headers: &HeaderMap) -> Coding {
        let accepts = |wanted: &str| {
            headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).any(|value| {
                value.split(',').any(|item| {
                    let mut parts = item.split(';').map(str::trim);
                    let name = parts.next().unwrap_or_default();
                    let refused =
                        parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>() == Ok(0.0)));
                    name.eq_ignore_ascii_case(wanted) && !refused
                })
            })
        };
        if accepts("br") {
            Coding::Brotli
        } else if accepts("gzip") {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }

    /// The `Accept-Encoding` that makes the compression layer answer in this encoding.
    fn request_header(self) -> Option<HeaderValue> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some(HeaderValue::from_static("gzip")),
            Coding::Brotli => Some(HeaderValue::from_static("br")),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Key {
    page: &'static str,
    lang: Lang,
    coding: Coding,
}

impl Key {
    /// The copy that answers this request, if one may: a GET of a kept page with no query,
    /// from a visitor whose cookies name nothing but the language (no session, no device).
    fn of(request: &Request) -> Option<Key> {
        if request.method() != Method::GET || request.uri().query().is_some() {
            return None;
        }
        let page = PAGES.into_iter().find(|page| *page == request.uri().path())?;
        let mut cookies = request.headers().get_all(header::COOKIE).iter();
        let lang = match (cookies.next(), cookies.next()) {
            (None, _) => Lang::default(),
            (Some(cookie), None) => language_only(cookie.to_str().ok()?)?,
            (Some(_), Some(_)) => return None,
        };
        Some(Key { page, lang, coding: Coding::accepted(request.headers()) })
    }
}

/// The language a `Cookie` header names, when it names nothing else.
fn language_only(cookie: &str) -> Option<Lang> {
    let mut pairs = cookie.split(';').map(str::trim).filter(|pair| !pair.is_empty());
    let only_language = pairs.all(|pair| pair.split_once('=').is_some_and(|(name, _)| name == Lang::COOKIE));
    only_language.then(|| Lang::from_cookie_header(cookie))
}

/// A page as rendered, headers and bytes.
struct Rendered {
    headers: HeaderMap,
    body: Bytes,
}

impl Rendered {
    fn response(&self) -> Response {
        let mut response = Response::new(Body::from(self.body.clone()));
        *response.headers_mut() = self.headers.clone();
        response
    }
}

/// One slot per page, language and encoding, filled by the first request that needs it
/// (others asking meanwhile wait for that one render).
#[derive(Clone)]
pub struct PageCache(Arc<Vec<(Key, OnceCell<Rendered>)>>);

impl PageCache {
    pub fn new() -> PageCache {
        let keys = PAGES.into_iter().flat_map(|page| {
            LANGS
                .into_iter()
                .flat_map(move |lang| CODINGS.into_iter().map(move |coding| Key { page, lang, coding }))
        });
        PageCache(Arc::new(keys.map(|key| (key, OnceCell::new())).collect()))
    }

    fn slot(&self, key: Key) -> Option<&OnceCell<Rendered>> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, slot)| slot)
    }
}

impl<S> Layer<S> for PageCache {
    type Service = Kept<S>;

    fn layer(&self, inner: S) -> Kept<S> {
        Kept { cache: self.clone(), inner }
    }
}

/// The service in front of the pages. A tower service rather than a `from_fn` middleware:
/// that clones the whole stack behind it for every request, which a kept page never reaches.
#[derive(Clone)]
pub struct Kept<S> {
    cache: PageCache,
    inner: S,
}

impl<S> Service<Request> for Kept<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        let Some(key) = Key::of(&request) else { return Box::pin(self.inner.call(request)) };
        if let Some(kept) = self.cache.slot(key).and_then(OnceCell::get) {
            return Box::pin(std::future::ready(Ok(kept.response())));
        }
        let cache = self.cache.clone();
        // The service that was made ready answers; a clone stays for the next request.
        let inner = self.inner.clone();
        let inner = std::mem::replace(&mut self.inner, inner);
        let headers = request.headers_mut();
        headers.remove(header::ACCEPT_ENCODING);
        if let Some(value) = key.coding.request_header() {
            headers.insert(header::ACCEPT_ENCODING, value);
        }
        Box::pin(async move {
            let Some(slot) = cache.slot(key) else { return inner.oneshot(request).await };
            Ok(match slot.get_or_try_init(|| render(inner, request)).await {
                Ok(kept) => kept.response(),
                Err(uncached) => uncached,
            })
        })
    }
}

/// Renders the page; a copy is kept only of a plain 200 page that sets no cookie.
async fn render<S>(inner: S, request: Request) -> Result<Rendered, Response>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    let Ok(response) = inner.oneshot(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if response.status() != StatusCode::OK || !is_page || response.headers().contains_key(header::SET_COOKIE)
    {
        return Err(response);
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
    };
    // The length is the copy's own; the server sets it from the body.
    parts.headers.remove(header::CONTENT_LENGTH);
    Ok(Rendered { headers: parts.headers, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, headers: &[(header::HeaderName, &'static str)]) -> Request {
        let mut request = Request::get(uri).body(Body::empty()).expect("request");
        for (name, value) in headers {
            request.headers_mut().append(name, HeaderValue::from_static(value));
        }
        request
    }

    #[test]
    fn a_browser_gets_brotli_and_a_refused_encoding_is_never_chosen() {
        let coding = |value: &'static str| {
            Coding::accepted(request("/login", &[(header::ACCEPT_ENCODING, value)]).headers())
        };
        assert_eq!(coding("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(coding("gzip;q=0.8, BR;q=0.5"), Coding::Brotli);
        assert_eq!(coding("br;q=0, gzip"), Coding::Gzip);
        assert_eq!(coding("br; q=0, gzip;q=0"), Coding::Identity);
        assert_eq!(coding("deflate"), Coding::Identity);
        assert_eq!(Coding::accepted(request("/login", &[]).headers()), Coding::Identity);
    }

    #[test]
    fn only_a_visitor_s_plain_get_of_a_kept_page_is_answered_from_a_copy() {
        let key = |uri, headers: &[(header::HeaderName, &'static str)]| Key::of(&request(uri, headers));
        assert_eq!(
            key("/login", &[]),
            Some(Key { page: "/login", lang: Lang::Ja, coding: Coding::Identity })
        );
        assert_eq!(key("/verify", &[(header::COOKIE, "mamoru_lang=en")]).map(|k| k.lang), Some(Lang::En));
        assert_eq!(key("/login?__err=x", &[]), None, "a query is the request's own");
        assert_eq!(key("/home", &[]), None);
        assert_eq!(key("/login", &[(header::COOKIE, "mamoru_lang=en; mamoru_session=t")]), None);
        assert_eq!(key("/login", &[(header::COOKIE, "__Host-mamoru_session=t")]), None);
        assert_eq!(key("/login", &[(header::COOKIE, "a=1"), (header::COOKIE, "b=2")]), None);
        let post = Request::post("/login").body(Body::empty()).expect("request");
        assert_eq!(Key::of(&post), None);
    }
}
