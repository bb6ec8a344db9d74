use clap::Parser;
use server::{cli, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let config = match cli::load_config(&cli) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("mamoru: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    match cli::run(cli, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("mamoru: {error}");
            ExitCode::FAILURE
        }
    }
}
