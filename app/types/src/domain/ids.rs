//! Typed ids, so one kind of id cannot be passed where another is meant (a hire record's
//! id where an account's is asked for). Each is the opaque text Mamoru generated; it
//! crosses the wire and is stored as that text.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

ids! {
    /// A hire record (`hires.id`): exists from the invitation on, before any account.
    HireId;
    /// An account (`users.id`): staff or a hire who has registered.
    UserId;
    /// A card grant (`card_grants.id`): the right to collect one card at a kiosk.
    GrantId;
    /// An enrolled kiosk (`kiosks.id`); it names itself by it in every signed request.
    KioskId;
    /// An invitation link (`invites.id`), never the link's secret.
    InviteId;
    /// An issued staff card (`cards.id`), not the card's chip UID.
    CardId;
    /// One quiz attempt (`quiz_attempts.id`): the questions served and, once sent, the answers.
    AttemptId;
    /// A device or media exception (`device_exceptions.id`): a request and its decision.
    ExceptionId;
    /// A signed-in session (`sessions.id`), to name it in a list; never its token.
    SessionId;
    /// A password-reset link (`password_resets.id`), never the link's secret.
    ResetId;
}
