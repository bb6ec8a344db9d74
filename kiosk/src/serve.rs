//! `mamoru-kiosk serve`: the touchscreen UI on loopback, for the enrolled server.

use crate::client::{ClientError, KioskClient};
use crate::clock::{Clock, SystemClock};
use crate::config::{ConfigError, DataDir};
use crate::issuer::{Issuer, IssuerParts};
use crate::reader::{CardReader, CardUid, SimulatedReader};
use crate::ui::{self, UiOptions};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How often an abandoned flow is looked for when no page asks.
const IDLE_CHECK_EVERY: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReaderChoice {
    /// No hardware: random NXP-like UIDs (development, demos, tests).
    Simulated,
    /// The first PC/SC reader (builds with `--features pcsc`).
    Pcsc,
}

#[derive(Debug)]
pub struct ServeOptions {
    pub addr: SocketAddr,
    pub data_dir: DataDir,
    pub reader: ReaderChoice,
    /// The card every simulated read finds (`--uid`); a new random card each time without it.
    pub simulated_uid: Option<CardUid>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0} is not a loopback address: the kiosk UI is for this machine's screen only (use 127.0.0.1)")]
    NotLoopback(SocketAddr),
    #[error("this build has no PC/SC support: rebuild with `--features pcsc`, or use --reader simulated")]
    PcscNotBuilt,
    #[error("--uid is for the simulated reader only: a PC/SC reader reads the card placed on it")]
    UidWithRealReader,
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("the kiosk UI stopped: {0}")]
    Serve(#[source] io::Error),
}

/// Serves until Ctrl-C or SIGTERM, then gives back a claim still held.
pub async fn serve(options: ServeOptions) -> Result<(), ServeError> {
    if !options.addr.ip().is_loopback() {
        return Err(ServeError::NotLoopback(options.addr));
    }
    let reader = card_reader(options.reader, options.simulated_uid)?;
    let (enrollment, device_key) = options.data_dir.load()?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock::new());
    let client = KioskClient::new(
        enrollment.server_url.clone(),
        enrollment.kiosk_id.clone(),
        device_key.into_signing_key(),
        Arc::clone(&clock),
    )?;
    let issuer = Issuer::new(IssuerParts {
        client,
        server_key: enrollment.server_key,
        pinned_in: Some(options.data_dir.clone()),
        reader,
        clock,
    });
    match issuer.check_server().await {
        Ok(status) => {
            tracing::info!(kiosk = status.kiosk_id, name = status.name, "the server accepts this kiosk");
            issuer.follow_key_moves().await;
        }
        Err(error) => {
            tracing::warn!(%error, server = %enrollment.server_url, "the server cannot be used now: no card is issued until it can")
        }
    }
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|source| ServeError::Bind { addr: options.addr, source })?;
    tracing::info!("kiosk UI on http://{}/", options.addr);
    let ticker = tokio::spawn(expire_idle_flows(issuer.clone()));
    let router =
        ui::router(issuer.clone(), UiOptions { simulated_reader: options.reader == ReaderChoice::Simulated });
    let served = axum::serve(listener, router).with_graceful_shutdown(shutdown_signal()).await;
    ticker.abort();
    issuer.reset().await;
    served.map_err(ServeError::Serve)
}

fn card_reader(choice: ReaderChoice, uid: Option<CardUid>) -> Result<Arc<dyn CardReader>, ServeError> {
    match (choice, uid) {
        (ReaderChoice::Simulated, None) => {
            tracing::warn!("the card reader is simulated: issued cards have random UIDs");
            Ok(Arc::new(SimulatedReader::new()))
        }
        (ReaderChoice::Simulated, Some(uid)) => {
            tracing::warn!(%uid, "the card reader is simulated: every read finds this card");
            Ok(Arc::new(SimulatedReader::fixed(uid)))
        }
        (ReaderChoice::Pcsc, Some(_)) => Err(ServeError::UidWithRealReader),
        #[cfg(feature = "pcsc")]
        (ReaderChoice::Pcsc, None) => Ok(Arc::new(crate::reader::PcscReader::new())),
        #[cfg(not(feature = "pcsc"))]
        (ReaderChoice::Pcsc, None) => Err(ServeError::PcscNotBuilt),
    }
}

async fn expire_idle_flows(issuer: Issuer) {
    let mut interval = tokio::time::interval(IDLE_CHECK_EVERY);
    loop {
        interval.tick().await;
        issuer.expire_idle().await;
    }
}

async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
    tracing::info!("stopping the kiosk UI");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_non_loopback_address_is_refused_before_anything_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let options = ServeOptions {
            addr: "0.0.0.0:8700".parse().expect("an address"),
            data_dir: DataDir::new(dir.path()),
            reader: ReaderChoice::Simulated,
            simulated_uid: None,
        };
        assert!(matches!(serve(options).await, Err(ServeError::NotLoopback(_))));
    }

    #[tokio::test]
    async fn serving_needs_an_enrollment() {
        let dir = tempfile::tempdir().expect("tempdir");
        let options = ServeOptions {
            addr: "127.0.0.1:0".parse().expect("an address"),
            data_dir: DataDir::new(dir.path()),
            reader: ReaderChoice::Simulated,
            simulated_uid: None,
        };
        assert!(matches!(serve(options).await, Err(ServeError::Config(ConfigError::NotEnrolled { .. }))));
    }

    #[test]
    fn a_fixed_uid_is_for_the_simulated_reader_only() {
        let uid = CardUid::parse("012E4CD1A0B3C5D7").expect("a FeliCa IDm");
        let reader = card_reader(ReaderChoice::Simulated, Some(uid.clone())).expect("a simulated reader");
        assert_eq!(reader.read_uid().expect("a card"), uid);
        assert!(matches!(card_reader(ReaderChoice::Pcsc, Some(uid)), Err(ServeError::UidWithRealReader)));
    }
}
