//! `/home`: a hire's start page: the course with each module's state, then the
//! agreement and the card.

use super::pickup::CardStep;
use crate::api::learning::{RestartTraining, get_course_overview};
use crate::api::nda::get_nda_overview;
use crate::components::form::{ErrorBanner, action_error};
use crate::components::{PageTitle, tr};
use crate::context::use_lang;
use leptos::prelude::*;
use mamoru_types::i18n::{self, Text};
use mamoru_types::learning::{CourseOverview, ModuleCard, ModuleState};
use mamoru_types::nda::{NdaOverview, NdaStatus};

#[component]
pub fn HireHome() -> impl IntoView {
    let overview = OnceResource::new(get_course_overview(use_lang().code().to_owned()));
    let nda = OnceResource::new(get_nda_overview());
    view! {
        <PageTitle text=i18n::HOME_TITLE />
        <section class="page-head">
            <h1>{tr(i18n::HOME_TITLE)}</h1>
            <p class="lead">{tr(i18n::HOME_LEAD)}</p>
        </section>
        <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(overview) => view! {
                        <Certification overview=overview.clone() />
                        <CourseSection overview />
                    }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match nda.await {
                    Ok(nda) => view! { <NdaSection nda /> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=Some(e) /> }.into_any(),
                }
            })}
        </Suspense>
        <CardStep />
    }
}

/// How long the training holds; once it expires (or from 30 days before), the way to
/// start again.
#[component]
fn Certification(overview: CourseOverview) -> impl IntoView {
    let restart = ServerAction::<RestartTraining>::new();
    let until = overview.expires_at.map(i18n::format_jst);
    let button = overview.may_restart.then(|| {
        view! {
            <ActionForm action=restart attr:class="inline-form">
                <button type="submit" class="button button-primary">
                    {tr(i18n::RESTART_TRAINING)}
                </button>
            </ActionForm>
            <ErrorBanner error=action_error(restart) />
        }
    });
    if overview.expired {
        Some(
            view! {
                <section class="banner banner-warn certification" role="status" data-certification="expired">
                    <p><strong>{tr(i18n::CERTIFICATION_EXPIRED)}</strong>" ("{until}")"</p>
                    <p>{tr(i18n::CERTIFICATION_EXPIRED_HINT)}</p>
                    {button}
                </section>
            }
            .into_any(),
        )
    } else if overview.complete {
        Some(
            view! {
                <section class="banner banner-ok certification" role="status" data-certification="valid">
                    <p>{tr(i18n::CERTIFICATION_VALID)}" "{until}</p>
                    {overview.may_restart.then(|| view! { <p>{tr(i18n::CERTIFICATION_RENEW_HINT)}</p> })}
                    {button}
                </section>
            }
            .into_any(),
        )
    } else {
        None
    }
}

#[component]
fn CourseSection(overview: CourseOverview) -> impl IntoView {
    let summary = format!("{} / {}", overview.passed_modules, overview.module_count);
    view! {
        <section class="card course" aria-labelledby="course-heading">
            <h2 id="course-heading">
                <span class="step-number" aria-hidden="true">"1"</span>
                {overview.title}
            </h2>
            <label class="progress-label" for="course-progress">
                {tr(i18n::COURSE_PROGRESS)}": "{summary}
            </label>
            <progress id="course-progress" class="progress" max=overview.module_count value=overview.passed_modules></progress>
            <ol class="modules">
                {overview.modules.into_iter().map(|module| view! { <ModuleRow module /> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn NdaSection(nda: NdaOverview) -> impl IntoView {
    let (status, badge_class) = match nda.status {
        NdaStatus::NotSigned => (i18n::NDA_STATUS_NOT_SIGNED, "badge"),
        NdaStatus::Signed => (i18n::NDA_STATUS_SIGNED, "badge badge-ok"),
        NdaStatus::ResignNeeded => (i18n::NDA_STATUS_RESIGN, "badge badge-warn"),
    };
    let must_sign = nda.status != NdaStatus::Signed;
    view! {
        <section class="card home-step nda-step" aria-labelledby="nda-heading" data-status=format!("{:?}", nda.status)>
            <h2 id="nda-heading">
                <span class="step-number" aria-hidden="true">"2"</span>
                {tr(i18n::STEP_NDA)}
            </h2>
            <span class=badge_class>{tr(status)}</span>
            {must_sign.then(|| view! {
                <div class="module-actions">
                    <a class="button button-primary" href="/nda">{tr(i18n::NDA_OPEN)}</a>
                </div>
            })}
            <ul class="copies">
                {nda.copies.into_iter().rev().map(|copy| view! {
                    <li>
                        <a href=format!("/nda/{}/pdf", copy.verification_code) rel="external" download="">
                            {tr(i18n::NDA_COPY)}" ("{tr(i18n::NDA_VERSION)}" "{copy.version}")"
                        </a>
                        <span class="muted">" "{i18n::format_jst(copy.signed_at)}" · "{copy.verification_code}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

fn state_text(state: ModuleState) -> (Text, &'static str) {
    match state {
        ModuleState::Locked => (i18n::MODULE_LOCKED, "badge"),
        ModuleState::ToDo => (i18n::MODULE_TODO, "badge"),
        ModuleState::InProgress => (i18n::MODULE_IN_PROGRESS, "badge badge-warn"),
        ModuleState::Passed => (i18n::MODULE_PASSED, "badge badge-ok"),
        ModuleState::FailedLocked => (i18n::MODULE_FAILED, "badge badge-danger"),
    }
}

#[component]
fn ModuleRow(module: ModuleCard) -> impl IntoView {
    let (state, badge_class) = state_text(module.state);
    let open = module.state != ModuleState::Locked;
    let first_unread = module.lessons_read.min(module.lesson_count.saturating_sub(1));
    let study_href = format!(
        "/learn/{}/{}",
        module.slug,
        if module.state == ModuleState::Passed { 0 } else { first_unread }
    );
    let quiz_href = format!("/quiz/{}", module.slug);
    let can_quiz =
        module.quiz_unlocked && matches!(module.state, ModuleState::ToDo | ModuleState::InProgress);
    let study_text = if module.state == ModuleState::Passed { i18n::REVIEW } else { i18n::STUDY };
    let title = module.title.clone();
    view! {
        <li class="module" data-state=format!("{:?}", module.state)>
            <div class="module-head">
                <span class="module-number">{module.number}</span>
                <span class="module-title">{module.title}</span>
                <span class=badge_class>{tr(state)}</span>
            </div>
            <p class="module-meta muted">
                {tr(i18n::LESSONS_READ)}": "{module.lessons_read}" / "{module.lesson_count}
                " · "{tr(i18n::QUIZ_ATTEMPT)}": "{module.attempts_used}" / "{module.attempts_allowed}
            </p>
            {(module.state == ModuleState::FailedLocked).then(|| view! { <p class="hint">{tr(i18n::MODULE_FAILED_HINT)}</p> })}
            <div class="module-actions">
                {open.then(|| view! {
                    <a class="button" href=study_href aria-label=move || format!("{}: {}", tr(study_text)(), title)>{tr(study_text)}</a>
                })}
                {can_quiz.then(|| view! { <a class="button button-primary" href=quiz_href>{tr(i18n::TAKE_QUIZ)}</a> })}
            </div>
        </li>
    }
}
