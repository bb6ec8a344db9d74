//! `/quiz/:module`: the quiz's rules and its start; `/quiz/:module/:attempt`: one attempt,
//! answered and submitted, then its result with the explanations. Both are plain forms
//! rendered on the server (no WebAssembly). Grading happens on the server: this page
//! never knows the answers before it submits.

use crate::api::learning::{StartQuiz, SubmitQuiz, quiz_attempt};
use crate::components::form::{ErrorBanner, action_error};
use crate::components::{PageTitle, tr};
use crate::context::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mamoru_types::domain::AttemptId;
use mamoru_types::i18n;
use mamoru_types::learning::{AttemptView, Choice, QuestionResult, QuizResult, ServedQuestion, ServedQuiz};

#[component]
fn BackToCourse() -> impl IntoView {
    view! {
        <nav class="breadcrumb" aria-label=tr(i18n::BACK_TO_COURSE)>
            <a href="/home">{tr(i18n::BACK_TO_COURSE)}</a>
        </nav>
    }
}

#[component]
pub fn QuizPage() -> impl IntoView {
    let module = use_params_map().with_untracked(|p| p.get("module").unwrap_or_default());
    let start = ServerAction::<StartQuiz>::new();
    view! {
        <PageTitle text=i18n::QUIZ_TITLE />
        <BackToCourse />
        <section class="card narrow">
            <h1>{tr(i18n::QUIZ_TITLE)}</h1>
            <p>{tr(i18n::QUIZ_RULES)}</p>
            <ErrorBanner error=action_error(start) />
            <ActionForm action=start attr:class="stack">
                <input type="hidden" name="module" value=module />
                <input type="hidden" name="lang" value=use_lang().code() />
                <button type="submit" class="button button-primary">{tr(i18n::QUIZ_START)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn AttemptPage() -> impl IntoView {
    let (module, attempt_id) = use_params_map().with_untracked(|p| {
        (p.get("module").unwrap_or_default(), AttemptId::new(p.get("attempt").unwrap_or_default()))
    });
    let attempt = OnceResource::new(quiz_attempt(attempt_id, use_lang().code().to_owned()));
    let retry_href = format!("/quiz/{module}");
    view! {
        <PageTitle text=i18n::QUIZ_TITLE />
        <BackToCourse />
        <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
            {move || {
                let retry_href = retry_href.clone();
                Suspend::new(async move {
                    match attempt.await {
                        Ok(AttemptView::Submitted(result)) => view! { <ResultView result retry_href /> }.into_any(),
                        Ok(AttemptView::Open(quiz)) => view! { <QuizForm quiz /> }.into_any(),
                        Err(e) => view! {
                            <ErrorBanner error=Some(e) />
                            <a class="button" href="/home">{tr(i18n::BACK_TO_COURSE)}</a>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn QuizForm(quiz: ServedQuiz) -> impl IntoView {
    let submit = ServerAction::<SubmitQuiz>::new();
    view! {
        <section class="card quiz">
            <h1>{quiz.module_title}" — "{tr(i18n::QUIZ_TITLE)}</h1>
            <p class="muted">
                {tr(i18n::QUIZ_ATTEMPT)}": "{quiz.attempt_number}" / "{quiz.attempts_allowed}
                " · "{tr(i18n::QUIZ_PASS_MARK)}": "{quiz.pass_percent}" %"
            </p>
            <ActionForm action=submit attr:class="stack">
                <input type="hidden" name="attempt_id" value=quiz.attempt_id.to_string() />
                <input type="hidden" name="lang" value=use_lang().code() />
                {quiz.questions.into_iter().enumerate().map(|(i, question)| view! { <QuestionField i question /> }).collect_view()}
                <ErrorBanner error=action_error(submit) />
                <button type="submit" class="button button-primary">
                    {tr(i18n::QUIZ_SUBMIT)}
                </button>
            </ActionForm>
        </section>
    }
}

/// One question's options as form inputs. A radio group shares one name (a browser allows
/// one choice per name); each check box has its own.
#[component]
fn QuestionField(i: usize, question: ServedQuestion) -> impl IntoView {
    let multiple = question.multiple;
    view! {
        <fieldset class="question">
            <legend>
                <span class="question-number">{tr(i18n::QUIZ_QUESTION)}" "{i + 1}</span>
                " "{question.text}
            </legend>
            <p class="hint">{tr(if multiple { i18n::QUIZ_CHOOSE_ALL } else { i18n::QUIZ_CHOOSE_ONE })}</p>
            {question.options.into_iter().enumerate().map(|(j, text)| {
                let name = if multiple { format!("chosen[q{i}-{j}]") } else { format!("chosen[q{i}]") };
                view! {
                    <label class="option">
                        <input
                            type=if multiple { "checkbox" } else { "radio" }
                            name=name
                            value=Choice { question: i, option: j }.to_string()
                        />
                        <span>{text}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn ResultView(result: QuizResult, retry_href: String) -> impl IntoView {
    let (banner_class, message) = if result.passed {
        ("banner banner-ok", i18n::QUIZ_PASSED)
    } else {
        ("banner banner-error", i18n::QUIZ_FAILED)
    };
    let retry = (!result.passed && result.attempts_left > 0).then_some(retry_href);
    view! {
        <section class="card quiz-result">
            <h1>{tr(i18n::QUIZ_SCORE)}": "{result.score_percent}" %"</h1>
            <p class=banner_class role="status">{tr(message)}</p>
            <p class="muted">
                {tr(i18n::QUIZ_PASS_MARK)}": "{result.pass_percent}" % · "
                {tr(i18n::QUIZ_ATTEMPTS_LEFT)}": "{result.attempts_left}
            </p>
            <ol class="results">
                {result.questions.into_iter().map(|q| view! { <QuestionOutcome q /> }).collect_view()}
            </ol>
            <div class="lesson-actions">
                <a class="button" href="/home">{tr(i18n::BACK_TO_COURSE)}</a>
                {retry.map(|href| view! { <a class="button button-primary" href=href rel="external">{tr(i18n::QUIZ_RETRY)}</a> })}
            </div>
        </section>
    }
}

#[component]
fn QuestionOutcome(q: QuestionResult) -> impl IntoView {
    let (verdict, class) =
        if q.right { (i18n::QUIZ_RIGHT, "badge badge-ok") } else { (i18n::QUIZ_WRONG, "badge badge-danger") };
    view! {
        <li class="outcome">
            <p><span class=class>{tr(verdict)}</span>" "{q.text}</p>
            <ul class="options-review">
                {q.options.into_iter().enumerate().map(|(j, text)| {
                    let chosen = q.chosen.contains(&j);
                    let correct = q.correct.contains(&j);
                    view! {
                        <li class:correct=correct class:chosen=chosen>
                            {text}
                            {correct.then(|| view! { " " <span class="badge badge-ok">{tr(i18n::QUIZ_CORRECT_ANSWER)}</span> })}
                            {chosen.then(|| view! { " " <span class="badge">{tr(i18n::QUIZ_YOUR_ANSWER)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="explanation"><strong>{tr(i18n::QUIZ_EXPLANATION)}": "</strong>{q.explanation}</p>
        </li>
    }
}
