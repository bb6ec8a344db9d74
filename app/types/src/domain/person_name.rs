use super::InputError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A person's full name as written on their record (any script), 1 to 100 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, InputError> {
        let name = input.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > Self::MAX_CHARS || name.chars().any(char::is_control) {
            return Err(InputError::NameInvalid);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PersonName {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_japanese_names_and_trims() {
        assert_eq!(PersonName::parse(" 佐藤 花子 ").expect("valid").as_str(), "佐藤 花子");
    }

    #[test]
    fn refuses_empty_long_and_control_characters() {
        assert_eq!(PersonName::parse("   "), Err(InputError::NameInvalid));
        assert_eq!(PersonName::parse(&"名".repeat(101)), Err(InputError::NameInvalid));
        assert!(PersonName::parse(&"名".repeat(100)).is_ok());
        assert_eq!(PersonName::parse("佐藤\n花子"), Err(InputError::NameInvalid));
    }
}
