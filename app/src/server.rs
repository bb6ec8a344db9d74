//! The server functions' side of the server: [`AppState`] (the core and the renderer's
//! options), and reading the current request from the Leptos context: who is asking,
//! from where, an upload. The services themselves are `mamoru_core`.

use axum::extract::FromRef;
use leptos::prelude::*;
use mamoru_core::Core;
use mamoru_core::client_addr::Origin;
use mamoru_core::session::CurrentSession;
use mamoru_types::accounts::Viewer;
use mamoru_types::domain::Role;
use mamoru_types::errors::AppError;
use std::net::IpAddr;

/// What axum and Leptos hold: the core, and the renderer's options besides. A plain
/// route takes `State<Core>` (see `FromRef`), a server function [`state`].
#[derive(Clone)]
pub struct AppState {
    pub core: Core,
    pub leptos_options: LeptosOptions,
}

impl FromRef<AppState> for Core {
    fn from_ref(state: &AppState) -> Self {
        state.core.clone()
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The core, as the server functions find it in their context.
pub fn state() -> Result<Core, AppError> {
    use_context::<AppState>()
        .map(|state| state.core)
        .ok_or_else(|| AppError::internal("AppState missing from context"))
}

fn request_parts() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::internal("request parts missing from context"))
}

/// Who is asking, if anyone: the session middleware put it on the request.
pub fn viewer() -> Option<Viewer> {
    use_context::<http::request::Parts>()?.extensions.get::<CurrentSession>()?.viewer.clone()
}

/// The signed-in viewer, or `Unauthenticated`.
pub fn require_signed_in() -> Result<Viewer, AppError> {
    viewer().ok_or(AppError::Unauthenticated)
}

/// The signed-in viewer if their role passes `allowed`, else `Unauthenticated` / `Forbidden`.
pub fn require_role(allowed: impl Fn(Role) -> bool) -> Result<Viewer, AppError> {
    let viewer = require_signed_in()?;
    if allowed(viewer.role) { Ok(viewer) } else { Err(AppError::Forbidden) }
}

/// A form posted without script goes on to `path` once it succeeds (server_fn would send
/// the browser back to the page it came from); a script caller gets the answer and moves
/// on by itself.
pub fn continue_to(path: &str) {
    let plain_form = use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if plain_form {
        leptos_axum::redirect(path);
    }
}

/// The client's address: the connection's peer, or the address a trusted proxy forwarded
/// for (see [`client_addr`]).
pub fn client_ip() -> Option<IpAddr> {
    request_parts().ok()?.extensions.get::<mamoru_core::client_addr::ClientIp>()?.0
}

/// Where the current request came from, for agreement evidence and the audit log.
pub fn origin() -> Origin {
    let parts = use_context::<http::request::Parts>();
    let user_agent = parts.as_ref().and_then(|p| p.headers.get(http::header::USER_AGENT)?.to_str().ok());
    Origin::new(client_ip(), user_agent.unwrap_or_default())
}

/// The bytes of one field of a multipart upload; None if the field is missing, empty or
/// larger than `max` bytes.
pub async fn read_upload(
    data: leptos::server_fn::codec::MultipartData,
    name: &str,
    max: usize,
) -> Option<Vec<u8>> {
    let mut multipart = data.into_inner()?;
    while let Some(mut field) = multipart.next_field().await.ok()? {
        if field.name() != Some(name) {
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.ok()? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > max {
                return None;
            }
        }
        return (!bytes.is_empty()).then_some(bytes);
    }
    None
}
