//! The course for a hire: overview, lessons, quizzes; and HR's reset of a locked quiz.
//! Quizzes are graded on the server: what is sent before submission never says which
//! options are correct.

use crate::domain::AttemptId;
use serde::{Deserialize, Serialize};

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
    pub attempt_id: AttemptId,
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

/// One ticked option of a submitted quiz, `question.option` (both positions as served), so
/// that a plain HTML form carries every answer of the quiz in one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Choice {
    pub question: usize,
    pub option: usize,
}

impl std::str::FromStr for Choice {
    type Err = crate::errors::AppError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (question, option) = s.split_once('.').ok_or(crate::errors::AppError::AnswersInvalid)?;
        let position = |p: &str| p.parse().map_err(|_| crate::errors::AppError::AnswersInvalid);
        Ok(Choice { question: position(question)?, option: position(option)? })
    }
}

impl TryFrom<String> for Choice {
    type Error = crate::errors::AppError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Choice> for String {
    fn from(c: Choice) -> String {
        c.to_string()
    }
}

impl std::fmt::Display for Choice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.question, self.option)
    }
}

/// A quiz attempt as its own page shows it: open to answer, or submitted with its result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttemptView {
    Open(ServedQuiz),
    Submitted(QuizResult),
}

#[cfg(test)]
mod tests {
    use super::Choice;

    #[test]
    fn a_choice_reads_as_question_dot_option_and_nothing_else() {
        assert_eq!("2.0".parse::<Choice>(), Ok(Choice { question: 2, option: 0 }));
        assert_eq!(Choice { question: 10, option: 3 }.to_string(), "10.3");
        for bad in ["", "1", "1.", ".1", "a.1", "1.-1", "1.2.3", " 1.2"] {
            assert!(bad.parse::<Choice>().is_err(), "{bad:?}");
        }
    }
}
