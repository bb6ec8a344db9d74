//! `/audit`: the audit log for HR and administrators, newest first, with filters.

use crate::api::audit::list_audit;
use crate::components::form::{ErrorBanner, Field};
use crate::components::pager::{Pager, list_address, page_number};
use crate::components::{PageTitle, tr};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use mamoru_types::audit::{AuditFilter, AuditKind, AuditPage};
use mamoru_types::i18n::{self, format_jst};

#[component]
pub fn AuditPage() -> impl IntoView {
    // The filters and the page are in the address (`/audit?category=…&page=2`), set by a
    // plain form and plain links.
    let filter = use_query_map().with_untracked(|q| filter_of(|key| q.get(key)));
    let entries = OnceResource::new(list_audit(filter.clone()));
    view! {
        <PageTitle text=i18n::AUDIT_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::AUDIT_TITLE)}</h1>
            <p class="lead">{tr(i18n::AUDIT_LEAD)}</p>
        </section>
        <section class="card">
            <Filters filter=filter.clone() />
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || {
                    let filter = filter.clone();
                    Suspend::new(async move {
                        match entries.await {
                            Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                            Ok(page) => view! { <Entries page filter /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The filter an address asks for.
fn filter_of(param: impl Fn(&str) -> Option<String>) -> AuditFilter {
    let text = |key| param(key).unwrap_or_default();
    AuditFilter {
        category: text("category"),
        actor: text("actor"),
        from: text("from"),
        to: text("to"),
        page: page_number(param("page")),
    }
}

/// The log's address for one page of the filtered entries.
fn page_href(filter: &AuditFilter, page: u32) -> String {
    let params = [
        ("category", filter.category.as_str()),
        ("actor", &filter.actor),
        ("from", &filter.from),
        ("to", &filter.to),
    ];
    list_address("/audit", &params, page)
}

/// Applied when sent (a new address), so a filtered look is logged once, not per keystroke.
#[component]
fn Filters(filter: AuditFilter) -> impl IntoView {
    let category = filter.category.clone();
    view! {
        <Form method="GET" action="/audit" attr:class="filters" attr:role="search">
            <div class="field">
                <label for="audit-category">{tr(i18n::AUDIT_CATEGORY)}</label>
                <select id="audit-category" name="category">
                    <option value="">{tr(i18n::FILTER_ANY)}</option>
                    {AuditKind::ALL.iter().map(|kind| view! {
                        <option value=kind.prefix() selected=category == kind.prefix()>{tr(kind.text())}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field label=i18n::AUDIT_ACTOR name="actor" kind="email" required=false value=filter.actor />
            <Field label=i18n::AUDIT_FROM name="from" kind="date" required=false value=filter.from />
            <Field label=i18n::AUDIT_TO name="to" kind="date" required=false value=filter.to />
            <button type="submit" class="button">{tr(i18n::FILTER_APPLY)}</button>
            <p class="hint">{tr(i18n::SEARCH_LOGGED)}</p>
        </Form>
    }
}

#[component]
fn Entries(page: AuditPage, filter: AuditFilter) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="muted">{tr(i18n::AUDIT_NONE)}</p> }.into_any();
    }
    let href = Callback::new(move |to: u32| page_href(&filter, to));
    let (current, pages) = (page.page, page.page_count);
    view! {
        <p class="muted" role="status">{page.total}" "{tr(i18n::AUDIT_COUNT)}</p>
        <table class="table audit-table">
            <thead>
                <tr>
                    <th scope="col">"#"</th>
                    <th scope="col">{tr(i18n::EVENT_AT)}</th>
                    <th scope="col">{tr(i18n::EVENT_WHAT)}</th>
                    <th scope="col">{tr(i18n::EVENT_WHO)}</th>
                    <th scope="col">{tr(i18n::AUDIT_DETAIL)}</th>
                    <th scope="col">{tr(i18n::AUDIT_FROM_ADDRESS)}</th>
                </tr>
            </thead>
            <tbody>
                {page.rows.into_iter().map(|row| view! {
                    <tr data-action=row.action.name()>
                        <td>{row.seq}</td>
                        <td>{format_jst(row.at)}</td>
                        <td>
                            {tr(row.action.text())}<br />
                            <code>{row.action.name()}</code>
                        </td>
                        <td>{row.actor}</td>
                        <td class="audit-detail"><code>{row.detail}</code></td>
                        <td>{row.ip}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <Pager current pages href />
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_address_carries_the_filter_and_reads_back_as_it() {
        let filter =
            AuditFilter { category: "auth.".into(), actor: "hr@example.jp".into(), ..AuditFilter::default() };
        assert_eq!(page_href(&filter, 2), "/audit?category=auth.&actor=hr%40example.jp&page=2");
        assert_eq!(page_href(&filter, 1), "/audit?category=auth.&actor=hr%40example.jp");
        let query = [("category", "auth."), ("actor", "hr@example.jp"), ("page", "2")];
        let param = |key: &str| query.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned());
        assert_eq!(filter_of(param), AuditFilter { page: 2, ..filter });
    }
}
