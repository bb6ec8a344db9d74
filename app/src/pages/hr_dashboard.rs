//! The overview at the top of `/hr`: the completion funnel as a chart, who is late, and
//! whose certification ends soon.

use super::exceptions::{DoorEvents, ExceptionTable, Shown};
use crate::api::hires::{DraftReminders, SendReminders, hire_dashboard};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{island_ready, tr};
use leptos::prelude::*;
use mamoru_types::hires::{Dashboard, Funnel, HireRow, Reminder, ReminderDraft};
use mamoru_types::i18n::{self, Text};

#[component]
pub fn DashboardPanel() -> impl IntoView {
    let dashboard = OnceResource::new(hire_dashboard());
    view! {
        <section class="card dashboard" aria-labelledby="dashboard-heading">
            <h2 id="dashboard-heading">{tr(i18n::DASHBOARD_TITLE)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match dashboard.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(dashboard) => view! { <Overview dashboard /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Overview(dashboard: Dashboard) -> impl IntoView {
    let Dashboard {
        funnel,
        overdue,
        overdue_total,
        expiring,
        expiring_total,
        expired_total,
        module_count,
        mail_configured,
        exceptions_in_force,
        denied_entries,
    } = dashboard;
    view! {
        <div class="dashboard-grid">
            <div>
                <h3 id="funnel-title">{tr(i18n::FUNNEL_TITLE)}</h3>
                {view! { <FunnelChart funnel /> }.into_any()}
            </div>
            <div class="stack">
                <Watch about=Reminder::Overdue hires=overdue total=overdue_total module_count mail_configured />
                <Watch about=Reminder::Expiring hires=expiring total=expiring_total module_count mail_configured />
                <p class="muted" data-expired-total=expired_total>
                    {tr(i18n::EXPIRED_COUNT)}": "{expired_total}
                </p>
            </div>
        </div>
        <section class="watch-section" aria-labelledby="in-force-title">
            <h3 id="in-force-title">{tr(i18n::MANAGER_IN_FORCE)}</h3>
            <p class="hint"><a href="/hr/exceptions.csv" rel="external" download="">{tr(i18n::EXCEPTIONS_CSV)}</a></p>
            <ExceptionTable rows=exceptions_in_force empty=i18n::MANAGER_NO_IN_FORCE shown=Shown::Overview />
        </section>
        <section class="watch-section" aria-labelledby="denied-title">
            <h3 id="denied-title">{tr(i18n::DENIED_TITLE)}</h3>
            <DoorEvents rows=denied_entries empty=i18n::DENIED_NONE />
            <h3 id="door-report-title">{tr(i18n::DOOR_REPORT_TITLE)}</h3>
            <form class="filters" method="get" action="/hr/door-report.csv" aria-labelledby="door-report-title">
                <Field label=i18n::DOOR_POINT name="point" id="door-report-point" />
                <Field label=i18n::DOOR_REPORT_FROM name="from" id="door-report-from" kind="date" />
                <Field label=i18n::DOOR_REPORT_TO name="to" id="door-report-to" kind="date" />
                <button type="submit" class="button">{tr(i18n::DOOR_REPORT_SUBMIT)}</button>
            </form>
        </section>
    }
}

/// Hires who need a nudge (late, or certification ending), the first few of `total`,
/// with the reminder for all of them.
#[component]
fn Watch(
    about: Reminder,
    hires: Vec<HireRow>,
    total: usize,
    module_count: usize,
    mail_configured: bool,
) -> impl IntoView {
    let (title, hint, none) = match about {
        Reminder::Overdue => (i18n::OVERDUE_TITLE, i18n::OVERDUE_HINT, i18n::OVERDUE_NONE),
        Reminder::Expiring => (i18n::EXPIRING_TITLE, i18n::EXPIRING_HINT, i18n::EXPIRING_NONE),
    };
    let kind = format!("{about:?}");
    let list = if hires.is_empty() {
        view! { <p class="muted">{tr(none)}</p> }.into_any()
    } else {
        view! {
            <ul class="watch">
                {hires.into_iter().map(|hire| {
                    let when = match about {
                        Reminder::Overdue => view! { {tr(i18n::START_DATE)}" "{hire.start_date} }.into_any(),
                        Reminder::Expiring => view! {
                            {tr(i18n::CERTIFIED_UNTIL)}" "{hire.certified_until.map(i18n::format_jst)}
                        }.into_any(),
                    };
                    view! {
                        <li data-hire=hire.employee_number.clone()>
                            <a href=format!("/hr/hires/{}", hire.id)>{hire.name}</a>
                            " "<span class="muted">{hire.employee_number.clone()}" · "{when}</span>
                            " "<span class="badge badge-warn">{tr(hire.state.text())}</span>
                            " "<span class="muted">{hire.modules_passed}" / "{module_count}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section class="watch-section" data-watch=kind>
            <h3>{tr(title)}" "<span class="badge badge-warn" data-total=total>{total}</span></h3>
            <p class="hint">{tr(hint)}</p>
            {list}
            {(total > 0).then(|| view! { <Remind about mail_configured /> }.into_any())}
        </section>
    }
}

/// The funnel as a list of bars, each as long as its share of the invited. Labels and
/// numbers are text, so they stay readable at any width; only the bar is drawn.
#[component]
fn FunnelChart(funnel: Funnel) -> impl IntoView {
    let stages: [(Text, usize); 4] = [
        (i18n::FUNNEL_INVITED, funnel.invited),
        (i18n::FUNNEL_TRAINED, funnel.trained),
        (i18n::FUNNEL_SIGNED, funnel.signed),
        (i18n::FUNNEL_CARD, funnel.card),
    ];
    let most = funnel.invited.max(1) as f64;
    view! {
        <ol class="funnel" aria-labelledby="funnel-title">
            {stages.into_iter().enumerate().map(|(i, (text, n))| {
                // A sliver even at zero, so that an empty stage still shows where its bar is.
                let percent = (n as f64 / most * 100.0).max(0.5);
                view! {
                    <li class=format!("funnel-stage funnel-stage-{i}") data-count=n>
                        <span class="funnel-label">{tr(text)}</span>
                        <svg class="funnel-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                            <rect x="0" y="0" width=percent height="10" />
                        </svg>
                        <span class="funnel-count">{n}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// A reminder to everyone it is `about`: emailed when SMTP is configured, else shown to
/// copy. An island: the answer (how many were sent, or the draft) shows in place.
#[island(lazy)]
fn Remind(about: Reminder, mail_configured: bool) -> impl IntoView {
    let send = ServerAction::<SendReminders>::new();
    let draft = ServerAction::<DraftReminders>::new();
    let ready = island_ready();
    let button = if mail_configured {
        view! {
            <ActionForm action=send attr:class="inline-form">
                <input type="hidden" name="about" value=format!("{about:?}") />
                <button type="submit" class="button" disabled=move || !ready.get() || send.pending().get()>{tr(i18n::REMIND_SEND)}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        view! {
            <ActionForm action=draft attr:class="inline-form">
                <input type="hidden" name="about" value=format!("{about:?}") />
                <button type="submit" class="button" disabled=move || !ready.get()>{tr(i18n::REMIND_DRAFT)}</button>
            </ActionForm>
        }
        .into_any()
    };
    view! {
        <div class="remind">
            {button}
            <ErrorBanner error=action_error(send) />
            <ErrorBanner error=action_error(draft) />
            {move || send.value().get().and_then(Result::ok).map(|report| view! {
                <p class="banner banner-ok" role="status">
                    {report.sent}" "{tr(i18n::REMIND_SENT)}
                    {(!report.failed.is_empty()).then(|| view! { " "{tr(i18n::REMIND_FAILED)}" "{report.failed.join(", ")} })}
                </p>
            })}
            {move || draft.value().get().and_then(Result::ok).map(|draft| view! { <Draft about draft /> })}
        </div>
    }
}

#[component]
fn Draft(about: Reminder, draft: ReminderDraft) -> impl IntoView {
    let addresses: Vec<String> = draft.recipients.iter().map(|r| r.email.clone()).collect();
    let id = |field: &str| format!("remind-{field}-{about:?}");
    view! {
        <div class="stack remind-draft">
            <div class="field">
                <label for=id("to")>{tr(i18n::REMIND_ADDRESSES)}</label>
                <textarea id=id("to") readonly rows="2">{addresses.join(", ")}</textarea>
            </div>
            <div class="field">
                <label for=id("subject")>{tr(i18n::REMIND_SUBJECT)}</label>
                <input id=id("subject") type="text" readonly value=draft.subject />
            </div>
            <div class="field">
                <label for=id("body")>{tr(i18n::REMIND_BODY)}</label>
                <textarea id=id("body") readonly rows="12">{draft.body}</textarea>
            </div>
        </div>
    }
}
