//! `/learn/:module/:index`: one lesson. Its "I have read this" button sits at the end,
//! so pressing it means the hire reached the end; then on to the next lesson or the quiz.

use crate::api::learning::{MarkRead, lesson};
use crate::components::form::{ErrorBanner, action_error};
use crate::components::tr;
use crate::context::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use mamoru_types::i18n;
use mamoru_types::learning::LessonView;

#[component]
pub fn LessonPage() -> impl IntoView {
    let lang = use_lang();
    let (module, index) = use_params_map().with_untracked(|p| {
        (p.get("module").unwrap_or_default(), p.get("index").and_then(|i| i.parse().ok()).unwrap_or(0))
    });
    let view_lesson = OnceResource::new(lesson(module, index, lang.code().to_owned()));
    view! {
        <Suspense fallback=move || view! { <p class="loading">{tr(i18n::LOADING)}</p> }>
            {move || Suspend::new(async move {
                match view_lesson.await {
                    Ok(lesson) => view! { <LessonBody lesson /> }.into_any(),
                    Err(e) => view! {
                        <ErrorBanner error=Some(e) />
                        <a class="button" href="/home">{tr(i18n::BACK_TO_COURSE)}</a>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LessonBody(lesson: LessonView) -> impl IntoView {
    let read = ServerAction::<MarkRead>::new();
    let last = lesson.index + 1 == lesson.count;
    let previous = (lesson.index > 0).then(|| format!("/learn/{}/{}", lesson.module_slug, lesson.index - 1));
    view! {
        <Title text=lesson.title.clone() />
        <nav class="breadcrumb" aria-label=tr(i18n::BACK_TO_COURSE)>
            <a href="/home">{tr(i18n::BACK_TO_COURSE)}</a>
            " / "
            <span>{lesson.module_title}</span>
        </nav>
        <article class="card lesson">
            <p class="muted">{tr(i18n::LESSON)}" "{lesson.index + 1}" / "{lesson.count}</p>
            <h1>{lesson.title}</h1>
            <div class="lesson-body" inner_html=lesson.html></div>
            <ErrorBanner error=action_error(read) />
            <div class="lesson-actions">
                {previous.map(|href| view! { <a class="button" href=href>{tr(i18n::PREVIOUS_LESSON)}</a> })}
                <ActionForm action=read attr:class="inline-form">
                    <input type="hidden" name="module" value=lesson.module_slug />
                    <input type="hidden" name="index" value=lesson.index />
                    <button type="submit" class="button button-primary">
                        {tr(if last { i18n::READ_TO_QUIZ } else { i18n::READ_NEXT })}
                    </button>
                </ActionForm>
            </div>
        </article>
    }
}
