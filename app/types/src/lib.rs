//! Mamoru's shared types: validated domain values, the wire types the server functions
//! exchange, [`errors::AppError`] and the texts in both languages. No web framework and no
//! database: the browser build, the UI crate and the server core all depend on this, and
//! it depends on none of them.

pub mod accounts;
pub mod audit;
pub mod cards;
pub mod devices;
pub mod domain;
pub mod errors;
pub mod exceptions;
pub mod hires;
pub mod i18n;
pub mod learning;
pub mod nda;
#[cfg(feature = "server")]
mod stored;
