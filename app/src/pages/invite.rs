//! `/invite/:token`: an invited person sets their password and is signed in.

use super::set_status;
use crate::api::auth::{AcceptInvite, invite_preview};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, tr};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mamoru_types::i18n;

#[component]
pub fn InvitePage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let preview = OnceResource::new(invite_preview(token));
    view! {
        <PageTitle text=i18n::INVITE_TITLE />
        <section class="card narrow">
            <h1>{tr(i18n::INVITE_TITLE)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok((name, email)) => view! { <AcceptForm name email /> }.into_any(),
                        Err(error) => {
                            set_status(404);
                            view! { <ErrorBanner error=Some(error) /> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AcceptForm(name: String, email: String) -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let action = ServerAction::<AcceptInvite>::new();
    view! {
        <p class="lead">{tr(i18n::INVITE_LEAD)}</p>
        <p class="invitee">
            {tr(i18n::INVITE_FOR)}" "<strong>{name}</strong>" "<span class="muted">{email}</span>
        </p>
        <ErrorBanner error=action_error(action) />
        <ActionForm action=action attr:class="stack">
            <input type="hidden" name="token" value=token />
            <Field label=i18n::NEW_PASSWORD name="password" kind="password" autocomplete="new-password" hint=i18n::PASSWORD_HINT />
            <Field label=i18n::PASSWORD_AGAIN name="password_again" kind="password" autocomplete="new-password" />
            <button type="submit" class="button button-primary">
                {tr(i18n::INVITE_SUBMIT)}
            </button>
        </ActionForm>
    }
}
