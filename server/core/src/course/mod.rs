//! The course: modules of lessons (Markdown) and question banks (TOML), one file per
//! module and language, so a center edits its course without touching Rust.
//!
//! ```text
//! course.toml                      title, quiz rules (per-module overrides), module order
//! modules/NN-slug.{ja,en}.md       "# Module title", then one "## Lesson" per lesson
//! modules/NN-slug.quiz.{ja,en}.toml  [[questions]] with [[questions.options]]
//! images/NAME.{png,jpg,webp,svg}   pictures a lesson shows as ![alternative text](images/NAME)
//! ```
//! [`load`] checks everything at once and reports every problem with its file; the
//! course version is a hash of the content, so any edit makes a new version.

mod files;
pub mod images;
pub mod markdown;
mod parse;

pub use files::CourseFiles;
pub use images::{CourseImage, Images};
pub use parse::load;

use mamoru_types::i18n::Lang;

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Bilingual {
    pub ja: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Course {
    /// Hex SHA-256 prefix of every content file: changes with any edit.
    pub version: String,
    pub title: Bilingual,
    /// Questions drawn per attempt.
    pub draw: usize,
    pub modules: Vec<Module>,
    /// The pictures the lessons show, by their path in the course.
    pub images: Images,
}

impl Course {
    /// A picture by its served name (`<content hash>.<extension>`).
    pub fn image(&self, file_name: &str) -> Option<&CourseImage> {
        self.images.values().find(|image| image.file_name == file_name)
    }
}

#[derive(Debug, Clone)]
pub struct Module {
    pub slug: String,
    pub title: Bilingual,
    /// The score needed to pass, in percent (the course default unless overridden).
    pub pass_percent: u32,
    /// Attempts before the module locks until HR resets it.
    pub attempts: u32,
    pub lessons: Vec<Lesson>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone)]
pub struct Lesson {
    pub title: Bilingual,
    /// The lesson's body (without its heading), rendered from Markdown when the course loads.
    pub html: Bilingual,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Exactly one option is correct.
    Single,
    /// Two or more options are correct; all must be chosen.
    Multiple,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub text: Bilingual,
    pub explanation: Bilingual,
    pub options: Vec<Choice>,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub text: Bilingual,
    pub correct: bool,
}

/// One problem in the content, with the file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub problem: String,
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.problem)
    }
}
