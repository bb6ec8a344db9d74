//! `/account`: the signed-in person's own account: changing the password, their second
//! factor (staff), and the sessions they are signed in with, each of which they can end.

use super::second_factor::AuthenticatorSection;
use crate::api::auth::{ChangePassword, EndSession, list_sessions};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, tr};
use crate::context::use_viewer;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use mamoru_types::accounts::SessionSummary;
use mamoru_types::i18n::{self, format_jst};

/// Plain forms: the server checks the current password or ends the session, and the page
/// loads again saying so (`?changed=1`, `?ended=1`) or showing the error.
#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let (changed, ended) =
        use_query_map().with_untracked(|q| (q.get("changed").is_some(), q.get("ended").is_some()));
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
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let staff = viewer.await.ok().flatten().is_some_and(|v| v.role.is_staff());
                staff.then(|| view! { <AuthenticatorSection /> })
            })}
        </Suspense>
        <Sessions ended />
    }
}

#[component]
fn Sessions(ended: bool) -> impl IntoView {
    let end = ServerAction::<EndSession>::new();
    let sessions = OnceResource::new(list_sessions());
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{tr(i18n::SESSIONS_TITLE)}</h2>
            {ended.then(|| view! { <p class="banner banner-ok" role="status">{tr(i18n::SESSION_ENDED)}</p> })}
            <p class="hint">{tr(i18n::SESSIONS_LEAD)}</p>
            <ErrorBanner error=action_error(end) />
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(list) => view! { <SessionTable list end /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SessionTable(list: Vec<SessionSummary>, end: ServerAction<EndSession>) -> impl IntoView {
    let unknown = tr(i18n::UNKNOWN);
    let rows = list.into_iter().map(move |s| {
        let action = if s.current {
            view! { <span class="badge">{tr(i18n::SESSION_CURRENT)}</span> }.into_any()
        } else {
            // Names the session too: a screen reader lists the buttons without their rows.
            let end_text = tr(i18n::SESSION_END);
            let browser = s.browser.clone().unwrap_or_else(|| unknown().to_owned());
            let label = move || format!("{} ({browser})", end_text());
            view! {
                <ActionForm action=end attr:class="inline-form">
                    <input type="hidden" name="session_id" value=s.id.to_string() />
                    <button type="submit" class="button button-danger" aria-label=label>{tr(i18n::SESSION_END)}</button>
                </ActionForm>
            }
            .into_any()
        };
        view! {
            <tr data-current=s.current.then_some("")>
                <td>{s.browser.unwrap_or_else(|| unknown().to_owned())}</td>
                <td>{s.address.unwrap_or_else(|| unknown().to_owned())}</td>
                <td>{format_jst(s.started_at)}</td>
                <td>{format_jst(s.last_seen_at)}</td>
                <td>{action}</td>
            </tr>
        }
    });
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">{tr(i18n::SESSION_BROWSER)}</th>
                    <th scope="col">{tr(i18n::SESSION_ADDRESS)}</th>
                    <th scope="col">{tr(i18n::SESSION_STARTED)}</th>
                    <th scope="col">{tr(i18n::SESSION_LAST_SEEN)}</th>
                    <th scope="col"><span class="visually-hidden">{tr(i18n::SESSION_END)}</span></th>
                </tr>
            </thead>
            <tbody>{rows.collect_view()}</tbody>
        </table>
    }
}
