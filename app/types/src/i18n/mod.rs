//! Japanese first, English second. Every text the UI shows is a [`Text`] constant here,
//! so a missing translation cannot compile.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    /// The cookie that remembers the choice (not a secret; readable by the page).
    pub const COOKIE: &'static str = "mamoru_lang";

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// The language named in a `Cookie` header, Japanese when there is none.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == Self::COOKIE)
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or_default()
    }
}

impl FromStr for Lang {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            _ => Err(()),
        }
    }
}

/// One UI text in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Text {
    pub ja: &'static str,
    pub en: &'static str,
}

impl Text {
    pub const fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        }
    }
}

// Defined before the `mod`s below: a `macro_rules!` macro is in scope only after it.
macro_rules! texts {
    ($($name:ident: $ja:literal / $en:literal;)*) => {
        $(pub const $name: Text = Text { ja: $ja, en: $en };)*
    };
}

mod admin;
mod agreement;
mod audit;
mod cards;
mod common;
mod dates;
mod errors;
mod exceptions;
mod hires;
mod learning;

pub use admin::*;
pub use agreement::*;
pub use audit::*;
pub use cards::*;
pub use common::*;
pub use dates::{format_jst, format_jst_date, format_utc, parse_utc};
pub use errors::*;
pub use exceptions::*;
pub use hires::*;
pub use learning::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_language_cookie() {
        assert_eq!(Lang::from_cookie_header("a=1; mamoru_lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("mamoru_lang=fr"), Lang::Ja);
        assert_eq!(Lang::from_cookie_header(""), Lang::Ja);
    }
}
