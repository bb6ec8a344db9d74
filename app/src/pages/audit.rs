//! `/audit`: the audit log for HR and administrators, newest first, with filters.

use crate::api::audit::list_audit;
use crate::components::form::{ErrorBanner, Field, sent_values};
use crate::components::pager::Pager;
use crate::components::{PageTitle, tr};
use leptos::prelude::*;
use mamoru_types::audit::{AuditFilter, AuditKind, AuditPage};
use mamoru_types::i18n::{self, format_jst};

#[component]
pub fn AuditPage() -> impl IntoView {
    let filter = RwSignal::new(AuditFilter::default());
    let entries = Resource::new(move || filter.get(), list_audit);
    view! {
        <PageTitle text=i18n::AUDIT_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::AUDIT_TITLE)}</h1>
            <p class="lead">{tr(i18n::AUDIT_LEAD)}</p>
        </section>
        <section class="card">
            <Filters filter />
            <Transition fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(page) => view! { <Entries page filter /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Applied when sent, so a filtered look is logged once, not per keystroke.
#[component]
fn Filters(filter: RwSignal<AuditFilter>) -> impl IntoView {
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = sent_values(&ev);
        filter.set(AuditFilter {
            category: value("audit_category"),
            actor: value("audit_actor"),
            from: value("audit_from"),
            to: value("audit_to"),
            page: 1,
        });
    };
    view! {
        <form class="filters" on:submit=apply role="search">
            <div class="field">
                <label for="audit-category">{tr(i18n::AUDIT_CATEGORY)}</label>
                <select id="audit-category" name="audit_category">
                    <option value="">{tr(i18n::FILTER_ANY)}</option>
                    {AuditKind::ALL.iter().map(|kind| view! { <option value=kind.prefix()>{tr(kind.text())}</option> }).collect_view()}
                </select>
            </div>
            <Field label=i18n::AUDIT_ACTOR name="audit_actor" kind="email" required=false />
            <Field label=i18n::AUDIT_FROM name="audit_from" kind="date" required=false />
            <Field label=i18n::AUDIT_TO name="audit_to" kind="date" required=false />
            <button type="submit" class="button">{tr(i18n::FILTER_APPLY)}</button>
            <p class="hint">{tr(i18n::SEARCH_LOGGED)}</p>
        </form>
    }
}

#[component]
fn Entries(page: AuditPage, filter: RwSignal<AuditFilter>) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="muted">{tr(i18n::AUDIT_NONE)}</p> }.into_any();
    }
    let go = Callback::new(move |to: u32| filter.update(|f| f.page = to));
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
        <Pager current pages go />
    }
    .into_any()
}
