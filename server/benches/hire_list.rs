//! HR's hire list at 10,000 hires (not a timed test): the list service as a request runs
//! it (every query, the state of every hire, filtering, paging, and the audit entry of a
//! search), on SQLite and, when `MAMORU_TEST_POSTGRES_URL` is set, on PostgreSQL.
//!
//! Run:
//!
//!     cargo bench -p server --bench hire_list             # 10,000 hires
//!     cargo bench -p server --bench hire_list -- 2000     # any count
//!
//! Each registered hire has passed a random number of modules (one attempt each).

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

mod support;

use mamoru_core::Core;
use mamoru_core::SystemClock;
use mamoru_core::store::{hires, invites, progress};
use mamoru_core::testing::{TestBackend, TestDb, backends};
use mamoru_core::tokens;
use mamoru_types::domain::{AttemptId, Email, HireId, InviteId, PersonName, Role, UserId};
use mamoru_types::hires::{HireFilter, HireState};
use rand::Rng;
use server::startup::open_state;
use std::sync::Arc;
use std::time::{Duration, Instant};

const RUNS: usize = 100;

#[tokio::main]
async fn main() {
    let count = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    println!("{count} hires, {RUNS} runs each");
    println!("database   | request                        | p50 ms | p95 ms | max ms");
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let dir = tempfile::tempdir().expect("temp dir");
        let config = support::config(dir.path(), Some(&db.url));
        let state = open_state(&config, Arc::new(SystemClock)).await.expect("state").core;
        seed(&state, count).await;
        let started = Instant::now();
        let computed = mamoru_core::hires::refresh_stale(&state).await.expect("standings");
        println!(
            "{:<10} | standings of {computed} hires computed in {:.1} s (once, at start after a course change)",
            format!("{backend:?}"),
            started.elapsed().as_secs_f64()
        );
        let requests: [(&str, HireFilter); 4] = [
            ("first page, no filter", HireFilter::default()),
            (
                "state = in training, page 2",
                HireFilter { state: Some(HireState::InTraining), page: 2, ..HireFilter::default() },
            ),
            (
                "site + start date range",
                HireFilter {
                    site: "札幌".into(),
                    start_from: "2026-10-01".into(),
                    start_to: "2026-12-31".into(),
                    ..HireFilter::default()
                },
            ),
            ("search (audit-logged)", HireFilter { search: "e-004".into(), ..HireFilter::default() }),
        ];
        for (name, filter) in requests {
            let mut times = Vec::with_capacity(RUNS);
            for _ in 0..RUNS {
                let started = Instant::now();
                mamoru_core::hires::list(&state, &UserId::new("bench-hr"), &filter, None)
                    .await
                    .expect("list");
                times.push(started.elapsed());
            }
            times.sort_unstable();
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let label = match backend {
                TestBackend::Sqlite => "SQLite",
                TestBackend::Postgres => "PostgreSQL",
            };
            println!(
                "{label:<10} | {name:<30} | {:>6.1} | {:>6.1} | {:>6.1}",
                ms(times[RUNS / 2]),
                ms(times[RUNS * 95 / 100]),
                ms(times[RUNS - 1])
            );
        }
    }
}

async fn seed(state: &Core, count: usize) {
    let mut rng = rand::rng();
    let now = state.now();
    let name = PersonName::parse("新人 花子").expect("name");
    let version = state.course.version.clone();
    let mut tx = state.store.write().await.expect("tx");
    for i in 0..count {
        let (id, invite_id) = (UserId::new(tokens::new_id()), InviteId::new(tokens::new_id()));
        let email = Email::parse(&format!("hire{i}@example.jp")).expect("email");
        let invite = invites::NewInvite {
            id: &invite_id,
            token_hash: invite_id.as_str(),
            email: &email,
            name: &name,
            role: Role::Hire,
            created_by: None,
            now,
            expires_at: now + 86_400,
        };
        invites::insert(&mut tx, invite).await.expect("invite");
        let registered = rng.random_bool(0.9);
        if registered {
            support::insert_hire(&mut tx, &id, &email, &name, now).await;
            for module in state.course.modules.iter().take(rng.random_range(0..=8)) {
                let attempt = AttemptId::new(tokens::new_id());
                let new = progress::NewAttempt {
                    id: &attempt,
                    user_id: &id,
                    version: &version,
                    module: &module.slug,
                    served: "[]",
                    now,
                };
                progress::start_attempt(&mut tx, new).await.expect("attempt");
                progress::submit(&mut tx, &attempt, "[]", 100, true, now).await.expect("submit");
            }
        }
        let hire = hires::Hire {
            id: HireId::new(tokens::new_id()),
            invite_id,
            user_id: registered.then(|| id.clone()),
            employee_number: format!("E-{i:05}"),
            name: name.as_str().to_owned(),
            kana: "シンジン ハナコ".into(),
            email: email.as_str().to_owned(),
            site: ["本社", "札幌", "福岡"][i % 3].into(),
            start_date: format!("2026-{:02}-01", 1 + i % 12),
            created_at: now,
            search_text: format!("新人花子\nシンジンハナコ\nhire{i}@example.jp\ne-{i:05}"),
        };
        hires::insert(&mut tx, &hire).await.expect("hire");
    }
    tx.commit().await.expect("commit");
}
