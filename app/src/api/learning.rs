//! The course for a hire: overview, lessons, quizzes; and HR's reset of a locked quiz.
//! Quizzes are graded on the server: what is sent before submission never says which
//! options are correct.

use crate::errors::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::{
    domain::Role,
    server::{fail, learning, require_role, state},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ModuleState {
    Locked,
    ToDo,
    InProgress,
    Passed,
    /// Every attempt used without passing: HR must reset it.
    FailedLocked,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseOverview {
    pub title: String,
    pub version: String,
    pub passed_modules: usize,
    pub module_count: usize,
    pub modules: Vec<ModuleCard>,
    /// Every module passed and the current agreement signed, in this round.
    pub complete: bool,
    /// When this round's oldest record (a pass, the signature) expires, and the round with it.
    pub expires_at: Option<i64>,
    /// It has: the hire must start a new round.
    pub expired: bool,
    /// Expired or expiring soon: the hire may start a new round now.
    pub may_restart: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleCard {
    pub slug: String,
    pub number: usize,
    pub title: String,
    pub state: ModuleState,
    pub lessons_read: usize,
    pub lesson_count: usize,
    pub attempts_used: u32,
    pub attempts_allowed: u32,
    pub quiz_unlocked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonView {
    pub module_slug: String,
    pub module_title: String,
    pub index: usize,
    pub count: usize,
    pub title: String,
    /// Rendered from the lesson's Markdown with raw HTML escaped.
    pub html: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServedQuiz {
    pub attempt_id: String,
    pub module_title: String,
    pub attempt_number: u32,
    pub attempts_allowed: u32,
    pub pass_percent: u32,
    pub questions: Vec<ServedQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServedQuestion {
    pub id: String,
    pub multiple: bool,
    pub text: String,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizResult {
    pub score_percent: u32,
    pub passed: bool,
    pub pass_percent: u32,
    pub attempts_left: u32,
    pub questions: Vec<QuestionResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub text: String,
    pub options: Vec<String>,
    /// Positions in `options`.
    pub chosen: Vec<usize>,
    pub correct: Vec<usize>,
    pub right: bool,
    pub explanation: String,
}

#[server(endpoint = "course/overview")]
pub async fn get_course_overview(lang: String) -> Result<CourseOverview, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::overview(&state()?, &hire.user_id, super::lang_of(&lang)).await.map_err(fail)
}

#[server(endpoint = "course/lesson")]
pub async fn lesson(module: String, index: usize, lang: String) -> Result<LessonView, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::lesson(&state()?, &hire.user_id, &module, index, super::lang_of(&lang)).await.map_err(fail)
}

/// Marks a lesson read (the hire reached its end) and answers where to go next.
#[server(endpoint = "course/read")]
pub async fn mark_read(module: String, index: usize) -> Result<String, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::mark_read(&state()?, &hire.user_id, &module, index).await.map_err(fail)
}

/// Starts an attempt (or returns the one already open, so reloading draws nothing new).
#[server(endpoint = "quiz/start")]
pub async fn start_quiz(module: String, lang: String) -> Result<ServedQuiz, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::start_quiz(&state()?, &hire.user_id, &module, super::lang_of(&lang)).await.map_err(fail)
}

/// Answers are positions in each served question's option list.
#[server(endpoint = "quiz/submit", input = leptos::server_fn::codec::Json)]
pub async fn submit_quiz(
    attempt_id: String,
    answers: Vec<Vec<usize>>,
    lang: String,
) -> Result<QuizResult, AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    learning::submit_quiz(&state()?, &hire.user_id, &attempt_id, &answers, super::lang_of(&lang))
        .await
        .map_err(fail)
}

/// Starts a new round of training when the last one expired or expires soon.
#[server(endpoint = "course/restart")]
pub async fn restart_training() -> Result<(), AppError> {
    let hire = require_role(|r| r == Role::Hire)?;
    crate::server::round::restart(&state()?, &hire.user_id).await.map_err(fail)
}

/// HR gives the hire whose account is `user_id` fresh attempts at a module they failed.
#[server(endpoint = "quiz/reset")]
pub async fn reset_quiz(user_id: String, module: String) -> Result<(), AppError> {
    let hr = require_role(Role::can_manage_hires)?;
    learning::reset_module(&state()?, &hr.user_id, &user_id, &module).await.map_err(fail)
}
