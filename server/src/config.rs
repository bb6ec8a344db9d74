//! Configuration: an optional TOML file, overridden by `MAMORU_*` environment variables,
//! validated once at start-up into [`Config`]. Every error names the setting and says
//! what a valid value looks like.

use mamoru_core::Settings;
use mamoru_core::client_addr::{ProxyHeader, TrustedProxies};
use mamoru_core::mail::Mailer;
use mamoru_core::sso::{Sso, SsoSettings};
use mamoru_types::domain::Role;
use serde::Deserialize;
use std::{net::SocketAddr, path::PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub addr: SocketAddr,
    pub data_dir: PathBuf,
    /// The platform key file: `platform-ed25519.key` in the data directory unless set.
    pub key_file: PathBuf,
    pub database_url: String,
    /// Where the built front end (`pkg/`) and public files are.
    pub site_dir: PathBuf,
    pub log_format: LogFormat,
    pub settings: Settings,
    /// SMTP for reminders, if configured.
    pub mailer: Option<Mailer>,
    /// The identity provider for single sign-on, if configured.
    pub sso: Option<std::sync::Arc<Sso>>,
}

/// The settings as written in the file or the environment, before validation.
// No `Debug`: it holds the SMTP URL and the identity provider's client secret as written.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub addr: Option<String>,
    pub data_dir: Option<String>,
    pub database_url: Option<String>,
    pub public_url: Option<String>,
    pub cookie_secure: Option<String>,
    pub site_dir: Option<String>,
    pub log_format: Option<String>,
    pub session_idle_minutes: Option<String>,
    pub session_absolute_hours: Option<String>,
    pub invite_ttl_days: Option<String>,
    pub certification_days: Option<String>,
    pub exception_max_days: Option<String>,
    pub expired_cards_leave_list: Option<String>,
    pub webhook_interval_seconds: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub trusted_proxies: Option<String>,
    pub proxy_header: Option<String>,
    pub platform_key_file: Option<String>,
    pub second_factor_roles: Option<String>,
    pub oidc_issuer: Option<String>,
    pub oidc_client_id: Option<String>,
    pub oidc_client_secret: Option<String>,
    pub oidc_scopes: Option<String>,
    pub oidc_groups_claim: Option<String>,
    pub oidc_roles: Option<String>,
    pub oidc_label: Option<String>,
    pub oidc_trust_email: Option<String>,
    pub staff_password_sign_in: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {path}: {reason}")]
    File { path: String, reason: String },
    #[error("{setting} = {value:?} is not valid: {expected}")]
    Invalid { setting: &'static str, value: String, expected: &'static str },
}

/// The settings in order: file key, environment variable.
const KEYS: [(&str, &str); 29] = [
    ("addr", "MAMORU_ADDR"),
    ("data_dir", "MAMORU_DATA_DIR"),
    ("database_url", "MAMORU_DATABASE_URL"),
    ("public_url", "MAMORU_PUBLIC_URL"),
    ("cookie_secure", "MAMORU_COOKIE_SECURE"),
    ("site_dir", "MAMORU_SITE_DIR"),
    ("log_format", "MAMORU_LOG_FORMAT"),
    ("session_idle_minutes", "MAMORU_SESSION_IDLE_MINUTES"),
    ("session_absolute_hours", "MAMORU_SESSION_ABSOLUTE_HOURS"),
    ("invite_ttl_days", "MAMORU_INVITE_TTL_DAYS"),
    ("certification_days", "MAMORU_CERTIFICATION_DAYS"),
    ("exception_max_days", "MAMORU_EXCEPTION_MAX_DAYS"),
    ("expired_cards_leave_list", "MAMORU_EXPIRED_CARDS_LEAVE_LIST"),
    ("webhook_interval_seconds", "MAMORU_WEBHOOK_INTERVAL_SECONDS"),
    ("smtp_url", "MAMORU_SMTP_URL"),
    ("mail_from", "MAMORU_MAIL_FROM"),
    ("trusted_proxies", "MAMORU_TRUSTED_PROXIES"),
    ("proxy_header", "MAMORU_PROXY_HEADER"),
    ("platform_key_file", "MAMORU_PLATFORM_KEY_FILE"),
    ("second_factor_roles", "MAMORU_SECOND_FACTOR_ROLES"),
    ("oidc_issuer", "MAMORU_OIDC_ISSUER"),
    ("oidc_client_id", "MAMORU_OIDC_CLIENT_ID"),
    ("oidc_client_secret", "MAMORU_OIDC_CLIENT_SECRET"),
    ("oidc_scopes", "MAMORU_OIDC_SCOPES"),
    ("oidc_groups_claim", "MAMORU_OIDC_GROUPS_CLAIM"),
    ("oidc_roles", "MAMORU_OIDC_ROLES"),
    ("oidc_label", "MAMORU_OIDC_LABEL"),
    ("oidc_trust_email", "MAMORU_OIDC_TRUST_EMAIL"),
    ("staff_password_sign_in", "MAMORU_STAFF_PASSWORD_SIGN_IN"),
];

impl RawConfig {
    /// Reads the file at `path` (if given), then lets the environment override it.
    pub fn load(path: Option<&str>, env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut raw = match path {
            Some(path) => {
                let file_err = |reason: String| ConfigError::File { path: path.to_owned(), reason };
                let text = std::fs::read_to_string(path).map_err(|e| file_err(e.to_string()))?;
                toml::from_str(&text).map_err(|e| file_err(e.to_string()))?
            }
            None => RawConfig::default(),
        };
        for (key, var) in KEYS {
            if let Some(value) = env(var) {
                *raw.slot(key) = Some(value);
            }
        }
        Ok(raw)
    }

    fn slot(&mut self, key: &str) -> &mut Option<String> {
        match key {
            "addr" => &mut self.addr,
            "data_dir" => &mut self.data_dir,
            "database_url" => &mut self.database_url,
            "public_url" => &mut self.public_url,
            "cookie_secure" => &mut self.cookie_secure,
            "site_dir" => &mut self.site_dir,
            "log_format" => &mut self.log_format,
            "session_idle_minutes" => &mut self.session_idle_minutes,
            "session_absolute_hours" => &mut self.session_absolute_hours,
            "smtp_url" => &mut self.smtp_url,
            "mail_from" => &mut self.mail_from,
            "certification_days" => &mut self.certification_days,
            "exception_max_days" => &mut self.exception_max_days,
            "expired_cards_leave_list" => &mut self.expired_cards_leave_list,
            "webhook_interval_seconds" => &mut self.webhook_interval_seconds,
            "trusted_proxies" => &mut self.trusted_proxies,
            "second_factor_roles" => &mut self.second_factor_roles,
            "oidc_issuer" => &mut self.oidc_issuer,
            "oidc_client_id" => &mut self.oidc_client_id,
            "oidc_client_secret" => &mut self.oidc_client_secret,
            "oidc_scopes" => &mut self.oidc_scopes,
            "oidc_groups_claim" => &mut self.oidc_groups_claim,
            "oidc_roles" => &mut self.oidc_roles,
            "oidc_label" => &mut self.oidc_label,
            "oidc_trust_email" => &mut self.oidc_trust_email,
            "staff_password_sign_in" => &mut self.staff_password_sign_in,
            "proxy_header" => &mut self.proxy_header,
            "platform_key_file" => &mut self.platform_key_file,
            _ => &mut self.invite_ttl_days,
        }
    }

    pub fn validate(self) -> Result<Config, ConfigError> {
        let oidc = OidcConfig {
            issuer: self.oidc_issuer,
            client_id: self.oidc_client_id,
            client_secret: self.oidc_client_secret,
            scopes: self.oidc_scopes,
            groups_claim: self.oidc_groups_claim,
            roles: self.oidc_roles,
            label: self.oidc_label,
            trust_email: self.oidc_trust_email,
        };
        let addr: SocketAddr =
            parse("MAMORU_ADDR", self.addr, "127.0.0.1:3000", "an address and port such as 127.0.0.1:3000")?;
        let data_dir = PathBuf::from(self.data_dir.unwrap_or_else(|| "data".into()));
        let database_url = match self.database_url {
            Some(url)
                if url.starts_with("sqlite:")
                    || url.starts_with("postgres://")
                    || url.starts_with("postgresql://") =>
            {
                url
            }
            Some(url) => return Err(invalid("MAMORU_DATABASE_URL", url, "a sqlite://… or postgres://… URL")),
            None => format!("sqlite://{}?mode=rwc", data_dir.join("mamoru.db").display()),
        };
        let public_url = self.public_url.unwrap_or_else(|| format!("http://{addr}"));
        let parsed = url::Url::parse(&public_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some() && u.query().is_none())
            .ok_or_else(|| {
                invalid(
                    "MAMORU_PUBLIC_URL",
                    public_url.clone(),
                    "an http:// or https:// URL such as https://mamoru.example.jp",
                )
            })?;
        let cookie_secure = parse_bool("MAMORU_COOKIE_SECURE", self.cookie_secure, true)?;
        if cookie_secure && parsed.scheme() == "http" && !is_loopback(&parsed) {
            return Err(invalid(
                "MAMORU_PUBLIC_URL",
                public_url,
                "an https:// URL while cookies are Secure (browsers drop Secure cookies on plain HTTP)",
            ));
        }
        let log_format = match self.log_format.as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(invalid("MAMORU_LOG_FORMAT", other.into(), "pretty or json")),
        };
        let minutes: i64 = parse_positive("MAMORU_SESSION_IDLE_MINUTES", self.session_idle_minutes, 15)?;
        let hours: i64 = parse_positive("MAMORU_SESSION_ABSOLUTE_HOURS", self.session_absolute_hours, 12)?;
        let days: i64 = parse_positive("MAMORU_INVITE_TTL_DAYS", self.invite_ttl_days, 7)?;
        let certification_days: i64 = parse_positive(
            "MAMORU_CERTIFICATION_DAYS",
            self.certification_days,
            Settings::DEFAULT_CERTIFICATION_DAYS,
        )?;
        let exception_max_days: i64 = parse_positive(
            "MAMORU_EXCEPTION_MAX_DAYS",
            self.exception_max_days,
            Settings::DEFAULT_EXCEPTION_MAX_DAYS,
        )?;
        let expired_cards_leave_list =
            parse_bool("MAMORU_EXPIRED_CARDS_LEAVE_LIST", self.expired_cards_leave_list, true)?;
        let webhook_interval_secs = match self.webhook_interval_seconds.as_deref() {
            Some("0") => 0,
            _ => parse_positive("MAMORU_WEBHOOK_INTERVAL_SECONDS", self.webhook_interval_seconds, 5)?,
        };
        let mailer = mailer(self.smtp_url, self.mail_from)?;
        let trusted_proxies = trusted_proxies(self.trusted_proxies, self.proxy_header)?;
        let second_factor_roles = second_factor_roles(self.second_factor_roles)?;
        let sso = oidc.sso(public_url.trim_end_matches('/'))?;
        let staff_passwords = parse_bool("MAMORU_STAFF_PASSWORD_SIGN_IN", self.staff_password_sign_in, true)?;
        if !staff_passwords && sso.is_none() {
            return Err(invalid(
                "MAMORU_STAFF_PASSWORD_SIGN_IN",
                "false".into(),
                "true unless single sign-on is set up (MAMORU_OIDC_ISSUER): staff would have no way in",
            ));
        }
        let key_file = self
            .platform_key_file
            .map_or_else(|| data_dir.join(mamoru_core::PlatformKey::FILE_NAME), PathBuf::from);
        Ok(Config {
            addr,
            key_file,
            site_dir: PathBuf::from(self.site_dir.unwrap_or_else(|| "target/site".into())),
            data_dir,
            database_url,
            log_format,
            mailer,
            sso,
            settings: Settings {
                public_url: public_url.trim_end_matches('/').to_owned(),
                cookie_secure,
                session_idle_secs: minutes * 60,
                session_absolute_secs: hours * 3600,
                invite_ttl_secs: days * 86_400,
                certification_secs: certification_days * 86_400,
                exception_max_days,
                expired_cards_leave_list,
                webhook_interval_secs,
                trusted_proxies,
                second_factor_roles,
                staff_passwords,
            },
        })
    }
}

/// SMTP when both the URL and the sender are set. The URL may hold a password, so it is
/// never repeated in an error.
fn mailer(url: Option<String>, from: Option<String>) -> Result<Option<Mailer>, ConfigError> {
    const HIDDEN: &str = "(not shown: it may contain a password)";
    match (url, from) {
        (None, None) => Ok(None),
        (Some(_), None) => {
            Err(invalid("MAMORU_MAIL_FROM", String::new(), "the sender address, set with MAMORU_SMTP_URL"))
        }
        (None, Some(_)) => {
            Err(invalid("MAMORU_SMTP_URL", String::new(), "an SMTP URL, set with MAMORU_MAIL_FROM"))
        }
        (Some(url), Some(from)) => Mailer::new(&url, &from).map(Some).map_err(|e| match e {
            mamoru_core::mail::MailError::Address => {
                invalid("MAMORU_MAIL_FROM", from, "an address such as Mamoru <mamoru@example.jp>")
            }
            _ => invalid(
                "MAMORU_SMTP_URL",
                HIDDEN.into(),
                "smtp://user:password@host:587?tls=required, smtps://user:password@host or smtp://relay:25",
            ),
        }),
    }
}

/// The single sign-on settings, as written.
struct OidcConfig {
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    scopes: Option<String>,
    groups_claim: Option<String>,
    roles: Option<String>,
    label: Option<String>,
    trust_email: Option<String>,
}

impl OidcConfig {
    /// The identity provider, when its issuer is set: then its client id, secret and role
    /// groups must be too.
    fn sso(self, public_url: &str) -> Result<Option<std::sync::Arc<Sso>>, ConfigError> {
        let Some(issuer) = self.issuer.clone() else { return Ok(None) };
        let required = |value: &Option<String>, setting: &'static str| {
            value
                .clone()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| invalid(setting, String::new(), "set, together with MAMORU_OIDC_ISSUER"))
        };
        let settings = SsoSettings {
            client_id: required(&self.client_id, "MAMORU_OIDC_CLIENT_ID")?,
            client_secret: required(&self.client_secret, "MAMORU_OIDC_CLIENT_SECRET")?,
            scopes: self
                .scopes
                .as_deref()
                .unwrap_or("email profile")
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            groups_claim: self.groups_claim.clone().unwrap_or_else(|| "groups".to_owned()),
            roles: role_groups(&required(&self.roles, "MAMORU_OIDC_ROLES")?)?,
            label: self.label.clone().unwrap_or_else(|| "シングルサインオン".to_owned()),
            trust_email: parse_bool("MAMORU_OIDC_TRUST_EMAIL", self.trust_email.clone(), false)?,
            issuer: issuer.clone(),
        };
        let sso = Sso::new(settings, public_url).map_err(|_| {
            invalid(
                "MAMORU_OIDC_ISSUER",
                issuer,
                "the provider's issuer URL, such as https://login.microsoftonline.com/TENANT/v2.0",
            )
        })?;
        Ok(Some(std::sync::Arc::new(sso)))
    }
}

/// `admin=GROUP, hr=GROUP, manager=GROUP, hire=GROUP`: which group gives which role, in
/// this order of precedence.
fn role_groups(list: &str) -> Result<Vec<(Role, String)>, ConfigError> {
    const EXPECTED: &str = "role=group pairs separated by commas, such as admin=mamoru-admins, hr=mamoru-hr";
    let mut roles = Vec::new();
    for pair in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let parsed = pair
            .split_once('=')
            .and_then(|(role, group)| Some((role.trim().parse::<Role>().ok()?, group.trim())));
        match parsed {
            Some((role, group)) if !group.is_empty() => roles.push((role, group.to_owned())),
            _ => return Err(invalid("MAMORU_OIDC_ROLES", list.to_owned(), EXPECTED)),
        }
    }
    if roles.is_empty() {
        return Err(invalid("MAMORU_OIDC_ROLES", list.to_owned(), EXPECTED));
    }
    Ok(roles)
}

/// The staff roles whose password sign-ins need a code too: `admin,hr` unless set;
/// `none` for none.
fn second_factor_roles(list: Option<String>) -> Result<Vec<Role>, ConfigError> {
    const EXPECTED: &str = "staff roles separated by commas (admin, hr, manager), or none";
    let Some(list) = list else { return Ok(vec![Role::Admin, Role::Hr]) };
    if list.trim() == "none" {
        return Ok(Vec::new());
    }
    let mut roles = Vec::new();
    for name in list.split(',').map(str::trim) {
        match name.parse::<Role>() {
            Ok(role) if role.is_staff() => roles.push(role),
            _ => return Err(invalid("MAMORU_SECOND_FACTOR_ROLES", list.clone(), EXPECTED)),
        }
    }
    Ok(roles)
}

/// The reverse proxies to believe, and the header they write.
fn trusted_proxies(list: Option<String>, header: Option<String>) -> Result<TrustedProxies, ConfigError> {
    let header = match header {
        None => ProxyHeader::default(),
        Some(text) => ProxyHeader::parse(&text)
            .ok_or_else(|| invalid("MAMORU_PROXY_HEADER", text, "x-forwarded-for or forwarded"))?,
    };
    TrustedProxies::parse(list.as_deref().unwrap_or(""), header).map_err(|entry| {
        invalid(
            "MAMORU_TRUSTED_PROXIES",
            entry,
            "a comma-separated list of addresses and CIDR ranges such as 127.0.0.1, 10.0.0.0/8",
        )
    })
}

fn invalid(setting: &'static str, value: String, expected: &'static str) -> ConfigError {
    ConfigError::Invalid { setting, value, expected }
}

fn parse<T: std::str::FromStr>(
    setting: &'static str,
    value: Option<String>,
    default: &str,
    expected: &'static str,
) -> Result<T, ConfigError> {
    let value = value.unwrap_or_else(|| default.to_owned());
    value.parse().map_err(|_| invalid(setting, value, expected))
}

fn parse_bool(setting: &'static str, value: Option<String>, default: bool) -> Result<bool, ConfigError> {
    match value.as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes") => Ok(true),
        Some("false" | "0" | "no") => Ok(false),
        Some(other) => Err(invalid(setting, other.into(), "true or false")),
    }
}

fn parse_positive(setting: &'static str, value: Option<String>, default: i64) -> Result<i64, ConfigError> {
    match value {
        None => Ok(default),
        Some(text) => match text.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Ok(n),
            _ => Err(invalid(setting, text, "a whole number from 1 to 100000")),
        },
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = vars.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
        RawConfig::load(None, |k| env.get(k).cloned())?.validate()
    }

    #[test]
    fn defaults_run_locally_with_sqlite_in_the_data_dir() {
        let config = load(&[]).expect("defaults are valid");
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://data/mamoru.db?mode=rwc");
        assert_eq!(config.settings.public_url, "http://127.0.0.1:3000");
        assert!(config.settings.cookie_secure);
        assert_eq!(config.settings.session_idle_secs, 15 * 60);
        assert_eq!(config.settings.session_absolute_secs, 12 * 3600);
        assert_eq!(config.settings.certification_secs, 365 * 86_400);
    }

    #[test]
    fn environment_overrides_and_errors_name_the_variable() {
        let config =
            load(&[("MAMORU_DATA_DIR", "/srv/mamoru"), ("MAMORU_SESSION_IDLE_MINUTES", "5")]).expect("valid");
        assert_eq!(config.database_url, "sqlite:///srv/mamoru/mamoru.db?mode=rwc");
        assert_eq!(config.settings.session_idle_secs, 300);
        let config = load(&[("MAMORU_CERTIFICATION_DAYS", "730")]).expect("valid");
        assert_eq!(config.settings.certification_secs, 730 * 86_400);

        let error = load(&[("MAMORU_ADDR", "localhost")]).expect_err("invalid").to_string();
        assert!(error.contains("MAMORU_ADDR") && error.contains("127.0.0.1:3000"), "{error}");
        let error = load(&[("MAMORU_SESSION_IDLE_MINUTES", "0")]).expect_err("invalid").to_string();
        assert!(error.contains("MAMORU_SESSION_IDLE_MINUTES"), "{error}");
        let error = load(&[("MAMORU_DATABASE_URL", "mysql://x")]).expect_err("invalid").to_string();
        assert!(error.contains("postgres://"), "{error}");
    }

    #[test]
    fn the_operator_room_settings_have_defaults_and_are_checked() {
        let settings = load(&[]).expect("defaults").settings;
        assert_eq!(
            (settings.exception_max_days, settings.expired_cards_leave_list, settings.webhook_interval_secs),
            (30, true, 5)
        );
        let vars = [
            ("MAMORU_EXCEPTION_MAX_DAYS", "7"),
            ("MAMORU_EXPIRED_CARDS_LEAVE_LIST", "false"),
            ("MAMORU_WEBHOOK_INTERVAL_SECONDS", "0"),
        ];
        let settings = load(&vars).expect("valid").settings;
        assert_eq!(
            (settings.exception_max_days, settings.expired_cards_leave_list, settings.webhook_interval_secs),
            (7, false, 0)
        );
        for (var, bad) in [
            ("MAMORU_EXCEPTION_MAX_DAYS", "0"),
            ("MAMORU_EXPIRED_CARDS_LEAVE_LIST", "maybe"),
            ("MAMORU_WEBHOOK_INTERVAL_SECONDS", "-1"),
        ] {
            let error = load(&[(var, bad)]).expect_err("invalid").to_string();
            assert!(error.contains(var), "{error}");
        }
    }

    #[test]
    fn secure_cookies_need_https_except_on_loopback() {
        assert!(load(&[("MAMORU_PUBLIC_URL", "http://mamoru.example.jp")]).is_err());
        assert!(
            load(&[("MAMORU_PUBLIC_URL", "http://mamoru.example.jp"), ("MAMORU_COOKIE_SECURE", "false")])
                .is_ok()
        );
        assert!(
            load(&[("MAMORU_PUBLIC_URL", "https://mamoru.example.jp/")])
                .is_ok_and(|c| c.settings.public_url == "https://mamoru.example.jp")
        );
    }

    #[test]
    fn smtp_needs_a_url_and_a_sender_and_never_repeats_the_password() {
        assert!(load(&[]).expect("valid").mailer.is_none());
        let url = "smtp://mamoru:s3cret-pass@smtp.example.jp:587?tls=required";
        let config = load(&[("MAMORU_SMTP_URL", url), ("MAMORU_MAIL_FROM", "Mamoru <mamoru@example.jp>")])
            .expect("valid");
        assert!(!format!("{config:?}").contains("s3cret-pass"), "Debug shows the password");
        assert!(config.mailer.is_some());

        let error = load(&[("MAMORU_SMTP_URL", url)]).expect_err("no sender").to_string();
        assert!(error.contains("MAMORU_MAIL_FROM"), "{error}");
        let error =
            load(&[("MAMORU_SMTP_URL", "ftp://u:s3cret-pass@x"), ("MAMORU_MAIL_FROM", "m@example.jp")])
                .expect_err("not smtp")
                .to_string();
        assert!(error.contains("MAMORU_SMTP_URL") && !error.contains("s3cret-pass"), "{error}");
        let error = load(&[("MAMORU_SMTP_URL", url), ("MAMORU_MAIL_FROM", "not an address")])
            .expect_err("bad sender")
            .to_string();
        assert!(error.contains("MAMORU_MAIL_FROM"), "{error}");
    }

    #[test]
    fn single_sign_on_needs_its_client_and_role_groups() {
        let issuer = ("MAMORU_OIDC_ISSUER", "https://login.example.jp/tenant/v2.0");
        assert!(load(&[]).expect("valid").sso.is_none());
        let error = load(&[issuer, ("MAMORU_OIDC_CLIENT_ID", "mamoru")]).expect_err("no secret").to_string();
        assert!(error.contains("MAMORU_OIDC_CLIENT_SECRET"), "{error}");
        let full = [
            issuer,
            ("MAMORU_OIDC_CLIENT_ID", "mamoru"),
            ("MAMORU_OIDC_CLIENT_SECRET", "s3cret"),
            ("MAMORU_OIDC_ROLES", "admin=mamoru-admins, hr = mamoru-hr"),
        ];
        let off = ("MAMORU_STAFF_PASSWORD_SIGN_IN", "false");
        let error = load(&[off]).expect_err("staff would have no way in").to_string();
        assert!(error.contains("MAMORU_OIDC_ISSUER"), "{error}");
        let mut with_sso = full.to_vec();
        with_sso.push(off);
        assert!(!load(&with_sso).expect("valid").settings.staff_passwords);
        let sso = load(&full).expect("valid").sso.expect("configured");
        assert_eq!(sso.label(), "シングルサインオン");
        assert!(!format!("{sso:?}").contains("s3cret"), "the secret stays out of Debug");
        for bad in ["admin", "root=x", "hr=", ""] {
            let mut vars = full.to_vec();
            vars[3] = ("MAMORU_OIDC_ROLES", bad);
            assert!(load(&vars).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn admins_and_hr_need_a_second_factor_unless_set_otherwise() {
        assert_eq!(load(&[]).expect("valid").settings.second_factor_roles, [Role::Admin, Role::Hr]);
        let set =
            |value| load(&[("MAMORU_SECOND_FACTOR_ROLES", value)]).map(|c| c.settings.second_factor_roles);
        assert_eq!(set("manager, admin").expect("valid"), [Role::Manager, Role::Admin]);
        assert_eq!(set("none").expect("valid"), []);
        for bad in ["hire", "admin,root", ""] {
            assert!(set(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges_and_none_by_default() {
        assert!(load(&[]).expect("valid").settings.trusted_proxies.is_empty());
        let config = load(&[
            ("MAMORU_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8"),
            ("MAMORU_PROXY_HEADER", "forwarded"),
        ])
        .expect("valid");
        assert_eq!(
            config.settings.trusted_proxies,
            TrustedProxies::parse("127.0.0.1,10.0.0.0/8", ProxyHeader::Forwarded).expect("valid")
        );
        let error = load(&[("MAMORU_TRUSTED_PROXIES", "10.0.0.0/8, nginx")]).expect_err("a name").to_string();
        assert!(error.contains("MAMORU_TRUSTED_PROXIES") && error.contains("\"nginx\""), "{error}");
        let error = load(&[("MAMORU_PROXY_HEADER", "x-real-ip")]).expect_err("unknown header").to_string();
        assert!(error.contains("MAMORU_PROXY_HEADER"), "{error}");
    }

    #[test]
    fn reads_a_file_and_refuses_unknown_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("mamoru.toml");
        std::fs::write(&path, "addr = \"0.0.0.0:8080\"\ncookie_secure = \"false\"\n").expect("write");
        let config = RawConfig::load(path.to_str(), |_| None).and_then(RawConfig::validate).expect("valid");
        assert_eq!(config.addr.port(), 8080);
        std::fs::write(&path, "adress = \"0.0.0.0:8080\"\n").expect("write");
        let error = RawConfig::load(path.to_str(), |_| None).err().expect("unknown key").to_string();
        assert!(error.contains("adress"), "{error}");
    }
}
