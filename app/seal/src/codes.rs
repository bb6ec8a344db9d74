//! What people type: short codes (agreement verification codes, card pickup codes) and
//! six-digit PINs, read the same by the server and the kiosk. Input is NFKC-normalised
//! first, so full-width characters from a Japanese input method read as ASCII.

use unicode_normalization::UnicodeNormalization;

/// Characters of short codes: no 0/O, 1/I/L or U, so nobody misreads one.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a short code, without its dashes (about 59 bits).
pub const CODE_LEN: usize = 12;
/// Far longer than any code, PIN or grant token: anything longer is refused unread.
pub const MAX_INPUT_CHARS: usize = 4096;

/// `ABCDEFGHJKMN` → `ABCD-EFGH-JKMN`, the form codes are shown and stored in.
pub fn grouped(chars: &[char]) -> String {
    chars.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A typed short code in its stored form, forgiving case, width, spaces and dashes;
/// `None` when it cannot be one.
pub fn parse_short_code(input: &str) -> Option<String> {
    if input.chars().count() > MAX_INPUT_CHARS {
        return None;
    }
    let chars: Vec<char> =
        input.nfkc().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    let valid =
        chars.len() == CODE_LEN && chars.iter().all(|c| c.is_ascii() && CODE_ALPHABET.contains(&(*c as u8)));
    valid.then(|| grouped(&chars))
}

/// A six-digit PIN. Its `Debug` hides the digits so it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub const LEN: usize = 6;

    /// Forgives spaces and full-width digits.
    pub fn parse(input: &str) -> Option<Pin> {
        if input.chars().count() > MAX_INPUT_CHARS {
            return None;
        }
        let digits: String = input.nfkc().filter(|c| !c.is_whitespace()).collect();
        (digits.len() == Self::LEN && digits.bytes().all(|b| b.is_ascii_digit())).then_some(Pin(digits))
    }

    /// The PIN of a number below a million, zero-padded (`42` → `000042`).
    pub fn from_number(number: u32) -> Pin {
        Pin(format!("{:06}", number % 1_000_000))
    }

    /// The digits, for hashing, sending or showing once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(******)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_codes_forgive_case_width_spaces_and_dashes() {
        for typed in ["ABCD-EFGH-JKMN", "abcd efgh jkmn", "ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ", " abcdefghjkmn "]
        {
            assert_eq!(parse_short_code(typed).as_deref(), Some("ABCD-EFGH-JKMN"), "{typed}");
        }
    }

    #[test]
    fn codes_outside_the_alphabet_or_length_are_refused() {
        for bad in ["ABCD-EFGH", "ABCD-EFGH-JKM0", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKMI", ""] {
            assert_eq!(parse_short_code(bad), None, "{bad}");
        }
        assert_eq!(parse_short_code(&"A".repeat(MAX_INPUT_CHARS + 1)), None);
    }

    #[test]
    fn pins_are_six_digits_and_never_shown_in_debug() {
        assert_eq!(Pin::parse("012345").map(|p| p.expose().to_owned()), Some("012345".into()));
        assert_eq!(Pin::parse(" ０１２ ３４５ ").map(|p| p.expose().to_owned()), Some("012345".into()));
        for bad in ["12345", "1234567", "12345a", "", "１２３４５"] {
            assert_eq!(Pin::parse(bad), None, "{bad}");
        }
        assert_eq!(format!("{:?}", Pin::parse("012345")), "Some(Pin(******))");
        assert_eq!(Pin::from_number(42).expose(), "000042");
    }
}
