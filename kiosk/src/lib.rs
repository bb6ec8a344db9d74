//! `mamoru-kiosk`: the lobby kiosk that issues staff IC cards.
//!
//! - [`config`]: the data directory (device key, pinned server key).
//! - [`client`]: the signed calls to the server's `/api/kiosk/v1`.
//! - [`input`]: what people scan or type (grant tokens, pickup codes, PINs).
//! - [`flow`]: the steps start → PIN → card → done, as plain data.
//! - [`issuer`]: drives the flow with the server and the card reader.
//! - [`reader`]: the card-reader seam (simulated; PC/SC with the `pcsc` feature).
//! - [`ui`]: the touchscreen pages (axum, no JavaScript).
//! - [`enroll`] and [`serve`]: the two commands.
//!
//! To run the UI in a test: build a [`client::KioskClient`], an [`issuer::Issuer`] from
//! [`issuer::IssuerParts`] (pinned key, reader, clock), then [`ui::router`].

pub mod client;
pub mod clock;
pub mod config;
pub mod enroll;
pub mod flow;
pub mod input;
pub mod issuer;
pub mod reader;
pub mod serve;
pub mod ui;

use crate::client::ServerUrl;
use crate::reader::CardUid;
use crate::serve::ReaderChoice;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "mamoru-kiosk", version, about = "Mamoru lobby kiosk: issues staff IC cards")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand, PartialEq, Eq)]
pub enum Command {
    /// Pair this kiosk with a Mamoru server using a one-time code from the admin screen.
    Enroll {
        /// The server's address, e.g. https://mamoru.example.jp
        #[arg(long, value_parser = ServerUrl::parse)]
        server: ServerUrl,
        /// The one-time enrollment code.
        #[arg(long)]
        code: String,
        /// How this kiosk appears on the admin screen (default: the host name).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        data: DataDirArg,
        /// Replace an existing enrollment.
        #[arg(long)]
        force: bool,
    },
    /// Serve the touchscreen UI on loopback.
    Serve {
        /// A loopback address; others are refused.
        #[arg(long, default_value = "127.0.0.1:8700")]
        addr: SocketAddr,
        #[command(flatten)]
        data: DataDirArg,
        #[arg(long, value_enum, default_value_t = ReaderChoice::Simulated)]
        reader: ReaderChoice,
        /// With the simulated reader: the card every read finds, in hex (a FeliCa IDm is 8
        /// bytes, e.g. 012E4CD1A0B3C5D7). Without it, every read finds a new random card.
        #[arg(long)]
        uid: Option<CardUid>,
    },
}

#[derive(Debug, Args, PartialEq, Eq)]
pub struct DataDirArg {
    /// Where the device key and the enrollment are kept.
    #[arg(long = "data-dir", env = "MAMORU_KIOSK_DATA_DIR", default_value = "./kiosk-data")]
    pub path: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_stable_subcommands() {
        let cli = Cli::try_parse_from([
            "mamoru-kiosk",
            "enroll",
            "--server",
            "https://m.example.jp",
            "--code",
            "ABCD",
            "--data-dir",
            "/var/lib/kiosk",
        ])
        .expect("parses");
        assert_eq!(
            cli.command,
            Command::Enroll {
                server: ServerUrl::parse("https://m.example.jp").expect("valid"),
                code: "ABCD".into(),
                name: None,
                data: DataDirArg { path: "/var/lib/kiosk".into() },
                force: false,
            }
        );
        assert!(Cli::try_parse_from(["mamoru-kiosk", "enroll"]).is_err());
        assert!(
            Cli::try_parse_from([
                "mamoru-kiosk",
                "enroll",
                "--server",
                "https://m.example.jp/x",
                "--code",
                "A"
            ])
            .is_err()
        );
        let Command::Serve { addr, reader, .. } =
            Cli::try_parse_from(["mamoru-kiosk", "serve"]).expect("parses").command
        else {
            panic!("serve parses as serve");
        };
        assert_eq!((addr, reader), ("127.0.0.1:8700".parse().expect("an address"), ReaderChoice::Simulated));
        let Command::Serve { reader, .. } =
            Cli::try_parse_from(["mamoru-kiosk", "serve", "--reader", "pcsc"]).expect("parses").command
        else {
            panic!("serve parses as serve");
        };
        assert_eq!(reader, ReaderChoice::Pcsc);
        let Command::Serve { uid, .. } =
            Cli::try_parse_from(["mamoru-kiosk", "serve", "--uid", "012e4cd1a0b3c5d7"])
                .expect("parses")
                .command
        else {
            panic!("serve parses as serve");
        };
        assert_eq!(uid.map(|uid| uid.to_string()).as_deref(), Some("012E4CD1A0B3C5D7"));
        assert!(Cli::try_parse_from(["mamoru-kiosk", "serve", "--uid", "012E4C"]).is_err(), "too short");
    }
}
