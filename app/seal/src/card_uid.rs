//! A staff card's identifier as readers answer it and the server stores it: the ISO/IEC
//! 14443-3 UID of a MIFARE-style card (4, 7 or 10 bytes: single, double, triple size) or
//! the IDm of a FeliCa card (8 bytes), the card most Japanese offices use. Written as
//! uppercase hex, e.g. `04A1B2C3D4E5F6` or `012E4CD1A0B3C5D7`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The longest text [`CardUid::parse`] reads: a 10-byte UID with a separator between
/// every byte. Longer text is refused before any work.
const MAX_TEXT_LEN: usize = 10 * 3;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CardUid(Vec<u8>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UidError {
    #[error("a card UID is 4, 7 or 10 bytes long (a FeliCa IDm 8), not {0}")]
    Length(usize),
    #[error("a card UID is written as hexadecimal digits")]
    NotHex,
}

impl CardUid {
    pub fn from_bytes(bytes: &[u8]) -> Result<CardUid, UidError> {
        match bytes.len() {
            4 | 7 | 8 | 10 => Ok(CardUid(bytes.to_vec())),
            other => Err(UidError::Length(other)),
        }
    }

    /// Reads hex in either case; spaces and colons between bytes are allowed.
    pub fn parse(text: &str) -> Result<CardUid, UidError> {
        let text = text.trim();
        if text.len() > MAX_TEXT_LEN {
            return Err(UidError::Length(text.len() / 2));
        }
        let digits: String = text.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
        CardUid::from_bytes(&hex::decode(digits).map_err(|_| UidError::NotHex)?)
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Display for CardUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode_upper(&self.0))
    }
}

impl fmt::Debug for CardUid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardUid({self})")
    }
}

impl std::str::FromStr for CardUid {
    type Err = UidError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        CardUid::parse(text)
    }
}

/// On the wire as its hex text, so a request with a malformed UID does not parse at all.
impl Serialize for CardUid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CardUid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CardUid::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_4_7_or_10_bytes_and_felica_idms_8_in_uppercase_hex() {
        let uid = CardUid::parse(" 04a1b2c3d4e5f6 ").expect("a 7-byte UID");
        assert_eq!(uid.to_string(), "04A1B2C3D4E5F6");
        assert_eq!(uid.as_bytes(), [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]);
        assert_eq!(CardUid::parse("04:A1:B2:C3").expect("4 bytes").to_string(), "04A1B2C3");
        assert_eq!(CardUid::parse("012e4cd1a0b3c5d7").expect("a FeliCa IDm").to_string(), "012E4CD1A0B3C5D7");
        assert_eq!("00112233445566778899".parse::<CardUid>().expect("10 bytes").as_bytes().len(), 10);
        assert_eq!(
            CardUid::parse("00:11:22:33:44:55:66:77:88:99").expect("10 bytes with colons").as_bytes().len(),
            10
        );
        for (bad, error) in [
            ("04A1B2", UidError::Length(3)),
            ("04A1B2C3D4", UidError::Length(5)),
            ("04A1B2C3D4E5F6A1B2", UidError::Length(9)),
            ("", UidError::Length(0)),
            ("04A1B2C", UidError::NotHex),
            ("04A1B2CG", UidError::NotHex),
        ] {
            assert_eq!(CardUid::parse(bad), Err(error), "{bad}");
        }
        assert!(matches!(CardUid::parse(&"0".repeat(10_000)), Err(UidError::Length(_))), "refused unread");
    }

    #[test]
    fn on_the_wire_a_uid_is_its_text_and_a_bad_one_does_not_parse() {
        let uid = CardUid::parse("012E4CD1A0B3C5D7").expect("a FeliCa IDm");
        assert_eq!(serde_json::to_string(&uid).expect("json"), r#""012E4CD1A0B3C5D7""#);
        assert_eq!(serde_json::from_str::<CardUid>(r#""012e4cd1a0b3c5d7""#).expect("parses"), uid);
        for bad in [r#""not hex""#, r#""DEADBE""#, "12", "null"] {
            assert!(serde_json::from_str::<CardUid>(bad).is_err(), "{bad}");
        }
    }
}
