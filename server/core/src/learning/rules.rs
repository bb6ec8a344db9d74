//! The course rules as plain functions: module states, drawing a quiz, grading it.

use crate::course::{Module, Question, QuestionKind};
use mamoru_types::learning::{Choice, ModuleState};
use rand::Rng;
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a hire has done in one module of the current course version.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ModuleRecord {
    pub lessons_read: usize,
    pub lesson_count: usize,
    /// Submitted, not voided attempts.
    pub attempts_used: u32,
    pub passed: bool,
}

/// Modules open in order: each waits until the one before it is passed. Using up every
/// attempt without passing locks the module until HR resets it.
pub fn module_state(previous_passed: bool, record: ModuleRecord, attempts_allowed: u32) -> ModuleState {
    if record.passed {
        ModuleState::Passed
    } else if !previous_passed {
        ModuleState::Locked
    } else if record.attempts_used >= attempts_allowed {
        ModuleState::FailedLocked
    } else if record.lessons_read == 0 && record.attempts_used == 0 {
        ModuleState::ToDo
    } else {
        ModuleState::InProgress
    }
}

/// The quiz unlocks once every lesson of its module has been read.
pub fn quiz_unlocked(record: ModuleRecord) -> bool {
    record.lessons_read >= record.lesson_count
}

/// One question as served: its id and its options in the order shown (original indices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Served {
    pub id: String,
    pub order: Vec<usize>,
}

/// Draws `count` questions from the bank in random order, each with shuffled options.
pub fn draw(module: &Module, count: usize, rng: &mut impl Rng) -> Vec<Served> {
    let mut picked: Vec<&Question> = module.questions.iter().collect();
    picked.shuffle(rng);
    picked.truncate(count);
    picked
        .into_iter()
        .map(|q| {
            let mut order: Vec<usize> = (0..q.options.len()).collect();
            order.shuffle(rng);
            Served { id: q.id.clone(), order }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graded {
    /// Per served question: the chosen options (original indices) and whether right.
    pub chosen: Vec<BTreeSet<usize>>,
    pub right: Vec<bool>,
    pub score_percent: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    #[error("the answers do not match the questions served")]
    Mismatch,
}

/// The answers a form posted as one list of choices, grouped per served question (a
/// question nobody ticked gets no options). A choice of a question that was not served is
/// refused; an option out of range is left to [`grade`].
pub fn answers_of(choices: &[Choice], questions: usize) -> Result<Vec<Vec<usize>>, GradeError> {
    let mut answers = vec![Vec::new(); questions];
    for choice in choices {
        answers.get_mut(choice.question).ok_or(GradeError::Mismatch)?.push(choice.option);
    }
    Ok(answers)
}

/// Grades answers given as positions in the served option order. A question is right
/// when exactly its correct options are chosen; the score rounds down.
pub fn grade(module: &Module, served: &[Served], answers: &[Vec<usize>]) -> Result<Graded, GradeError> {
    if served.is_empty() || answers.len() != served.len() {
        return Err(GradeError::Mismatch);
    }
    let mut chosen = Vec::with_capacity(served.len());
    let mut right = Vec::with_capacity(served.len());
    for (item, positions) in served.iter().zip(answers) {
        let question = module.questions.iter().find(|q| q.id == item.id).ok_or(GradeError::Mismatch)?;
        let picked: BTreeSet<usize> = positions
            .iter()
            .map(|&p| item.order.get(p).copied().ok_or(GradeError::Mismatch))
            .collect::<Result<_, _>>()?;
        if question.kind == QuestionKind::Single && picked.len() > 1 {
            return Err(GradeError::Mismatch);
        }
        let correct: BTreeSet<usize> =
            question.options.iter().enumerate().filter(|(_, o)| o.correct).map(|(i, _)| i).collect();
        right.push(picked == correct);
        chosen.push(picked);
    }
    let score = right.iter().filter(|r| **r).count() * 100 / served.len();
    Ok(Graded { chosen, right, score_percent: u32::try_from(score).unwrap_or(0) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Bilingual, Choice};
    use rand::SeedableRng;

    fn text(s: &str) -> Bilingual {
        Bilingual { ja: s.into(), en: s.into() }
    }

    /// Whether `answers` fit the questions served: one list per question, positions among
    /// its options, at most one distinct option for a single-choice question.
    fn fits(module: &Module, served: &[Served], answers: &[Vec<usize>]) -> bool {
        answers.len() == served.len()
            && served.iter().zip(answers).all(|(item, picked)| {
                let single =
                    module.questions.iter().any(|q| q.id == item.id && q.kind == QuestionKind::Single);
                let distinct: BTreeSet<&usize> = picked.iter().collect();
                picked.iter().all(|&p| p < item.order.len()) && (!single || distinct.len() <= 1)
            })
    }

    /// Grades `answers` if they fit the questions served, checking what any grading holds.
    fn graded_soundly(module: &Module, served: &[Served], answers: &[Vec<usize>]) -> bool {
        let Ok(graded) = grade(module, served, answers) else { return false };
        graded.score_percent <= 100
            && graded.chosen.len() == served.len()
            && graded.right.len() == served.len()
    }

    #[test]
    fn any_answers_are_graded_soundly_or_refused() {
        let module = module();
        let seed = crate::testing::mutant_seed();
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let mut graded = 0;
        for case in 0..20_000 {
            let served = draw(&module, 3, &mut rng);
            let index = |rng: &mut rand::rngs::StdRng| {
                if rng.random_bool(0.05) { usize::MAX } else { rng.random_range(0..6) }
            };
            let answers: Vec<Vec<usize>> = (0..rng.random_range(0..5))
                .map(|_| (0..rng.random_range(0..6)).map(|_| index(&mut rng)).collect())
                .collect();
            let sound = graded_soundly(&module, &served, &answers);
            assert_eq!(sound, fits(&module, &served, &answers), "seed {seed}, case {case}: {answers:?}");
            graded += usize::from(sound);
        }
        assert!(graded > 100, "some random answers fit ({graded})");
        // As the server receives them: the JSON of a submission, hostile.
        let served = draw(&module, 3, &mut rng);
        let json = b"[[2],[0,3],[1]]";
        for (i, body) in crate::testing::mutants(json, 5_000, seed).iter().enumerate() {
            if let Ok(answers) = serde_json::from_slice::<Vec<Vec<usize>>>(body) {
                let sound = graded_soundly(&module, &served, &answers);
                assert_eq!(sound, fits(&module, &served, &answers), "seed {seed}, mutant {i}");
            }
        }
    }

    fn module() -> Module {
        let question = |id: &str, kind, correct: &[usize]| Question {
            id: id.into(),
            kind,
            text: text(id),
            explanation: text("because"),
            options: (0..4)
                .map(|i| Choice { text: text(&i.to_string()), correct: correct.contains(&i) })
                .collect(),
        };
        Module {
            slug: "m".into(),
            title: text("M"),
            pass_percent: 80,
            attempts: 3,
            lessons: vec![],
            questions: vec![
                question("a", QuestionKind::Single, &[2]),
                question("b", QuestionKind::Multiple, &[0, 3]),
                question("c", QuestionKind::Single, &[0]),
            ],
        }
    }

    #[test]
    fn states_follow_the_order_and_the_attempt_limit() {
        let record = |lessons_read, attempts_used, passed| ModuleRecord {
            lessons_read,
            lesson_count: 3,
            attempts_used,
            passed,
        };
        assert_eq!(module_state(false, record(0, 0, false), 3), ModuleState::Locked);
        assert_eq!(module_state(true, record(0, 0, false), 3), ModuleState::ToDo);
        assert_eq!(module_state(true, record(1, 0, false), 3), ModuleState::InProgress);
        assert_eq!(module_state(true, record(3, 2, false), 3), ModuleState::InProgress);
        assert_eq!(module_state(true, record(3, 3, false), 3), ModuleState::FailedLocked);
        assert_eq!(module_state(true, record(3, 2, true), 3), ModuleState::Passed);
        assert!(!quiz_unlocked(record(2, 0, false)));
        assert!(quiz_unlocked(record(3, 0, false)));
    }

    #[test]
    fn draws_distinct_questions_with_every_option_once() {
        let module = module();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for _ in 0..20 {
            let served = draw(&module, 2, &mut rng);
            assert_eq!(served.len(), 2);
            assert_ne!(served[0].id, served[1].id);
            for item in &served {
                let mut order = item.order.clone();
                order.sort_unstable();
                assert_eq!(order, vec![0, 1, 2, 3]);
            }
        }
    }

    #[test]
    fn grades_by_original_option_whatever_the_order_shown() {
        let module = module();
        let served = vec![
            Served { id: "a".into(), order: vec![3, 2, 1, 0] },
            Served { id: "b".into(), order: vec![0, 1, 2, 3] },
        ];
        // "a": position 1 shows original 2 (correct); "b": both correct options.
        let all_right = grade(&module, &served, &[vec![1], vec![3, 0]]).expect("graded");
        assert_eq!((all_right.right.clone(), all_right.score_percent), (vec![true, true], 100));
        // Only one of the two correct options is wrong.
        let half = grade(&module, &served, &[vec![1], vec![0]]).expect("graded");
        assert_eq!((half.right, half.score_percent), (vec![true, false], 50));
        let none = grade(&module, &served, &[vec![], vec![]]).expect("graded");
        assert_eq!(none.score_percent, 0);
    }

    #[test]
    fn refuses_answers_that_do_not_fit_what_was_served() {
        let module = module();
        let served = vec![Served { id: "a".into(), order: vec![0, 1, 2, 3] }];
        assert_eq!(grade(&module, &served, &[]), Err(GradeError::Mismatch));
        assert_eq!(grade(&module, &served, &[vec![4]]), Err(GradeError::Mismatch));
        assert_eq!(
            grade(&module, &served, &[vec![0, 2]]),
            Err(GradeError::Mismatch),
            "two answers to single-choice"
        );
        let unknown = vec![Served { id: "zz".into(), order: vec![0] }];
        assert_eq!(grade(&module, &unknown, &[vec![0]]), Err(GradeError::Mismatch));
    }

    #[test]
    fn a_posted_list_of_choices_groups_per_question_served() {
        let choice = |question, option| mamoru_types::learning::Choice { question, option };
        assert_eq!(answers_of(&[], 2), Ok(vec![vec![], vec![]]));
        assert_eq!(
            answers_of(&[choice(1, 3), choice(0, 1), choice(1, 0)], 3),
            Ok(vec![vec![1], vec![3, 0], vec![]])
        );
        assert_eq!(answers_of(&[choice(2, 0)], 2), Err(GradeError::Mismatch), "a question not served");
    }
}
