//! A PC/SC contactless reader (pcscd on Linux): the first reader found, GET DATA for the UID.

use super::{CardReader, CardUid, ReadError, uid_from_get_data_response};
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
        uid_from_get_data_response(card.transmit(&GET_UID, &mut answer)?)
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
    use std::process::{Child, Command};

    /// The emulated card, stopped when the test ends however it ends.
    struct Card(Child);

    impl Drop for Card {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    /// Needs pcscd with vsmartcard's virtual reader (Debian: pcscd, vsmartcard-vpcd) and
    /// python3; `tests/pcsc/vpcd_card.py` plays the card. Skipped unless
    /// `MAMORU_KIOSK_PCSC_TEST=1`; see `tests/pcsc/README.md`.
    #[test]
    fn reads_the_uid_of_a_card_placed_on_the_first_reader() {
        if std::env::var_os("MAMORU_KIOSK_PCSC_TEST").is_none() {
            eprintln!("skipped: set MAMORU_KIOSK_PCSC_TEST=1 with pcscd and vpcd running");
            return;
        }
        wait_for_a_reader(Duration::from_secs(10));
        let empty = PcscReader::with_card_timeout(Duration::from_secs(1)).read_uid();
        assert!(matches!(empty, Err(ReadError::NoCard)), "no card yet: {empty:?}");

        // A MIFARE card's 7-byte UID, then a FeliCa card's 8-byte IDm (most Japanese staff cards).
        for uid in ["04A1B2C3D4E5F6", "012E4CD1A0B3C5D7"] {
            let card = Card::place(uid);
            let read = PcscReader::with_card_timeout(Duration::from_secs(10)).read_uid().expect("a card UID");
            assert_eq!(read.to_string(), uid);
            drop(card);
            wait_until_empty(Duration::from_secs(10));
        }
    }

    impl Card {
        fn place(uid: &str) -> Card {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pcsc/vpcd_card.py");
            Card(Command::new("python3").args([script, uid]).spawn().expect("python3 runs"))
        }
    }

    /// Until pcscd lists a reader: a freshly started pcscd loads vpcd's driver after its
    /// socket appears. Waits on pcscd's plug-and-play event, not a pause.
    fn wait_for_a_reader(timeout: Duration) {
        let context = Context::establish(Scope::User).expect("a PC/SC context");
        let mut states = [ReaderState::new(pcsc::PNP_NOTIFICATION(), State::UNAWARE)];
        let deadline = Instant::now() + timeout;
        while first_reader(&context).is_err() {
            let remaining = deadline.saturating_duration_since(Instant::now());
            context.get_status_change(remaining, &mut states).expect("a reader appears in time");
            states[0].sync_current_state();
        }
    }

    /// Until pcscd reports the first reader empty: its own event, so the next card placed
    /// is not mistaken for the last.
    fn wait_until_empty(timeout: Duration) {
        let context = Context::establish(Scope::User).expect("a PC/SC context");
        let reader = first_reader(&context).expect("a reader");
        let mut states = [ReaderState::new(reader, State::UNAWARE)];
        let deadline = Instant::now() + timeout;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            context.get_status_change(remaining, &mut states).expect("the card is taken away in time");
            if states[0].event_state().contains(State::EMPTY) {
                return;
            }
            states[0].sync_current_state();
        }
    }
}
