//! `/hr/hires/:id`: one hire's record: details and invitation, each module's attempts,
//! the agreements signed, the card, and the events about them, with what HR can do.
//! Opening it is written to the audit log.

use super::exceptions::{DoorEvents, ExceptionTable, Shown};
use super::hr::CreatedLink;
use super::pickup::status_badge;
use super::reset::ResetLinkButton;
use crate::api::cards::{EndCard, ReissueGrant};
use crate::api::hires::{CancelInvite, DeactivateHire, ResendInvite, open_hire_record};
use crate::api::learning::ResetQuiz;
use crate::components::form::{ErrorBanner, action_error};
use crate::components::{PageTitle, island_ready, tr};
use crate::context::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mamoru_types::cards::{CardEnd, CardStatus};
use mamoru_types::domain::{HireId, UserId};
use mamoru_types::hires::{HireRecord, Invitation, ModuleHistory, RecordEvent};
use mamoru_types::i18n::{self, Text, format_jst};
use mamoru_types::learning::ModuleState;

/// The actions the record offers, as plain forms: each posts and the record loads again
/// (cancelling goes to the list). Re-sending, whose answer is a new link, is an island.
#[derive(Clone, Copy)]
struct Actions {
    cancel: ServerAction<CancelInvite>,
    deactivate: ServerAction<DeactivateHire>,
    reset: ServerAction<ResetQuiz>,
    end_card: ServerAction<EndCard>,
    reissue: ServerAction<ReissueGrant>,
}

#[component]
pub fn HireRecordPage() -> impl IntoView {
    let id = HireId::new(use_params_map().with_untracked(|p| p.get("id").unwrap_or_default()));
    let actions = Actions {
        cancel: ServerAction::new(),
        deactivate: ServerAction::new(),
        reset: ServerAction::new(),
        end_card: ServerAction::new(),
        reissue: ServerAction::new(),
    };
    // Opening the record writes an audit entry: loaded once, as the page renders.
    let record = OnceResource::new(open_hire_record(id, use_lang().code().to_owned()));
    view! {
        <PageTitle text=i18n::RECORD_TITLE />
        <nav class="breadcrumb" aria-label=tr(i18n::BACK_TO_HIRES)>
            <a href="/hr">{tr(i18n::BACK_TO_HIRES)}</a>
        </nav>
        <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    Ok(record) => view! { <Record record actions /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Record(record: HireRecord, actions: Actions) -> impl IntoView {
    let HireRecord { hire, email, invitation, modules, agreements, exceptions, door_events, events } = record;
    let registered = hire.user_id.clone();
    let copies = registered.clone().map(|user_id| {
        agreements
            .into_iter()
            .map(|a| {
                view! {
                    <li>
                        <a href=format!("/hr/accounts/{user_id}/nda/{}/pdf", a.verification_code) rel="external" download="">
                            {tr(i18n::NDA_COPY)}" v"{a.version}
                        </a>
                        " "<span class="muted">{format_jst(a.signed_at)}" · "{a.verification_code}</span>
                    </li>
                }
            })
            .collect_view()
    });
    let card = registered
        .clone()
        .zip(hire.card)
        .map(|(user_id, status)| view! { <CardCell user_id status actions /> });
    view! {
        <section class="page-head record-head">
            <h1>{hire.name.clone()}<span class="muted record-kana">{hire.kana.clone()}</span></h1>
            <span class="badge" data-state=format!("{:?}", hire.state)>{tr(hire.state.text())}</span>
            <a class="button" href=format!("/hr/hires/{}/evidence.zip", hire.id) rel="external" download="">
                {tr(i18n::EVIDENCE_DOWNLOAD)}
            </a>
            <p class="hint">{tr(i18n::RECORD_VIEW_LOGGED)}</p>
        </section>
        <ErrorBanner error=action_error(actions.cancel) />
        <ErrorBanner error=action_error(actions.deactivate) />
        <ErrorBanner error=action_error(actions.reset) />
        <ErrorBanner error=action_error(actions.end_card) />
        <ErrorBanner error=action_error(actions.reissue) />
        <div class="record-grid">
            <section class="card" aria-labelledby="details-heading">
                <h2 id="details-heading">{tr(i18n::RECORD_DETAILS)}</h2>
                <dl class="details">
                    <dt>{tr(i18n::EMPLOYEE_NUMBER)}</dt><dd>{hire.employee_number.clone()}</dd>
                    <dt>{tr(i18n::EMAIL)}</dt><dd>{email}</dd>
                    <dt>{tr(i18n::SITE)}</dt><dd>{hire.site.clone()}</dd>
                    <dt>{tr(i18n::START_DATE)}</dt><dd>{hire.start_date.clone()}</dd>
                    <dt>{tr(i18n::RECORD_INVITATION)}</dt><dd>{invitation_text(invitation)}</dd>
                    {hire.certified_until.map(|until| view! {
                        <dt>{tr(i18n::CERTIFIED_UNTIL)}</dt><dd data-certified-until="">{format_jst(until)}</dd>
                    })}
                </dl>
                {match registered.clone() {
                    None => view! { <InviteActions hire_id=hire.id.clone() actions /> }.into_any(),
                    Some(user_id) if hire.state != mamoru_types::hires::HireState::Deactivated => view! {
                        <div class="stack">
                            <p class="hint">{tr(i18n::RESET_ISSUE_HINT)}</p>
                            <ResetLinkButton user_id />
                        </div>
                        <Deactivate hire_id=hire.id.clone() actions />
                    }
                    .into_any(),
                    Some(_) => ().into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="training-heading">
                <h2 id="training-heading">{tr(i18n::TRAINING)}</h2>
                {match registered.clone().filter(|_| !modules.is_empty()) {
                    None => view! { <p class="muted">{tr(i18n::RECORD_NOT_STARTED)}</p> }.into_any(),
                    Some(user_id) => modules
                        .into_iter()
                        .map(|module| view! { <ModuleRow module user_id=user_id.clone() actions /> })
                        .collect_view()
                        .into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="agreements-heading">
                <h2 id="agreements-heading">{tr(i18n::NDA_TITLE)}</h2>
                <ul class="plain-list">{copies}</ul>
                <h2>{tr(i18n::STEP_CARD_SHORT)}</h2>
                {card.map_or_else(|| view! { <p class="muted">"—"</p> }.into_any(), IntoAny::into_any)}
            </section>
            <section class="card" aria-labelledby="exceptions-heading">
                <h2 id="exceptions-heading">{tr(i18n::EXCEPTIONS_TITLE)}</h2>
                <ExceptionTable rows=exceptions empty=i18n::EXCEPTIONS_NONE shown=Shown::Record />
            </section>
            <section class="card" aria-labelledby="door-heading">
                <h2 id="door-heading">{tr(i18n::DOOR_EVENTS_TITLE)}</h2>
                <DoorEvents rows=door_events empty=i18n::DOOR_EVENTS_NONE />
            </section>
            <section class="card record-events" aria-labelledby="events-heading">
                <h2 id="events-heading">{tr(i18n::RECORD_EVENTS)}</h2>
                <Events events />
            </section>
        </div>
    }
}

fn invitation_text(invitation: Invitation) -> impl IntoView {
    match invitation {
        Invitation::Pending { expires_at } => {
            view! { {tr(i18n::INVITATION_PENDING)}" ("{tr(i18n::EXPIRES)}" "{format_jst(expires_at)}")" }
                .into_any()
        }
        Invitation::Expired => view! { {tr(i18n::INVITATION_EXPIRED)} }.into_any(),
        Invitation::Accepted { at } => {
            view! { {tr(i18n::INVITATION_ACCEPTED)}" "{format_jst(at)} }.into_any()
        }
    }
}

/// Re-send (a new link; the old one stops working) or cancel an unused invitation.
#[component]
fn InviteActions(hire_id: HireId, actions: Actions) -> impl IntoView {
    let cancel_id = hire_id.to_string();
    view! {
        <Resend hire_id>
            <ActionForm action=actions.cancel attr:class="inline-form">
                <input type="hidden" name="hire_id" value=cancel_id />
                <button type="submit" class="button button-danger">{tr(i18n::INVITE_CANCEL)}</button>
            </ActionForm>
        </Resend>
    }
}

/// Re-sending answers with the new link, shown once: an island. Its children (the cancel
/// form) stay plain HTML beside the button.
#[island(lazy)]
fn Resend(hire_id: HireId, children: Children) -> impl IntoView {
    let resend = ServerAction::<ResendInvite>::new();
    let ready = island_ready();
    let link =
        Signal::derive(move || resend.value().get().and_then(Result::ok).map(|c| (c.link, c.expires_at)));
    view! {
        <ErrorBanner error=action_error(resend) />
        <div class="button-row">
            <ActionForm action=resend attr:class="inline-form">
                <input type="hidden" name="hire_id" value=hire_id.to_string() />
                <button type="submit" class="button" disabled=move || !ready.get()>{tr(i18n::INVITE_RESEND)}</button>
            </ActionForm>
            {children()}
        </div>
        <CreatedLink link />
    }
}

/// A leaver: the account is disabled and the card revoked. The checkbox guards the button.
#[component]
fn Deactivate(hire_id: HireId, actions: Actions) -> impl IntoView {
    view! {
        <ActionForm action=actions.deactivate attr:class="stack danger-zone">
            <input type="hidden" name="hire_id" value=hire_id.to_string() />
            <label class="check">
                <input type="checkbox" required />
                <span>{tr(i18n::DEACTIVATE_CONFIRM)}</span>
            </label>
            <button type="submit" class="button button-danger">{tr(i18n::DEACTIVATE)}</button>
        </ActionForm>
    }
}

#[component]
fn ModuleRow(module: ModuleHistory, user_id: UserId, actions: Actions) -> impl IntoView {
    let ModuleHistory { slug, title, state, attempts } = module;
    let module_slug = slug.clone();
    let reset = (state == ModuleState::FailedLocked).then(|| {
        view! {
            <ActionForm action=actions.reset attr:class="inline-form">
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <input type="hidden" name="module" value=module_slug />
                <button type="submit" class="button button-small">{tr(i18n::QUIZ_RESET)}</button>
            </ActionForm>
        }
    });
    let attempts = attempts
        .into_iter()
        .enumerate()
        .map(|(i, a)| {
            let result = match (a.score_percent, a.passed) {
                (None, _) => tr(i18n::ATTEMPT_OPEN)().to_owned(),
                (Some(score), passed) => format!(
                    "{score}% {}",
                    tr(if passed { i18n::ATTEMPT_PASSED } else { i18n::ATTEMPT_FAILED })()
                ),
            };
            view! {
                <li class:voided=a.voided class:muted=a.earlier_round>
                    {i + 1}". "{format_jst(a.submitted_at.unwrap_or(a.started_at))}" — "{result}
                    {a.voided.then(|| view! { " ("{tr(i18n::ATTEMPT_VOIDED)}")" })}
                    {a.earlier_round.then(|| view! { " ("{tr(i18n::ATTEMPT_EARLIER_ROUND)}")" })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="module-history" data-module=slug>
            <h3>{title}" "<span class="badge">{tr(module_state_text(state))}</span></h3>
            <ol class="attempts">{attempts}</ol>
            {reset}
        </div>
    }
}

fn module_state_text(state: ModuleState) -> Text {
    match state {
        ModuleState::Locked => i18n::MODULE_LOCKED,
        ModuleState::ToDo => i18n::MODULE_TODO,
        ModuleState::InProgress => i18n::MODULE_IN_PROGRESS,
        ModuleState::Passed => i18n::MODULE_PASSED,
        ModuleState::FailedLocked => i18n::MODULE_FAILED,
    }
}

/// The card's status with what HR can do about it.
#[component]
fn CardCell(user_id: UserId, status: CardStatus, actions: Actions) -> impl IntoView {
    let (text, class) = status_badge(status);
    let end_button = |reason: CardEnd, label| {
        let user_id = user_id.clone();
        view! {
            <ActionForm action=actions.end_card attr:class="inline-form">
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <input type="hidden" name="reason" value=format!("{reason:?}") />
                <button type="submit" class="button button-small button-danger">{tr(label)}</button>
            </ActionForm>
        }
    };
    let buttons = match status {
        CardStatus::Issued => view! {
            {end_button(CardEnd::Lost, i18n::CARD_LOST)}
            {end_button(CardEnd::Returned, i18n::CARD_RETURNED)}
        }
        .into_any(),
        CardStatus::Locked | CardStatus::Expired => view! {
            <ActionForm action=actions.reissue attr:class="inline-form">
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <button type="submit" class="button button-small">{tr(i18n::CARD_REISSUE)}</button>
            </ActionForm>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <p><span class=class data-card-status=format!("{status:?}")>{tr(text)}</span></p>
        <div class="button-row">{buttons}</div>
    }
}

#[component]
fn Events(events: Vec<RecordEvent>) -> impl IntoView {
    if events.is_empty() {
        return view! { <p class="muted">"—"</p> }.into_any();
    }
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">{tr(i18n::EVENT_AT)}</th>
                    <th scope="col">{tr(i18n::EVENT_WHAT)}</th>
                    <th scope="col">{tr(i18n::EVENT_WHO)}</th>
                </tr>
            </thead>
            <tbody>
                {events.into_iter().rev().map(|e| view! {
                    <tr data-action=e.action.name()>
                        <td>{format_jst(e.at)}</td>
                        <td>{tr(e.action.text())}</td>
                        <td>{e.actor}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
