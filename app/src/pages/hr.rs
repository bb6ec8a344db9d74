//! `/hr`: invite new hires and see who has registered.

use super::pickup::status_badge;
use crate::api::InviteState;
use crate::api::cards::{CardEnd, CardStatus, EndCard, ReissueGrant};
use crate::api::hires::{InviteHire, list_hire_invites};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::tr;
use crate::i18n::{self, format_jst};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HrPage() -> impl IntoView {
    let invite = ServerAction::<InviteHire>::new();
    let end_card = ServerAction::<EndCard>::new();
    let reissue = ServerAction::<ReissueGrant>::new();
    let invites = Resource::new(
        move || (invite.version().get(), end_card.version().get(), reissue.version().get()),
        |_| list_hire_invites(),
    );
    view! {
        <Title text=tr(i18n::HR_TITLE) />
        <section class="page-head">
            <h1>{tr(i18n::HR_TITLE)}</h1>
        </section>
        <div class="stacked">
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
                <ErrorBanner error=action_error(end_card) />
                <ErrorBanner error=action_error(reissue) />
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
                                            <th scope="col">{tr(i18n::STEP_CARD_SHORT)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|invite| {
                                            let state = match invite.state {
                                                InviteState::Pending => i18n::INVITE_PENDING,
                                                InviteState::Accepted => i18n::INVITE_ACCEPTED,
                                                InviteState::Expired => i18n::INVITE_EXPIRED,
                                            };
                                            let copies = invite.user_id.clone().map(|user_id| {
                                                invite.signed_versions.iter().map(|version| view! {
                                                    <a href=format!("/hr/hires/{user_id}/nda/{version}/pdf") rel="external" download="">
                                                        {tr(i18n::NDA_COPY)}" v"{*version}
                                                    </a>
                                                    " "
                                                }).collect_view()
                                            });
                                            let card = invite.user_id.zip(invite.card).map(|(hire_id, status)| {
                                                view! { <CardCell hire_id status end_card reissue /> }
                                            });
                                            view! {
                                                <tr>
                                                    <td>{invite.name}</td>
                                                    <td>{invite.email}</td>
                                                    <td><span class="badge">{tr(state)}</span></td>
                                                    <td>{copies}</td>
                                                    <td>{card}</td>
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

/// A hire's card status with what HR can do about it.
#[component]
fn CardCell(
    hire_id: String,
    status: CardStatus,
    end_card: ServerAction<EndCard>,
    reissue: ServerAction<ReissueGrant>,
) -> impl IntoView {
    let (text, class) = status_badge(status);
    let end_button = |reason: CardEnd, label| {
        let hire_id = hire_id.clone();
        view! {
            <ActionForm action=end_card attr:class="inline-form">
                <input type="hidden" name="hire_id" value=hire_id />
                <input type="hidden" name="reason" value=format!("{reason:?}") />
                <button type="submit" class="button button-small button-danger">{tr(label)}</button>
            </ActionForm>
        }
    };
    let actions = match status {
        CardStatus::Issued => view! {
            {end_button(CardEnd::Lost, i18n::CARD_LOST)}
            {end_button(CardEnd::Returned, i18n::CARD_RETURNED)}
        }
        .into_any(),
        CardStatus::Locked | CardStatus::Expired => view! {
            <ActionForm action=reissue attr:class="inline-form">
                <input type="hidden" name="hire_id" value=hire_id.clone() />
                <button type="submit" class="button button-small">{tr(i18n::CARD_REISSUE)}</button>
            </ActionForm>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <span class=class data-card-status=format!("{status:?}")>{tr(text)}</span>
        " "
        {actions}
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
