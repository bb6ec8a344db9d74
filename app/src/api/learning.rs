//! The course for a hire: overview, lessons, quizzes; and HR's reset of a locked quiz.
//! Quizzes are graded on the server: what is sent before submission never says which
//! options are correct.

#[cfg(feature = "ssr")]
use crate::server::{continue_to, require_role, state};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use mamoru_core::learning;
#[cfg(feature = "ssr")]
use mamoru_types::domain::Role;
use mamoru_types::domain::{AttemptId, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::learning::*;
use std::collections::BTreeMap;

#[server(endpoint = "course/overview")]
pub async fn get_course_overview(lang: String) -> Result<CourseOverview, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::overview(&state()?, &hire.user_id, super::lang_of(&lang)).await
}

#[server(endpoint = "course/lesson")]
pub async fn lesson(module: String, index: usize, lang: String) -> Result<LessonView, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::lesson(&state()?, &hire.user_id, &module, index, super::lang_of(&lang)).await
}

/// Marks a lesson read (the hire reached its end) and answers where to go next.
#[server(endpoint = "course/read")]
pub async fn mark_read(module: String, index: usize) -> Result<String, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    let next = learning::mark_read(&state()?, &hire.user_id, &module, index).await?;
    continue_to(&next);
    Ok(next)
}

/// Starts an attempt (or returns the one already open, so reloading draws nothing new).
#[server(endpoint = "quiz/start")]
pub async fn start_quiz(module: String, lang: String) -> Result<ServedQuiz, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    let quiz = learning::start_quiz(&state()?, &hire.user_id, &module, super::lang_of(&lang)).await?;
    continue_to(&attempt_path(&module, &quiz.attempt_id));
    Ok(quiz)
}

/// One of the hire's attempts: its questions while open, its result once submitted.
#[server(endpoint = "quiz/attempt")]
pub async fn quiz_attempt(attempt_id: AttemptId, lang: String) -> Result<AttemptView, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::attempt(&state()?, &hire.user_id, &attempt_id, super::lang_of(&lang)).await
}

/// The answers as the quiz form posts them: each ticked option as `chosen[KEY]=question.option`,
/// the keys only keeping the inputs apart (one per question for radio buttons, which a
/// browser groups by name; one per option for check boxes).
#[server(endpoint = "quiz/submit")]
pub async fn submit_quiz(
    attempt_id: AttemptId,
    #[server(default)] chosen: BTreeMap<String, Choice>,
    lang: String,
) -> Result<QuizResult, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    let chosen: Vec<Choice> = chosen.into_values().collect();
    learning::submit_quiz(&state()?, &hire.user_id, &attempt_id, &chosen, super::lang_of(&lang)).await
}

/// The page of one attempt.
#[cfg(feature = "ssr")]
fn attempt_path(module: &str, attempt_id: &AttemptId) -> String {
    format!("/quiz/{module}/{attempt_id}")
}

/// Starts a new round of training when the last one expired or expires soon.
#[server(endpoint = "course/restart")]
pub async fn restart_training() -> Result<(), AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    mamoru_core::round::restart(&state()?, &hire.user_id).await
}

/// HR gives the hire whose account is `user_id` fresh attempts at a module they failed.
#[server(endpoint = "quiz/reset")]
pub async fn reset_quiz(user_id: UserId, module: String) -> Result<(), AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    learning::reset_module(&state()?, &hr.user_id, &user_id, &module).await
}
