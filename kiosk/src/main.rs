use clap::Parser;
use kiosk::config::{DataDir, Enrollment};
use kiosk::enroll::{EnrollOptions, default_name, enroll};
use kiosk::serve::{ServeOptions, serve};
use kiosk::{Cli, Command};
use std::error::Error;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Command::Enroll { server, code, name, data, force } => {
            let data_dir = DataDir::new(data.path);
            let options = EnrollOptions {
                server,
                code,
                name: name.unwrap_or_else(default_name),
                data_dir: data_dir.clone(),
                force,
            };
            match enroll(options).await {
                Ok(enrollment) => {
                    report_enrolled(&enrollment, &data_dir);
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error),
            }
        }
        Command::Serve { addr, data, reader, uid } => {
            match serve(ServeOptions { addr, data_dir: DataDir::new(data.path), reader, simulated_uid: uid })
                .await
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(&error),
            }
        }
    }
}

#[allow(clippy::print_stdout)] // The command's result, for the admin at the terminal.
fn report_enrolled(enrollment: &Enrollment, data_dir: &DataDir) {
    println!(
        "enrolled as kiosk {} with {}; pinned server key {}; files in {}",
        enrollment.kiosk_id,
        enrollment.server_url,
        enrollment.server_key_id,
        data_dir.path().display()
    );
}

/// Prints the error with its causes (each once) and fails.
fn fail(error: &dyn Error) -> ExitCode {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    eprintln!("mamoru-kiosk: {message}");
    ExitCode::FAILURE
}
