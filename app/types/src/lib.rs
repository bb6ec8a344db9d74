//! Mamoru's shared types: validated domain values, the wire types the server functions
//! exchange, [`errors::AppError`] and the texts in both languages. No web framework and no
//! database: the browser build, the UI crate and the server core all depend on this, and
//! it depends on none of them.

/// An enum of named variants: its stored, wire and form name, and its text in both
/// languages. Defined before the modules so each can use it.
macro_rules! named_enum {
    ($(#[$doc:meta])* $ty:ident { $($variant:ident = $name:literal, $ja:literal / $en:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $ty {
            $($variant),*
        }

        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            /// The stored, wire and form name (`"usb_storage"`; serde's `snake_case` too).
            pub const fn name(self) -> &'static str {
                match self { $($ty::$variant => $name),* }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.name() == name)
            }

            pub const fn text(self) -> $crate::i18n::Text {
                match self { $($ty::$variant => $crate::i18n::Text { ja: $ja, en: $en }),* }
            }
        }
    };
}

pub mod accounts;
pub mod audit;
pub mod cards;
pub mod devices;
pub mod domain;
pub mod door;
pub mod errors;
pub mod exceptions;
pub mod hires;
pub mod i18n;
pub mod learning;
pub mod nda;
#[cfg(feature = "server")]
mod stored;
