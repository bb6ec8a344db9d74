//! Load benchmark (not a timed test): many simulated hires submit quizzes to a running
//! Mamoru on SQLite. Each hire starts an attempt, then submits the right answers; the
//! submit latency is measured. Two arrival patterns per size: a burst (every hire at
//! the same instant) and the same hires arriving evenly over ten seconds.
//!
//!     cargo bench -p server --bench quiz_load            # 200 and 2000 hires
//!     cargo bench -p server --bench quiz_load -- 500     # any counts
//!
//! Hires, their sessions and their read lessons are written straight to the store, so
//! the run measures quiz traffic, not password hashing.

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

mod support;

use mamoru_core::Core;
use mamoru_core::SystemClock;
use serde_json::Value;
use server::startup::Application;
use std::sync::Arc;
use std::time::{Duration, Instant};

const MODULE: &str = "01-personal-information";

#[tokio::main]
async fn main() {
    let counts: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let counts = if counts.is_empty() { vec![200, 2000] } else { counts };
    println!("hires | arrival   | submits/s | p50 ms | p99 ms | max ms | errors");
    for hires in counts {
        run(hires, Duration::ZERO).await;
        run(hires, SPREAD).await;
    }
}

/// The window over which hires arrive in the paced run.
const SPREAD: Duration = Duration::from_secs(10);

async fn run(hires: usize, spread: Duration) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = support::config(dir.path(), None);
    let application = Application::build(&config, Arc::new(SystemClock)).await.expect("app");
    let base = format!("http://{}", application.local_addr());
    let state = application.core().clone();
    tokio::spawn(application.run());
    let cookies = support::hires_who_read(&state, hires, MODULE).await;

    let client = reqwest::Client::builder().pool_max_idle_per_host(hires).build().expect("client");
    let started = Instant::now();
    let tasks: Vec<_> = cookies
        .into_iter()
        .enumerate()
        .map(|(i, cookie)| {
            let (client, base, state) = (client.clone(), base.clone(), state.clone());
            // Arrival schedule of the simulated hires (pacing, not synchronisation).
            let arrival = spread.mul_f64(i as f64 / hires as f64);
            tokio::spawn(async move {
                tokio::time::sleep(arrival).await;
                one_hire(&client, &base, &state, &cookie).await
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(hires);
    let mut errors = 0;
    for task in tasks {
        match task.await {
            Ok(Some(latency)) => latencies.push(latency),
            _ => errors += 1,
        }
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{hires:>5} | {:<9} | {:>9.0} | {:>6.1} | {:>6.1} | {:>6.1} | {errors}",
        if spread.is_zero() { "burst".to_owned() } else { format!("over {}s", spread.as_secs()) },
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
}

/// Starts an attempt and submits the right answers; returns the submit's latency.
async fn one_hire(client: &reqwest::Client, base: &str, state: &Core, cookie: &str) -> Option<Duration> {
    let quiz: Value = client
        .post(format!("{base}/api/quiz/start"))
        .header("cookie", cookie)
        .form(&[("module", MODULE), ("lang", "ja")])
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let answers = mamoru_core::testing::right_answers(&state.course.modules[0], &quiz)?;
    let started = Instant::now();
    let response = client
        .post(format!("{base}/api/quiz/submit"))
        .header("cookie", cookie)
        .form(&mamoru_core::testing::quiz_form(quiz["attempt_id"].as_str()?, &answers))
        .send()
        .await
        .ok()?;
    let latency = started.elapsed();
    let result: Value = response.json().await.ok()?;
    (result["passed"] == true).then_some(latency)
}
