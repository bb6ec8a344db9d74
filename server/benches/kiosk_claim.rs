//! Kiosk benchmark (not a timed test):
//! 1. what a kiosk's offline check of a grant token costs, next to ed25519-dalek's own
//!    `verify_strict` on a message of the same length;
//! 2. the round trips a kiosk makes for one card on loopback against Mamoru on SQLite:
//!    the signed claim (PIN check with argon2 included) and the signed confirm.
//!
//! Run:
//!
//!     cargo bench -p server --bench kiosk_claim            # 200 cards
//!     cargo bench -p server --bench kiosk_claim -- 1000    # any count
//!
//! Hires and their grants are written straight to the store; one kiosk issues the cards
//! one after another, as a real kiosk does.

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

mod support;

use mamoru_core::Core;
use mamoru_core::{Clock, SystemClock};
use mamoru_core::{store, tokens};
use mamoru_seal::ed25519_dalek::{Signer, SigningKey, Verifier};
use mamoru_seal::kiosk::{self as wire, GrantClaims};
use mamoru_seal::{Purpose, Sealed};
use mamoru_types::domain::{AttemptId, Email, GrantId, KioskId, PersonName, UserId};
use serde_json::json;
use server::startup::Application;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PIN: &str = "246810";

#[tokio::main]
async fn main() {
    let cards = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(200);
    verification();
    round_trips(cards).await;
}

fn per_op(iterations: u32, run: impl Fn()) -> Duration {
    run(); // warm up
    let started = Instant::now();
    for _ in 0..iterations {
        run();
    }
    started.elapsed() / iterations
}

fn verification() {
    let key = SigningKey::from_bytes(&[7; 32]);
    let public = key.verifying_key();
    let claims = GrantClaims {
        grant_id: tokens::new_id(),
        employee_number: "E-0001".into(),
        name: "山田 太郎".into(),
        issued_at: 1_795_824_000,
        expires_at: 1_797_033_600,
    };
    let token = Sealed::seal(&key, Purpose::CARD_GRANT, &claims).to_token();
    let message = vec![0u8; mamoru_seal::canonical(&claims).len() + 32];
    let signature = key.sign(&message);
    let n = 20_000;
    let open = per_op(n, || {
        GrantClaims::open(&token, &public, 1_795_900_000).expect("genuine");
    });
    let strict = per_op(n, || public.verify_strict(&message, &signature).expect("valid"));
    let plain = per_op(n, || public.verify(&message, &signature).expect("valid"));
    println!("grant token: {} characters (QR code)", token.len());
    println!("check                                   | µs per check");
    println!("GrantClaims::open (decode + verify)     | {:>12.1}", open.as_secs_f64() * 1e6);
    println!("ed25519-dalek verify_strict             | {:>12.1}", strict.as_secs_f64() * 1e6);
    println!("ed25519-dalek verify (not strict)       | {:>12.1}", plain.as_secs_f64() * 1e6);
}

async fn round_trips(cards: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = support::config(dir.path(), None);
    let application = Application::build(&config, Arc::new(SystemClock)).await.expect("app");
    let base = format!("http://{}", application.local_addr());
    let state = application.core().clone();
    tokio::spawn(application.run());
    let device = SigningKey::from_bytes(&[9; 32]);
    let (kiosk_id, grants) = seed(&state, &device, cards).await;

    let client = reqwest::Client::new();
    let send = |path: String, body: serde_json::Value| {
        let (client, base, device, kiosk_id) =
            (client.clone(), base.clone(), device.clone(), kiosk_id.clone());
        async move {
            let path = format!("{}{path}", wire::API_PREFIX);
            let body = body.to_string();
            let (time, nonce) = (SystemClock.now(), tokens::new_id());
            let signature = wire::sign_request(&device, "POST", &path, time, &nonce, body.as_bytes());
            let started = Instant::now();
            let response = client
                .post(format!("{base}{path}"))
                .header(wire::HEADER_KIOSK, kiosk_id.as_str())
                .header(wire::HEADER_TIME, time.to_string())
                .header(wire::HEADER_NONCE, nonce)
                .header(wire::HEADER_SIGNATURE, signature)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .expect("request");
            assert!(response.status().is_success(), "{path}: {}", response.status());
            started.elapsed()
        }
    };
    let (mut claims, mut confirms) = (Vec::with_capacity(cards), Vec::with_capacity(cards));
    for (i, grant_id) in grants.iter().enumerate() {
        claims.push(send("/claims".into(), json!({ "grant_id": grant_id, "pin": PIN })).await);
        let uid = format!("04{i:012X}");
        confirms.push(send(format!("/claims/{grant_id}/confirm"), json!({ "card_uid": uid })).await);
    }
    println!("\n{cards} cards, one kiosk, SQLite, loopback");
    println!("request            | p50 ms | p99 ms | max ms");
    for (name, mut latencies) in [("claim (PIN check)", claims), ("confirm (bind UID)", confirms)] {
        latencies.sort_unstable();
        let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{name:<18} | {:>6.1} | {:>6.1} | {:>6.1}",
            ms(pct(0.50)),
            ms(pct(0.99)),
            ms(latencies[latencies.len() - 1])
        );
    }
}

/// Enrolls one kiosk with `device` and gives `cards` hires a grant with the same PIN.
async fn seed(state: &Core, device: &SigningKey, cards: usize) -> (KioskId, Vec<GrantId>) {
    let now = state.now();
    let pin_hash = state.hasher.hash_secret(PIN.to_owned()).await.expect("hash");
    let name = PersonName::parse("負荷 試験").expect("name");
    let kiosk = store::kiosks::Kiosk {
        id: KioskId::new(tokens::new_id()),
        name: "bench".into(),
        public_key: wire::encode_public_key(&device.verifying_key()),
        enrolled_at: now,
        disabled_at: None,
    };
    let mut tx = state.store.write().await.expect("tx");
    store::kiosks::insert(&mut tx, &kiosk).await.expect("kiosk");
    let agreement = store::signatures::current_version(&mut tx).await.expect("agreement").expect("published");
    let mut grants = Vec::with_capacity(cards);
    for i in 0..cards {
        let id = UserId::new(tokens::new_id());
        let email = Email::parse(&format!("card{i}@example.jp")).expect("email");
        support::insert_hire(&mut tx, &id, &email, &name, now).await;
        certify(&mut tx, state, &id, agreement, now).await;
        let grant = store::grants::Grant {
            id: GrantId::new(tokens::new_id()),
            user_id: id,
            short_code: tokens::new_short_code(),
            state: store::grants::GrantState::Granted,
            issued_at: now,
            expires_at: now + 3600,
            kiosk_id: None,
        };
        store::grants::insert(&mut tx, &grant).await.expect("grant");
        store::grants::set_pin(&mut tx, &grant.id, &pin_hash).await.expect("pin");
        grants.push(grant.id);
    }
    tx.commit().await.expect("commit");
    (kiosk.id, grants)
}

/// Records a complete round for `user_id` (every module passed, the current agreement
/// signed), so the kiosk's claim finds them certified.
async fn certify(conn: &mut sqlx::AnyConnection, state: &Core, user_id: &UserId, agreement: u32, now: i64) {
    for module in &state.course.modules {
        let attempt = AttemptId::new(tokens::new_id());
        let new = store::progress::NewAttempt {
            id: &attempt,
            user_id,
            version: &state.course.version,
            module: &module.slug,
            served: "[]",
            now,
        };
        store::progress::start_attempt(conn, new).await.expect("attempt");
        store::progress::submit(conn, &attempt, "[]", 100, true, now).await.expect("submit");
    }
    let signature = store::signatures::Signature {
        id: tokens::new_id(),
        user_id: user_id.clone(),
        version: agreement,
        signed_at: now,
        verification_code: tokens::new_id(),
        evidence: "{}".into(),
        drawing: None,
    };
    store::signatures::insert(conn, &signature).await.expect("signature");
}
