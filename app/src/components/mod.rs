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
