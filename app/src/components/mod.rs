//! Building blocks shared by the pages.

pub mod form;
pub mod layout;
pub mod pager;

use crate::context::use_lang;
use leptos::prelude::*;
use mamoru_types::i18n::Text;

/// A text in the page's language, for use inside `view!`.
pub fn tr(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || text.get(lang)
}

/// The page's `<title>` in its language: a plain string, since leptos_meta renders `<head>`
/// after the page's reactive owner is gone.
#[component]
pub fn PageTitle(text: Text) -> impl IntoView {
    view! { <leptos_meta::Title text=text.get(use_lang()) /> }
}

/// Moves keyboard and screen-reader focus to `heading` when it appears: an answer that
/// replaces the form it answers in place (a signed agreement) would otherwise go
/// unannounced, since a live region inserted together with its text is not read out.
/// The heading needs `tabindex="-1"`.
pub fn focus_when_shown(heading: NodeRef<leptos::html::H1>) {
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
}

/// Call once in every island. False in the server's HTML, true once the island runs: a form
/// whose answer only the WebAssembly can show (a link or secret shown once, an upload's
/// verdict) keeps its button off until then, since sent as a plain form it would make a
/// secret nobody ever sees. It also counts the island as hydrated: once every island the
/// page has (`data-islands`, set by the front end) runs, `<body data-hydrated>` says so.
pub fn island_ready() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    Effect::new(move |_| {
        set_ready.set(true);
        count_hydrated_island();
    });
    ready
}

/// Islands load lazily, each in its own time, so the page counts them as they start.
fn count_hydrated_island() {
    let Some(body) = document().body() else { return };
    let data = body.dataset();
    let count = |key: &str| data.get(key).and_then(|n| n.parse::<u32>().ok());
    let done = count("islandsHydrated").unwrap_or(0) + 1;
    let _ = data.set("islandsHydrated", &done.to_string());
    if count("islands") == Some(done) {
        let _ = data.set("hydrated", "true");
    }
}
