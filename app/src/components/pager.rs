//! Previous / next for a paged list.

use crate::components::tr;
use leptos::prelude::*;
use mamoru_types::i18n;

// Comparisons go in braces: a bare `>` would end the tag and print the rest as text.
#[component]
pub fn Pager(current: u32, pages: u32, #[prop(into)] go: Callback<u32>) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=tr(i18n::PAGE_OF)>
            <button type="button" class="button" disabled={current <= 1} on:click=move |_| go.run(current - 1)>
                {tr(i18n::PAGE_PREV)}
            </button>
            <span>{tr(i18n::PAGE_OF)}" "{current}" / "{pages}</span>
            <button type="button" class="button" disabled={current >= pages} on:click=move |_| go.run(current + 1)>
                {tr(i18n::PAGE_NEXT)}
            </button>
        </nav>
    }
}
