//! Forgotten passwords: `/reset/:token` sets a new one from a reset link, `/forgot` asks for
//! a link by email, and [`ResetLinkButton`] issues a link from HR's record of a hire or the
//! administrator's list of staff.

use super::hr::CreatedLink;
use super::set_status;
use crate::api::auth::{ForgotPassword, IssueReset, ResetPassword, reset_by_email, reset_preview};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, island_ready, tr};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use mamoru_types::accounts::IssuedReset;
use mamoru_types::domain::UserId;
use mamoru_types::i18n;

#[component]
pub fn ResetPage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let preview = OnceResource::new(reset_preview(token));
    view! {
        <PageTitle text=i18n::RESET_TITLE />
        <section class="card narrow">
            <h1>{tr(i18n::RESET_TITLE)}</h1>
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match preview.await {
                        Ok((name, email)) => view! { <NewPasswordForm name email /> }.into_any(),
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
fn NewPasswordForm(name: String, email: String) -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let action = ServerAction::<ResetPassword>::new();
    view! {
        <p class="invitee">
            {tr(i18n::RESET_FOR)}" "<strong>{name}</strong>" "<span class="muted">{email}</span>
        </p>
        <p class="hint">{tr(i18n::RESET_LEAD)}</p>
        <ErrorBanner error=action_error(action) />
        <ActionForm action=action attr:class="stack">
            <input type="hidden" name="token" value=token />
            <Field label=i18n::NEW_PASSWORD name="password" kind="password" autocomplete="new-password" hint=i18n::PASSWORD_HINT />
            <Field label=i18n::PASSWORD_AGAIN name="password_again" kind="password" autocomplete="new-password" />
            <button type="submit" class="button button-primary">{tr(i18n::RESET_SUBMIT)}</button>
        </ActionForm>
    }
}

/// Asks for a link by email when the server sends mail; otherwise says whom to ask. After
/// a request the page says the same whatever the address was.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let action = ServerAction::<ForgotPassword>::new();
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    let by_email = OnceResource::new(reset_by_email());
    view! {
        <PageTitle text=i18n::FORGOT_LINK />
        <section class="card narrow">
            <h1>{tr(i18n::FORGOT_LINK)}</h1>
            {sent.then(|| view! { <p class="banner banner-ok" role="status">{tr(i18n::FORGOT_SENT)}</p> })}
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match by_email.await {
                        Ok(true) => view! {
                            <p class="lead">{tr(i18n::FORGOT_LEAD)}</p>
                            <ErrorBanner error=action_error(action) />
                            <ActionForm action=action attr:class="stack">
                                <Field label=i18n::EMAIL name="email" kind="email" autocomplete="username" />
                                <button type="submit" class="button button-primary">{tr(i18n::FORGOT_SUBMIT)}</button>
                            </ActionForm>
                        }
                        .into_any(),
                        Ok(false) => view! { <p class="lead">{tr(i18n::FORGOT_NO_MAIL)}</p> }.into_any(),
                        Err(error) => view! { <ErrorBanner error=Some(error) /> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/login">{tr(i18n::SIGN_IN)}</a></p>
        </section>
    }
}

/// Issues a reset link for `user_id` and shows it once, or says where it was emailed: an
/// island, as the answer is the link.
#[island(lazy)]
pub fn ResetLinkButton(user_id: UserId) -> impl IntoView {
    let issue = ServerAction::<IssueReset>::new();
    let ready = island_ready();
    let issued = move || issue.value().get().and_then(Result::ok);
    let shown = Signal::derive(move || match issued() {
        Some(IssuedReset::Shown { link, expires_at }) => Some((link, expires_at)),
        _ => None,
    });
    let emailed = move || match issued() {
        Some(IssuedReset::Emailed { to, .. }) => Some(view! {
            <p class="banner banner-ok" role="status">{tr(i18n::RESET_EMAILED)}" "{to}</p>
        }),
        _ => None,
    };
    view! {
        <ErrorBanner error=action_error(issue) />
        <ActionForm action=issue attr:class="inline-form">
            <input type="hidden" name="user_id" value=user_id.to_string() />
            <button type="submit" class="button" disabled=move || !ready.get() || issue.pending().get()>
                {tr(i18n::RESET_ISSUE)}
            </button>
        </ActionForm>
        <CreatedLink link=shown title=i18n::RESET_CREATED />
        {emailed}
    }
}
