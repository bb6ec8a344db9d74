//! What every page and component reads from the Leptos context: the language shown and
//! who is signed in. Provided once by the app's root; below pages and components, so
//! neither imports the root.

use crate::api::whoami;
use leptos::prelude::*;
use mamoru_types::accounts::Viewer;
use mamoru_types::errors::AppError;
use mamoru_types::i18n::Lang;

/// Puts the language and the viewer into the context of the whole app.
pub(crate) fn provide() {
    provide_context(initial_lang());
    provide_context(ViewerResource(OnceResource::new(whoami())));
}

/// The language to render in: the remembered choice (cookie) on the server, and in an
/// island whatever the server rendered, so hydration matches.
fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts.headers.get(http::header::COOKIE)?.to_str().ok().map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| code.parse().ok())
            .unwrap_or_default()
    }
}

/// Who is signed in, loaded once per page load (sign-in and sign-out reload the page).
#[derive(Clone, Copy)]
pub struct ViewerResource(pub OnceResource<Result<Option<Viewer>, AppError>>);

pub fn use_viewer() -> OnceResource<Result<Option<Viewer>, AppError>> {
    expect_context::<ViewerResource>().0
}

/// The language of this page. Switching it reloads the page, so it never changes while one
/// is shown. Islands hydrate without the server's context and read the document's.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(initial_lang)
}
