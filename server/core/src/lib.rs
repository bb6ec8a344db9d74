//! Mamoru's server core, without HTTP and without Leptos: the store, the rules and the
//! services (accounts, the course, the agreement, cards and kiosks, HR's side, the audit
//! log, keys), and the built-in content. It depends on `mamoru-types`, `mamoru-seal` and
//! the database driver; the UI crate's server functions and the `mamoru` binary depend on
//! it. Services take [`Core`].

pub mod accounts;
pub mod audit;
pub mod cards;
pub mod checkpoint;
pub mod client_addr;
pub mod clock;
pub mod course;
pub mod devices;
pub mod door;
pub mod exceptions;
pub mod hires;
pub mod keys;
pub mod kiosk;
pub mod learning;
pub mod mail;
pub mod managers;
pub mod nda;
pub mod password;
pub mod password_reset;
pub mod pdf;
pub mod qr;
pub mod round;
pub mod second_factor;
pub mod session;
pub mod settings;
pub mod sso;
pub mod store;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod throttle;
pub mod tokens;
pub mod totp;
pub mod webhooks;

use std::sync::Arc;

pub use clock::{Clock, ManualClock, SystemClock};
pub use keys::PlatformKey;
pub use settings::Settings;

/// Everything a service needs, cheap to clone: the store, the settings, the clock, the
/// keys, the course and agreements, the mailer and the hashing bound. No web framework:
/// services take `&Core`.
#[derive(Clone)]
pub struct Core {
    pub store: store::Store,
    pub settings: Arc<Settings>,
    pub clock: Arc<dyn Clock>,
    pub keys: Arc<PlatformKey>,
    pub course: Arc<course::Course>,
    pub agreements: Arc<nda::Agreements>,
    /// None when SMTP is not configured: reminders are then sent by hand.
    pub mailer: Option<mail::Mailer>,
    /// Every password and PIN hash goes through this one bound.
    pub hasher: password::Hasher,
    /// The identity provider staff may sign in with, when one is configured.
    pub sso: Option<Arc<sso::Sso>>,
}

impl Core {
    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}

/// Pages of `page_size` needed for `total` rows; at least one (an empty list is page 1 of 1).
pub fn page_count(total: usize, page_size: usize) -> u32 {
    u32::try_from(total.div_ceil(page_size).max(1)).unwrap_or(u32::MAX)
}
