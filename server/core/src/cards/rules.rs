//! The card gate and the pickup rules, as plain functions.

use crate::store::grants::{Grant, GrantState};
use mamoru_seal::codes::Pin;
use mamoru_types::cards::CardStatus;
use rand::Rng;

/// Wrong PINs that lock a grant until HR re-issues it.
pub const PIN_ATTEMPTS: i64 = 5;
/// How long a kiosk may hold a claimed grant before another kiosk may claim it (the first
/// crashed or lost its network between claim and confirm).
pub const CLAIM_HOLD_SECS: i64 = 5 * 60;

/// A grant may be minted when the person is certified (every module of the current
/// course passed and the current agreement signed, in a round that has not expired) and
/// holds no grant or card already (a revoked card does not count: its holder gets a new
/// grant without retraining).
pub fn may_mint(certified: bool, outstanding: bool) -> bool {
    certified && !outstanding
}

/// What a hire and HR see of a grant that is not revoked.
pub fn status(grant: &Grant, now: i64) -> CardStatus {
    match grant.state {
        GrantState::Granted if now >= grant.expires_at => CardStatus::Expired,
        GrantState::Granted => CardStatus::Waiting,
        GrantState::Claimed => CardStatus::AtKiosk,
        GrantState::Issued => CardStatus::Issued,
        GrantState::Locked => CardStatus::Locked,
        GrantState::Revoked => CardStatus::Revoked,
    }
}

/// A fresh random PIN, shown to the hire once.
pub fn random_pin() -> Pin {
    Pin::from_number(rand::rng().random_range(0..1_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_pins_are_six_digits() {
        for _ in 0..100 {
            let pin = random_pin();
            assert_eq!(Pin::parse(pin.expose()), Some(pin));
        }
    }

    #[test]
    fn status_follows_the_grant_and_its_expiry() {
        let grant = |state| Grant {
            id: mamoru_types::domain::GrantId::new("g"),
            user_id: mamoru_types::domain::UserId::new("u"),
            short_code: "c".into(),
            state,
            issued_at: 0,
            expires_at: 100,
            kiosk_id: None,
        };
        assert_eq!(status(&grant(GrantState::Granted), 99), CardStatus::Waiting);
        assert_eq!(status(&grant(GrantState::Granted), 100), CardStatus::Expired);
        assert_eq!(status(&grant(GrantState::Claimed), 99), CardStatus::AtKiosk);
        assert_eq!(status(&grant(GrantState::Issued), 1_000), CardStatus::Issued);
        assert_eq!(status(&grant(GrantState::Locked), 99), CardStatus::Locked);
        assert_eq!(status(&grant(GrantState::Revoked), 99), CardStatus::Revoked);
    }

    #[test]
    fn the_truth_table() {
        // (certified, grant or card outstanding) → may mint
        let table = [(false, false, false), (false, true, false), (true, false, true), (true, true, false)];
        for (certified, outstanding, expected) in table {
            assert_eq!(
                may_mint(certified, outstanding),
                expected,
                "certified {certified}, outstanding {outstanding}"
            );
        }
    }
}
