//! `/account`: the signed-in person's own account; for now, changing the password.

use crate::api::auth::ChangePassword;
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, tr};
use crate::context::use_viewer;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use mamoru_types::i18n;

/// A plain form: the server checks the current password, and the page loads again saying
/// the password was changed (`api::auth::PASSWORD_CHANGED_PATH`) or showing the error.
#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let changed = use_query_map().with_untracked(|q| q.get("changed").is_some());
    let viewer = use_viewer();
    view! {
        <PageTitle text=i18n::ACCOUNT_TITLE />
        <section class="card narrow">
            <h1>{tr(i18n::ACCOUNT_TITLE)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    viewer.await.ok().flatten().map(|viewer| view! {
                        <p class="lead">{viewer.name}" · "{viewer.email}</p>
                    })
                })}
            </Suspense>
            <h2>{tr(i18n::PASSWORD_CHANGE_TITLE)}</h2>
            {changed.then(|| view! { <p class="banner banner-ok" role="status">{tr(i18n::PASSWORD_CHANGED)}</p> })}
            <p class="hint">{tr(i18n::PASSWORD_CHANGE_LEAD)}</p>
            <ErrorBanner error=action_error(change) />
            <ActionForm action=change attr:class="stack">
                <Field label=i18n::CURRENT_PASSWORD name="current_password" kind="password" autocomplete="current-password" />
                <Field
                    label=i18n::NEW_PASSWORD
                    name="new_password"
                    kind="password"
                    autocomplete="new-password"
                    hint=i18n::PASSWORD_HINT
                />
                <Field label=i18n::PASSWORD_AGAIN name="new_password_again" kind="password" autocomplete="new-password" />
                <button type="submit" class="button button-primary">{tr(i18n::PASSWORD_CHANGE)}</button>
            </ActionForm>
        </section>
    }
}
