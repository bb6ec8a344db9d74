//! `/hr`: invite new hires and follow them: the list with filters, search and paging.

use super::hr_dashboard::DashboardPanel;
use super::hr_import::{ImportAction, ImportForm};
use super::pickup::status_badge;
use crate::api::hires::{InviteHire, import_hires, list_hires};
use crate::components::form::{ErrorBanner, Field, action_error, cleared_on_success, sent_values};
use crate::components::pager::Pager;
use crate::components::{PageTitle, tr};
use leptos::prelude::*;
use mamoru_types::hires::{HireFilter, HirePage, HireState};
use mamoru_types::i18n::{self, format_jst};

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
        <PageTitle text=i18n::HR_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::HR_TITLE)}</h1>
        </section>
        <div class="stacked">
            <DashboardPanel refresh=Signal::derive(move || invite.version().get() + upload.version().get()) />
            <section class="card" aria-labelledby="invite-heading">
                <h2 id="invite-heading">{tr(i18n::HR_INVITE_TITLE)}</h2>
                <ErrorBanner error=action_error(invite) />
                <ActionForm action=invite node_ref=cleared_on_success(invite) attr:class="stack">
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
                <div class="button-row exports">
                    <a class="button button-small" href=move || export_href(&filter.get()) rel="external" download="">
                        {tr(i18n::EXPORT_LIST)}
                    </a>
                    <a class="button button-small" href="/hr/training-register.csv" rel="external" download="">
                        {tr(i18n::EXPORT_REGISTER)}
                    </a>
                </div>
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

/// The CSV export of the list as filtered (every page).
fn export_href(filter: &HireFilter) -> String {
    let state = filter.state.map_or("", HireState::name);
    let params = [
        ("state", state),
        ("site", &filter.site),
        ("start_from", &filter.start_from),
        ("start_to", &filter.start_to),
        ("search", &filter.search),
    ];
    let query: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect();
    format!("/hr/hires.csv?{}", query.join("&"))
}

/// A query-string value: every byte but the unreserved ones percent-encoded.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The list's filters. They apply when the form is sent (Enter or the button), so typing
/// in the search box does not log a search per keystroke.
#[component]
fn Filters(filter: RwSignal<HireFilter>) -> impl IntoView {
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = sent_values(&ev);
        filter.set(HireFilter {
            state: HireState::from_name(&value("filter_state")),
            site: value("filter_site"),
            start_from: value("filter_from"),
            start_to: value("filter_to"),
            search: value("filter_search"),
            page: 1,
        });
    };
    view! {
        <form class="filters" on:submit=apply role="search">
            <Field label=i18n::SEARCH name="filter_search" kind="search" required=false wide=true />
            <div class="field">
                <label for="filter-state">{tr(i18n::STATUS)}</label>
                <select id="filter-state" name="filter_state">
                    <option value="">{tr(i18n::FILTER_ANY)}</option>
                    {HireState::ALL.into_iter().map(|s| view! { <option value=s.name()>{tr(s.text())}</option> }).collect_view()}
                </select>
            </div>
            <Field label=i18n::SITE_FILTER name="filter_site" required=false />
            <Field label=i18n::START_FROM name="filter_from" kind="date" required=false />
            <Field label=i18n::START_TO name="filter_to" kind="date" required=false />
            <button type="submit" class="button">{tr(i18n::FILTER_APPLY)}</button>
            <p class="hint">{tr(i18n::SEARCH_LOGGED)}</p>
        </form>
    }
}

#[component]
fn HireTable(page: HirePage, filter: RwSignal<HireFilter>) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="muted">{tr(i18n::HR_NONE)}</p> }.into_any();
    }
    let module_count = page.module_count;
    let go = Callback::new(move |to: u32| filter.update(|f| f.page = to));
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
                            <td><span class="badge" data-state=format!("{:?}", hire.state)>{tr(hire.state.text())}</span></td>
                            <td>{hire.modules_passed}" / "{module_count}</td>
                            <td>{card}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <Pager current pages go />
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_link_carries_the_filter_percent_encoded() {
        let filter = HireFilter {
            state: Some(HireState::InTraining),
            search: "田中 a&b".into(),
            ..HireFilter::default()
        };
        assert_eq!(export_href(&filter), "/hr/hires.csv?state=InTraining&search=%E7%94%B0%E4%B8%AD%20a%26b");
        assert_eq!(export_href(&HireFilter::default()), "/hr/hires.csv?");
    }
}
