//! What people give the kiosk: a scanned grant token or a typed pickup code, and a PIN.
//! Input is NFKC-normalised first, so full-width characters typed with a Japanese input
//! method read the same as ASCII.

use unicode_normalization::UnicodeNormalization;

/// Characters of pickup codes: no 0/O, 1/I/L or U (the server's alphabet).
const CODE_ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LEN: usize = 12;
/// Far longer than any grant token; anything longer is not one.
const MAX_INPUT_CHARS: usize = 4096;
const PIN_LEN: usize = 6;

/// What was scanned or typed on the start screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickupInput {
    /// A grant token (`key id.payload.signature`), from the QR code: verified offline.
    Token(String),
    /// A pickup code in its canonical form `XXXX-XXXX-XXXX`: looked up on the server.
    ShortCode(String),
}

impl PickupInput {
    /// `None` when the input can be neither.
    pub fn parse(input: &str) -> Option<PickupInput> {
        if input.chars().count() > MAX_INPUT_CHARS {
            return None;
        }
        let text: String = input.nfkc().collect();
        let text = text.trim();
        if let Some(code) = short_code(text) {
            return Some(PickupInput::ShortCode(code));
        }
        looks_like_token(text).then(|| PickupInput::Token(text.to_owned()))
    }
}

/// Forgives case, spaces and dashes: `abcd efgh-jkmn` → `ABCD-EFGH-JKMN`.
fn short_code(text: &str) -> Option<String> {
    let chars: Vec<char> =
        text.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if chars.len() != CODE_LEN || !chars.iter().all(|c| CODE_ALPHABET.contains(*c)) {
        return None;
    }
    Some(chars.chunks(4).map(|group| group.iter().collect::<String>()).collect::<Vec<_>>().join("-"))
}

/// Three non-empty base64url parts separated by dots; the seal check decides the rest.
fn looks_like_token(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// A six-digit PIN. Its `Debug` hides the digits so it never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    pub fn parse(input: &str) -> Option<Pin> {
        if input.chars().count() > MAX_INPUT_CHARS {
            return None;
        }
        let text: String = input.nfkc().filter(|c| !c.is_whitespace()).collect();
        (text.len() == PIN_LEN && text.chars().all(|c| c.is_ascii_digit())).then_some(Pin(text))
    }

    pub fn as_str(&self) -> &str {
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

    fn code(text: &str) -> Option<PickupInput> {
        PickupInput::parse(text)
    }

    #[test]
    fn pickup_codes_forgive_case_spaces_dashes_and_width() {
        let expected = Some(PickupInput::ShortCode("ABCD-EFGH-JKMN".into()));
        for typed in [
            "ABCD-EFGH-JKMN",
            "abcdefghjkmn",
            " abcd efgh jkmn ",
            "ab-cd-ef-gh-jk-mn",
            "ＡＢＣＤ－ＥＦＧＨ－ＪＫＭＮ",
        ] {
            assert_eq!(code(typed), expected, "{typed}");
        }
    }

    #[test]
    fn codes_outside_the_alphabet_or_length_are_refused() {
        for typed in
            ["", "   ", "ABCD-EFGH", "ABCD-EFGH-JKM0", "ABCD-EFGH-JKMI", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKMU"]
        {
            assert_eq!(code(typed), None, "{typed}");
        }
    }

    #[test]
    fn tokens_are_three_base64url_parts() {
        assert_eq!(code("0a1b.eyJh-_x.c2ln\n"), Some(PickupInput::Token("0a1b.eyJh-_x.c2ln".into())));
        for typed in ["a.b", "a.b.c.d", "a..c", "a.b c.d", "a.b+.c", "a.b.c=", "<script>.b.c"] {
            assert_eq!(code(typed), None, "{typed}");
        }
        assert_eq!(code(&format!("a.{}.c", "b".repeat(MAX_INPUT_CHARS))), None);
    }

    #[test]
    fn pins_are_six_digits() {
        assert_eq!(Pin::parse("012345").map(|p| p.as_str().to_owned()), Some("012345".into()));
        assert_eq!(Pin::parse(" ０１２３４５ ").map(|p| p.as_str().to_owned()), Some("012345".into()));
        for typed in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert_eq!(Pin::parse(typed), None, "{typed}");
        }
        assert_eq!(format!("{:?}", Pin::parse("123456")), "Some(Pin(******))");
    }
}
