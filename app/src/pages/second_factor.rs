//! The second factor: `/login/code` finishes a sign-in whose password was right (a code
//! from the authenticator app or a recovery code, as a plain form; or, for a role that
//! needs one, setting the app up first), `/account/authenticator` sets it up from the
//! account page, and [`AuthenticatorSection`] tells the account page where it stands.

use crate::api::auth::{ConfirmEnrolment, FinishSignIn, my_second_factor, pending_step, start_enrolment};
use crate::components::form::{ErrorBanner, Field, action_error};
use crate::components::{PageTitle, focus_when_shown, island_ready, tr};
use leptos::prelude::*;
use mamoru_types::accounts::{Enrolled, Enrolment, SecondFactorStep};
use mamoru_types::i18n;

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let step = OnceResource::new(pending_step());
    view! {
        <PageTitle text=i18n::CODE_TITLE />
        <section class="card narrow">
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok(SecondFactorStep::Code) => view! { <CodeForm /> }.into_any(),
                        Ok(SecondFactorStep::Enrol(enrolment)) => view! {
                            <p class="banner" role="note">{tr(i18n::ENROL_REQUIRED)}</p>
                            <EnrolForm enrolment ask_password=false />
                        }
                        .into_any(),
                        Err(error) => view! {
                            <h1>{tr(i18n::CODE_TITLE)}</h1>
                            <ErrorBanner error=Some(error) />
                            <p><a href="/login">{tr(i18n::CODE_START_OVER)}</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn CodeForm() -> impl IntoView {
    let finish = ServerAction::<FinishSignIn>::new();
    view! {
        <h1>{tr(i18n::CODE_TITLE)}</h1>
        <p class="lead">{tr(i18n::CODE_LEAD)}</p>
        <ErrorBanner error=action_error(finish) />
        <ActionForm action=finish attr:class="stack">
            <Field label=i18n::CODE_FIELD name="code" autocomplete="one-time-code" hint=i18n::CODE_HINT />
            <button type="submit" class="button button-primary">{tr(i18n::CODE_SUBMIT)}</button>
        </ActionForm>
        <p class="hint"><a href="/login">{tr(i18n::CODE_START_OVER)}</a></p>
    }
}

/// `/account/authenticator`: a signed-in staff member sets up an authenticator.
#[component]
pub fn AuthenticatorPage() -> impl IntoView {
    let enrolment = OnceResource::new(start_enrolment());
    view! {
        <PageTitle text=i18n::ENROL_TITLE />
        <section class="card narrow">
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match enrolment.await {
                        Ok(enrolment) => view! { <EnrolForm enrolment ask_password=true /> }.into_any(),
                        Err(error) => view! {
                            <h1>{tr(i18n::ENROL_TITLE)}</h1>
                            <ErrorBanner error=Some(error) />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The QR code and key, and the code that confirms them (with the current password, from
/// the account page); then the recovery codes, shown once: an island, as its answer is
/// those codes.
#[island(lazy)]
fn EnrolForm(enrolment: Enrolment, ask_password: bool) -> impl IntoView {
    let confirm = ServerAction::<ConfirmEnrolment>::new();
    let ready = island_ready();
    let done = move || confirm.value().get().and_then(Result::ok);
    view! {
        {move || done().map(|enrolled| view! { <RecoveryCodes enrolled /> })}
        <div class="stack" hidden=move || done().is_some()>
            <h1>{tr(i18n::ENROL_TITLE)}</h1>
            <p class="lead">{tr(i18n::ENROL_LEAD)}</p>
            <div class="qr" role="img" aria-label=tr(i18n::ENROL_QR) inner_html=enrolment.qr_svg></div>
            <p>
                {tr(i18n::ENROL_SECRET)}": "
                <code class="secret" data-testid="totp-secret">{enrolment.secret}</code>
            </p>
            <ErrorBanner error=action_error(confirm) />
            <ActionForm action=confirm attr:class="stack">
                {ask_password.then(|| view! {
                    <Field label=i18n::CURRENT_PASSWORD name="current_password" kind="password" autocomplete="current-password" />
                })}
                <Field label=i18n::ENROL_CODE name="code" autocomplete="one-time-code" />
                <button type="submit" class="button button-primary" disabled=move || !ready.get() || confirm.pending().get()>
                    {tr(i18n::ENROL_SUBMIT)}
                </button>
            </ActionForm>
        </div>
    }
}

#[component]
fn RecoveryCodes(enrolled: Enrolled) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H1>::new();
    focus_when_shown(heading);
    view! {
        <div class="stack" role="status">
            <h1 tabindex="-1" node_ref=heading>{tr(i18n::RECOVERY_TITLE)}</h1>
            <p>{tr(i18n::RECOVERY_LEAD)}</p>
            <ol class="recovery-codes" data-testid="recovery-codes">
                {enrolled.recovery_codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ol>
            <a class="button button-primary" href=enrolled.next rel="external">{tr(i18n::CONTINUE_ON)}</a>
        </div>
    }
}

/// The account page's word on the second factor: on (with the recovery codes left), or
/// off with the way to set it up.
#[component]
pub fn AuthenticatorSection() -> impl IntoView {
    let status = OnceResource::new(my_second_factor());
    view! {
        <section class="card" aria-labelledby="two-factor-heading">
            <h2 id="two-factor-heading">{tr(i18n::TWO_FACTOR_TITLE)}</h2>
            <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                        Ok(status) if status.enrolled => view! {
                            <p data-second-factor="on">{tr(i18n::TWO_FACTOR_ON)}" "{status.recovery_codes_left}</p>
                            <p class="hint">{tr(i18n::TWO_FACTOR_LOST)}</p>
                        }
                        .into_any(),
                        Ok(status) => view! {
                            <p data-second-factor="off">
                                {tr(i18n::TWO_FACTOR_OFF)}
                                {status.required.then(|| view! { " "{tr(i18n::TWO_FACTOR_REQUIRED)} })}
                            </p>
                            <a class="button" href="/account/authenticator">{tr(i18n::TWO_FACTOR_SET_UP)}</a>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
