//! A short name people give a machine: a kiosk ("1F ロビー") or a door-system token.

use super::InputError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(String);

impl Label {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(input: &str) -> Result<Self, InputError> {
        let label = input.trim();
        let chars = label.chars().count();
        if chars == 0 || chars > Self::MAX_CHARS || label.chars().any(char::is_control) {
            return Err(InputError::LabelInvalid);
        }
        Ok(Self(label.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_single_lines() {
        assert_eq!(Label::parse("  1F ロビー ").map(|l| l.as_str().to_owned()), Ok("1F ロビー".into()));
        assert_eq!(Label::parse(&"あ".repeat(60)).map(|l| l.as_str().chars().count()), Ok(60));
        for bad in ["", "   ", "a\nb", &"あ".repeat(61)] {
            assert_eq!(Label::parse(bad), Err(InputError::LabelInvalid), "{bad:?}");
        }
    }
}
