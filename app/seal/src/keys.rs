//! Key rotation: a center seals with one platform key at a time, and keeps verifying what
//! its earlier keys sealed.
//!
//! - [`KeyRing`]: the public keys a verifier trusts, by key id. A seal is checked with the
//!   key its key id names, so a PDF sealed years ago still verifies after a rotation.
//! - [`KeyMove`]: the statement, sealed by the old key, that the center now seals with a
//!   new one. A kiosk that pinned the old key follows the statements from its pinned key
//!   and moves to the newest: no re-enrollment, and nobody without the old private key can
//!   move it anywhere.

use crate::{Purpose, SealError, Sealed, key_id};
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

/// The public keys a verifier trusts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyRing(Vec<VerifyingKey>);

impl KeyRing {
    pub fn new(keys: impl IntoIterator<Item = VerifyingKey>) -> Self {
        Self(keys.into_iter().collect())
    }

    /// The key with `key_id`, if trusted.
    pub fn get(&self, key_id: &str) -> Option<&VerifyingKey> {
        self.0.iter().find(|key| crate::key_id(key) == key_id)
    }

    pub fn keys(&self) -> &[VerifyingKey] {
        &self.0
    }
}

impl From<VerifyingKey> for KeyRing {
    fn from(key: VerifyingKey) -> Self {
        Self(vec![key])
    }
}

impl Sealed {
    /// Checks the seal with the key its key id names (see [`Sealed::open`]); a key the
    /// ring does not hold is [`SealError::WrongKey`].
    pub fn open_with<T: Serialize + serde::de::DeserializeOwned>(
        &self,
        ring: &KeyRing,
        purpose: Purpose,
    ) -> Result<T, SealError> {
        let key = ring.get(&self.key_id).ok_or_else(|| SealError::WrongKey {
            expected: ring.0.iter().map(key_id).collect::<Vec<_>>().join(" or "),
            found: self.key_id.clone(),
        })?;
        self.open(key, purpose)
    }
}

/// "From `at` on, the key `from_key_id` is retired and the center seals with
/// `to_public_key`": sealed by the old key under [`Purpose::KEY_MOVE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyMove {
    pub from_key_id: String,
    pub to_key_id: String,
    /// base64url, as published at `/.well-known/mamoru-keys.json`.
    pub to_public_key: String,
    /// UTC, `2026-12-01T09:00:00Z`.
    pub at: String,
}

impl KeyMove {
    /// Follows `moves` (in any order) from the `pinned` key to the newest key they reach.
    /// Each step must be sealed by the key it leaves; anything else is ignored. Answers
    /// the pinned key itself when no move starts from it.
    pub fn follow(pinned: &VerifyingKey, moves: &[Sealed]) -> VerifyingKey {
        let mut current = *pinned;
        // Each step leaves a key for another; a chain is at most as long as the moves.
        for _ in 0..moves.len() {
            let current_id = key_id(&current);
            let next = moves.iter().filter(|sealed| sealed.key_id == current_id).find_map(|sealed| {
                let step: KeyMove = sealed.open(&current, Purpose::KEY_MOVE).ok()?;
                let to = crate::kiosk::decode_public_key(&step.to_public_key)?;
                (step.from_key_id == current_id && step.to_key_id == key_id(&to)).then_some(to)
            });
            match next {
                Some(to) => current = to,
                None => break,
            }
        }
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::encode_public_key;
    use ed25519_dalek::SigningKey;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn moved(from: &SigningKey, to: &SigningKey) -> Sealed {
        let step = KeyMove {
            from_key_id: key_id(&from.verifying_key()),
            to_key_id: key_id(&to.verifying_key()),
            to_public_key: encode_public_key(&to.verifying_key()),
            at: "2026-12-01T00:00:00Z".into(),
        };
        Sealed::seal(from, Purpose::KEY_MOVE, &step)
    }

    #[test]
    fn a_ring_opens_what_each_of_its_keys_sealed() {
        let ring = KeyRing::new([key(1).verifying_key(), key(2).verifying_key()]);
        for seed in [1, 2] {
            let sealed = Sealed::seal(&key(seed), Purpose::NDA_EVIDENCE, &"record");
            assert_eq!(sealed.open_with::<String>(&ring, Purpose::NDA_EVIDENCE), Ok("record".into()));
        }
        let stranger = Sealed::seal(&key(3), Purpose::NDA_EVIDENCE, &"record");
        assert!(matches!(
            stranger.open_with::<String>(&ring, Purpose::NDA_EVIDENCE),
            Err(SealError::WrongKey { .. })
        ));
        // Claiming a trusted key id does not help a stranger.
        let claimed = Sealed { key_id: key_id(&key(1).verifying_key()), ..stranger };
        assert_eq!(claimed.open_with::<String>(&ring, Purpose::NDA_EVIDENCE), Err(SealError::BadSignature));
    }

    #[test]
    fn a_pinned_key_follows_moves_sealed_by_the_key_they_leave_and_no_others() {
        let (one, two, three, stranger) = (key(1), key(2), key(3), key(9));
        let pinned = one.verifying_key();
        assert_eq!(KeyMove::follow(&pinned, &[]), pinned);
        assert_eq!(KeyMove::follow(&pinned, &[moved(&one, &two)]), two.verifying_key());
        // Two rotations, listed newest first: followed in order of their links.
        let chain = [moved(&two, &three), moved(&one, &two)];
        assert_eq!(KeyMove::follow(&pinned, &chain), three.verifying_key());
        // A move that the pinned key did not seal moves nothing.
        assert_eq!(KeyMove::follow(&pinned, &[moved(&stranger, &two)]), pinned);
        let forged = Sealed { key_id: key_id(&pinned), ..moved(&stranger, &stranger) };
        assert_eq!(KeyMove::follow(&pinned, &[forged]), pinned);
        // A move for another purpose, sealed by the right key, is no move.
        let step: KeyMove = moved(&one, &stranger).open(&pinned, Purpose::KEY_MOVE).expect("genuine");
        let other_purpose = Sealed::seal(&one, Purpose::NDA_EVIDENCE, &step);
        assert_eq!(KeyMove::follow(&pinned, &[other_purpose]), pinned);
        // A loop ends.
        assert_eq!(KeyMove::follow(&pinned, &[moved(&one, &two), moved(&two, &one)]), pinned);
    }
}
