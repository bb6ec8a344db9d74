//! Lobby kiosks: enrollment with a one-time code, signed requests, and collecting a grant
//! (claim with the hire's PIN → confirm the card's UID, or abort). The wire format is in
//! [`mamoru_seal::kiosk`], shared with `mamoru-kiosk`.
//!
//! The administrators' side (listing, enrollment codes, disabling) is in `admin`; the
//! device's side (enrollment, signed requests, collecting a grant) in `protocol`.

mod admin;
mod protocol;

pub use admin::{ENROLLMENT_TTL_SECS, disable, list, new_enrollment};
pub use protocol::{Refused, SignedRequest, abort, authenticate, claim, confirm, enroll, lookup, status};
