//! `/login`.

use crate::api::auth::SignIn;
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, tr};
use leptos::prelude::*;
use mamoru_types::i18n;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    view! {
        <PageTitle text=i18n::SIGN_IN />
        <section class="card narrow">
            <h1>{tr(i18n::SIGN_IN_TITLE)}</h1>
            <p class="lead">{tr(i18n::SIGN_IN_LEAD)}</p>
            <ErrorBanner error=action_error(action) />
            <ActionForm action=action attr:class="stack">
                <Field label=i18n::EMAIL name="email" kind="email" autocomplete="username" />
                <Field label=i18n::PASSWORD name="password" kind="password" autocomplete="current-password" />
                <button type="submit" class="button button-primary">
                    {tr(i18n::SIGN_IN)}
                </button>
            </ActionForm>
            <p class="hint"><a href="/forgot">{tr(i18n::FORGOT_LINK)}</a></p>
        </section>
    }
}
