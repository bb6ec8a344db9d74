//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane), bounded.
//!
//! A hash takes tens of milliseconds of CPU and 19 MiB of memory, so an unbounded burst of
//! requests that hash (sign-ins with made-up addresses, say) would take every core and
//! gigabytes. [`Hasher`] lets at most a few hashes run at once; a request that cannot get
//! a turn within a short wait is answered [`AppError::Busy`] (503 with `Retry-After`). Each
//! turn reuses one of a fixed set of memory buffers, so memory stays flat after a burst
//! instead of depending on what the allocator gives back.

use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use mamoru_types::domain::Password;
use mamoru_types::errors::AppError;
use rand::RngCore;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Stored hashes asking for more memory than this many times the default are refused
/// rather than computed (a stored hash is Mamoru's own; anything else is tampering).
const MAX_M_COST_FACTOR: u32 = 4;

/// At most `concurrency` hashes at once; callers wait up to `wait` for a turn.
#[derive(Clone)]
pub struct Hasher {
    turns: Arc<Semaphore>,
    wait: Duration,
    buffers: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Hasher {
    /// How long a request waits for a turn before it is answered "busy".
    pub const DEFAULT_WAIT: Duration = Duration::from_secs(2);

    pub fn new(concurrency: usize, wait: Duration) -> Self {
        let concurrency = concurrency.max(1);
        Self {
            turns: Arc::new(Semaphore::new(concurrency)),
            wait,
            buffers: Arc::new(Mutex::new(Vec::with_capacity(concurrency))),
        }
    }

    /// Sized to the machine: one core is left for answering everything else (pages,
    /// `/healthz`) while hashes run; at least one hash, at most eight, at a time.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores.saturating_sub(1).clamp(1, 8), Self::DEFAULT_WAIT)
    }

    /// A turn to hash, waiting at most the configured time for one.
    pub async fn turn(&self) -> Result<Turn, AppError> {
        let permit = match tokio::time::timeout(self.wait, self.turns.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(closed)) => return Err(AppError::internal(closed)),
            Err(_elapsed) => {
                tracing::warn!("password hashing is saturated; request answered busy");
                return Err(AppError::Busy);
            }
        };
        let memory = self.buffers.lock().map_err(AppError::internal)?.pop().unwrap_or_default();
        Ok(Turn { _permit: permit, memory, buffers: self.buffers.clone() })
    }

    pub async fn hash(&self, password: &Password) -> Result<String, AppError> {
        self.turn().await?.hash(password.expose().to_owned()).await
    }

    /// Hashes any short secret the same way (card pickup PINs).
    pub async fn hash_secret(&self, secret: String) -> Result<String, AppError> {
        self.turn().await?.hash(secret).await
    }

    pub async fn verify(&self, candidate: String, stored: Option<String>) -> Result<bool, AppError> {
        self.turn().await?.verify(candidate, stored).await
    }

    /// How many turns are free now (for tests and the load benchmark).
    pub fn free_turns(&self) -> usize {
        self.turns.available_permits()
    }
}

/// One turn at hashing: a place among the few that may run, and a memory buffer that goes
/// back to the pool afterwards.
pub struct Turn {
    _permit: OwnedSemaphorePermit,
    memory: Vec<Block>,
    buffers: Arc<Mutex<Vec<Vec<Block>>>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Ok(mut buffers) = self.buffers.lock() {
            buffers.push(std::mem::take(&mut self.memory));
        }
    }
}

impl Turn {
    /// Hashes `secret` with a fresh salt into a PHC string (`$argon2id$v=19$…`).
    pub async fn hash(mut self, secret: String) -> Result<String, AppError> {
        tokio::task::spawn_blocking(move || self.hash_blocking(&secret)).await.map_err(AppError::internal)?
    }

    /// Checks `candidate` against a stored hash. With no stored hash (unknown user) it
    /// checks against a dummy hash anyway, so both answers take the same time.
    pub async fn verify(mut self, candidate: String, stored: Option<String>) -> Result<bool, AppError> {
        tokio::task::spawn_blocking(move || {
            let known = stored.is_some();
            let stored = match stored {
                Some(hash) => hash,
                None => self.dummy_hash()?.to_owned(),
            };
            let matches = self.matches(&candidate, &stored)?;
            Ok(known && matches)
        })
        .await
        .map_err(AppError::internal)?
    }

    fn hash_blocking(&mut self, secret: &str) -> Result<String, AppError> {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
        let params = Params::default();
        let output = self.compute(&params, secret, salt.as_salt())?;
        let hash = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).map_err(AppError::internal)?,
            salt: Some(salt.as_salt()),
            hash: Some(output),
        };
        Ok(hash.to_string())
    }

    fn matches(&mut self, candidate: &str, stored: &str) -> Result<bool, AppError> {
        let parsed = PasswordHash::new(stored).map_err(AppError::internal)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(AppError::internal("stored password hash has no salt or output"));
        };
        if parsed.algorithm != Algorithm::Argon2id.ident() {
            return Err(AppError::internal("stored password hash is not argon2id"));
        }
        let params = Params::try_from(&parsed).map_err(AppError::internal)?;
        if params.m_cost() > Params::DEFAULT_M_COST * MAX_M_COST_FACTOR {
            return Err(AppError::internal("stored password hash asks for too much memory"));
        }
        // `Output`'s equality is constant-time.
        Ok(self.compute(&params, candidate, salt)? == expected)
    }

    fn compute(&mut self, params: &Params, secret: &str, salt: Salt<'_>) -> Result<Output, AppError> {
        let mut salt_bytes = [0u8; 64];
        let salt = salt.decode_b64(&mut salt_bytes).map_err(AppError::internal)?;
        let blocks = params.block_count();
        if self.memory.len() < blocks {
            self.memory.resize(blocks, Block::default());
        }
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let memory = &mut self.memory[..blocks];
        Output::init_with(params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN), |out| {
            argon2.hash_password_into_with_memory(secret.as_bytes(), salt, out, &mut *memory)?;
            Ok(())
        })
        .map_err(AppError::internal)
    }

    fn dummy_hash(&mut self) -> Result<&'static str, AppError> {
        static DUMMY: OnceLock<String> = OnceLock::new();
        if let Some(hash) = DUMMY.get() {
            return Ok(hash);
        }
        let hash = self.hash_blocking("mamoru-dummy-password-for-timing")?;
        Ok(DUMMY.get_or_init(|| hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::{PasswordHasher, PasswordVerifier};

    fn hasher() -> Hasher {
        Hasher::new(2, Duration::from_secs(5))
    }

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let password = Password::parse("correct horse battery").expect("valid");
        let hasher = hasher();
        let stored = hasher.hash(&password).await.expect("hash");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        let verify = |candidate: &str, stored: Option<String>| hasher.verify(candidate.into(), stored);
        assert!(verify("correct horse battery", Some(stored.clone())).await.expect("verify"));
        assert!(!verify("correct horse batterz", Some(stored)).await.expect("verify"));
        assert!(!verify("correct horse battery", None).await.expect("verify"));
    }

    #[tokio::test]
    async fn hashes_are_standard_argon2id_both_ways() {
        // Written by the reference implementation's API, checked here, and the other way.
        let salt = SaltString::encode_b64(b"sixteen byte slt").expect("salt");
        let reference =
            Argon2::default().hash_password(b"a long passphrase", &salt).expect("hash").to_string();
        assert!(hasher().verify("a long passphrase".into(), Some(reference)).await.expect("verify"));
        let ours = hasher().hash_secret("a long passphrase".into()).await.expect("hash");
        let parsed = PasswordHash::new(&ours).expect("PHC string");
        assert!(Argon2::default().verify_password(b"a long passphrase", &parsed).is_ok());
    }

    #[tokio::test]
    async fn a_caller_without_a_turn_is_answered_busy_after_the_wait() {
        let hasher = Hasher::new(1, Duration::from_millis(10));
        let held = hasher.turn().await.expect("the one turn");
        assert_eq!(hasher.free_turns(), 0);
        let error = hasher.verify("x".into(), None).await.expect_err("no turn free");
        assert_eq!(error, AppError::Busy);
        drop(held);
        assert!(!hasher.verify("x".into(), None).await.expect("a turn again"));
    }

    #[tokio::test]
    async fn memory_buffers_are_reused_not_multiplied() {
        let hasher = Hasher::new(2, Duration::from_secs(5));
        let mut runs = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let hasher = hasher.clone();
            runs.spawn(async move { hasher.verify("x".into(), None).await });
        }
        while let Some(result) = runs.join_next().await {
            assert!(!result.expect("join").expect("verify"));
        }
        let buffers = hasher.buffers.lock().expect("lock");
        assert!(buffers.len() <= 2, "{} buffers for 2 turns", buffers.len());
        assert!(buffers.iter().all(|b| b.len() == Params::DEFAULT.block_count()));
    }
}
