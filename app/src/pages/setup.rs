//! `/setup/:token`: creates the first administrator from the link printed at start-up.

use crate::api::auth::CompleteSetup;
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, tr};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mamoru_types::i18n;

#[component]
pub fn SetupPage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let action = ServerAction::<CompleteSetup>::new();
    view! {
        <PageTitle text=i18n::SETUP_TITLE />
        <section class="card narrow">
            <h1>{tr(i18n::SETUP_TITLE)}</h1>
            <p class="lead">{tr(i18n::SETUP_LEAD)}</p>
            <ErrorBanner error=action_error(action) />
            <ActionForm action=action attr:class="stack">
                <input type="hidden" name="token" value=token />
                <Field label=i18n::FULL_NAME name="name" autocomplete="name" />
                <Field label=i18n::EMAIL name="email" kind="email" autocomplete="username" />
                <Field label=i18n::NEW_PASSWORD name="password" kind="password" autocomplete="new-password" hint=i18n::PASSWORD_HINT />
                <Field label=i18n::PASSWORD_AGAIN name="password_again" kind="password" autocomplete="new-password" />
                <button type="submit" class="button button-primary">
                    {tr(i18n::SETUP_SUBMIT)}
                </button>
            </ActionForm>
        </section>
    }
}
