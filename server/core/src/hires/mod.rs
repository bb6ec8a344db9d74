//! New hires as HR sees them: invitations with the hire's details, and the list with its
//! filters and search. Searches are written to the audit log.

pub mod evidence;
pub mod export;
pub mod import;
pub mod record;
pub mod reminders;
pub mod rules;

mod invite;
mod list;
mod standing;

pub use invite::{NewHire, cancel, deactivate, invite, resend};
pub use list::{Moment, PAGE_SIZE, SEARCH_MAX_CHARS, dashboard, list};
pub use standing::{refresh, refresh_stale, settle};

// For the submodules, which reach these through `super::`.
use crate::store::hires;
use invite::{email_taken, invite_in};
use list::{expiring, folded_search, row, store_query, today};
