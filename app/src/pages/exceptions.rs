//! `/exceptions`: a hire asks to bring a device or medium into the operator room and
//! follows their requests. `/manager`: a manager decides the requests of their sites.

use crate::api::exceptions::{
    DecideException, RequestException, RevokeException, list_my_exceptions, open_manager_desk,
};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, tr};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use mamoru_types::door::DoorEventRow;
use mamoru_types::exceptions::{DeviceKind, ExceptionStatus, ExceptionSummary, ManagerDesk, MyExceptions};
use mamoru_types::i18n::{self, format_jst, format_jst_date};

#[component]
pub fn ExceptionsPage() -> impl IntoView {
    let mine = OnceResource::new(list_my_exceptions());
    view! {
        <PageTitle text=i18n::EXCEPTIONS_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::EXCEPTIONS_TITLE)}</h1>
            <p class="muted">{tr(i18n::EXCEPTIONS_LEAD)}</p>
        </section>
        <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
            {move || Suspend::new(async move {
                match mine.await {
                    Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    Ok(mine) => view! { <MyRequests mine /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
/// The request form posts and the page loads again (`api::exceptions::SENT_PATH`), the new request in the
/// list below.
fn MyRequests(mine: MyExceptions) -> impl IntoView {
    let request = ServerAction::<RequestException>::new();
    let sent = use_query_map().with_untracked(|q| q.get("sent").is_some());
    let form = mine.may_request.then(|| {
        view! {
            <section class="card" aria-labelledby="request-heading">
                <h2 id="request-heading">{tr(i18n::EXCEPTION_NEW)}</h2>
                <ErrorBanner error=action_error(request) />
                {sent.then(|| view! { <p class="banner banner-ok" role="status">{tr(i18n::EXCEPTION_SENT)}</p> })}
                <ActionForm action=request attr:class="stack">
                    <div class="field">
                        <label for="exception-kind">{tr(i18n::EXCEPTION_KIND)}</label>
                        <select id="exception-kind" name="kind" required>
                            {DeviceKind::ALL.iter().map(|kind| view! {
                                <option value=kind.name()>{tr(kind.text())}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <Field label=i18n::EXCEPTION_IDENTIFIER name="identifier" />
                    <div class="field">
                        <label for="exception-reason">{tr(i18n::EXCEPTION_REASON)}</label>
                        <textarea id="exception-reason" name="reason" required maxlength="500" rows="3"></textarea>
                    </div>
                    <div class="field">
                        <label for="exception-site">{tr(i18n::EXCEPTION_SITE)}</label>
                        <input id="exception-site" name="site" required value=mine.home_site.clone().unwrap_or_default() />
                    </div>
                    <Field label=i18n::EXCEPTION_FROM name="from" kind="date" hint=i18n::EXCEPTION_PERIOD_HINT />
                    <Field label=i18n::EXCEPTION_UNTIL name="until" kind="date" />
                    <p class="hint">{tr(i18n::EXCEPTION_MAX_DAYS)}": "{mine.max_days}</p>
                    <button type="submit" class="button button-primary">
                        {tr(i18n::EXCEPTION_SUBMIT)}
                    </button>
                </ActionForm>
            </section>
        }
    });
    let not_yet = (!mine.may_request).then(|| view! { <p class="banner">{tr(i18n::EXCEPTIONS_NOT_YET)}</p> });
    view! {
        {not_yet}
        {form}
        <section class="card" aria-labelledby="mine-heading">
            <h2 id="mine-heading">{tr(i18n::EXCEPTIONS_MINE)}</h2>
            <ExceptionTable rows=mine.requests empty=i18n::EXCEPTIONS_NONE shown=Shown::Holder />
        </section>
    }
}

/// Who a table of exceptions is for, and so what it shows.
#[derive(Clone, Copy)]
pub enum Shown {
    /// The requester's own: with the permit to download.
    Holder,
    /// One person's, on HR's record.
    Record,
    /// Several people's, read only (HR's overview).
    Overview,
    /// A manager's, to approve or refuse.
    Decide(ServerAction<DecideException>),
    /// A manager's, to revoke.
    Revoke(ServerAction<RevokeException>),
}

impl Shown {
    fn names_requester(self) -> bool {
        matches!(self, Shown::Overview | Shown::Decide(_) | Shown::Revoke(_))
    }

    fn has_actions(self) -> bool {
        matches!(self, Shown::Decide(_) | Shown::Revoke(_))
    }
}

#[component]
pub fn ExceptionTable(rows: Vec<ExceptionSummary>, empty: i18n::Text, shown: Shown) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{tr(empty)}</p> }.into_any();
    }
    view! {
        <table class="table exceptions">
            <thead>
                <tr>
                    {shown.names_requester().then(|| view! { <th scope="col">{tr(i18n::REQUESTER)}</th> })}
                    <th scope="col">{tr(i18n::EXCEPTION_KIND)}</th>
                    <th scope="col">{tr(i18n::EXCEPTION_SITE)}</th>
                    <th scope="col">{tr(i18n::EXCEPTION_PERIOD)}</th>
                    <th scope="col">{tr(i18n::STATUS)}</th>
                {shown.has_actions().then(|| view! { <th scope="col"><span class="visually-hidden">{tr(i18n::STATUS)}</span></th> })}
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <ExceptionRow row shown /> }.into_any()).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn ExceptionRow(row: ExceptionSummary, shown: Shown) -> impl IntoView {
    let badge = match row.status {
        ExceptionStatus::Active | ExceptionStatus::Scheduled => "badge badge-ok",
        ExceptionStatus::Pending => "badge badge-warn",
        _ => "badge",
    };
    // The last day shown is the one before the period's end (the end is the next midnight).
    let period = format!("{} – {}", format_jst_date(row.starts_at), format_jst_date(row.ends_at - 1));
    let decided = row.decided_at.map(|at| {
        let by = row.decided_by_name.clone().unwrap_or_default();
        let reason = row.decision_reason.clone().filter(|r| !r.is_empty());
        view! {
            <br /><span class="muted">{tr(i18n::EXCEPTION_DECIDED_BY)}": "{by}" ("{format_jst(at)}")"</span>
            {reason.map(|r| view! { <br /><span class="muted">{r}</span> })}
        }
    });
    let code = row.verification_code.clone().filter(|_| row.status.is_in_force());
    let permit = (matches!(shown, Shown::Holder) && row.status.is_in_force()).then(|| {
        let href = format!("/exceptions/{}/permit.pdf", row.id);
        view! { <br /><a href=href download>{tr(i18n::PERMIT_DOWNLOAD)}</a> }
    });
    let requester = shown.names_requester().then(|| {
        view! { <td>{row.requester_name.clone()}<br /><span class="muted">{row.employee_number.clone()}</span></td> }
    });
    let id = row.id.to_string();
    let controls = shown.has_actions().then(|| view! { <td><RowActions id shown /></td> });
    let identifier = row.identifier.clone();
    view! {
        <tr data-exception=identifier>
            {requester}
            <td>{tr(row.kind.text())}<br /><span class="muted">{row.identifier}</span><br />{row.reason}</td>
            <td>{row.site}</td>
            <td>{period}</td>
            <td>
                <span class=badge>{tr(row.status.text())}</span>
                {decided}
                {code.map(|c| view! { <br /><span class="muted">{tr(i18n::EXCEPTION_CODE)}": "<code>{c}</code></span> })}
                {permit}
            </td>
            {controls}
        </tr>
    }
    .into_any()
}

#[component]
fn RowActions(id: String, shown: Shown) -> impl IntoView {
    let reason_id = format!("reason-{id}");
    let reason = view! {
        <label for=reason_id.clone() class="visually-hidden">{tr(i18n::DECISION_REASON)}</label>
        <input id=reason_id name="reason" placeholder=tr(i18n::DECISION_REASON) maxlength="500" />
    };
    match shown {
        Shown::Decide(decide) => view! {
            <ActionForm action=decide attr:class="stack">
                <input type="hidden" name="exception_id" value=id />
                {reason}
                <div class="actions">
                    <button type="submit" name="decision" value="approved" class="button button-primary">{tr(i18n::APPROVE)}</button>
                    <button type="submit" name="decision" value="refused" class="button button-danger">{tr(i18n::REFUSE)}</button>
                </div>
            </ActionForm>
        }
        .into_any(),
        Shown::Revoke(revoke) => view! {
            <ActionForm action=revoke attr:class="stack">
                <input type="hidden" name="exception_id" value=id />
                {reason}
                <button type="submit" class="button button-danger">{tr(i18n::REVOKE_EXCEPTION)}</button>
            </ActionForm>
        }
        .into_any(),
        Shown::Holder | Shown::Record | Shown::Overview => ().into_any(),
    }
}

#[component]
pub fn ManagerPage() -> impl IntoView {
    let decide = ServerAction::<DecideException>::new();
    let revoke = ServerAction::<RevokeException>::new();
    let desk = OnceResource::new(open_manager_desk());
    view! {
        <PageTitle text=i18n::MANAGER_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::MANAGER_TITLE)}</h1>
        </section>
        <ErrorBanner error=action_error(decide) />
        <ErrorBanner error=action_error(revoke) />
        <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
            {move || Suspend::new(async move {
                match desk.await {
                    Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                    Ok(desk) => view! { <Desk desk decide revoke /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Desk(
    desk: ManagerDesk,
    decide: ServerAction<DecideException>,
    revoke: ServerAction<RevokeException>,
) -> impl IntoView {
    let sites = if desk.sites.is_empty() {
        view! { <p class="banner">{tr(i18n::MANAGER_NO_SITES)}</p> }.into_any()
    } else {
        view! { <p>{tr(i18n::MANAGER_SITES)}": "{desk.sites.join("、")}</p> }.into_any()
    };
    view! {
        {sites}
        <section class="card" aria-labelledby="pending-heading">
            <h2 id="pending-heading">{tr(i18n::MANAGER_PENDING)}</h2>
            <ExceptionTable rows=desk.pending empty=i18n::MANAGER_NO_PENDING shown=Shown::Decide(decide) />
        </section>
        <section class="card" aria-labelledby="in-force-heading">
            <h2 id="in-force-heading">{tr(i18n::MANAGER_IN_FORCE)}</h2>
            <ExceptionTable rows=desk.in_force empty=i18n::MANAGER_NO_IN_FORCE shown=Shown::Revoke(revoke) />
        </section>
        <section class="card" aria-labelledby="people-heading">
            <h2 id="people-heading">{tr(i18n::MANAGER_PEOPLE)}</h2>
            {if desk.people.is_empty() {
                view! { <p class="muted">{tr(i18n::MANAGER_NO_PEOPLE)}</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead>
                            <tr>
                                <th scope="col">{tr(i18n::FULL_NAME)}</th>
                                <th scope="col">{tr(i18n::EMPLOYEE_NUMBER)}</th>
                                <th scope="col">{tr(i18n::SITE)}</th>
                                <th scope="col">{tr(i18n::TRAINING_VALID_UNTIL)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {desk.people.into_iter().map(|p| view! {
                                <tr>
                                    <td>{p.name}</td>
                                    <td>{p.employee_number}</td>
                                    <td>{p.site}</td>
                                    <td>{match p.training_valid_until {
                                        Some(at) => format_jst_date(at).into_any(),
                                        None => tr(i18n::TRAINING_NOT_VALID).into_any(),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// Door and desk events: when, what, where, which card and whose.
#[component]
pub fn DoorEvents(rows: Vec<DoorEventRow>, empty: i18n::Text) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">{tr(empty)}</p> }.into_any();
    }
    view! {
        <table class="table door-events">
            <thead>
                <tr>
                    <th scope="col">{tr(i18n::DOOR_WHEN)}</th>
                    <th scope="col">{tr(i18n::STATUS)}</th>
                    <th scope="col">{tr(i18n::DOOR_POINT)}</th>
                    <th scope="col">{tr(i18n::DOOR_HOLDER)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr data-door-event=row.kind.name()>
                        <td>{format_jst(row.at)}</td>
                        <td>{tr(row.kind.text())}</td>
                        <td>{row.point}</td>
                        <td>
                            {match row.holder {
                                Some(name) => name.into_any(),
                                None => tr(i18n::DENIED_UNKNOWN_CARD).into_any(),
                            }}
                            <br /><span class="muted"><code>{row.card_uid}</code></span>
                        </td>
                    </tr>
                }.into_any()).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
