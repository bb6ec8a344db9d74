//! Secret tokens (sessions, invites, setup links): 256 random bits, sent to the holder
//! once, stored only as a SHA-256 hash so a copy of the database opens nothing.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use mamoru_seal::codes::{CODE_ALPHABET, CODE_LEN, grouped};
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// A freshly minted secret token and the hash to store for it.
pub struct NewToken {
    pub secret: String,
    pub hash: String,
}

pub fn new_token() -> NewToken {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&secret);
    NewToken { secret, hash }
}

pub fn hash_token(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A random 128-bit identifier in hex (user ids, invite ids).
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A fresh short code, `XXXX-XXXX-XXXX` (about 59 bits): verification codes and card
/// pickup codes. Typed codes are read by [`mamoru_seal::codes::parse_short_code`].
pub fn new_short_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> =
        (0..CODE_LEN).map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())])).collect();
    grouped(&chars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_hash_to_what_is_stored() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a.secret, b.secret);
        assert_eq!(a.secret.len(), 43);
        assert_eq!(hash_token(&a.secret), a.hash);
        assert_ne!(a.hash, b.hash);
    }

    #[test]
    fn short_codes_are_grouped_and_parse_back() {
        let code = new_short_code();
        assert_eq!(code.len(), 14);
        assert_eq!(mamoru_seal::codes::parse_short_code(&code).as_deref(), Some(code.as_str()));
        assert_ne!(new_short_code(), code);
    }
}
