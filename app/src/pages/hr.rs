//! `/hr`: invite new hires and follow them: the list with filters, search and paging.

use super::hr_import::ImportForm;
use super::pickup::status_badge;
use crate::api::hires::{
    HireFilter, HirePage, HireState, ImportOutcome, InviteHire, import_hires, list_hires,
};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::tr;
use crate::errors::AppError;
use crate::i18n::{self, Text, format_jst};
use leptos::prelude::*;
use leptos_meta::Title;

/// The CSV upload: runs in the browser only (it sends the chosen file).
pub type ImportAction = Action<leptos::web_sys::FormData, Result<ImportOutcome, AppError>>;

#[component]
pub fn HrPage() -> impl IntoView {
    let invite = ServerAction::<InviteHire>::new();
    let upload: ImportAction =
        Action::new_local(|data: &leptos::web_sys::FormData| import_hires(data.clone().into()));
    let filter = RwSignal::new(HireFilter::default());
    let hires = Resource::new(
        move || (filter.get(), invite.version().get(), upload.version().get()),
        |(filter, ..)| list_hires(filter),
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
                    <Field label=i18n::FULL_NAME name="name" />
                    <Field label=i18n::KANA name="kana" />
                    <Field label=i18n::EMAIL name="email" kind="email" />
                    <Field label=i18n::EMPLOYEE_NUMBER name="employee_number" />
                    <Field label=i18n::SITE name="site" />
                    <Field label=i18n::START_DATE name="start_date" kind="date" />
                    <button type="submit" class="button button-primary" disabled=move || invite.pending().get()>
                        {tr(i18n::HR_INVITE_SUBMIT)}
                    </button>
                </ActionForm>
                <CreatedLink link=Signal::derive(move || invite.value().get().and_then(Result::ok).map(|c| (c.link, c.expires_at))) />
            </section>
            <section class="card" aria-labelledby="import-heading">
                <h2 id="import-heading">{tr(i18n::IMPORT_TITLE)}</h2>
                <ImportForm upload />
            </section>
            <section class="card" aria-labelledby="invites-heading">
                <h2 id="invites-heading">{tr(i18n::HR_INVITES_TITLE)}</h2>
                <Filters filter />
                <Transition fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                    {move || Suspend::new(async move {
                        match hires.await {
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                            Ok(page) => view! { <HireTable page filter /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
        </div>
    }
}

/// The list's filters. They apply when the form is sent (Enter or the button), so typing
/// in the search box does not log a search per keystroke.
#[component]
fn Filters(filter: RwSignal<HireFilter>) -> impl IntoView {
    let search = NodeRef::<leptos::html::Input>::new();
    let state = NodeRef::<leptos::html::Select>::new();
    let site = NodeRef::<leptos::html::Input>::new();
    let from = NodeRef::<leptos::html::Input>::new();
    let to = NodeRef::<leptos::html::Input>::new();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = |node: NodeRef<leptos::html::Input>| node.get().map(|i| i.value()).unwrap_or_default();
        let chosen = state.get().map(|s| s.value()).unwrap_or_default();
        filter.set(HireFilter {
            state: HireState::from_name(&chosen),
            site: value(site),
            start_from: value(from),
            start_to: value(to),
            search: value(search),
            page: 1,
        });
    };
    view! {
        <form class="filters" on:submit=apply role="search">
            <div class="field field-wide">
                <label for="filter-search">{tr(i18n::SEARCH)}</label>
                <input id="filter-search" type="search" node_ref=search autocomplete="off" />
            </div>
            <div class="field">
                <label for="filter-state">{tr(i18n::STATUS)}</label>
                <select id="filter-state" node_ref=state>
                    <option value="">{tr(i18n::FILTER_ANY)}</option>
                    {HireState::ALL.into_iter().map(|s| view! { <option value=s.name()>{tr(state_text(s))}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-site">{tr(i18n::SITE_FILTER)}</label>
                <input id="filter-site" type="text" node_ref=site autocomplete="off" />
            </div>
            <div class="field">
                <label for="filter-from">{tr(i18n::START_FROM)}</label>
                <input id="filter-from" type="date" node_ref=from />
            </div>
            <div class="field">
                <label for="filter-to">{tr(i18n::START_TO)}</label>
                <input id="filter-to" type="date" node_ref=to />
            </div>
            <button type="submit" class="button">{tr(i18n::FILTER_APPLY)}</button>
            <p class="hint">{tr(i18n::SEARCH_LOGGED)}</p>
        </form>
    }
}

pub(super) fn state_text(state: HireState) -> Text {
    match state {
        HireState::Invited => i18n::STATE_INVITED,
        HireState::InTraining => i18n::STATE_IN_TRAINING,
        HireState::QuizLocked => i18n::STATE_QUIZ_LOCKED,
        HireState::NdaPending => i18n::STATE_NDA_PENDING,
        HireState::ResignNeeded => i18n::STATE_RESIGN_NEEDED,
        HireState::Completed => i18n::STATE_COMPLETED,
        HireState::CardIssued => i18n::STATE_CARD_ISSUED,
        HireState::Deactivated => i18n::STATE_DEACTIVATED,
    }
}

#[component]
fn HireTable(page: HirePage, filter: RwSignal<HireFilter>) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="muted">{tr(i18n::HR_NONE)}</p> }.into_any();
    }
    let module_count = page.module_count;
    let go = move |to: u32| filter.update(|f| f.page = to);
    let (current, pages) = (page.page, page.page_count);
    view! {
        <p class="muted" role="status">{page.total}" "{tr(i18n::HIRES_COUNT)}</p>
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">{tr(i18n::FULL_NAME)}</th>
                    <th scope="col">{tr(i18n::EMPLOYEE_NUMBER)}</th>
                    <th scope="col">{tr(i18n::SITE)}</th>
                    <th scope="col">{tr(i18n::START_DATE)}</th>
                    <th scope="col">{tr(i18n::STATUS)}</th>
                    <th scope="col">{tr(i18n::TRAINING)}</th>
                    <th scope="col">{tr(i18n::STEP_CARD_SHORT)}</th>
                </tr>
            </thead>
            <tbody>
                {page.rows.into_iter().map(|hire| {
                    let card = hire.card.map(|status| {
                        let (text, class) = status_badge(status);
                        view! { <span class=class data-card-status=format!("{status:?}")>{tr(text)}</span> }
                    });
                    let employee = hire.employee_number.clone();
                    view! {
                        <tr data-employee=employee>
                            <td><a href=format!("/hr/hires/{}", hire.id)>{hire.name}</a><br /><span class="muted">{hire.kana}</span></td>
                            <td>{hire.employee_number}</td>
                            <td>{hire.site}</td>
                            <td>{hire.start_date}</td>
                            <td><span class="badge" data-state=format!("{:?}", hire.state)>{tr(state_text(hire.state))}</span></td>
                            <td>{hire.modules_passed}" / "{module_count}</td>
                            <td>{card}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pager" aria-label=tr(i18n::PAGE_OF)>
            <button type="button" class="button" disabled=current <= 1 on:click=move |_| go(current - 1)>{tr(i18n::PAGE_PREV)}</button>
            <span>{tr(i18n::PAGE_OF)}" "{current}" / "{pages}</span>
            <button type="button" class="button" disabled=current >= pages on:click=move |_| go(current + 1)>{tr(i18n::PAGE_NEXT)}</button>
        </nav>
    }
    .into_any()
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
