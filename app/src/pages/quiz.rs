//! `/quiz/:module`: start an attempt, answer, submit, and read the result with the
//! explanations. Grading happens on the server; this page never knows the answers
//! before it submits.

use crate::api::learning::{StartQuiz, SubmitQuiz};
use crate::components::form::{ErrorBanner, action_error};
use crate::components::{PageTitle, tr};
use crate::context::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use mamoru_types::i18n;
use mamoru_types::learning::{QuestionResult, QuizResult, ServedQuestion, ServedQuiz};
use std::collections::BTreeSet;

#[component]
pub fn QuizPage() -> impl IntoView {
    let lang = use_lang();
    let module = use_params_map().with_untracked(|p| p.get("module").unwrap_or_default());
    let start = ServerAction::<StartQuiz>::new();
    let submit = ServerAction::<SubmitQuiz>::new();
    let served = move || start.value().get().and_then(Result::ok);
    let result = move || submit.value().get().and_then(Result::ok);
    let retry_href = format!("/quiz/{module}");
    view! {
        <PageTitle text=i18n::QUIZ_TITLE />
        <nav class="breadcrumb" aria-label=tr(i18n::BACK_TO_COURSE)>
            <a href="/home">{tr(i18n::BACK_TO_COURSE)}</a>
        </nav>
        {move || match (result(), served()) {
            (Some(result), _) => view! { <ResultView result retry_href=retry_href.clone() /> }.into_any(),
            (None, Some(quiz)) => view! { <QuizForm quiz submit /> }.into_any(),
            (None, None) => {
                let module = module.clone();
                view! {
                <section class="card narrow">
                    <h1>{tr(i18n::QUIZ_TITLE)}</h1>
                    <p>{tr(i18n::QUIZ_RULES)}</p>
                    <ErrorBanner error=action_error(start) />
                    <ActionForm action=start attr:class="stack">
                        <input type="hidden" name="module" value=module />
                        <input type="hidden" name="lang" value=move || lang.get().code() />
                        <button type="submit" class="button button-primary" disabled=move || start.pending().get()>
                            {tr(i18n::QUIZ_START)}
                        </button>
                    </ActionForm>
                </section>
                }.into_any()
            }
        }}
    }
}

#[component]
fn QuizForm(quiz: ServedQuiz, submit: ServerAction<SubmitQuiz>) -> impl IntoView {
    let lang = use_lang();
    let answers = RwSignal::new(vec![BTreeSet::<usize>::new(); quiz.questions.len()]);
    let attempt_id = quiz.attempt_id.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = answers.get_untracked().into_iter().map(|set| set.into_iter().collect()).collect();
        submit.dispatch(SubmitQuiz {
            attempt_id: attempt_id.clone(),
            answers: chosen,
            lang: lang.get_untracked().code().to_owned(),
        });
    };
    view! {
        <section class="card quiz">
            <h1>{quiz.module_title}" — "{tr(i18n::QUIZ_TITLE)}</h1>
            <p class="muted">
                {tr(i18n::QUIZ_ATTEMPT)}": "{quiz.attempt_number}" / "{quiz.attempts_allowed}
                " · "{tr(i18n::QUIZ_PASS_MARK)}": "{quiz.pass_percent}" %"
            </p>
            <form class="stack" on:submit=on_submit>
                {quiz.questions.into_iter().enumerate().map(|(i, question)| view! { <QuestionField i question answers /> }).collect_view()}
                <ErrorBanner error=action_error(submit) />
                <button type="submit" class="button button-primary" disabled=move || submit.pending().get()>
                    {tr(i18n::QUIZ_SUBMIT)}
                </button>
            </form>
        </section>
    }
}

#[component]
fn QuestionField(
    i: usize,
    question: ServedQuestion,
    answers: RwSignal<Vec<BTreeSet<usize>>>,
) -> impl IntoView {
    let multiple = question.multiple;
    let name = format!("q{i}");
    view! {
        <fieldset class="question">
            <legend>
                <span class="question-number">{tr(i18n::QUIZ_QUESTION)}" "{i + 1}</span>
                " "{question.text}
            </legend>
            <p class="hint">{tr(if multiple { i18n::QUIZ_CHOOSE_ALL } else { i18n::QUIZ_CHOOSE_ONE })}</p>
            {question.options.into_iter().enumerate().map(|(j, text)| {
                let toggle = move |_| answers.update(|all| {
                    let set = &mut all[i];
                    if !multiple {
                        set.clear();
                        set.insert(j);
                    } else if !set.remove(&j) {
                        set.insert(j);
                    }
                });
                view! {
                    <label class="option">
                        <input type=if multiple { "checkbox" } else { "radio" } name=name.clone() value=j on:change=toggle />
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
