//! `mamoru-kiosk`: the lobby kiosk that issues staff IC cards. Enrollment, grant
//! verification and the card reader arrive with the kiosk issue; for now it knows how
//! to read its command line and refuses to act, so it never issues anything unchecked.

use clap::{Parser, Subcommand};

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
        #[arg(long)]
        server: String,
        #[arg(long)]
        code: String,
    },
    /// Serve the touchscreen UI on loopback.
    Serve,
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
        ])
        .expect("parses");
        assert_eq!(
            cli.command,
            Command::Enroll { server: "https://m.example.jp".into(), code: "ABCD".into() }
        );
        assert!(Cli::try_parse_from(["mamoru-kiosk", "enroll"]).is_err());
        assert_eq!(Cli::try_parse_from(["mamoru-kiosk", "serve"]).expect("parses").command, Command::Serve);
    }
}
