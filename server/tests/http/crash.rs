//! Crash consistency: `mamoru serve` as a process of its own, killed with SIGKILL while
//! hires read lessons, take quizzes, sign the agreement and collect their cards, then
//! started again on the same database. After every kill the records agree: every
//! submitted attempt, signature, grant and card has its audit entry and every such entry
//! its record, no card exists without its claim, every stored standing is what the
//! records give, and the audit chain verifies. At the end every hire finishes.
//!
//! Each kill aims at one kind of step, in turn: it comes a random few milliseconds after a
//! hire sends that step, so it lands before the request arrives, inside its transaction,
//! between commit and answer, or after. The long form (the README records one):
//!
//!     MAMORU_CRASH_KILLS=150 cargo test -p server --features app/ssr --test http crash -- --nocapture

use crate::harness::{TestApp, backends, error_kind, spawn_app};
use crate::kiosk::{TestKiosk, new_kiosk, opened_grant, try_send};
use crate::learning::right_answers;
use crate::nda::{request, sign_form};
use mamoru_core::store::{audit, users};
use mamoru_core::{Clock, SystemClock, hires};
use mamoru_types::domain::{Role, UserId};
use rand::Rng;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeMap, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

/// Kills per database in `make test`, twice round the steps; `MAMORU_CRASH_KILLS` asks for more.
const KILLS: usize = 2 * Step::ALL.len();
/// Hires on their way at the same time.
const AT_ONCE: usize = 4;
/// The latest a kill comes after the step it aims at was sent: most steps take a few
/// milliseconds here, so kills spread over before, during and after them.
const KILL_WITHIN_MICROS: u64 = 15_000;

/// The steps that write, which the kills aim at in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Read,
    Start,
    Submit,
    Sign,
    Pin,
    Claim,
    Confirm,
}

impl Step {
    const ALL: [Step; 7] =
        [Step::Read, Step::Start, Step::Submit, Step::Sign, Step::Pin, Step::Claim, Step::Confirm];
}

/// A hire on their way, and what they keep between steps.
struct Hire {
    client: Client,
    /// The card the kiosk will read for them.
    uid: String,
    /// The PIN from the last answer that carried one.
    pin: Option<String>,
    /// The grant a kiosk claimed for them, once it did.
    grant_id: Option<String>,
}

/// The server went away (or was busy) mid-step: the hire comes back to it after the restart.
#[derive(Debug)]
struct Interrupted;

impl From<reqwest::Error> for Interrupted {
    fn from(_: reqwest::Error) -> Self {
        Interrupted
    }
}

/// The answer's body when the hire may go on: 200, or the error `done_already` that says
/// the step happened before a kill took its answer (then `None`). Busy interrupts like a
/// kill; any other answer means the records no longer let the hire on, and fails the test.
fn went(
    step: Step,
    answer: (StatusCode, Value),
    done_already: Option<&str>,
) -> Result<Option<Value>, Interrupted> {
    match answer {
        (StatusCode::OK, body) => Ok(Some(body)),
        (StatusCode::SERVICE_UNAVAILABLE, _) => Err(Interrupted),
        (_, body) if done_already.is_some_and(|kind| error_kind(&body) == kind) => Ok(None),
        (status, body) => panic!("{step:?} refused after a restart: {status} {body}"),
    }
}

/// Takes the hire from wherever the records say they are to a card in hand.
async fn journey(
    app: &TestApp,
    kiosk: &TestKiosk,
    hire: &mut Hire,
    steps: &UnboundedSender<Step>,
) -> Result<(), Interrupted> {
    let sending = |step| {
        // The controller may have stopped listening: the kill is on its way.
        let _ = steps.send(step);
    };
    let client = &hire.client;
    let overview = app.try_call_json(client, "course/overview", &[("lang", "ja")]).await?;
    let overview = went(Step::Read, overview, None)?.unwrap_or_default();
    let states = overview["modules"].as_array().cloned().unwrap_or_default();
    for (module, state) in app.state.course.modules.iter().zip(states) {
        if state["state"] == "Passed" {
            continue;
        }
        let slug = module.slug.as_str();
        for index in 0..module.lessons.len() {
            sending(Step::Read);
            let form = [("module", slug), ("index", &index.to_string())];
            went(Step::Read, app.try_call_json(client, "course/read", &form).await?, None)?;
        }
        sending(Step::Start);
        let quiz = app.try_call_json(client, "quiz/start", &[("module", slug), ("lang", "ja")]).await?;
        let quiz = went(Step::Start, quiz, None)?.unwrap_or_default();
        sending(Step::Submit);
        let answers = right_answers(app, slug, &quiz);
        let form = mamoru_core::testing::quiz_form(quiz["attempt_id"].as_str().unwrap_or_default(), &answers);
        let result = app.try_call_json(client, "quiz/submit", &crate::harness::fields(&form)).await?;
        if let Some(result) = went(Step::Submit, result, Some("QuizSubmitted"))? {
            assert_eq!(result["passed"], true, "{result}");
        }
    }

    let doc = app.try_call_json(client, "nda/document", &[("lang", "ja")]).await?;
    let doc = went(Step::Sign, doc, None)?.unwrap_or_default();
    sending(Step::Sign);
    let signed = app
        .try_call_json(
            client,
            "nda/sign",
            &crate::harness::fields(&sign_form(&request(&doc, "山田 太郎", None))),
        )
        .await?;
    went(Step::Sign, signed, Some("AlreadySigned"))?;

    let mine =
        went(Step::Pin, app.try_call_json(client, "cards/mine", &[]).await?, None)?.unwrap_or_default();
    match mine["status"].as_str() {
        Some("Issued") => return Ok(()),
        // A PIN set before the kill may have lost its answer: ask for a fresh one.
        Some("Waiting") => {
            sending(Step::Pin);
            let pin = went(Step::Pin, app.try_call_json(client, "cards/pin", &[]).await?, None)?;
            hire.pin = pin.and_then(|pin| pin.as_str().map(str::to_owned));
            let code = mine["pickup"]["short_code"].as_str().expect("a pickup code");
            let lookup = try_send(app, &kiosk.sign(app, "POST", "/lookup", &json!({ "code": code }))).await?;
            let lookup = went(Step::Claim, lookup, None)?.unwrap_or_default();
            hire.grant_id = Some(opened_grant(app, &lookup).grant_id);
        }
        // Claimed by this kiosk before the kill: the PIN it took still opens the claim.
        Some("AtKiosk") => {}
        other => panic!("a hire who signed has a grant, not {other:?}: {mine}"),
    }
    let (Some(pin), Some(grant_id)) = (hire.pin.clone(), hire.grant_id.clone()) else {
        panic!("a claimed grant whose PIN and id this hire never got");
    };
    sending(Step::Claim);
    let claim = json!({ "grant_id": grant_id, "pin": pin });
    went(Step::Claim, try_send(app, &kiosk.sign(app, "POST", "/claims", &claim)).await?, None)?;
    sending(Step::Confirm);
    let confirm = format!("/claims/{grant_id}/confirm");
    let card = json!({ "card_uid": hire.uid });
    went(Step::Confirm, try_send(app, &kiosk.sign(app, "POST", &confirm, &card)).await?, None)?;
    Ok(())
}

type Queue = Arc<Mutex<VecDeque<Hire>>>;

/// What one worker did before the queue ran dry or the server went away.
#[derive(Debug, Default)]
struct Worked {
    /// Hires who got their card.
    finished: usize,
    /// Whether the worker's last hire was cut short (and went back to the queue).
    cut_short: bool,
}

/// Takes hires from the queue until it is empty or the server goes away.
async fn work(app: TestApp, kiosk: Arc<TestKiosk>, queue: Queue, steps: UnboundedSender<Step>) -> Worked {
    let mut worked = Worked::default();
    loop {
        let next = queue.lock().expect("queue").pop_front();
        let Some(mut hire) = next else { return worked };
        match journey(&app, &kiosk, &mut hire, &steps).await {
            Ok(()) => worked.finished += 1,
            Err(Interrupted) => {
                queue.lock().expect("queue").push_back(hire);
                worked.cut_short = true;
                return worked;
            }
        }
    }
}

/// `mamoru serve` on the test's database, with a copy of the center's key, always on the
/// same port (so the hires' cookies and the kiosk's requests carry over).
struct Serve {
    data_dir: tempfile::TempDir,
    port: u16,
}

impl Serve {
    fn new(app: &TestApp) -> Serve {
        let data_dir = tempfile::tempdir().expect("data dir");
        let key = mamoru_core::PlatformKey::FILE_NAME;
        std::fs::copy(app.data_dir().join(key), data_dir.path().join(key)).expect("copy the key");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        Serve { data_dir, port }
    }

    fn log(&self) -> std::path::PathBuf {
        self.data_dir.path().join("serve.log")
    }

    /// Starts the process and waits until `/healthz` answers; the helpers of `app`, sent to it.
    async fn start(&self, app: &TestApp) -> (Child, TestApp) {
        let dir = self.data_dir.path();
        let log = std::fs::File::create(self.log()).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_mamoru"))
            .arg("serve")
            .env("MAMORU_ADDR", format!("127.0.0.1:{}", self.port))
            .env("MAMORU_DATA_DIR", dir)
            .env("MAMORU_SITE_DIR", dir.join("site"))
            .env("MAMORU_DATABASE_URL", app.database_url())
            .env("MAMORU_COOKIE_SECURE", "false")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start mamoru");
        let served = app.at(format!("http://127.0.0.1:{}", self.port));
        let deadline = Instant::now() + Duration::from_secs(60);
        let probe = crate::harness::client();
        loop {
            if probe.get(served.url("/healthz")).send().await.is_ok_and(|r| r.status().is_success()) {
                return (child, served);
            }
            if let Some(exit) = child.try_wait().expect("child status") {
                panic!("mamoru serve exited with {exit}: {}", self.log_text());
            }
            assert!(Instant::now() < deadline, "mamoru serve did not start: {}", self.log_text());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(self.log()).unwrap_or_default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_at_any_moment_the_records_still_agree() {
    let kills = std::env::var("MAMORU_CRASH_KILLS").ok().and_then(|n| n.parse().ok()).unwrap_or(KILLS);
    for backend in backends() {
        let app = spawn_app(backend).await;
        // The process keeps the machine's time; the kiosk signs requests with the test's.
        app.clock.advance(SystemClock.now() - app.clock.now());
        let admin = app.signed_in(Role::Admin).await;
        let kiosk = Arc::new(new_kiosk(&app, &admin).await);
        let serve = Serve::new(&app);
        let queue: Queue = Arc::default();
        let (mut finished, mut cut_short, mut unheard) = (0, 0, 0);
        for kill in 0..kills {
            top_up(&app, &queue).await;
            app.clock.advance(SystemClock.now() - app.clock.now());
            let (mut child, served) = serve.start(&app).await;
            let (steps, mut sent) = unbounded_channel();
            let workers: Vec<_> = (0..AT_ONCE)
                .map(|_| tokio::spawn(work(served.clone(), kiosk.clone(), queue.clone(), steps.clone())))
                .collect();
            drop(steps);
            let aim = Step::ALL[kill % Step::ALL.len()];
            let heard = tokio::time::timeout(Duration::from_secs(20), async {
                while let Some(step) = sent.recv().await {
                    if step == aim {
                        return true;
                    }
                }
                false
            })
            .await
            .unwrap_or(false);
            unheard += usize::from(!heard);
            let after = rand::rng().random_range(0..KILL_WITHIN_MICROS);
            tokio::time::sleep(Duration::from_micros(after)).await;
            child.kill().expect("SIGKILL");
            child.wait().expect("reap");
            for worker in workers {
                let worked = worker.await.expect("a hire's journey");
                finished += worked.finished;
                cut_short += usize::from(worked.cut_short);
            }
            let problems = inconsistencies(&app).await;
            assert!(problems.is_empty(), "{backend:?}, kill {kill} aimed at {aim:?}: {problems:#?}");
        }

        // One last start without a kill: every hire still on the way gets their card.
        let on_the_way = queue.lock().expect("queue").len();
        let (mut child, served) = serve.start(&app).await;
        let (steps, _) = unbounded_channel();
        let mut last = 0;
        for _ in 0..3 {
            let workers: Vec<_> = (0..AT_ONCE)
                .map(|_| tokio::spawn(work(served.clone(), kiosk.clone(), queue.clone(), steps.clone())))
                .collect();
            for worker in workers {
                last += worker.await.expect("a hire's journey").finished;
            }
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let problems = inconsistencies(&app).await;
        assert!(problems.is_empty(), "{backend:?}, at the end: {problems:#?}");
        assert_eq!(
            (last, queue.lock().expect("queue").len()),
            (on_the_way, 0),
            "{backend:?}: every hire finishes"
        );
        let records = counts(&app).await;
        eprintln!(
            "{backend:?}: {kills} kills ({unheard} before their aim was heard) cut {cut_short} journeys short; {} cards issued; records {records:?}",
            finished + last
        );
    }
}

/// Keeps enough hires waiting for the next start: accounts made on the in-process instance,
/// each signed in (the session works on every instance of the database).
async fn top_up(app: &TestApp, queue: &Queue) {
    let missing = (2 * AT_ONCE).saturating_sub(queue.lock().expect("queue").len());
    for _ in 0..missing {
        let (client, _) = app.signed_in_with_id(Role::Hire).await;
        let uid = mamoru_core::tokens::new_id()[..14].to_ascii_uppercase();
        queue.lock().expect("queue").push_back(Hire { client, uid, pin: None, grant_id: None });
    }
}

/// Every way the records could disagree, in words; empty when they agree.
async fn inconsistencies(app: &TestApp) -> Vec<String> {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    let mut problems = Vec::new();
    match audit::verify(&mut conn).await.expect("walk the chain") {
        audit::Chain::Intact { .. } => {}
        broken => problems.push(format!("the audit chain: {broken:?}")),
    }
    let pairs = [
        ("quiz.submitted", "attempt", "SELECT id FROM quiz_attempts WHERE submitted_at IS NOT NULL"),
        ("nda.signed", "code", "SELECT verification_code FROM nda_signatures"),
        ("card.granted", "grant", "SELECT id FROM card_grants"),
        ("card.issued", "card", "SELECT id FROM cards"),
    ];
    for (action, field, records) in pairs {
        let logged = logged(&mut conn, action, field).await;
        let stored: Vec<String> = sqlx::query_scalar(records).fetch_all(&mut *conn).await.expect("records");
        let stored = tally(stored);
        if logged != stored {
            problems.push(format!("{action}: logged {logged:?}, records {stored:?}"));
        }
    }
    let claimed = logged(&mut conn, "card.claimed", "grant").await;
    let cards: Vec<(String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT c.id, c.kiosk_id, g.id, g.kiosk_id, g.state FROM cards c JOIN card_grants g ON g.id = c.grant_id",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("cards");
    for (card, kiosk, grant, claimed_by, state) in cards {
        if state != "issued" || claimed_by.as_deref() != Some(kiosk.as_str()) || !claimed.contains_key(&grant)
        {
            problems.push(format!(
                "card {card} without its claim: grant {grant} is {state}, claimed by {claimed_by:?}"
            ));
        }
    }
    let cardless: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM card_grants g WHERE state = 'issued' AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.grant_id = g.id)",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("grants");
    problems.extend(cardless.into_iter().map(|grant| format!("grant {grant} issued without a card")));
    drop(conn);
    problems.extend(standings(app).await);
    problems
}

/// How often each `field` of the `action` entries' details was logged.
async fn logged(conn: &mut sqlx::AnyConnection, action: &str, field: &str) -> BTreeMap<String, usize> {
    let details: Vec<String> = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = $1")
        .bind(action)
        .fetch_all(&mut *conn)
        .await
        .expect("audit details");
    tally(details.iter().map(|detail| {
        let detail: Value = serde_json::from_str(detail).expect("detail is JSON");
        detail[field].as_str().unwrap_or_default().to_owned()
    }))
}

/// How often each value occurs.
fn tally(values: impl IntoIterator<Item = String>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    counts
}

type Standing = (UserId, String, i64, Option<String>, Option<i64>, String, Option<i64>);

/// Stored standings that differ from what settling each hire again gives (in a transaction
/// rolled back afterwards); a grant that settling would mint counts as a difference too.
async fn standings(app: &TestApp) -> Vec<String> {
    const STANDINGS: &str =
        "SELECT user_id, state, modules_passed, card, card_expires_at, signed_versions, certified_at
         FROM hires WHERE user_id IS NOT NULL ORDER BY user_id";
    const GRANTS: &str = "SELECT COUNT(*) FROM card_grants";
    let mut tx = app.state.store.write().await.expect("transaction");
    let stored: Vec<Standing> = sqlx::query_as(STANDINGS).fetch_all(&mut *tx).await.expect("standings");
    let grants: i64 = sqlx::query_scalar(GRANTS).fetch_one(&mut *tx).await.expect("grants");
    for (user_id, ..) in &stored {
        users::lock(&mut tx, user_id).await.expect("lock");
        hires::settle(&mut tx, &app.state, user_id).await.expect("settle");
    }
    let settled: Vec<Standing> = sqlx::query_as(STANDINGS).fetch_all(&mut *tx).await.expect("standings");
    let grants_settled: i64 = sqlx::query_scalar(GRANTS).fetch_one(&mut *tx).await.expect("grants");
    tx.rollback().await.expect("rollback");
    let mut problems: Vec<String> = stored
        .iter()
        .zip(&settled)
        .filter(|(stored, settled)| stored != settled)
        .map(|(stored, settled)| format!("standing stored {stored:?}, records give {settled:?}"))
        .collect();
    if grants != grants_settled {
        problems.push(format!("{} hires qualify for a grant they were never given", grants_settled - grants));
    }
    problems
}

/// How many of each record the run left, for the summary line.
async fn counts(app: &TestApp) -> BTreeMap<&'static str, i64> {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    let mut counts = BTreeMap::new();
    for table in ["quiz_attempts", "nda_signatures", "card_grants", "cards", "audit_log"] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&mut *conn).await.expect("count");
        counts.insert(table, n);
    }
    counts
}

#[tokio::test]
async fn the_check_names_each_kind_of_disagreement() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let admin = app.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let (_, hire) = app.signed_in_with_id(Role::Hire).await;
        assert_eq!(inconsistencies(&app).await, Vec::<String>::new(), "{backend:?}: nothing planted yet");

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let planted = [
            "INSERT INTO quiz_attempts (id, user_id, course_version, module_slug, started_at, served, submitted_at)
             VALUES ('attempt', $1, 'v', 'm', 0, '[]', 1)",
            "UPDATE hires SET modules_passed = 3 WHERE user_id = $1",
            "INSERT INTO card_grants (id, user_id, short_code, state, issued_at, expires_at)
             VALUES ('grant', $1, 'CODE', 'granted', 0, 0)",
        ];
        for sql in planted {
            sqlx::query(sql).bind(&hire).execute(&mut *conn).await.expect("plant");
        }
        sqlx::query("INSERT INTO cards (id, user_id, grant_id, uid, state, kiosk_id, issued_at) VALUES ('card', $1, 'grant', 'UID', 'active', $2, 0)")
            .bind(&hire)
            .bind(&kiosk.id)
            .execute(&mut *conn)
            .await
            .expect("plant a card");
        sqlx::query("INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash) VALUES (0, 0, 'nda.signed', '{}', '', '')")
            .execute(&mut *conn)
            .await
            .expect("plant an entry");
        drop(conn);

        let problems = inconsistencies(&app).await.join("\n");
        for named in [
            "the audit chain: Broken { seq: 0, problem: OutsideChain }",
            "quiz.submitted: logged {}, records {\"attempt\": 1}",
            "nda.signed: logged {\"\": 1}, records {}",
            "card.granted: logged {}, records {\"grant\": 1}",
            "card.issued: logged {}, records {\"card\": 1}",
            "card card without its claim: grant grant is granted",
            "standing stored",
        ] {
            assert!(problems.contains(named), "{backend:?}: {named:?} missing from\n{problems}");
        }
    }
}
