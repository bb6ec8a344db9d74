//! `/hr`: invite new hires and follow them: the list with filters, search and paging.

use super::hr_dashboard::DashboardPanel;
use super::hr_import::ImportForm;
use super::list_refresh::{ListRefresh, refresh_list_when};
use super::pickup::status_badge;
use crate::api::hires::{InviteHire, list_hires};
use crate::components::form::{ErrorBanner, Field, action_error, cleared_on_success};
use crate::components::pager::{Pager, list_address, page_number, query_string};
use crate::components::{PageTitle, island_ready, tr};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use mamoru_types::hires::{HireFilter, HirePage, HireState};
use mamoru_types::i18n::{self, Text, format_jst};

#[component]
pub fn HrPage() -> impl IntoView {
    // The filters and the page are in the address (`/hr?search=…&page=2`): a plain form and
    // plain links set them, so the list works without script and can be bookmarked.
    let filter = use_query_map().with_untracked(|q| filter_of(|key| q.get(key)));
    let hires = OnceResource::new(list_hires(filter.clone()));
    view! {
        <PageTitle text=i18n::HR_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::HR_TITLE)}</h1>
        </section>
        <div class="stacked">
            <DashboardPanel />
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || {
                    let filter = filter.clone();
                    Suspend::new(async move {
                        match hires.await {
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                            Ok(page) => view! {
                                <HireDesk page filter>
                                    <section class="card" aria-labelledby="invite-heading">
                                        <h2 id="invite-heading">{tr(i18n::HR_INVITE_TITLE)}</h2>
                                        <InviteForm />
                                    </section>
                                    <section class="card" aria-labelledby="import-heading">
                                        <h2 id="import-heading">{tr(i18n::IMPORT_TITLE)}</h2>
                                        <ImportForm />
                                    </section>
                                </HireDesk>
                            }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// The forms that add hires (its children, islands themselves) and the list they add to,
/// as one island, so an invitation or an import shows in the list at once. It starts from
/// the page the server loaded.
#[island(lazy)]
fn HireDesk(page: HirePage, filter: HireFilter, children: Children) -> impl IntoView {
    // Nothing here waits for it; the page counts the island as started.
    let _ = island_ready();
    let shown = RwSignal::new(page);
    let refresh = Action::new_local({
        let filter = filter.clone();
        move |(): &()| {
            let filter = filter.clone();
            async move {
                if let Ok(page) = list_hires(filter).await {
                    shown.set(page);
                }
            }
        }
    });
    provide_context(ListRefresh(refresh));
    let table_filter = filter.clone();
    view! {
        {children()}
        <section class="card" aria-labelledby="invites-heading">
            <h2 id="invites-heading">{tr(i18n::HR_INVITES_TITLE)}</h2>
            <Filters filter=filter.clone() />
            <div class="button-row exports">
                <a class="button button-small" href=export_href(&filter) rel="external" download="">
                    {tr(i18n::EXPORT_LIST)}
                </a>
                <a class="button button-small" href="/hr/training-register.csv" rel="external" download="">
                    {tr(i18n::EXPORT_REGISTER)}
                </a>
            </div>
            {move || view! { <HireTable page=shown.get() filter=table_filter.clone() /> }}
        </section>
    }
}

/// The invitation form. Its answer is the link to hand over, shown once, so it is an
/// island.
#[island(lazy)]
fn InviteForm() -> impl IntoView {
    let invite = ServerAction::<InviteHire>::new();
    let ready = island_ready();
    refresh_list_when(move || invite.value().with(|v| matches!(v, Some(Ok(_)))));
    view! {
        <ErrorBanner error=action_error(invite) />
        <ActionForm action=invite node_ref=cleared_on_success(invite) attr:class="stack">
            <Field label=i18n::FULL_NAME name="name" />
            <Field label=i18n::KANA name="kana" />
            <Field label=i18n::EMAIL name="email" kind="email" />
            <Field label=i18n::EMPLOYEE_NUMBER name="employee_number" />
            <Field label=i18n::SITE name="site" />
            <Field label=i18n::START_DATE name="start_date" kind="date" />
            <button type="submit" class="button button-primary" disabled=move || !ready.get() || invite.pending().get()>
                {tr(i18n::HR_INVITE_SUBMIT)}
            </button>
        </ActionForm>
        <CreatedLink link=Signal::derive(move || invite.value().get().and_then(Result::ok).map(|c| (c.link, c.expires_at))) />
    }
}

/// The filter an address asks for, by the names [`filter_params`] gives.
fn filter_of(param: impl Fn(&str) -> Option<String>) -> HireFilter {
    let text = |key| param(key).unwrap_or_default();
    HireFilter {
        state: HireState::from_name(&text("state")),
        site: text("site"),
        start_from: text("start_from"),
        start_to: text("start_to"),
        search: text("search"),
        page: page_number(param("page")),
    }
}

/// The filter's query parameters, named as the CSV export reads them too (page left out).
fn filter_params(filter: &HireFilter) -> [(&'static str, &str); 5] {
    [
        ("state", filter.state.map_or("", HireState::name)),
        ("site", &filter.site),
        ("start_from", &filter.start_from),
        ("start_to", &filter.start_to),
        ("search", &filter.search),
    ]
}

/// The list's address for one page of the filtered list.
fn list_href(filter: &HireFilter, page: u32) -> String {
    list_address("/hr", &filter_params(filter), page)
}

/// The CSV export of the list as filtered (every page).
fn export_href(filter: &HireFilter) -> String {
    format!("/hr/hires.csv?{}", query_string(&filter_params(filter)))
}

/// The list's filters: a plain GET form, applied when sent (Enter or the button), so typing
/// in the search box does not log a search per keystroke.
#[component]
fn Filters(filter: HireFilter) -> impl IntoView {
    let state = filter.state;
    view! {
        <form method="get" action="/hr" class="filters" role="search">
            <Field label=i18n::SEARCH name="search" kind="search" required=false wide=true value=filter.search />
            <div class="field">
                <label for="filter-state">{tr(i18n::STATUS)}</label>
                <select id="filter-state" name="state">
                    <option value="">{tr(i18n::FILTER_ANY)}</option>
                    {HireState::ALL.into_iter().map(|s| view! {
                        <option value=s.name() selected=state == Some(s)>{tr(s.text())}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field label=i18n::SITE_FILTER name="site" id="filter-site" required=false value=filter.site />
            <Field label=i18n::START_FROM name="start_from" kind="date" required=false value=filter.start_from />
            <Field label=i18n::START_TO name="start_to" kind="date" required=false value=filter.start_to />
            <button type="submit" class="button">{tr(i18n::FILTER_APPLY)}</button>
            <p class="hint">{tr(i18n::SEARCH_LOGGED)}</p>
        </form>
    }
}

#[component]
fn HireTable(page: HirePage, filter: HireFilter) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="muted">{tr(i18n::HR_NONE)}</p> }.into_any();
    }
    let module_count = page.module_count;
    let href = Callback::new(move |to: u32| list_href(&filter, to));
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
        <Pager current pages href />
    }
    .into_any()
}

/// A link just created (an invitation, unless `title` says otherwise), with its expiry,
/// to copy and hand over.
#[component]
pub fn CreatedLink(
    link: Signal<Option<(String, i64)>>,
    #[prop(default = i18n::INVITE_CREATED)] title: Text,
) -> impl IntoView {
    move || {
        link.get().map(|(link, expires_at)| {
            view! {
                <div class="created-link" role="status">
                    <p><strong>{tr(title)}</strong></p>
                    <p class="hint">{tr(i18n::COPY_HINT)}</p>
                    <input class="link-box" type="text" readonly value=link aria-label=tr(title) />
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

    #[test]
    fn the_list_address_carries_the_filter_and_reads_back_as_it() {
        let filter = HireFilter {
            state: Some(HireState::Completed),
            site: "札幌".into(),
            start_from: "2026-12-01".into(),
            search: "a&b=c".into(),
            page: 1,
            ..HireFilter::default()
        };
        let href = list_href(&filter, 3);
        assert_eq!(
            href,
            "/hr?state=Completed&site=%E6%9C%AD%E5%B9%8C&start_from=2026-12-01&search=a%26b%3Dc&page=3"
        );
        // What the router hands the page for that address, decoded.
        let query = [
            ("state", "Completed"),
            ("site", "札幌"),
            ("start_from", "2026-12-01"),
            ("search", "a&b=c"),
            ("page", "3"),
        ];
        let param = |key: &str| query.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned());
        assert_eq!(filter_of(param), HireFilter { page: 3, ..filter.clone() });
        assert_eq!(
            list_href(&filter, 1),
            "/hr?state=Completed&site=%E6%9C%AD%E5%B9%8C&start_from=2026-12-01&search=a%26b%3Dc"
        );
        assert_eq!(filter_of(|_| None), HireFilter { page: 1, ..HireFilter::default() });
    }
}
