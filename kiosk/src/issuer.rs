//! Drives the [`Flow`]: checks grant tokens against the pinned server key before anything
//! else, claims with the PIN, reads the card and confirms it. Whatever goes wrong after a
//! claim, the claim is given back (best effort), so the hire can try again; whatever goes
//! wrong at all, nothing is issued.
//!
//! Work runs in its own task and always settles the flow, even if the browser that asked
//! for it goes away mid-request.

use crate::client::{ClientError, KioskClient};
use crate::clock::Clock;
use crate::config::DataDir;
use crate::flow::{Flow, Grant, Lang, Notice, Outcome, Problem, Step};
use crate::input::{PickupInput, Pin};
use crate::reader::CardReader;
use mamoru_seal::SealError;
use mamoru_seal::ed25519_dalek::VerifyingKey;
use mamoru_seal::keys::KeyMove;
use mamoru_seal::kiosk::{GrantClaims, GrantError, KioskStatus, Refusal, RefusalCode};
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// What an [`Issuer`] is made of.
pub struct IssuerParts {
    pub client: KioskClient,
    /// The server key pinned at enrollment (or moved to since).
    pub server_key: VerifyingKey,
    /// Where a key the kiosk moves to is pinned for the next start (None: in memory only).
    pub pinned_in: Option<DataDir>,
    pub reader: Arc<dyn CardReader>,
    pub clock: Arc<dyn Clock>,
}

/// The kiosk's one flow (one screen, one person at a time). Cheap to clone.
#[derive(Clone)]
pub struct Issuer {
    inner: Arc<Inner>,
}

struct Inner {
    client: KioskClient,
    server_key: Mutex<VerifyingKey>,
    pinned_in: Option<DataDir>,
    reader: Arc<dyn CardReader>,
    clock: Arc<dyn Clock>,
    flow: Mutex<Flow>,
}

/// A snapshot of the flow for rendering.
#[derive(Debug, Clone)]
pub struct View {
    pub step: Step,
    pub lang: Lang,
    /// How long the page may sit untouched before the flow is reset; none for a clean
    /// start page, which has nothing to clear.
    pub idle_limit: Option<Duration>,
}

impl Issuer {
    pub fn new(parts: IssuerParts) -> Self {
        let flow = Mutex::new(Flow::new(parts.clock.monotonic()));
        let IssuerParts { client, server_key, pinned_in, reader, clock } = parts;
        let server_key = Mutex::new(server_key);
        Self { inner: Arc::new(Inner { client, server_key, pinned_in, reader, clock, flow }) }
    }

    pub fn view(&self) -> View {
        let flow = self.flow();
        let idle_limit = (!flow.is_clean()).then(|| flow.idle_limit());
        View { step: flow.step().clone(), lang: flow.lang(), idle_limit }
    }

    /// The person answered the idle warning: their flow is kept.
    pub fn keep_going(&self) {
        let now = self.now();
        self.flow().touch(now);
    }

    pub fn choose_lang(&self, lang: Lang) {
        let now = self.now();
        self.flow().choose_lang(lang, now);
    }

    /// Asks the server whether it knows and accepts this kiosk.
    pub async fn check_server(&self) -> Result<KioskStatus, ClientError> {
        self.inner.client.status().await
    }

    /// The server key grants must be sealed with.
    pub fn pinned_key(&self) -> VerifyingKey {
        *self.inner.server_key.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Follows the server's key moves from the pinned key (after a key rotation) and pins
    /// the newest key they reach. Only a move sealed by the pinned key counts, so nobody
    /// but the holder of that key can move the kiosk. Answers whether the key moved.
    pub async fn follow_key_moves(&self) -> bool {
        let moves = match self.inner.client.key_moves().await {
            Ok(moves) => moves,
            Err(error) => {
                tracing::warn!(%error, "cannot read the server's key moves");
                return false;
            }
        };
        let pinned = self.pinned_key();
        let newest = KeyMove::follow(&pinned, &moves);
        if newest == pinned {
            return false;
        }
        if let Some(dir) = &self.inner.pinned_in
            && let Err(error) = dir.repin(&newest)
        {
            // Used now all the same: the move is genuine; the next start follows it again.
            tracing::warn!(%error, "cannot pin the server's new key");
        }
        *self.inner.server_key.lock().unwrap_or_else(PoisonError::into_inner) = newest;
        tracing::info!(from = %mamoru_seal::key_id(&pinned), to = %mamoru_seal::key_id(&newest), "moved to the server's new key");
        true
    }

    /// The start step: a scanned token is checked offline; a typed code is looked up first
    /// and the token it yields is checked the same way.
    pub async fn submit_code(&self, input: &str) {
        if !self.flow().begin_code(self.now()) {
            return;
        }
        match PickupInput::parse(input) {
            None => self.finish(Outcome::Notice(Notice::CodeMalformed)),
            Some(PickupInput::Token(token)) => {
                self.run(|this| async move { this.verify(&token).await }).await
            }
            Some(PickupInput::ShortCode(code)) => {
                self.run(|this| async move { this.lookup(&code).await }).await
            }
        }
    }

    /// The PIN step: claims the grant for this kiosk.
    pub async fn submit_pin(&self, input: &str) {
        let Some(grant) = self.flow().begin_claim(self.now()) else {
            return;
        };
        match Pin::parse(input) {
            None => self.finish(Outcome::Notice(Notice::PinMalformed)),
            Some(pin) => self.run(|this| async move { this.claim(&grant, &pin).await }).await,
        }
    }

    /// The card step: reads the card's UID and binds it to the claimed grant.
    pub async fn read_card(&self) {
        let Some(grant) = self.flow().begin_read(self.now()) else {
            return;
        };
        self.run(|this| async move { this.read_and_confirm(&grant).await }).await;
    }

    /// Back to the start page (the person cancelled or finished).
    pub async fn reset(&self) {
        let held = self.flow().reset(self.now());
        self.give_back(held).await;
    }

    /// Resets the flow if it was left alone too long. Called before every page and on a
    /// timer, so a half-finished flow never waits for the next person.
    pub async fn expire_idle(&self) {
        let now = self.now();
        let held = {
            let mut flow = self.flow();
            if !flow.is_idle(now) {
                return;
            }
            flow.reset(now)
        };
        self.give_back(held).await;
    }

    /// Checks a grant token against the pinned key; a token sealed with another key is
    /// checked once more after following the server's key moves (a rotation).
    async fn verify(&self, token: &str) -> Outcome {
        let opened = GrantClaims::open(token, &self.pinned_key(), self.inner.clock.unix_seconds());
        let opened = match opened {
            Err(GrantError::Seal(SealError::WrongKey { .. })) if self.follow_key_moves().await => {
                GrantClaims::open(token, &self.pinned_key(), self.inner.clock.unix_seconds())
            }
            other => other,
        };
        match opened {
            Ok(claims) => {
                Grant::from_claims(claims).map_or(Outcome::Failed(Problem::NotAGrant), Outcome::Verified)
            }
            Err(GrantError::Expired) => Outcome::Failed(Problem::GrantExpired),
            Err(GrantError::Seal(error)) => {
                tracing::warn!(%error, "refused a card grant token");
                Outcome::Failed(Problem::NotAGrant)
            }
        }
    }

    async fn lookup(&self, code: &str) -> Outcome {
        match self.inner.client.lookup(code).await {
            Ok(token) => self.verify(&token).await,
            Err(ClientError::Refused(Refusal { error: RefusalCode::UnknownGrant, .. })) => {
                Outcome::Notice(Notice::CodeUnknown)
            }
            Err(error) => failed("lookup", &error),
        }
    }

    async fn claim(&self, grant: &Grant, pin: &Pin) -> Outcome {
        match self.inner.client.claim(grant.id(), pin.expose()).await {
            Ok(()) => {
                tracing::info!(grant = grant.id(), "grant claimed");
                Outcome::Claimed
            }
            Err(ClientError::Refused(Refusal { error: RefusalCode::PinWrong, attempts_left })) => {
                Outcome::Notice(Notice::PinWrong { attempts_left })
            }
            Err(error @ ClientError::Unreachable(_)) => {
                // The claim may have landed before the connection broke.
                self.abort(grant).await;
                failed("claim", &error)
            }
            Err(error) => failed("claim", &error),
        }
    }

    async fn read_and_confirm(&self, grant: &Grant) -> Outcome {
        let reader = Arc::clone(&self.inner.reader);
        let uid = match tokio::task::spawn_blocking(move || reader.read_uid()).await {
            Ok(Ok(uid)) => uid,
            Ok(Err(error)) => {
                tracing::warn!(%error, grant = grant.id(), "card read failed");
                self.abort(grant).await;
                return Outcome::Failed(Problem::ReadFailed);
            }
            Err(error) => {
                tracing::error!(%error, grant = grant.id(), "the card reader panicked");
                self.abort(grant).await;
                return Outcome::Failed(Problem::ReadFailed);
            }
        };
        match self.inner.client.confirm(grant.id(), &uid).await {
            Ok(card_id) => {
                tracing::info!(grant = grant.id(), card = %card_id, uid = %uid, "card issued");
                Outcome::Issued
            }
            Err(ClientError::Refused(Refusal { error: RefusalCode::CardInUse, .. })) => {
                tracing::info!(grant = grant.id(), uid = %uid, "card already in use");
                Outcome::Notice(Notice::CardInUse)
            }
            Err(error) => {
                self.abort(grant).await;
                failed("confirm", &error)
            }
        }
    }

    /// Gives a claim back to the server; best effort, the server also times claims out.
    async fn abort(&self, grant: &Grant) {
        match self.inner.client.abort(grant.id()).await {
            Ok(()) => tracing::info!(grant = grant.id(), "claim given back"),
            Err(error) => tracing::warn!(%error, grant = grant.id(), "could not give the claim back"),
        }
    }

    async fn give_back(&self, held: Option<Grant>) {
        if let Some(grant) = held {
            let this = self.clone();
            // In its own task: the abort is sent even if the page request is dropped.
            let _ = tokio::spawn(async move { this.abort(&grant).await }).await;
        }
    }

    /// Runs work that was taken with `Flow::begin_*` and settles the flow with its outcome.
    async fn run<F, Fut>(&self, work: F)
    where
        F: FnOnce(Issuer) -> Fut,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        let this = self.clone();
        let future = work(self.clone());
        let task = tokio::spawn(async move {
            let outcome = future.await;
            this.finish(outcome);
        });
        if let Err(error) = task.await {
            tracing::error!(%error, "kiosk work failed");
            self.finish(Outcome::Failed(Problem::KioskFault));
        }
    }

    fn finish(&self, outcome: Outcome) {
        let now = self.now();
        self.flow().finish(outcome, now);
    }

    fn now(&self) -> Duration {
        self.inner.clock.monotonic()
    }

    fn flow(&self) -> MutexGuard<'_, Flow> {
        // The flow is plain data and every change to it is whole: a panic elsewhere cannot
        // leave it half-written.
        self.inner.flow.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn failed(call: &'static str, error: &ClientError) -> Outcome {
    tracing::warn!(%error, call, "no card issued");
    Outcome::Failed(match error {
        ClientError::Unreachable(_) => Problem::Unreachable,
        ClientError::Refused(refusal) => Problem::Refused(refusal.error),
        ClientError::BadAnswer { .. } => Problem::BadAnswer,
        ClientError::Setup(_) => Problem::KioskFault,
    })
}
