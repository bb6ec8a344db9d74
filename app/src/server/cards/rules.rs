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
    fn the_truth_table() {
        // (course passed, agreement signed, grant or card outstanding) → may mint
        let table = [
            (false, false, false, false),
            (false, false, true, false),
            (false, true, false, false),
            (false, true, true, false),
            (true, false, false, false),
            (true, false, true, false),
            (true, true, false, true),
            (true, true, true, false),
        ];
        for (course, agreement, outstanding, expected) in table {
            assert_eq!(
                may_mint(course, agreement, outstanding),
                expected,
                "course {course}, agreement {agreement}, outstanding {outstanding}"
            );
        }
    }
}
