//! `/hr`: invite new hires and see who has registered.

use crate::api::InviteState;
use crate::api::hires::{InviteHire, list_hire_invites};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::tr;
use crate::i18n::{self, format_jst};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HrPage() -> impl IntoView {
    let invite = ServerAction::<InviteHire>::new();
    let invites = Resource::new(move || invite.version().get(), |_| list_hire_invites());
    view! {
        <Title text=tr(i18n::HR_TITLE) />
        <section class="page-head">
            <h1>{tr(i18n::HR_TITLE)}</h1>
        </section>
        <div class="columns">
            <section class="card" aria-labelledby="invite-heading">
                <h2 id="invite-heading">{tr(i18n::HR_INVITE_TITLE)}</h2>
                <ErrorBanner error=action_error(invite) />
                <ActionForm action=invite attr:class="stack">
                    <Field label=i18n::FULL_NAME name="name" autocomplete="off" />
                    <Field label=i18n::EMAIL name="email" kind="email" autocomplete="off" />
                    <button type="submit" class="button button-primary" disabled=move || invite.pending().get()>
                        {tr(i18n::HR_INVITE_SUBMIT)}
                    </button>
                </ActionForm>
                <CreatedLink link=Signal::derive(move || invite.value().get().and_then(Result::ok).map(|c| (c.link, c.expires_at))) />
            </section>
            <section class="card" aria-labelledby="invites-heading">
                <h2 id="invites-heading">{tr(i18n::HR_INVITES_TITLE)}</h2>
                <Transition fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                    {move || Suspend::new(async move {
                        match invites.await {
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                            Ok(list) if list.is_empty() => view! { <p class="muted">{tr(i18n::HR_NONE)}</p> }.into_any(),
                            Ok(list) => view! {
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{tr(i18n::FULL_NAME)}</th>
                                            <th scope="col">{tr(i18n::EMAIL)}</th>
                                            <th scope="col">{tr(i18n::STATUS)}</th>
                                            <th scope="col">{tr(i18n::NDA_TITLE)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|invite| {
                                            let state = match invite.state {
                                                InviteState::Pending => i18n::INVITE_PENDING,
                                                InviteState::Accepted => i18n::INVITE_ACCEPTED,
                                                InviteState::Expired => i18n::INVITE_EXPIRED,
                                            };
                                            let copies = invite.user_id.map(|user_id| {
                                                invite.signed_versions.iter().map(|version| view! {
                                                    <a href=format!("/hr/hires/{user_id}/nda/{version}/pdf") rel="external" download="">
                                                        {tr(i18n::NDA_COPY)}" v"{*version}
                                                    </a>
                                                    " "
                                                }).collect_view()
                                            });
                                            view! {
                                                <tr>
                                                    <td>{invite.name}</td>
                                                    <td>{invite.email}</td>
                                                    <td><span class="badge">{tr(state)}</span></td>
                                                    <td>{copies}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// The invitation link just created, with its expiry, to copy and hand over.
#[component]
pub fn CreatedLink(link: Signal<Option<(String, i64)>>) -> impl IntoView {
    move || {
        link.get().map(|(link, expires_at)| {
            view! {
                <div class="created-link" role="status">
                    <p><strong>{tr(i18n::INVITE_CREATED)}</strong></p>
                    <p class="hint">{tr(i18n::COPY_HINT)}</p>
                    <input class="link-box" type="text" readonly value=link aria-label=tr(i18n::INVITE_CREATED) />
                    <p class="hint">{tr(i18n::EXPIRES)}": "{format_jst(expires_at)}</p>
                </div>
            }
        })
    }
}
