//! Sign-in throttling rules, as plain data over counters the store keeps.
//!
//! Every sign-in reserves its attempt on two counters **before** the password is hashed,
//! each in one statement ([`crate::store::throttle::reserve`]), so a burst of
//! simultaneous attempts cannot get more checks than the rule allows:
//! - one per email address ([`ACCOUNT`]; known or not, so locking reveals nothing about
//!   which accounts exist): the fifth attempt in a day locks it for a minute, each further
//!   one for twice as long, at most an hour. Nobody signs in to a locked address, not even
//!   with the right password, until the lock ends.
//! - one per client address ([`ADDRESS`]) against password spraying (many accounts tried
//!   from one place): thirty failures in a quarter hour lock the address for a quarter
//!   hour. A browser that has signed in to the account before (a *known device*, see
//!   `devices`) is exempt, so a person who knows their password is not
//!   locked out because someone else at the same office or behind the same proxy is
//!   guessing.

/// A counter's rule: how long it remembers, and which attempt locks for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The count starts over when this long has passed since its first attempt.
    pub window_secs: i64,
    /// The attempt (counting from 1) that locks first.
    pub lock_from: i64,
    /// How long that attempt and each one after it lock; the last length repeats.
    pub locks: &'static [i64],
}

/// Attempts to sign in to one email address.
pub const ACCOUNT: Rule =
    Rule { window_secs: 24 * 60 * 60, lock_from: 5, locks: &[60, 120, 240, 480, 960, 1920, 3600] };

/// Failed sign-ins from one client address by browsers that are not known devices.
pub const ADDRESS: Rule = Rule { window_secs: 15 * 60, lock_from: 30, locks: &[15 * 60] };

impl Rule {
    /// How long the `attempt`-th attempt within a window locks the counter (0: not at all).
    pub fn lock_secs(&self, attempt: i64) -> i64 {
        if attempt < self.lock_from {
            return 0;
        }
        let index = usize::try_from(attempt - self.lock_from).unwrap_or(usize::MAX);
        self.locks.get(index).or(self.locks.last()).copied().unwrap_or(0)
    }

    /// The number of attempts whose lock lengths differ: past them the last one repeats.
    pub fn distinct_attempts(&self) -> std::ops::RangeInclusive<i64> {
        let len = i64::try_from(self.locks.len()).unwrap_or(i64::MAX);
        self.lock_from..=self.lock_from.saturating_add(len).saturating_sub(1)
    }
}

/// The store key of an email address's counter (hashed: the table holds no addresses).
pub fn email_key(email: &mamoru_types::domain::Email) -> String {
    format!("email:{}", crate::tokens::hash_token(email.as_str()))
}

pub fn ip_key(ip: std::net::IpAddr) -> String {
    format!("ip:{ip}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_locks_from_the_fifth_attempt_for_a_growing_time() {
        assert_eq!((1..5).map(|n| ACCOUNT.lock_secs(n)).collect::<Vec<_>>(), vec![0, 0, 0, 0]);
        assert_eq!(ACCOUNT.lock_secs(5), 60);
        assert_eq!(ACCOUNT.lock_secs(6), 120);
        assert_eq!(ACCOUNT.lock_secs(7), 240);
        assert_eq!(ACCOUNT.lock_secs(11), 3600);
        assert_eq!(ACCOUNT.lock_secs(1000), 3600);
        assert_eq!(ACCOUNT.distinct_attempts(), 5..=11);
    }

    #[test]
    fn an_address_locks_at_its_thirtieth_failure_for_its_window() {
        assert_eq!(ADDRESS.lock_secs(29), 0);
        assert_eq!(ADDRESS.lock_secs(30), ADDRESS.window_secs);
        assert_eq!(ADDRESS.lock_secs(31), ADDRESS.window_secs);
        assert_eq!(ADDRESS.distinct_attempts(), 30..=30);
    }
}
