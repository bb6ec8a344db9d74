//! Sign-in throttling rules, as plain functions over counters the store keeps.
//!
//! Two counters: one per email address (known or not, so locking reveals nothing about
//! which accounts exist) and one per client IP address.

/// Failures allowed for one email address before it locks.
pub const EMAIL_FAILURES_BEFORE_LOCK: i64 = 5;
/// An email address's failure count is forgotten after a quiet day.
pub const EMAIL_WINDOW_SECS: i64 = 24 * 60 * 60;
/// Failures allowed from one IP address within [`IP_WINDOW_SECS`].
pub const IP_FAILURE_LIMIT: i64 = 30;
pub const IP_WINDOW_SECS: i64 = 15 * 60;
const BASE_LOCK_SECS: i64 = 60;
const MAX_LOCK_SECS: i64 = 60 * 60;

/// How long an email address stays locked after its `failures`-th failure: nothing
/// before the fifth, then one minute, doubling with each further failure, at most an hour.
pub fn lock_secs(failures: i64) -> i64 {
    if failures < EMAIL_FAILURES_BEFORE_LOCK {
        return 0;
    }
    let doublings = u32::try_from(failures - EMAIL_FAILURES_BEFORE_LOCK).unwrap_or(u32::MAX).min(6);
    (BASE_LOCK_SECS << doublings).min(MAX_LOCK_SECS)
}

/// The store key of an email address's counter (hashed: the table holds no addresses).
pub fn email_key(email: &crate::domain::Email) -> String {
    format!("email:{}", super::tokens::hash_token(email.as_str()))
}

pub fn ip_key(ip: std::net::IpAddr) -> String {
    format!("ip:{ip}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_grows_from_the_fifth_failure_and_is_capped() {
        assert_eq!((1..5).map(lock_secs).collect::<Vec<_>>(), vec![0, 0, 0, 0]);
        assert_eq!(lock_secs(5), 60);
        assert_eq!(lock_secs(6), 120);
        assert_eq!(lock_secs(7), 240);
        assert_eq!(lock_secs(11), 3600);
        assert_eq!(lock_secs(1000), 3600);
    }
}
