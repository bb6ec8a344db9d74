use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = kiosk::Cli::parse();
    eprintln!("mamoru-kiosk: `{:?}` is not available yet in this version; no card is issued.", cli.command);
    ExitCode::FAILURE
}
