//! Start-up: data directory, database and migrations, platform key, listener.

use crate::config::Config;
use app::server::AppState;
use axum::serve::ListenerExt;
use leptos::prelude::LeptosOptions;
use mamoru_core::{Clock, Core, PlatformKey, checkpoint, course, hires, keys::KeyError, nda};
use mamoru_core::{store::Store, store::StoreError};
use std::{net::SocketAddr, sync::Arc};
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("the course cannot be used:\n{0}\n(check it with `mamoru course check`)")]
    Course(String),
    #[error("the agreement texts cannot be used: {0}")]
    Agreements(String),
    #[error("cannot recompute the hires' standings: {0}")]
    Standings(#[source] sqlx::Error),
    #[error("cannot write the daily audit checkpoint (the cause is logged above)")]
    Checkpoint,
    #[error("cannot listen on {addr}: {source} (is another server running? set MAMORU_ADDR)")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// Opens the data directory, database (migrated) and platform key: what every command needs.
pub async fn open_state(config: &Config, clock: Arc<dyn Clock>) -> Result<AppState, StartupError> {
    create_data_dir(config)?;
    let store = Store::connect(&config.database_url).await?;
    store.migrate().await?;
    let keys = PlatformKey::for_center(&store, &config.key_file, clock.now()).await?;
    let course = load_course(config)?;
    let agreements = nda::Agreements::built_in().map_err(StartupError::Agreements)?;
    let leptos_options = LeptosOptions::builder()
        .output_name("mamoru")
        .site_root(config.site_dir.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let core = Core {
        store,
        settings: Arc::new(config.settings.clone()),
        clock,
        keys: Arc::new(keys),
        course: Arc::new(course),
        agreements: Arc::new(agreements),
        mailer: config.mailer.clone(),
        hasher: mamoru_core::password::Hasher::for_this_machine(),
        sso: config.sso.clone(),
    };
    Ok(AppState { core, leptos_options })
}

/// The course the server uses: `course/` in the data directory if a center put one
/// there, otherwise the built-in course.
pub fn course_source(config: &Config) -> (std::io::Result<course::CourseFiles>, String) {
    let dir = config.data_dir.join("course");
    if dir.is_dir() {
        (course::CourseFiles::from_dir(&dir), dir.display().to_string())
    } else {
        (Ok(course::CourseFiles::built_in()), "built-in course".to_owned())
    }
}

fn load_course(config: &Config) -> Result<course::Course, StartupError> {
    let (files, source) = course_source(config);
    let files = files.map_err(|e| StartupError::Course(format!("cannot read {source}: {e}")))?;
    course::load(&files).map_err(|problems| StartupError::Course(problem_list(&problems)))
}

/// Course problems, one indented line each.
pub fn problem_list(problems: &[course::ContentError]) -> String {
    problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
}

fn create_data_dir(config: &Config) -> Result<(), StartupError> {
    let path = &config.data_dir;
    let err = |source| StartupError::DataDir { path: path.display().to_string(), source };
    std::fs::create_dir_all(path).map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).map_err(err)?;
    }
    Ok(())
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(config: &Config, clock: Arc<dyn Clock>) -> Result<Self, StartupError> {
        let state = open_state(config, clock).await?;
        // Serving needs a current agreement; the other commands leave the database alone.
        nda::publish_initial(&state.core).await.map_err(|e| {
            StartupError::Agreements(format!(
                "cannot publish the first version ({e}; the cause is logged above)"
            ))
        })?;
        // After a course change (or an upgrade), HR's list must not show old standings.
        let refreshed = hires::refresh_stale(&state.core).await.map_err(StartupError::Standings)?;
        if refreshed > 0 {
            tracing::info!(hires = refreshed, "hire standings recomputed for the current course");
        }
        checkpoint::write_if_due(&state.core).await.map_err(|_| StartupError::Checkpoint)?;
        let listener =
            listen(config.addr).map_err(|source| StartupError::Bind { addr: config.addr, source })?;
        Ok(Self { listener, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    pub fn core(&self) -> &Core {
        &self.state.core
    }

    /// The state before serving starts, for tests that swap in other content.
    pub fn core_mut(&mut self) -> &mut Core {
        &mut self.state.core
    }

    /// Serves until the process is asked to stop (Ctrl-C or SIGTERM).
    pub async fn run(self) -> std::io::Result<()> {
        let app = crate::http::router(self.state.clone());
        tokio::spawn(write_checkpoints(self.state.core.clone()));
        if self.state.core.settings.webhook_interval_secs > 0 {
            tokio::spawn(deliver_webhooks(self.state.core.clone()));
        }
        // Without TCP_NODELAY, a response written in pieces on a kept-alive connection
        // waits for the browser's delayed acknowledgement: about 40 ms per static file.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "cannot set TCP_NODELAY");
            }
        });
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        self.state.core.store.close().await;
        Ok(())
    }
}

/// Looks every hour whether the daily audit checkpoint is due (start-up wrote one if it was).
async fn write_checkpoints(state: Core) {
    const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + HOUR, HOUR);
    loop {
        ticks.tick().await;
        // A failure is logged where it happened; the next hour tries again.
        let _ = checkpoint::write_if_due(&state).await;
    }
}

/// Sends the webhooks that are due, every `MAMORU_WEBHOOK_INTERVAL_SECONDS`.
async fn deliver_webhooks(state: Core) {
    let secs = u64::try_from(state.settings.webhook_interval_secs).unwrap_or(5);
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(secs));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        // A failure is logged where it happened; the next tick tries again.
        let _ = mamoru_core::webhooks::deliver_due(&state).await;
    }
}

/// Connections waiting to be accepted before the kernel drops new ones (capped by
/// `net.core.somaxconn`). A burst of a thousand clients connecting at once overflowed the
/// default of 1024, and a dropped SYN costs its client a second.
const LISTEN_BACKLOG: u32 = 4096;

fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket =
        if addr.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
