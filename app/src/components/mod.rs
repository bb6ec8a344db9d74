//! Building blocks shared by the pages.

pub mod form;
pub mod layout;
pub mod pager;

use crate::context::use_lang;
use leptos::prelude::*;
use mamoru_types::i18n::Text;

/// A reactive text in the current language, for use inside `view!`.
pub fn tr(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || text.get(lang.get())
}

/// The page's `<title>` in the current language. On the server a plain string:
/// leptos_meta renders `<head>` after the page's reactive owner is gone, and a closure
/// reading the language signal there panicked (reactive_graph: "no Arena is active"),
/// dropping about one `/login` request in twenty under 16 concurrent connections.
#[component]
pub fn PageTitle(text: Text) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    let title = leptos::text_prop::TextProp::from(tr(text));
    #[cfg(not(feature = "hydrate"))]
    let title = leptos::text_prop::TextProp::from(text.get(use_lang().get_untracked()));
    view! { <leptos_meta::Title text=title /> }
}

/// Moves keyboard and screen-reader focus to `heading` when it appears: an answer that
/// replaces the form it answers (a quiz's result, a signed agreement) would otherwise go
/// unannounced, since a live region inserted together with its text is not read out.
/// The heading needs `tabindex="-1"`.
pub fn focus_when_shown(heading: NodeRef<leptos::html::H1>) {
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
}

/// Sends the browser to `path` with a full page load, so the new session (or its end)
/// is picked up everywhere at once.
pub fn reload_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = leptos::prelude::window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
