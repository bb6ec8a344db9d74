//! Staff IC cards: the hire's pickup code and PIN, and HR's card actions.

use serde::{Deserialize, Serialize};

/// Where a person's card stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardStatus {
    /// Granted: waiting to be collected at a kiosk.
    Waiting,
    /// A kiosk is issuing it right now.
    AtKiosk,
    Issued,
    /// Too many wrong PINs: HR must re-issue the grant.
    Locked,
    /// Not collected in time: HR must re-issue the grant.
    Expired,
    /// Revoked; only ever in history, never the current state.
    Revoked,
}

impl CardStatus {
    const ALL: [CardStatus; 6] = [
        CardStatus::Waiting,
        CardStatus::AtKiosk,
        CardStatus::Issued,
        CardStatus::Locked,
        CardStatus::Expired,
        CardStatus::Revoked,
    ];

    /// The stored and wire name (`"Issued"`).
    pub fn name(self) -> &'static str {
        match self {
            CardStatus::Waiting => "Waiting",
            CardStatus::AtKiosk => "AtKiosk",
            CardStatus::Issued => "Issued",
            CardStatus::Locked => "Locked",
            CardStatus::Expired => "Expired",
            CardStatus::Revoked => "Revoked",
        }
    }

    pub fn from_name(name: &str) -> Option<CardStatus> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// The pickup details the hire takes to the kiosk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pickup {
    /// The signed grant token as a QR code (an SVG document).
    pub qr_svg: String,
    pub short_code: String,
    pub expires_at: i64,
    /// The hire has asked for a PIN (it is never shown again).
    pub pin_set: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardHome {
    /// `None` until the course is passed and the agreement signed.
    pub status: Option<CardStatus>,
    pub pickup: Option<Pickup>,
}

/// How a card ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CardEnd {
    Lost,
    Returned,
}
