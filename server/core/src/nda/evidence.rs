//! The evidence of a signature and the rules around it: what is recorded, how a typed name
//! is matched against the name on record, the verification code, and how much of a name a
//! public verifier may see.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// What the server records when someone signs. Sealed with the platform key
/// ([`mamoru_seal::Purpose::NDA_EVIDENCE`]) and never changed afterwards. Field order is
/// part of the sealed format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub agreement: String,
    pub version: u32,
    pub language: String,
    /// SHA-256 of the agreement text exactly as it was shown.
    pub text_sha256: String,
    /// The consent statements the signer ticked, word for word.
    pub consents: Vec<String>,
    pub signer_id: String,
    pub signer_name: String,
    pub typed_name: String,
    pub method: SignatureMethod,
    /// SHA-256 of the drawing's canonical JSON, when the signature was drawn.
    pub drawing_sha256: Option<String>,
    /// RFC 3339, UTC.
    pub signed_at: String,
    pub ip: String,
    pub user_agent: String,
    pub verification_code: String,
}

pub use mamoru_types::nda::SignatureMethod;

/// Whether a typed name is the name on record: equal after Unicode NFKC normalisation
/// (full-width and half-width forms fold together) with all spaces removed.
pub fn names_match(typed: &str, on_record: &str) -> bool {
    let fold = |name: &str| name.nfkc().filter(|c| !c.is_whitespace()).collect::<String>();
    let typed = fold(typed);
    !typed.is_empty() && typed == fold(on_record)
}

/// A name for public eyes: the first character of each part, the rest hidden.
/// `山田 花子` → `山* 花*`.
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(String::from).unwrap_or_default();
            first + &"*".repeat(chars.count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_widths_and_spaces() {
        assert!(names_match("山田 花子", "山田 花子"));
        assert!(names_match("山田花子", "山田　花子"));
        assert!(names_match(" 山田　 花子 ", "山田 花子"));
        assert!(names_match("ﾔﾏﾀﾞ ﾊﾅｺ", "ヤマダ ハナコ"));
        assert!(names_match("Ｙａｍａｄａ Ｈａｎａｋｏ", "Yamada Hanako"));
        assert!(names_match("YamadaHanako", "Yamada Hanako"));
    }

    #[test]
    fn other_names_do_not_match() {
        assert!(!names_match("山田 太郎", "山田 花子"));
        assert!(!names_match("yamada hanako", "Yamada Hanako"));
        assert!(!names_match("", "山田 花子"));
        assert!(!names_match("   ", "   "));
        assert!(!names_match("山田", "山田 花子"));
    }

    #[test]
    fn masks_all_but_the_first_character_of_each_part() {
        assert_eq!(mask_name("山田 花子"), "山* 花*");
        assert_eq!(mask_name("Yamada Hanako"), "Y***** H*****");
        assert_eq!(mask_name("李"), "李");
    }
}
