//! The card-reader seam: a trait the kiosk reads card UIDs through, a simulated reader for
//! development and tests, and a PC/SC reader behind the `pcsc` feature.

#[cfg(feature = "pcsc")]
mod pcsc;

#[cfg(feature = "pcsc")]
pub use self::pcsc::PcscReader;

pub use mamoru_seal::card_uid::{CardUid, UidError};
use rand::RngCore;

/// Reads the UID of the card on the reader. Blocking: call it from `spawn_blocking`.
pub trait CardReader: Send + Sync {
    fn read_uid(&self) -> Result<CardUid, ReadError>;
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

/// The UID from the answer to the PC/SC pseudo-APDU GET DATA (`FF CA 00 00 00`): the
/// UID bytes (a FeliCa card's IDm, on FeliCa readers) followed by the status word, which
/// must be `90 00`.
pub fn uid_from_get_data_response(answer: &[u8]) -> Result<CardUid, ReadError> {
    let split = answer.len().checked_sub(2).ok_or(ReadError::ShortAnswer)?;
    let (uid, status) = answer.split_at(split);
    match status {
        [0x90, 0x00] => Ok(CardUid::from_bytes(uid)?),
        [sw1, sw2] => Err(ReadError::Status { sw1: *sw1, sw2: *sw2 }),
        _ => Err(ReadError::ShortAnswer),
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
    fn get_data_answers_need_status_90_00() {
        let uid = uid_from_get_data_response(&[0x04, 0xA1, 0xB2, 0xC3, 0x90, 0x00]).expect("a UID");
        assert_eq!(uid.to_string(), "04A1B2C3");
        let idm = [0x01, 0x2E, 0x4C, 0xD1, 0xA0, 0xB3, 0xC5, 0xD7, 0x90, 0x00];
        assert_eq!(uid_from_get_data_response(&idm).expect("a FeliCa IDm").to_string(), "012E4CD1A0B3C5D7");
        assert!(matches!(
            uid_from_get_data_response(&[0x6A, 0x81]),
            Err(ReadError::Status { sw1: 0x6A, sw2: 0x81 })
        ));
        assert!(matches!(uid_from_get_data_response(&[0x90]), Err(ReadError::ShortAnswer)));
        assert!(matches!(
            uid_from_get_data_response(&[0x04, 0xA1, 0x90, 0x00]),
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
