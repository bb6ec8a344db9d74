//! The part of the configuration that request handling needs. The `server` crate reads
//! and validates the full configuration and hands this over.

/// Validated settings, built by the server's config loader.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Base URL people reach Mamoru at, without a trailing slash (used in printed links).
    pub public_url: String,
    /// `Secure` cookies with the `__Host-` prefix. Off only for plain-HTTP local runs.
    pub cookie_secure: bool,
    pub session_idle_secs: i64,
    pub session_absolute_secs: i64,
    pub invite_ttl_secs: i64,
    /// How long a completed round of training and agreement holds.
    pub certification_secs: i64,
    /// The longest device or media exception a person may ask for, in days.
    pub exception_max_days: i64,
    /// A card whose holder's training expired leaves the door systems' active list
    /// (otherwise it stays, with its valid-until, for the door system to decide).
    pub expired_cards_leave_list: bool,
    /// How often this instance sends the webhooks that are due, in seconds; 0: never
    /// (another instance sends them).
    pub webhook_interval_secs: i64,
    /// Reverse proxies whose forwarding header names the client.
    pub trusted_proxies: super::client_addr::TrustedProxies,
    /// Staff roles whose password sign-ins need a code from an authenticator too.
    pub second_factor_roles: Vec<mamoru_types::domain::Role>,
    /// Staff may sign in with a password (off: only through single sign-on).
    pub staff_passwords: bool,
}

impl Settings {
    pub const DEFAULT_SESSION_IDLE_SECS: i64 = 15 * 60;
    pub const DEFAULT_SESSION_ABSOLUTE_SECS: i64 = 12 * 60 * 60;
    pub const DEFAULT_INVITE_TTL_SECS: i64 = 7 * 24 * 60 * 60;
    pub const DEFAULT_CERTIFICATION_DAYS: i64 = 365;
    pub const DEFAULT_EXCEPTION_MAX_DAYS: i64 = 30;
    pub const SETUP_LINK_TTL_SECS: i64 = 24 * 60 * 60;

    #[cfg(test)]
    pub fn for_tests(public_url: &str) -> Self {
        Self {
            public_url: public_url.trim_end_matches('/').to_owned(),
            cookie_secure: false,
            session_idle_secs: Self::DEFAULT_SESSION_IDLE_SECS,
            session_absolute_secs: Self::DEFAULT_SESSION_ABSOLUTE_SECS,
            invite_ttl_secs: Self::DEFAULT_INVITE_TTL_SECS,
            certification_secs: Self::DEFAULT_CERTIFICATION_DAYS * 86_400,
            exception_max_days: Self::DEFAULT_EXCEPTION_MAX_DAYS,
            expired_cards_leave_list: true,
            webhook_interval_secs: 5,
            trusted_proxies: Default::default(),
            second_factor_roles: Vec::new(),
            staff_passwords: true,
        }
    }

    /// The session cookie's name: browsers accept the `__Host-` prefix only on Secure cookies.
    pub fn session_cookie_name(&self) -> &'static str {
        if self.cookie_secure { "__Host-mamoru_session" } else { "mamoru_session" }
    }

    /// The cookie of a sign-in waiting for its code (see [`crate::second_factor`]).
    pub fn pending_cookie_name(&self) -> &'static str {
        if self.cookie_secure { "__Host-mamoru_pending" } else { "mamoru_pending" }
    }

    /// The known-device cookie's name (see [`crate::devices`]).
    pub fn device_cookie_name(&self) -> &'static str {
        if self.cookie_secure { "__Host-mamoru_device" } else { "mamoru_device" }
    }

    pub fn invite_link(&self, secret: &str) -> String {
        format!("{}/invite/{secret}", self.public_url)
    }

    pub fn reset_link(&self, secret: &str) -> String {
        format!("{}/reset/{secret}", self.public_url)
    }

    pub fn setup_link(&self, secret: &str) -> String {
        format!("{}/setup/{secret}", self.public_url)
    }
}
