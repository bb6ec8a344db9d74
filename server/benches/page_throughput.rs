//! Throughput benchmark (not a timed test): requests per second of server-rendered pages,
//! each beside a bare axum handler that answers with the very bytes Mamoru answered, run
//! alternately in one process by `wrk` (Debian: `apt install wrk`; 2 threads, 16 kept-alive
//! connections, as a busy office's browsers). Then a static file on one kept-alive
//! connection against a fresh connection per request: Nagle's algorithm meeting delayed
//! acknowledgements would stall the first.
//!
//!     cargo leptos build --release                            # the static files in target/site
//!     cargo bench -p server --bench page_throughput           # 5 s per measurement
//!     cargo bench -p server --bench page_throughput -- 10     # any length

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

mod support;

use axum::serve::ListenerExt;
use mamoru_core::SystemClock;
use server::startup::Application;
use std::io::{Read, Write};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a browser sends; Mamoru answers it with brotli.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";
const ROUNDS: usize = 3;

#[tokio::main]
async fn main() {
    if Command::new("wrk").arg("--version").output().is_err() {
        println!("page_throughput needs wrk: apt install wrk");
        return;
    }
    let secs: u64 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().expect("temp dir");
    let application =
        Application::build(&support::config(dir.path(), None), Arc::new(SystemClock)).await.expect("app");
    let base = format!("http://{}", application.local_addr());
    let state = application.core().clone();
    tokio::spawn(application.run());
    let cookie = support::hires_who_read(&state, 1, "01-personal-information").await.remove(0);

    println!(
        "page                  | encoding | Mamoru req/s | bare req/s | ratio (median of {ROUNDS}, {secs} s each)"
    );
    let pages = [
        ("sign-in /login", "/login", None),
        ("lesson, signed in", "/learn/01-personal-information/0", Some(cookie)),
    ];
    for (label, path, cookie) in pages {
        for encoding in [None, Some(BROWSER_ENCODINGS)] {
            let mut headers: Vec<String> = cookie.iter().map(|c| format!("Cookie: {c}")).collect();
            headers.extend(encoding.map(|e| format!("Accept-Encoding: {e}")));
            let answer = Answer::fetch(&format!("{base}{path}"), &headers).await;
            let (encoding, size) =
                (answer.encoding.clone().unwrap_or_else(|| "none".into()), answer.body.len());
            let bare = answer.serve_bare().await;
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            for _ in 0..ROUNDS {
                theirs.push(wrk(&format!("{bare}{path}"), &headers, 16, secs));
                ours.push(wrk(&format!("{base}{path}"), &headers, 16, secs));
            }
            let (ours, theirs) = (median(ours), median(theirs));
            println!(
                "{label:21} | {encoding:8} | {ours:12.0} | {theirs:10.0} | {:.3}  ({size} bytes)",
                ours / theirs
            );
        }
    }

    let css = format!("{base}/pkg/mamoru.css");
    let kept_alive = 1000.0 / median((0..ROUNDS).map(|_| wrk(&css, &[], 1, secs)).collect());
    let fresh = fresh_connection_ms(application_addr(&base), "/pkg/mamoru.css", Duration::from_secs(secs));
    println!(
        "static /pkg/mamoru.css: {kept_alive:.3} ms a request on one kept-alive connection, {fresh:.3} ms on a fresh connection each ({:.2}×)",
        kept_alive / fresh
    );
}

/// One answer of Mamoru's, to be served again by a bare handler.
struct Answer {
    content_type: String,
    encoding: Option<String>,
    body: axum::body::Bytes,
}

impl Answer {
    async fn fetch(url: &str, headers: &[String]) -> Answer {
        let mut request = reqwest::Client::new().get(url);
        for header in headers {
            let (name, value) = header.split_once(": ").expect("a header");
            request = request.header(name, value);
        }
        let response = request.send().await.expect("an answer");
        assert_eq!(response.status(), reqwest::StatusCode::OK, "{url}");
        let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let content_type = header(reqwest::header::CONTENT_TYPE).expect("a content type");
        let encoding = header(reqwest::header::CONTENT_ENCODING);
        Answer { content_type, encoding, body: response.bytes().await.expect("a body") }
    }

    /// A bare axum server on loopback answering every path with these bytes.
    async fn serve_bare(self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let addr = listener.local_addr().expect("its address");
        let answer = Arc::new(self);
        let router = axum::Router::new().fallback(move || {
            let answer = Arc::clone(&answer);
            async move {
                let mut response = axum::response::Response::new(axum::body::Body::from(answer.body.clone()));
                let headers = response.headers_mut();
                headers.insert("content-type", answer.content_type.parse().expect("a header value"));
                if let Some(encoding) = &answer.encoding {
                    headers.insert("content-encoding", encoding.parse().expect("a header value"));
                }
                response
            }
        });
        let listener = listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn(async move { axum::serve(listener, router).await });
        format!("http://{addr}")
    }
}

/// Requests per second that `wrk` measured.
fn wrk(url: &str, headers: &[String], connections: usize, secs: u64) -> f64 {
    let threads = connections.min(2).to_string();
    let mut command = Command::new("wrk");
    command.args(["-t", &threads, "-c", &connections.to_string(), "-d", &format!("{secs}s")]);
    for header in headers {
        command.args(["-H", header]);
    }
    let output = command.arg(url).output().expect("wrk runs");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(!report.contains("Non-2xx"), "{url} answered errors:\n{report}");
    report
        .lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|rate| rate.trim().parse().ok())
        .unwrap_or_else(|| panic!("no rate in wrk's report:\n{report}"))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn application_addr(base: &str) -> &str {
    base.trim_start_matches("http://")
}

/// The mean time of a request on a connection of its own, for `length`. Blocking, on the
/// main thread: the servers run on the runtime's worker threads.
fn fresh_connection_ms(addr: &str, path: &str, length: Duration) -> f64 {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let started = Instant::now();
    let mut count = 0u32;
    let mut buffer = Vec::with_capacity(64 * 1024);
    while started.elapsed() < length {
        let mut stream = std::net::TcpStream::connect(addr).expect("a connection");
        stream.write_all(request.as_bytes()).expect("a request");
        buffer.clear();
        stream.read_to_end(&mut buffer).expect("an answer");
        assert!(
            buffer.starts_with(b"HTTP/1.1 200"),
            "{path} answered {:?}",
            String::from_utf8_lossy(&buffer[..40.min(buffer.len())])
        );
        count += 1;
    }
    started.elapsed().as_secs_f64() * 1000.0 / f64::from(count)
}
