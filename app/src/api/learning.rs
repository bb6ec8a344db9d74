//! The course for a hire: overview, lessons, quizzes; and HR's reset of a locked quiz.
//! Quizzes are graded on the server: what is sent before submission never says which
//! options are correct.

#[cfg(feature = "ssr")]
use crate::server::{require_role, state};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use mamoru_core::learning;
#[cfg(feature = "ssr")]
use mamoru_types::domain::Role;
use mamoru_types::domain::{AttemptId, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::learning::*;

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
    learning::mark_read(&state()?, &hire.user_id, &module, index).await
}

/// Starts an attempt (or returns the one already open, so reloading draws nothing new).
#[server(endpoint = "quiz/start")]
pub async fn start_quiz(module: String, lang: String) -> Result<ServedQuiz, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::start_quiz(&state()?, &hire.user_id, &module, super::lang_of(&lang)).await
}

/// Answers are positions in each served question's option list.
#[server(endpoint = "quiz/submit", input = leptos::server_fn::codec::Json)]
pub async fn submit_quiz(
    attempt_id: AttemptId,
    answers: Vec<Vec<usize>>,
    lang: String,
) -> Result<QuizResult, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::submit_quiz(&state()?, &hire.user_id, &attempt_id, &answers, super::lang_of(&lang)).await
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
