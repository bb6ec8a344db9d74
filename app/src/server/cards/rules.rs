//! The card gate, as one plain rule.

/// A grant may be minted when every module of the current course is passed, the current
/// agreement is signed, and the person holds no grant or card already (a revoked card
/// does not count: its holder gets a new grant without retraining).
pub fn may_mint(course_passed: bool, agreement_signed: bool, outstanding: bool) -> bool {
    course_passed && agreement_signed && !outstanding
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_complete_hire_without_a_grant_gets_one() {
        for course in [false, true] {
            for agreement in [false, true] {
                for outstanding in [false, true] {
                    assert_eq!(
                        may_mint(course, agreement, outstanding),
                        course && agreement && !outstanding,
                        "course {course}, agreement {agreement}, outstanding {outstanding}"
                    );
                }
            }
        }
        assert!(may_mint(true, true, false));
        assert!(!may_mint(true, false, false), "the course alone is not enough");
        assert!(!may_mint(false, true, false), "the agreement alone is not enough");
    }
}
