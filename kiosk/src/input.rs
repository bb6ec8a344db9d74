//! What people give the kiosk: a scanned grant token or a typed pickup code, and a PIN.
//! Input is NFKC-normalised first, so full-width characters typed with a Japanese input
//! method read the same as ASCII.

pub use mamoru_seal::codes::Pin;
use mamoru_seal::codes::{MAX_INPUT_CHARS, parse_short_code};
use unicode_normalization::UnicodeNormalization;

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
        if let Some(code) = parse_short_code(text) {
            return Some(PickupInput::ShortCode(code));
        }
        looks_like_token(text).then(|| PickupInput::Token(text.to_owned()))
    }
}

/// Three non-empty base64url parts separated by dots; the seal check decides the rest.
fn looks_like_token(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
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
        assert_eq!(Pin::parse("012345").map(|p| p.expose().to_owned()), Some("012345".into()));
        assert_eq!(Pin::parse(" ０１２３４５ ").map(|p| p.expose().to_owned()), Some("012345".into()));
        for typed in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert_eq!(Pin::parse(typed), None, "{typed}");
        }
        assert_eq!(format!("{:?}", Pin::parse("123456")), "Some(Pin(******))");
    }
}
