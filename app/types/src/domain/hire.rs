//! What HR records about a new hire besides their name and email.

use super::InputError;
use unicode_normalization::UnicodeNormalization;

/// The company's employee number: letters, digits and dashes, stored upper case
/// (`ｅ－００１２` typed on a Japanese keyboard becomes `E-0012`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeNumber(String);

impl EmployeeNumber {
    pub const MAX_CHARS: usize = 20;

    pub fn parse(input: &str) -> Result<Self, InputError> {
        let text: String = input.nfkc().collect::<String>().trim().replace('ー', "-").to_ascii_uppercase();
        let valid = (1..=Self::MAX_CHARS).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if valid { Ok(Self(text)) } else { Err(InputError::EmployeeNumberInvalid) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The reading of a name in kana (フリガナ), stored as full-width katakana: hiragana and
/// half-width katakana are accepted and converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kana(String);

impl Kana {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, InputError> {
        let katakana: String =
            input.nfkc().map(|c| if c == '\u{3000}' { ' ' } else { katakana(c) }).collect();
        let text = katakana.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = text.chars().count();
        let valid = chars > 0
            && chars <= Self::MAX_CHARS
            && text.chars().all(|c| matches!(c, 'ァ'..='ヶ' | 'ー' | '・' | ' '));
        if valid { Ok(Self(text)) } else { Err(InputError::KanaInvalid) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hiragana ぁ..ゖ as katakana ァ..ヶ (the same order, 0x60 apart); anything else as is.
pub fn katakana(c: char) -> char {
    match c {
        'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        other => other,
    }
}

/// A calendar date, `YYYY-MM-DD` (how `<input type="date">` sends it; sorts as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct StartDate {
    year: u16,
    month: u8,
    day: u8,
}

impl StartDate {
    pub fn parse(input: &str) -> Result<Self, InputError> {
        let text: String = input.nfkc().collect::<String>().trim().replace('/', "-");
        let mut parts = text.split('-').map(str::parse::<u16>);
        let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(InputError::DateInvalid);
        };
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => 0,
        };
        if !(2000..=2100).contains(&year) || day == 0 || day > days_in_month {
            return Err(InputError::DateInvalid);
        }
        Ok(Self { year, month: month as u8, day: day as u8 })
    }

    /// `YYYY-MM-DD`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The Unix time this day begins in Japan (00:00 JST; Japan has no daylight saving).
    pub fn jst_start(&self) -> i64 {
        let utc_midnight = crate::i18n::parse_utc(&format!("{}T00:00:00Z", self.iso()));
        // A parsed date always formats to a valid RFC 3339 time.
        utc_midnight.unwrap_or_default() - 9 * 3600
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employee_numbers_are_normalised() {
        assert_eq!(
            EmployeeNumber::parse(" ｅ－００１２ ").map(|n| n.as_str().to_owned()),
            Ok("E-0012".into())
        );
        assert_eq!(EmployeeNumber::parse("a1b2").map(|n| n.as_str().to_owned()), Ok("A1B2".into()));
        for bad in ["", "E 12", "社員1", &"1".repeat(21)] {
            assert_eq!(EmployeeNumber::parse(bad), Err(InputError::EmployeeNumberInvalid), "{bad:?}");
        }
    }

    #[test]
    fn kana_is_stored_as_katakana() {
        for (input, stored) in [
            ("やまだ　たろう", "ヤマダ タロウ"),
            ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
            ("サトウ  ハナコ", "サトウ ハナコ"),
            ("ヴィー", "ヴィー"),
        ] {
            assert_eq!(Kana::parse(input).map(|k| k.as_str().to_owned()), Ok(stored.into()), "{input}");
        }
        for bad in ["", "  ", "山田", "Yamada", &"ア".repeat(101)] {
            assert_eq!(Kana::parse(bad), Err(InputError::KanaInvalid), "{bad:?}");
        }
    }

    #[test]
    fn start_dates_are_real_days() {
        assert_eq!(StartDate::parse("2026-04-01").map(|d| d.iso()), Ok("2026-04-01".into()));
        assert_eq!(StartDate::parse("２０２６/4/1").map(|d| d.iso()), Ok("2026-04-01".into()));
        assert_eq!(StartDate::parse("2028-02-29").map(|d| d.iso()), Ok("2028-02-29".into()));
        for bad in
            ["", "2026-02-29", "2026-13-01", "2026-04-31", "1999-01-01", "2026-04", "2026-04-01-02", "昨日"]
        {
            assert_eq!(StartDate::parse(bad), Err(InputError::DateInvalid), "{bad:?}");
        }
        assert!(StartDate::parse("2026-04-01").ok() < StartDate::parse("2026-10-01").ok());
    }
}
