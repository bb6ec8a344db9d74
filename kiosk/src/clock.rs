//! Time, behind a trait so tests can move it forward without sleeping.

use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub trait Clock: Send + Sync {
    /// Wall-clock time in Unix seconds: grant expiry and request signatures.
    fn unix_seconds(&self) -> i64;
    /// Time since an arbitrary origin that never jumps: idle timeouts.
    fn monotonic(&self) -> Duration;
}

/// The machine's clocks.
#[derive(Debug)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    pub fn new() -> Self {
        Self { origin: Instant::now() }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn unix_seconds(&self) -> i64 {
        // A clock set before 1970 reads as 1970: grants then look unexpired only if the
        // server also thinks so, and the server checks the time of every request.
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    }

    fn monotonic(&self) -> Duration {
        self.origin.elapsed()
    }
}

/// A clock that moves only when told to: both readings advance together.
#[derive(Debug)]
pub struct ManualClock {
    state: Mutex<(i64, Duration)>,
}

impl ManualClock {
    pub fn at_unix(seconds: i64) -> Self {
        Self { state: Mutex::new((seconds, Duration::ZERO)) }
    }

    pub fn advance(&self, by: Duration) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.0 += i64::try_from(by.as_secs()).unwrap_or(i64::MAX);
        state.1 += by;
    }

    fn read(&self) -> (i64, Duration) {
        *self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clock for ManualClock {
    fn unix_seconds(&self) -> i64 {
        self.read().0
    }

    fn monotonic(&self) -> Duration {
        self.read().1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_advanced() {
        let clock = ManualClock::at_unix(1_000);
        assert_eq!((clock.unix_seconds(), clock.monotonic()), (1_000, Duration::ZERO));
        clock.advance(Duration::from_secs(61));
        assert_eq!((clock.unix_seconds(), clock.monotonic()), (1_061, Duration::from_secs(61)));
    }
}
