//! The card-reader seam: a trait the kiosk reads card UIDs through, a simulated reader for
//! development and tests, and a PC/SC reader behind the `pcsc` feature.

#[cfg(feature = "pcsc")]
mod pcsc;

#[cfg(feature = "pcsc")]
pub use self::pcsc::PcscReader;

use rand::RngCore;
use std::fmt;

/// Reads the UID of the card on the reader. Blocking: call it from `spawn_blocking`.
pub trait CardReader: Send + Sync {
    fn read_uid(&self) -> Result<CardUid, ReadError>;
}

/// A contactless card's UID: 4, 7 or 10 bytes (ISO/IEC 14443-3 single, double and triple
/// size). Written as uppercase hex, e.g. `04A1B2C3D4E5F6`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CardUid(Vec<u8>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UidError {
    #[error("a card UID is 4, 7 or 10 bytes long, not {0}")]
    Length(usize),
    #[error("a card UID is written as hexadecimal digits")]
    NotHex,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("no card reader is connected")]
    NoReader,
    #[error("no card was placed on the reader in time")]
    NoCard,
    #[error("the reader answered status {sw1:02X} {sw2:02X} instead of 90 00")]
    Status { sw1: u8, sw2: u8 },
    #[error("the reader's answer is too short to hold a status word")]
    ShortAnswer,
    #[error("the card's UID is not valid: {0}")]
    Uid(#[from] UidError),
    #[error("the simulated reader was told to fail")]
    Simulated,
    #[cfg(feature = "pcsc")]
    #[error("PC/SC: {0}")]
    Pcsc(#[from] ::pcsc::Error),
}

impl CardUid {
    pub fn from_bytes(bytes: &[u8]) -> Result<CardUid, UidError> {
        match bytes.len() {
            4 | 7 | 10 => Ok(CardUid(bytes.to_vec())),
            other => Err(UidError::Length(other)),
        }
    }

    /// Reads hex in either case; spaces and colons between bytes are allowed.
    pub fn parse(text: &str) -> Result<CardUid, UidError> {
        let digits: String = text.chars().filter(|c| !c.is_whitespace() && *c != ':').collect();
        CardUid::from_bytes(&hex::decode(digits).map_err(|_| UidError::NotHex)?)
    }

    /// The UID from the answer to the PC/SC pseudo-APDU GET DATA (`FF CA 00 00 00`): the
    /// UID bytes followed by the status word, which must be `90 00`.
    pub fn from_get_data_response(answer: &[u8]) -> Result<CardUid, ReadError> {
        let split = answer.len().checked_sub(2).ok_or(ReadError::ShortAnswer)?;
        let (uid, status) = answer.split_at(split);
        match status {
            [0x90, 0x00] => Ok(CardUid::from_bytes(uid)?),
            [sw1, sw2] => Err(ReadError::Status { sw1: *sw1, sw2: *sw2 }),
            _ => Err(ReadError::ShortAnswer),
        }
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

/// A reader without hardware: for development, demos and tests.
#[derive(Debug, Clone)]
pub struct SimulatedReader {
    behaviour: Behaviour,
}

#[derive(Debug, Clone)]
enum Behaviour {
    Random,
    Fixed(CardUid),
    Failing,
}

impl SimulatedReader {
    /// Every read finds a fresh card with a random 7-byte UID starting with 0x04 (the NXP
    /// manufacturer byte, like most blank staff cards).
    pub fn new() -> Self {
        Self { behaviour: Behaviour::Random }
    }

    /// Every read finds the same card.
    pub fn fixed(uid: CardUid) -> Self {
        Self { behaviour: Behaviour::Fixed(uid) }
    }

    /// Every read fails, as if no card were placed.
    pub fn failing() -> Self {
        Self { behaviour: Behaviour::Failing }
    }
}

impl Default for SimulatedReader {
    fn default() -> Self {
        Self::new()
    }
}

impl CardReader for SimulatedReader {
    fn read_uid(&self) -> Result<CardUid, ReadError> {
        match &self.behaviour {
            Behaviour::Random => {
                let mut bytes = [0u8; 7];
                rand::rng().fill_bytes(&mut bytes[1..]);
                bytes[0] = 0x04;
                Ok(CardUid::from_bytes(&bytes)?)
            }
            Behaviour::Fixed(uid) => Ok(uid.clone()),
            Behaviour::Failing => Err(ReadError::Simulated),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_4_7_or_10_bytes_in_uppercase_hex() {
        let uid = CardUid::parse("04a1b2c3d4e5f6").expect("a 7-byte UID");
        assert_eq!(uid.to_string(), "04A1B2C3D4E5F6");
        assert_eq!(uid.as_bytes(), [0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]);
        assert_eq!(CardUid::parse("04:A1:B2:C3").expect("4 bytes").to_string(), "04A1B2C3");
        assert_eq!("00112233445566778899".parse::<CardUid>().expect("10 bytes").as_bytes().len(), 10);
        assert_eq!(CardUid::parse("04A1B2"), Err(UidError::Length(3)));
        assert_eq!(CardUid::parse("04A1B2C3D4"), Err(UidError::Length(5)));
        assert_eq!(CardUid::parse(""), Err(UidError::Length(0)));
        assert_eq!(CardUid::parse("04A1B2C"), Err(UidError::NotHex));
        assert_eq!(CardUid::parse("04A1B2CG"), Err(UidError::NotHex));
    }

    #[test]
    fn get_data_answers_need_status_90_00() {
        let uid = CardUid::from_get_data_response(&[0x04, 0xA1, 0xB2, 0xC3, 0x90, 0x00]).expect("a UID");
        assert_eq!(uid.to_string(), "04A1B2C3");
        assert!(matches!(
            CardUid::from_get_data_response(&[0x6A, 0x81]),
            Err(ReadError::Status { sw1: 0x6A, sw2: 0x81 })
        ));
        assert!(matches!(CardUid::from_get_data_response(&[0x90]), Err(ReadError::ShortAnswer)));
        assert!(matches!(
            CardUid::from_get_data_response(&[0x04, 0xA1, 0x90, 0x00]),
            Err(ReadError::Uid(UidError::Length(2)))
        ));
    }

    #[test]
    fn the_simulated_reader_finds_fresh_nxp_like_cards() {
        let reader = SimulatedReader::new();
        let first = reader.read_uid().expect("a card");
        let second = reader.read_uid().expect("a card");
        assert_eq!(first.as_bytes().len(), 7);
        assert_eq!(first.as_bytes()[0], 0x04);
        assert_ne!(first, second);
        let fixed = CardUid::parse("04A1B2C3D4E5F6").expect("a UID");
        assert_eq!(SimulatedReader::fixed(fixed.clone()).read_uid().expect("a card"), fixed);
        assert!(matches!(SimulatedReader::failing().read_uid(), Err(ReadError::Simulated)));
    }
}
