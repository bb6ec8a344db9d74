use super::InputError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An email address, trimmed and lower-cased so that one person has one spelling.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, InputError> {
        let email = input.trim().to_lowercase();
        let valid = email.len() <= Self::MAX_LEN
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            && matches!(email.split_once('@'), Some((local, domain))
                if !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.'));
        if valid { Ok(Self(email)) } else { Err(InputError::EmailInvalid) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_and_spaces() {
        let email = Email::parse("  Hanako.Sato@Example.JP ").expect("valid");
        assert_eq!(email.as_str(), "hanako.sato@example.jp");
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "",
            "sato",
            "@example.jp",
            "sato@",
            "sato@example",
            "sa to@example.jp",
            "sato@@example.jp",
            "sato@.jp",
            "sato@example.",
        ] {
            assert_eq!(Email::parse(bad), Err(InputError::EmailInvalid), "{bad:?}");
        }
        let long = format!("{}@example.jp", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(InputError::EmailInvalid));
    }
}
