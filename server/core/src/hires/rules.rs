//! Where a hire stands, and how the list's search matches: plain functions.

use mamoru_types::cards::CardStatus;
use mamoru_types::hires::{Funnel, HireState};
use mamoru_types::nda::NdaStatus;
use unicode_normalization::UnicodeNormalization;

/// What the list knows about one hire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The invitation was accepted.
    pub registered: bool,
    pub active: bool,
    pub modules_passed: usize,
    pub module_count: usize,
    /// A module's attempts are used up without a pass.
    pub quiz_locked: bool,
    pub nda: NdaStatus,
    pub card: Option<CardStatus>,
}

/// The one state HR sees: the first thing in the journey still to do.
pub fn state(s: Standing) -> HireState {
    if !s.registered {
        HireState::Invited
    } else if !s.active {
        HireState::Deactivated
    } else if s.quiz_locked {
        HireState::QuizLocked
    } else if s.modules_passed < s.module_count {
        HireState::InTraining
    } else {
        match s.nda {
            NdaStatus::NotSigned => HireState::NdaPending,
            NdaStatus::ResignNeeded => HireState::ResignNeeded,
            NdaStatus::Signed if s.card == Some(CardStatus::Issued) => HireState::CardIssued,
            NdaStatus::Signed => HireState::Completed,
        }
    }
}

/// The state HR sees at `now`: a completed hire whose certification has ended is
/// expired. (The list's SQL filter says the same.)
pub fn shown_state(stored: HireState, certified_until: Option<i64>, now: i64) -> HireState {
    match certified_until {
        Some(until) if stored.is_complete() && now >= until => HireState::Expired,
        _ => stored,
    }
}

/// The completion funnel from the number of hires in each state: each stage counts the
/// hires who reached it (leavers are out of it).
pub fn funnel(counts: &[(HireState, usize)]) -> Funnel {
    let reached =
        |states: &[HireState]| counts.iter().filter(|(s, _)| states.contains(s)).map(|(_, n)| n).sum();
    use HireState::*;
    Funnel {
        invited: reached(&[Invited, InTraining, QuizLocked, NdaPending, ResignNeeded, Completed, CardIssued]),
        trained: reached(&[NdaPending, ResignNeeded, Completed, CardIssued]),
        signed: reached(&[Completed, CardIssued]),
        card: reached(&[CardIssued]),
    }
}

/// Text folded for search: NFKC (full-width letters, half-width kana), lower case,
/// hiragana as katakana, no spaces. `ﾔﾏﾀﾞ`, `やまだ` and `ヤマダ` all match.
pub fn fold(text: &str) -> String {
    text.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(mamoru_types::domain::katakana)
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_funnel_counts_everyone_who_reached_each_stage_and_leaves_leavers_out() {
        let counts = [
            (HireState::Invited, 5),
            (HireState::InTraining, 4),
            (HireState::QuizLocked, 1),
            (HireState::NdaPending, 3),
            (HireState::ResignNeeded, 1),
            (HireState::Completed, 2),
            (HireState::CardIssued, 6),
            (HireState::Deactivated, 9),
        ];
        assert_eq!(funnel(&counts), Funnel { invited: 22, trained: 12, signed: 8, card: 6 });
        assert_eq!(funnel(&[]), Funnel { invited: 0, trained: 0, signed: 0, card: 0 });
    }

    fn standing() -> Standing {
        Standing {
            registered: true,
            active: true,
            modules_passed: 8,
            module_count: 8,
            quiz_locked: false,
            nda: NdaStatus::Signed,
            card: None,
        }
    }

    #[test]
    fn the_state_is_the_first_thing_still_to_do() {
        let cases = [
            (Standing { registered: false, ..standing() }, HireState::Invited),
            (Standing { active: false, ..standing() }, HireState::Deactivated),
            (Standing { quiz_locked: true, modules_passed: 3, ..standing() }, HireState::QuizLocked),
            (Standing { modules_passed: 3, nda: NdaStatus::Signed, ..standing() }, HireState::InTraining),
            (Standing { nda: NdaStatus::NotSigned, ..standing() }, HireState::NdaPending),
            (
                Standing { nda: NdaStatus::ResignNeeded, card: Some(CardStatus::Issued), ..standing() },
                HireState::ResignNeeded,
            ),
            (Standing { card: Some(CardStatus::Waiting), ..standing() }, HireState::Completed),
            (standing(), HireState::Completed),
            (Standing { card: Some(CardStatus::Issued), ..standing() }, HireState::CardIssued),
            (
                Standing { card: Some(CardStatus::Issued), modules_passed: 7, ..standing() },
                HireState::InTraining,
            ),
        ];
        for (standing, expected) in cases {
            assert_eq!(state(standing), expected, "{standing:?}");
        }
    }

    #[test]
    fn a_completed_hire_expires_when_the_certification_ends() {
        assert_eq!(shown_state(HireState::Completed, Some(100), 99), HireState::Completed);
        assert_eq!(shown_state(HireState::Completed, Some(100), 100), HireState::Expired);
        assert_eq!(shown_state(HireState::CardIssued, Some(100), 200), HireState::Expired);
        assert_eq!(shown_state(HireState::CardIssued, None, 200), HireState::CardIssued);
        assert_eq!(shown_state(HireState::InTraining, Some(100), 200), HireState::InTraining);
        assert_eq!(shown_state(HireState::Deactivated, Some(100), 200), HireState::Deactivated);
    }

    #[test]
    fn search_folds_width_case_and_kana() {
        assert_eq!(fold("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダタロウ");
        assert_eq!(fold("やまだ"), "ヤマダ");
        assert_eq!(fold("ＴＡＲＯ@Example.jp"), "taro@example.jp");
        assert!(fold("山田 太郎").contains(&fold("田太")));
    }
}
