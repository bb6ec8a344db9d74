//! A PC/SC contactless reader (pcscd on Linux): the first reader found, GET DATA for the UID.

use super::{CardReader, CardUid, ReadError};
use pcsc::{Context, Protocols, ReaderState, Scope, ShareMode, State};
use std::ffi::CString;
use std::time::{Duration, Instant};

/// GET DATA, UID: a pseudo-APDU that PC/SC contactless readers answer themselves.
const GET_UID: [u8; 5] = [0xFF, 0xCA, 0x00, 0x00, 0x00];

#[derive(Debug, Clone)]
pub struct PcscReader {
    card_timeout: Duration,
}

impl PcscReader {
    /// How long a read waits for a card to be placed.
    pub const DEFAULT_CARD_TIMEOUT: Duration = Duration::from_secs(20);

    pub fn new() -> Self {
        Self::with_card_timeout(Self::DEFAULT_CARD_TIMEOUT)
    }

    pub fn with_card_timeout(card_timeout: Duration) -> Self {
        Self { card_timeout }
    }
}

impl Default for PcscReader {
    fn default() -> Self {
        Self::new()
    }
}

impl CardReader for PcscReader {
    fn read_uid(&self) -> Result<CardUid, ReadError> {
        // A fresh context per read survives pcscd restarts and unplugged readers.
        let context = Context::establish(Scope::User)?;
        let reader = first_reader(&context)?;
        wait_for_card(&context, &reader, self.card_timeout)?;
        let card = context.connect(&reader, ShareMode::Shared, Protocols::ANY)?;
        let mut answer = [0u8; pcsc::MAX_BUFFER_SIZE];
        CardUid::from_get_data_response(card.transmit(&GET_UID, &mut answer)?)
    }
}

fn first_reader(context: &Context) -> Result<CString, ReadError> {
    match context.list_readers_owned() {
        Ok(readers) => readers.into_iter().next().ok_or(ReadError::NoReader),
        Err(pcsc::Error::NoReadersAvailable) => Err(ReadError::NoReader),
        Err(other) => Err(other.into()),
    }
}

fn wait_for_card(context: &Context, reader: &CString, timeout: Duration) -> Result<(), ReadError> {
    let deadline = Instant::now() + timeout;
    let mut states = [ReaderState::new(reader.clone(), State::UNAWARE)];
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        match context.get_status_change(remaining, &mut states) {
            Ok(()) => {}
            Err(pcsc::Error::Timeout) => return Err(ReadError::NoCard),
            Err(other) => return Err(other.into()),
        }
        let state = states[0].event_state();
        if state.intersects(State::UNKNOWN | State::UNAVAILABLE | State::IGNORE) {
            return Err(ReadError::NoReader);
        }
        if state.contains(State::PRESENT) && !state.contains(State::MUTE) {
            return Ok(());
        }
        if remaining.is_zero() {
            return Err(ReadError::NoCard);
        }
        states[0].sync_current_state();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Needs pcscd with a reader and a card that answers GET DATA; see the kiosk README
    /// section in the crate docs. Run with `MAMORU_KIOSK_PCSC_TEST=1`.
    #[test]
    fn reads_a_uid_from_the_first_reader() {
        if std::env::var_os("MAMORU_KIOSK_PCSC_TEST").is_none() {
            return;
        }
        let uid = PcscReader::with_card_timeout(Duration::from_secs(5)).read_uid().expect("a card UID");
        if let Ok(expected) = std::env::var("MAMORU_KIOSK_PCSC_EXPECTED_UID") {
            assert_eq!(uid.to_string(), expected);
        }
    }
}
