//! 404 and 403 pages.

use super::set_status;
use crate::components::{PageTitle, tr};
use leptos::prelude::*;
use mamoru_types::i18n::{self, Text};

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    view! { <Problem title=i18n::NOT_FOUND_TITLE lead=i18n::NOT_FOUND_LEAD /> }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    view! { <Problem title=i18n::FORBIDDEN_TITLE lead=i18n::FORBIDDEN_LEAD /> }
}

#[component]
fn Problem(title: Text, lead: Text) -> impl IntoView {
    view! {
        <PageTitle text=title />
        <section class="card narrow">
            <h1>{tr(title)}</h1>
            <p>{tr(lead)}</p>
            <a class="button" href="/">{tr(i18n::BACK_HOME)}</a>
        </section>
    }
}
