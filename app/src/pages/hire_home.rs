//! `/home`: a hire's start page with the three steps to their staff card.

use crate::components::tr;
use crate::i18n::{self, Text};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HireHome() -> impl IntoView {
    let steps: [(Text, &str); 3] = [(i18n::STEP_COURSE, "1"), (i18n::STEP_NDA, "2"), (i18n::STEP_CARD, "3")];
    view! {
        <Title text=tr(i18n::HOME_TITLE) />
        <section class="page-head">
            <h1>{tr(i18n::HOME_TITLE)}</h1>
            <p class="lead">{tr(i18n::HOME_LEAD)}</p>
        </section>
        <ol class="steps">
            {steps
                .into_iter()
                .map(|(text, number)| {
                    view! {
                        <li class="step card">
                            <span class="step-number" aria-hidden="true">{number}</span>
                            <span class="step-text">{tr(text)}</span>
                            <span class="badge">{tr(i18n::STEP_NOT_STARTED)}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
