use super::InputError;
use std::fmt;

/// A new password that meets the policy: 12 to 128 characters and not a common password.
/// It never prints itself, so it cannot end up in a log by accident.
#[derive(Clone)]
pub struct Password(String);

/// Passwords people pick first; long enough to pass the length rule, so checked by name.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "qwertyuiopas",
    "qwerty123456",
    "password1234",
    "password12345",
    "passw0rd1234",
    "1q2w3e4r5t6y",
    "111111111111",
    "000000000000",
    "aaaaaaaaaaaa",
    "abcdefghijkl",
    "abc123456789",
    "iloveyou1234",
    "administrator",
    "letmein12345",
    "welcome12345",
    "changeme1234",
    "mamoru123456",
    "password123!",
    "qwertyuiop12",
    "asdfghjkl123",
    "zxcvbnm12345",
    "p@ssw0rd1234",
];

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str) -> Result<Self, InputError> {
        let chars = input.chars().count();
        if chars < Self::MIN_CHARS {
            return Err(InputError::PasswordTooShort);
        }
        if chars > Self::MAX_CHARS {
            return Err(InputError::PasswordTooLong);
        }
        let lowered = input.to_lowercase();
        if COMMON.contains(&lowered.as_str()) || is_one_repeated_char(input) {
            return Err(InputError::PasswordCommon);
        }
        Ok(Self(input.to_owned()))
    }

    /// A new password typed twice: both must match before the policy is checked.
    pub fn parse_confirmed(input: &str, again: &str) -> Result<Self, InputError> {
        if input != again {
            return Err(InputError::PasswordMismatch);
        }
        Self::parse(input)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn is_one_repeated_char(input: &str) -> bool {
    let mut chars = input.chars();
    chars.next().is_some_and(|first| chars.all(|c| c == first))
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enforces_length_in_characters_not_bytes() {
        assert_eq!(Password::parse("short").err(), Some(InputError::PasswordTooShort));
        // 12 Japanese characters are 36 bytes but 12 characters: long enough.
        assert!(Password::parse("まもるはあんぜんなパスワ").is_ok());
        assert_eq!(Password::parse("まもるはあんぜんなパス").err(), Some(InputError::PasswordTooShort));
        assert_eq!(Password::parse(&"x1".repeat(65)).err(), Some(InputError::PasswordTooLong));
    }

    #[test]
    fn refuses_common_passwords_in_any_case() {
        assert_eq!(Password::parse("Password1234").err(), Some(InputError::PasswordCommon));
        assert_eq!(Password::parse("aaaaaaaaaaaaaaa").err(), Some(InputError::PasswordCommon));
    }

    #[test]
    fn confirmation_must_match() {
        assert_eq!(
            Password::parse_confirmed("correct horse battery", "correct horse batterz").err(),
            Some(InputError::PasswordMismatch)
        );
        assert!(Password::parse_confirmed("correct horse battery", "correct horse battery").is_ok());
    }

    #[test]
    fn debug_output_hides_the_password() {
        let password = Password::parse("correct horse battery").expect("valid");
        assert!(!format!("{password:?}").contains("horse"));
    }
}
