//! The learning service: what a hire sees of the course and what they may do next.
//! Every rule lives in [`rules`]; this module loads progress, applies the rules and
//! writes the result in one transaction.

pub mod rules;

use super::Core;
use super::course::{Course, Module};
use crate::store::progress::{self, Attempt, Progress};
use crate::store::{audit, users};
use crate::tokens;
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{AttemptId, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::hires::{AttemptSummary, ModuleHistory};
use mamoru_types::i18n::Lang;
use mamoru_types::learning::{
    AttemptView, Choice, CourseOverview, LessonView, ModuleCard, ModuleState, QuestionResult, QuizResult,
    ServedQuestion, ServedQuiz,
};
use rules::{ModuleRecord, Served};

/// Each module of the course with the hire's record and state in it.
fn standing(course: &Course, progress: &Progress) -> Vec<(ModuleRecord, ModuleState)> {
    let mut previous_passed = true;
    course
        .modules
        .iter()
        .map(|module| {
            let attempts = progress.attempts.iter().filter(|a| a.module_slug == module.slug);
            let record = ModuleRecord {
                lessons_read: progress.reads.iter().filter(|(slug, _)| *slug == module.slug).count(),
                lesson_count: module.lessons.len(),
                attempts_used: u32::try_from(attempts.clone().filter(|a| a.counts()).count())
                    .unwrap_or(u32::MAX),
                passed: attempts.clone().any(|a| a.counts() && a.passed),
            };
            let state = rules::module_state(previous_passed, record, module.attempts);
            previous_passed = record.passed;
            (record, state)
        })
        .collect()
}

/// Modules passed on this course version, and whether one is locked (attempts used up).
pub fn course_progress(course: &Course, progress: &Progress) -> (usize, bool) {
    let modules = standing(course, progress);
    let passed = modules.iter().filter(|(record, _)| record.passed).count();
    (passed, modules.iter().any(|(_, state)| *state == ModuleState::FailedLocked))
}

/// When each module of the course was passed (its first passing attempt), in course
/// order; None for a module not passed.
pub fn passed_at(course: &Course, progress: &Progress) -> Vec<Option<i64>> {
    course
        .modules
        .iter()
        .map(|module| {
            progress
                .attempts
                .iter()
                .filter(|a| a.module_slug == module.slug && a.counts() && a.passed)
                .find_map(|a| a.submitted_at)
        })
        .collect()
}

fn find_module<'a>(course: &'a Course, slug: &str) -> Result<(usize, &'a Module), AppError> {
    course.modules.iter().enumerate().find(|(_, m)| m.slug == slug).ok_or(AppError::NotFound)
}

#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn overview(state: &Core, user_id: &UserId, lang: Lang) -> Result<CourseOverview, AppError> {
    let course = &state.course;
    let mut conn = state.store.pool().acquire().await?;
    let progress = progress::load(&mut conn, user_id, &course.version).await?;
    let round = super::round::of_progress(&mut conn, state, user_id, &progress).await?;
    drop(conn);
    let modules: Vec<ModuleCard> = course
        .modules
        .iter()
        .zip(standing(course, &progress))
        .enumerate()
        .map(|(i, (module, (record, state)))| ModuleCard {
            slug: module.slug.clone(),
            number: i + 1,
            title: module.title.get(lang).to_owned(),
            state,
            lessons_read: record.lessons_read,
            lesson_count: record.lesson_count,
            attempts_used: record.attempts_used,
            attempts_allowed: module.attempts,
            quiz_unlocked: rules::quiz_unlocked(record),
        })
        .collect();
    Ok(CourseOverview {
        title: course.title.get(lang).to_owned(),
        version: course.version.clone(),
        passed_modules: modules.iter().filter(|m| m.state == ModuleState::Passed).count(),
        module_count: modules.len(),
        modules,
        complete: round.complete,
        expires_at: round.expires_at,
        expired: round.is_expired(state.now()),
        may_restart: round.may_restart(state.now()),
    })
}

/// Each module with its state in the current round (`progress`) and every attempt at it,
/// those of `earlier` rounds first, for HR's record of a hire.
pub fn history(course: &Course, progress: &Progress, earlier: &[Attempt], lang: Lang) -> Vec<ModuleHistory> {
    let summary = |earlier_round| {
        move |a: &Attempt| AttemptSummary {
            started_at: a.started_at,
            submitted_at: a.submitted_at,
            score_percent: a.score_percent.and_then(|s| u32::try_from(s).ok()),
            passed: a.passed,
            voided: a.voided,
            earlier_round,
        }
    };
    course
        .modules
        .iter()
        .zip(standing(course, progress))
        .map(|(module, (_, state))| {
            let of_module = |a: &&Attempt| a.module_slug == module.slug;
            ModuleHistory {
                slug: module.slug.clone(),
                title: module.title.get(lang).to_owned(),
                state,
                attempts: earlier
                    .iter()
                    .filter(of_module)
                    .map(summary(true))
                    .chain(progress.attempts.iter().filter(of_module).map(summary(false)))
                    .collect(),
            }
        })
        .collect()
}

/// The module, if the hire may study it now (not waiting for an earlier module). Only
/// passed attempts open modules, so the lessons read are not loaded.
async fn open_module<'a>(state: &'a Core, user_id: &UserId, slug: &str) -> Result<&'a Module, AppError> {
    let (position, module) = find_module(&state.course, slug)?;
    let mut conn = state.store.pool().acquire().await?;
    let attempts = progress::attempts(&mut conn, user_id, &state.course.version).await?;
    let progress = Progress { reads: Vec::new(), attempts };
    if standing(&state.course, &progress)[position].1 == ModuleState::Locked {
        return Err(AppError::ModuleLocked);
    }
    Ok(module)
}

#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn lesson(
    state: &Core,
    user_id: &UserId,
    slug: &str,
    index: usize,
    lang: Lang,
) -> Result<LessonView, AppError> {
    let module = open_module(state, user_id, slug).await?;
    let lesson = module.lessons.get(index).ok_or(AppError::NotFound)?;
    Ok(LessonView {
        module_slug: module.slug.clone(),
        module_title: module.title.get(lang).to_owned(),
        index,
        count: module.lessons.len(),
        title: lesson.title.get(lang).to_owned(),
        html: lesson.html.get(lang).to_owned(),
    })
}

/// Records the lesson as read; answers the next lesson's path, or the quiz's.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn mark_read(state: &Core, user_id: &UserId, slug: &str, index: usize) -> Result<String, AppError> {
    let module = open_module(state, user_id, slug).await?;
    if index >= module.lessons.len() {
        return Err(AppError::NotFound);
    }
    let mut tx = state.store.write().await?;
    progress::mark_read(&mut tx, user_id, &state.course.version, slug, index, state.now()).await?;
    tx.commit().await?;
    Ok(if index + 1 < module.lessons.len() {
        format!("/learn/{slug}/{}", index + 1)
    } else {
        format!("/quiz/{slug}")
    })
}

#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn start_quiz(
    state: &Core,
    user_id: &UserId,
    slug: &str,
    lang: Lang,
) -> Result<ServedQuiz, AppError> {
    let (position, module) = find_module(&state.course, slug)?;
    let version = &state.course.version;
    let mut tx = state.store.write().await?;
    // Decided inside the transaction, after the lock: two starts at once find one attempt.
    users::lock(&mut tx, user_id).await?;
    let existing = progress::load(&mut tx, user_id, version).await?;
    let (record, module_state) = standing(&state.course, &existing)[position];
    match module_state {
        ModuleState::Locked => return Err(AppError::ModuleLocked),
        ModuleState::Passed => return Err(AppError::QuizPassed),
        ModuleState::FailedLocked => return Err(AppError::NoAttemptsLeft),
        _ if !rules::quiz_unlocked(record) => return Err(AppError::QuizNotReady),
        _ => {}
    }
    let open = existing.attempts.into_iter().find(|a| a.module_slug == slug && a.is_open());
    let (attempt_id, served) = match open {
        Some(attempt) => (attempt.id.clone(), parse_served(&attempt)?),
        None => {
            let served = rules::draw(module, state.course.draw, &mut rand::rng());
            let id = AttemptId::new(tokens::new_id());
            let json = serde_json::to_string(&served).map_err(AppError::internal)?;
            let new = progress::NewAttempt {
                id: &id,
                user_id,
                version,
                module: slug,
                served: &json,
                now: state.now(),
            };
            progress::start_attempt(&mut tx, new).await?;
            (id, served)
        }
    };
    tx.commit().await?;
    served_quiz(module, attempt_id, &served, record.attempts_used, lang)
}

/// An open attempt as the hire answers it: the questions and options in the order drawn,
/// nothing that tells which options are right.
fn served_quiz(
    module: &Module,
    attempt_id: AttemptId,
    served: &[Served],
    attempts_used: u32,
    lang: Lang,
) -> Result<ServedQuiz, AppError> {
    let questions = served
        .iter()
        .map(|item| {
            let q = served_question(module, item)?;
            Ok(ServedQuestion {
                id: q.id.clone(),
                multiple: q.kind == super::course::QuestionKind::Multiple,
                text: q.text.get(lang).to_owned(),
                options: item.order.iter().map(|&i| q.options[i].text.get(lang).to_owned()).collect(),
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(ServedQuiz {
        attempt_id,
        module_title: module.title.get(lang).to_owned(),
        attempt_number: attempts_used + 1,
        attempts_allowed: module.attempts,
        pass_percent: module.pass_percent,
        questions,
    })
}

fn served_question<'a>(module: &'a Module, item: &Served) -> Result<&'a super::course::Question, AppError> {
    module.questions.iter().find(|q| q.id == item.id).ok_or(AppError::Internal)
}

/// A graded attempt as the hire reviews it: each question with their options and the
/// right ones, and the explanation. `attempts_used` counts this attempt.
fn quiz_result(
    module: &Module,
    served: &[Served],
    graded: &rules::Graded,
    attempts_used: u32,
    lang: Lang,
) -> Result<QuizResult, AppError> {
    let passed = graded.score_percent >= module.pass_percent;
    let questions = served
        .iter()
        .zip(&graded.chosen)
        .zip(&graded.right)
        .map(|((item, chosen), right)| {
            let q = served_question(module, item)?;
            let position = |original: usize| item.order.iter().position(|&i| i == original);
            Ok(QuestionResult {
                text: q.text.get(lang).to_owned(),
                options: item.order.iter().map(|&i| q.options[i].text.get(lang).to_owned()).collect(),
                chosen: chosen.iter().filter_map(|&i| position(i)).collect(),
                correct: q
                    .options
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.correct)
                    .filter_map(|(i, _)| position(i))
                    .collect(),
                right: *right,
                explanation: q.explanation.get(lang).to_owned(),
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(QuizResult {
        score_percent: graded.score_percent,
        passed,
        pass_percent: module.pass_percent,
        attempts_left: if passed { 0 } else { module.attempts.saturating_sub(attempts_used) },
        questions,
    })
}

/// One of the hire's attempts of the current round, for its own page: the questions while
/// it is open, the graded result once submitted. Anyone else's attempt is not found.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn attempt(
    state: &Core,
    user_id: &UserId,
    attempt_id: &AttemptId,
    lang: Lang,
) -> Result<AttemptView, AppError> {
    let course = &state.course;
    let mut conn = state.store.pool().acquire().await?;
    let (owner, version, attempt) =
        progress::attempt_by_id(&mut conn, attempt_id).await?.ok_or(AppError::NotFound)?;
    if &owner != user_id || version != course.version || attempt.voided {
        return Err(AppError::NotFound);
    }
    let (_, module) = find_module(course, &attempt.module_slug)?;
    let used = progress::attempts_used(&mut conn, user_id, &course.version, &module.slug).await?;
    drop(conn);
    let used = u32::try_from(used).unwrap_or(u32::MAX);
    let served = parse_served(&attempt)?;
    let Some(stored) = &attempt.answers else {
        return Ok(AttemptView::Open(served_quiz(module, attempt.id, &served, used, lang)?));
    };
    // Stored as original option indices; graded again from the positions they were shown at.
    let chosen: Vec<std::collections::BTreeSet<usize>> =
        serde_json::from_str(stored).map_err(AppError::internal)?;
    let positions: Vec<Vec<usize>> = served
        .iter()
        .zip(&chosen)
        .map(|(item, picked)| {
            item.order.iter().enumerate().filter(|&(_, i)| picked.contains(i)).map(|(p, _)| p).collect()
        })
        .collect();
    let graded = rules::grade(module, &served, &positions).map_err(AppError::internal)?;
    Ok(AttemptView::Submitted(quiz_result(module, &served, &graded, used, lang)?))
}

fn parse_served(attempt: &Attempt) -> Result<Vec<Served>, AppError> {
    serde_json::from_str(&attempt.served).map_err(AppError::internal)
}

#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn submit_quiz(
    state: &Core,
    user_id: &UserId,
    attempt_id: &AttemptId,
    choices: &[Choice],
    lang: Lang,
) -> Result<QuizResult, AppError> {
    let course = &state.course;
    let mut tx = state.store.write().await?;
    users::lock(&mut tx, user_id).await?;
    let (owner, version, attempt) =
        progress::attempt_by_id(&mut tx, attempt_id).await?.ok_or(AppError::NotFound)?;
    // Another hire's attempt, or one from an older course version, is simply not found.
    if &owner != user_id || version != course.version {
        return Err(AppError::NotFound);
    }
    if !attempt.is_open() {
        return Err(AppError::QuizSubmitted);
    }
    let (_, module) = find_module(course, &attempt.module_slug)?;
    let used_before = progress::attempts_used(&mut tx, user_id, &course.version, &module.slug).await?;
    if used_before >= i64::from(module.attempts) {
        return Err(AppError::NoAttemptsLeft);
    }
    let served = parse_served(&attempt)?;
    let graded = rules::answers_of(choices, served.len())
        .and_then(|answers| rules::grade(module, &served, &answers))
        .map_err(|_| AppError::AnswersInvalid)?;
    let passed = graded.score_percent >= module.pass_percent;
    let chosen_json = serde_json::to_string(&graded.chosen).map_err(AppError::internal)?;
    if !progress::submit(&mut tx, attempt_id, &chosen_json, graded.score_percent, passed, state.now()).await?
    {
        return Err(AppError::QuizSubmitted);
    }
    // The hire's row lock keeps their other submissions out, so this one is the only new one.
    let used = used_before + 1;
    let detail = serde_json::json!({
        "attempt": attempt_id, "module": module.slug, "course_version": course.version,
        "score_percent": graded.score_percent, "passed": passed,
    });
    audit::record(&mut tx, state.now(), user_id, AuditAction::QuizSubmitted, user_id, detail, None).await?;
    // A failed attempt with attempts left changes nothing HR sees.
    if passed || used >= i64::from(module.attempts) {
        super::hires::settle(&mut tx, state, user_id).await?;
    }
    tx.commit().await?;
    tracing::info!(attempt_id = %attempt_id, module = %module.slug, score = graded.score_percent, passed, "quiz submitted");
    quiz_result(module, &served, &graded, u32::try_from(used).unwrap_or(u32::MAX), lang)
}

/// HR's reset: voids the attempts of the hire whose account is `user_id` at a module they failed, so they start
/// afresh. Only a locked module can be reset: a pass is never taken away.
#[tracing::instrument(skip_all, fields(actor = %hr_id, user_id = %user_id))]
pub async fn reset_module(
    state: &Core,
    hr_id: &UserId,
    user_id: &UserId,
    slug: &str,
) -> Result<(), AppError> {
    let (position, _) = find_module(&state.course, slug)?;
    let mut tx = state.store.write().await?;
    let hire = crate::store::users::by_id(&mut tx, user_id).await?;
    if hire.is_none_or(|u| u.role != mamoru_types::domain::Role::Hire) {
        return Err(AppError::NotFound);
    }
    let progress = progress::load(&mut tx, user_id, &state.course.version).await?;
    if standing(&state.course, &progress)[position].1 != ModuleState::FailedLocked {
        return Err(AppError::NotLocked);
    }
    let voided =
        progress::void_attempts(&mut tx, user_id, &state.course.version, slug, hr_id, state.now()).await?;
    let detail = serde_json::json!({ "module": slug, "voided": voided });
    audit::record(&mut tx, state.now(), hr_id, AuditAction::QuizReset, user_id, detail, None).await?;
    super::hires::refresh(&mut tx, state, user_id).await?;
    tx.commit().await?;
    tracing::info!(%user_id, module = slug, voided, "quiz attempts reset");
    Ok(())
}
