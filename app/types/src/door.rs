//! What door and desk systems report back: entries, exits, denied entries, desk locks.

use serde::{Deserialize, Serialize};

named_enum! {
    /// What happened at a door or desk.
    DoorEventKind {
        Entry = "entry", "入室" / "Entry";
        Exit = "exit", "退室" / "Exit";
        Denied = "denied", "入室拒否" / "Entry denied";
        DeskLock = "desk_lock", "座席ロック" / "Desk locked";
        DeskUnlock = "desk_unlock", "座席ロック解除" / "Desk unlocked";
    }
}

/// One reported event as HR's record and the dashboard show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorEventRow {
    pub at: i64,
    pub kind: DoorEventKind,
    /// The door or desk, as the system names it.
    pub point: String,
    pub card_uid: String,
    /// The card's holder, when it was someone's active card at the time.
    pub holder: Option<String>,
}
