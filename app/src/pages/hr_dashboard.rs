//! The overview at the top of `/hr`: the completion funnel as a chart, and who is late.

use crate::api::hires::{Dashboard, Funnel, hire_dashboard};
use crate::components::form::ErrorBanner;
use crate::components::tr;
use crate::i18n::{self, Text};
use leptos::prelude::*;

#[component]
pub fn DashboardPanel(#[prop(into)] refresh: Signal<usize>) -> impl IntoView {
    let dashboard = Resource::new(move || refresh.get(), |_| hire_dashboard());
    view! {
        <section class="card dashboard" aria-labelledby="dashboard-heading">
            <h2 id="dashboard-heading">{tr(i18n::DASHBOARD_TITLE)}</h2>
            <Transition fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match dashboard.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(dashboard) => view! { <Overview dashboard /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Overview(dashboard: Dashboard) -> impl IntoView {
    let Dashboard { funnel, overdue, overdue_total, module_count } = dashboard;
    let late = if overdue.is_empty() {
        view! { <p class="muted">{tr(i18n::OVERDUE_NONE)}</p> }.into_any()
    } else {
        view! {
            <ul class="overdue">
                {overdue.into_iter().map(|hire| view! {
                    <li data-overdue=hire.employee_number.clone()>
                        <a href=format!("/hr/hires/{}", hire.id)>{hire.name}</a>
                        " "<span class="muted">{hire.employee_number.clone()}" · "{tr(i18n::START_DATE)}" "{hire.start_date}</span>
                        " "<span class="badge badge-warn">{tr(hire.state.text())}</span>
                        " "<span class="muted">{hire.modules_passed}" / "{module_count}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="dashboard-grid">
            <div>
                <h3>{tr(i18n::FUNNEL_TITLE)}</h3>
                <FunnelChart funnel />
            </div>
            <div>
                <h3>{tr(i18n::OVERDUE_TITLE)}" "<span class="badge badge-warn" data-overdue-total=overdue_total>{overdue_total}</span></h3>
                <p class="hint">{tr(i18n::OVERDUE_HINT)}</p>
                {late}
            </div>
        </div>
    }
}

/// The funnel as horizontal bars, each as long as its share of the invited, with the
/// numbers written out (also for screen readers, in the description).
#[component]
fn FunnelChart(funnel: Funnel) -> impl IntoView {
    const LABEL_WIDTH: f64 = 150.0;
    const BAR_SPACE: f64 = 380.0;
    let stages: [(Text, usize); 4] = [
        (i18n::FUNNEL_INVITED, funnel.invited),
        (i18n::FUNNEL_TRAINED, funnel.trained),
        (i18n::FUNNEL_SIGNED, funnel.signed),
        (i18n::FUNNEL_CARD, funnel.card),
    ];
    let most = funnel.invited.max(1) as f64;
    let summary =
        move || stages.iter().map(|(text, n)| format!("{} {n}", tr(*text)())).collect::<Vec<_>>().join(" / ");
    view! {
        <svg class="funnel" viewBox="0 0 600 184" role="img" aria-labelledby="funnel-title funnel-desc">
            <title id="funnel-title">{tr(i18n::FUNNEL_TITLE)}</title>
            <desc id="funnel-desc">{summary}</desc>
            {stages.into_iter().enumerate().map(|(i, (text, n))| {
                let y = i as f64 * 46.0;
                let width = (n as f64 / most * BAR_SPACE).max(2.0);
                view! {
                    <g class=format!("funnel-stage funnel-stage-{i}") data-count=n>
                        <text x="0" y=y + 25.0 class="funnel-label">{tr(text)}</text>
                        <rect x=LABEL_WIDTH y=y + 6.0 width=width height="30" rx="4" />
                        <text x=LABEL_WIDTH + width + 8.0 y=y + 26.0 class="funnel-count">{n}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}
