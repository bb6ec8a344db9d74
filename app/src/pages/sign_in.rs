//! `/login`.

use crate::api::auth::{SignIn, sso_label};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, tr};
use crate::context::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use mamoru_types::errors::AppError;
use mamoru_types::i18n::{self, Lang};

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    view! {
        <PageTitle text=i18n::SIGN_IN />
        <section class="card narrow">
            <h1>{tr(i18n::SIGN_IN_TITLE)}</h1>
            <p class="lead">{tr(i18n::SIGN_IN_LEAD)}</p>
            <ErrorBanner error=action_error(action) />
            <ErrorBanner error=sso_error() />
            <ActionForm action=action attr:class="stack">
                <Field label=i18n::EMAIL name="email" kind="email" autocomplete="username" />
                <Field label=i18n::PASSWORD name="password" kind="password" autocomplete="current-password" />
                <button type="submit" class="button button-primary">
                    {tr(i18n::SIGN_IN)}
                </button>
            </ActionForm>
            <p class="hint"><a href="/forgot">{tr(i18n::FORGOT_LINK)}</a></p>
            <SsoButton />
        </section>
    }
}

/// Where single sign-on sent the person back with a refusal (`/login?sso=…`).
fn sso_error() -> Option<AppError> {
    use_query_map().with_untracked(|q| match q.get("sso").as_deref() {
        Some("unavailable") => Some(AppError::SsoUnavailable),
        Some("no_role") => Some(AppError::SsoNoRole),
        Some("limited") => Some(AppError::RateLimited),
        Some(_) => Some(AppError::SsoFailed),
        None => None,
    })
}

/// 「Microsoft Entra ID でサインイン」: a plain form to the provider, when one is set.
#[component]
fn SsoButton() -> impl IntoView {
    let label = OnceResource::new(sso_label());
    let lang = use_lang();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                label.await.ok().flatten().map(|label| {
                    let text = match lang {
                        Lang::Ja => format!("{label} でサインイン"),
                        Lang::En => format!("Sign in with {label}"),
                    };
                    view! {
                        <form method="post" action="/auth/oidc/start" class="sso">
                            <button type="submit" class="button">{text}</button>
                        </form>
                    }
                })
            })}
        </Suspense>
    }
}
