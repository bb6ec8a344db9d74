//! Burst benchmark (not a timed test): the release `mamoru` binary as its own process,
//! hit by a burst of unauthenticated requests that would hash a password, while
//! `/healthz` is probed. Reports the server's peak resident memory (its `VmHWM`), its
//! memory after the burst, the time to drain the burst, the answers by status, and the
//! `/healthz` latency during the burst.
//!
//!     cargo bench -p server --bench auth_burst            # 1000 requests per burst
//!     cargo bench -p server --bench auth_burst -- 200     # any size
//!
//! Three bursts: invitation accepts with made-up tokens; sign-ins from one address (most
//! are then refused by the address limit, cheaply); sign-ins from as many addresses as
//! requests, through a trusted proxy (every one may hash: the hashing bound decides).

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[tokio::main]
async fn main() {
    let size = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(1000);
    println!(
        "burst ({size} requests)        | peak RSS | RSS after | drain s | healthz p50/p99/max ms | answers"
    );
    for burst in [Burst::BogusInvites, Burst::SignInsOneAddress, Burst::SignInsManyAddresses] {
        run(burst, size).await;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Burst {
    BogusInvites,
    SignInsOneAddress,
    SignInsManyAddresses,
}

impl Burst {
    fn label(self) -> &'static str {
        match self {
            Burst::BogusInvites => "accept_invite, made-up tokens",
            Burst::SignInsOneAddress => "sign_in, one address",
            Burst::SignInsManyAddresses => "sign_in, many addresses",
        }
    }
}

/// The release server as a child process, killed when dropped.
struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server() -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let port =
        std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let child = Command::new(env!("CARGO_BIN_EXE_mamoru"))
        .arg("serve")
        .env("MAMORU_ADDR", format!("127.0.0.1:{port}"))
        .env("MAMORU_DATA_DIR", dir.path())
        .env("MAMORU_SITE_DIR", dir.path().join("site"))
        .env("MAMORU_COOKIE_SECURE", "false")
        .env("MAMORU_TRUSTED_PROXIES", "127.0.0.1")
        .env("MAMORU_LOG_FORMAT", "json")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mamoru");
    Server { child, base: format!("http://127.0.0.1:{port}"), _dir: dir }
}

/// Waits until the server answers `/healthz` (polling, at most 30 s).
async fn ready(client: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if client.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("mamoru did not start");
}

/// A line of `/proc/PID/status`, in KiB.
fn status_kib(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.trim().strip_suffix("kB")?.trim().parse().ok())
        .unwrap_or(0)
}

async fn run(burst: Burst, size: usize) {
    let server = start_server();
    let client = reqwest::Client::builder().pool_max_idle_per_host(size).build().expect("client");
    ready(&client, &server.base).await;
    let pid = server.child.id();

    // /healthz every 10 ms while the burst runs, over a connection of its own opened
    // before it (as a load balancer keeps one).
    let prober = reqwest::Client::builder().pool_max_idle_per_host(1).build().expect("client");
    ready(&prober, &server.base).await;
    let running = Arc::new(AtomicBool::new(true));
    let probe = {
        let (client, base, running) = (prober, server.base.clone(), running.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            while running.load(Ordering::Relaxed) {
                let started = Instant::now();
                let _ = client.get(format!("{base}/healthz")).send().await;
                latencies.push(started.elapsed());
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            latencies
        })
    };

    let started = Instant::now();
    let requests: Vec<_> = (0..size)
        .map(|i| {
            let (client, base) = (client.clone(), server.base.clone());
            tokio::spawn(async move { send(&client, &base, burst, i).await })
        })
        .collect();
    let mut answers: BTreeMap<String, usize> = BTreeMap::new();
    for request in requests {
        let answer = request.await.unwrap_or_else(|_| "panicked".into());
        *answers.entry(answer).or_default() += 1;
    }
    let drain = started.elapsed();
    running.store(false, Ordering::Relaxed);
    let mut latencies = probe.await.unwrap_or_default();
    latencies.sort_unstable();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1));
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    let peak = status_kib(pid, "VmHWM:");
    let after = status_kib(pid, "VmRSS:");
    let answers: Vec<String> = answers.iter().map(|(k, v)| format!("{v}× {k}")).collect();
    println!(
        "{:<30} | {:>5} MB | {:>6} MB | {:>7.2} | {:>6.1} / {:>5.1} / {:>5.1} | {}",
        burst.label(),
        peak / 1024,
        after / 1024,
        drain.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        pct(1.0),
        answers.join(", ")
    );
}

/// One request of the burst; answers its status (and error kind).
async fn send(client: &reqwest::Client, base: &str, burst: Burst, i: usize) -> String {
    let request = match burst {
        Burst::BogusInvites => client.post(format!("{base}/api/auth/accept_invite")).form(&[
            ("token", format!("made-up-token-{i}")),
            ("password", "correct horse battery staple".to_owned()),
            ("password_again", "correct horse battery staple".to_owned()),
        ]),
        Burst::SignInsOneAddress | Burst::SignInsManyAddresses => {
            let form =
                [("email", format!("guess{i}@example.jp")), ("password", "wrong password!!".to_owned())];
            let request = client.post(format!("{base}/api/auth/sign_in")).form(&form);
            if burst == Burst::SignInsManyAddresses {
                request.header(
                    "x-forwarded-for",
                    format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256),
                )
            } else {
                request
            }
        }
    };
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            let kind = body.split('"').nth(1).unwrap_or("").to_owned();
            format!("{status} {kind}")
        }
        Err(_) => "no answer".into(),
    }
}
