//! Secret tokens (sessions, invites, setup links): 256 random bits, sent to the holder
//! once, stored only as a SHA-256 hash so a copy of the database opens nothing.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

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

/// Characters of short codes people type: no 0/O, 1/I/L or U, all upper case.
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LEN: usize = 12;

/// A fresh short code, `XXXX-XXXX-XXXX` (about 59 bits): verification codes and card
/// pickup codes.
pub fn new_short_code() -> String {
    let mut rng = rand::rng();
    let chars: Vec<char> =
        (0..CODE_LEN).map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())])).collect();
    grouped(&chars)
}

/// `ABCDEFGHJKMN` → `ABCD-EFGH-JKMN`.
fn grouped(chars: &[char]) -> String {
    chars.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A typed short code in its stored form, forgiving case, width, spaces and dashes;
/// `None` when it cannot be one.
pub fn parse_short_code(input: &str) -> Option<String> {
    let chars: Vec<char> =
        input.nfkc().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if chars.len() != CODE_LEN || !chars.iter().all(|c| c.is_ascii() && CODE_ALPHABET.contains(&(*c as u8))) {
        return None;
    }
    Some(grouped(&chars))
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
        assert_eq!(parse_short_code(&code).as_deref(), Some(code.as_str()));
        assert_eq!(parse_short_code(&code.to_lowercase().replace('-', " ")).as_deref(), Some(code.as_str()));
        assert_ne!(new_short_code(), code);
    }

    #[test]
    fn malformed_codes_are_refused() {
        assert_eq!(parse_short_code("ABCD-EFGH"), None);
        assert_eq!(parse_short_code("ABCD-EFGH-JKM0"), None);
        assert_eq!(parse_short_code("ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ").as_deref(), Some("ABCD-EFGH-JKMN"));
    }
}
