//! The second factor of password sign-ins: a code from an authenticator app (TOTP, see
//! [`crate::totp`]), or one of ten single-use recovery codes.
//!
//! A password sign-in of someone who has an authenticator, or whose role needs one
//! ([`Settings::second_factor_roles`](crate::Settings)), starts no session: it leaves a
//! *pending sign-in* (a random token in a short-lived cookie, its hash in the database),
//! and the code page finishes it. Someone whose role needs an authenticator and who has
//! none sets one up there first. Codes have their own attempt counter (locking like
//! passwords do), and a code works once: only a time step after the last one taken.

use super::{Core, accounts, devices, session, throttle, totp};
use crate::accounts::SignedIn;
use crate::client_addr::Origin;
use crate::store::{self, pending_sign_ins, recovery_codes, totp_factors, users};
use crate::tokens;
use mamoru_seal::codes::{Pin, parse_short_code};
use mamoru_types::accounts::{Enrolled, Enrolment, SecondFactorStatus, SecondFactorStep};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{Role, UserId};
use mamoru_types::errors::AppError;

/// Long enough to open the app and type a code; a sign-in left longer starts over.
pub const PENDING_TTL_SECS: i64 = 5 * 60;
pub const RECOVERY_CODES: usize = 10;
/// The issuer authenticator apps list the account under.
const ISSUER: &str = "Mamoru";

/// Who is setting up an authenticator: a signed-in person (from their account page), or a
/// sign-in waiting for its code (whose role needs one).
pub enum Enroller {
    /// With the hash of their session's token.
    SignedIn { user_id: UserId, session: String },
    /// The pending sign-in's token.
    Pending(String),
}

impl Enroller {
    /// The token hash the authenticator being set up is bound to.
    fn starter(&self) -> String {
        match self {
            Enroller::SignedIn { session, .. } => session.clone(),
            Enroller::Pending(token) => tokens::hash_token(token),
        }
    }
}

/// Whether a password sign-in of a `role` with (`enrolled`) or without an authenticator
/// needs a code.
pub fn needed(settings: &crate::Settings, role: Role, enrolled: bool) -> bool {
    enrolled || settings.second_factor_roles.contains(&role)
}

/// Whether `user_id` has a confirmed authenticator.
pub(crate) async fn enrolled(conn: &mut sqlx::AnyConnection, user_id: &UserId) -> Result<bool, sqlx::Error> {
    Ok(totp_factors::by_user(conn, user_id).await?.is_some_and(|f| f.confirmed_at.is_some()))
}

/// Where someone whose password was just proved (signing in, or setting it from a link or
/// an invitation) goes, inside the caller's transaction: on to a session (`None`), or
/// first to the code page (`Some`: the pending sign-in's token, for its cookie) when they
/// have an authenticator or their role needs one.
pub(crate) async fn gate(
    conn: &mut sqlx::AnyConnection,
    settings: &crate::Settings,
    user_id: &UserId,
    role: Role,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    if !needed(settings, role, enrolled(conn, user_id).await?) {
        return Ok(None);
    }
    Ok(Some(start_pending(conn, user_id, now).await?))
}

async fn start_pending(
    conn: &mut sqlx::AnyConnection,
    user_id: &UserId,
    now: i64,
) -> Result<String, sqlx::Error> {
    let token = tokens::new_token();
    pending_sign_ins::insert(conn, &token.hash, user_id, now, now + PENDING_TTL_SECS).await?;
    Ok(token.secret)
}

/// The `Set-Cookie` value for a pending sign-in's token (empty and expired: removes it).
pub fn pending_cookie(settings: &crate::Settings, token: &str) -> String {
    let max_age = if token.is_empty() { 0 } else { PENDING_TTL_SECS };
    session::set_cookie(settings, settings.pending_cookie_name(), token, max_age)
}

/// The account a pending sign-in is for, if it has not expired and the account is active.
async fn pending_user(
    state: &Core,
    conn: &mut sqlx::AnyConnection,
    token: &str,
) -> Result<users::User, AppError> {
    let user_id = pending_sign_ins::user(conn, &tokens::hash_token(token), state.now()).await?;
    let user = match user_id {
        Some(id) => users::by_id(conn, &id).await?,
        None => None,
    };
    user.filter(users::User::is_active).ok_or(AppError::Unauthenticated)
}

/// What the code page asks of a pending sign-in.
#[tracing::instrument(skip_all)]
pub async fn step(state: &Core, pending: &str) -> Result<SecondFactorStep, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let user = pending_user(state, &mut conn, pending).await?;
    let enrolled = enrolled(&mut conn, &user.id).await?;
    drop(conn);
    if enrolled {
        return Ok(SecondFactorStep::Code);
    }
    Ok(SecondFactorStep::Enrol(enrolment(state, &Enroller::Pending(pending.to_owned())).await?))
}

/// Finishes a pending sign-in with a code from the authenticator or a recovery code.
#[tracing::instrument(skip_all)]
pub async fn finish(
    state: &Core,
    pending: &str,
    code: &str,
    origin: &Origin,
    device: Option<&str>,
) -> Result<SignedIn, AppError> {
    let now = state.now();
    let mut conn = state.store.pool().acquire().await?;
    let user = pending_user(state, &mut conn, pending).await?;
    let factor = totp_factors::by_user(&mut conn, &user.id).await?;
    drop(conn);
    // Only a sign-in that has an authenticator to check against uses up an attempt.
    let secret = factor.filter(|f| f.confirmed_at.is_some()).and_then(|f| totp::Secret::from_hex(&f.secret));
    let secret = secret.ok_or(AppError::Unauthenticated)?;
    let counter = Counter::reserve(state, &user.id, now).await?;
    let mut tx = state.store.write().await?;
    let used = match Pin::parse(code) {
        Some(pin) => match totp::matching_step(&secret, &pin, now) {
            Some(step) if totp_factors::take_step(&mut tx, &user.id, step).await? => Some("totp"),
            _ => None,
        },
        None => match parse_short_code(code) {
            Some(code)
                if recovery_codes::take(&mut tx, &user.id, &tokens::hash_token(&code), now).await? =>
            {
                Some("recovery_code")
            }
            _ => None,
        },
    };
    let Some(used) = used else {
        return Err(counter.failed(tx, &user.id, origin, now).await);
    };
    if !pending_sign_ins::delete(&mut tx, &tokens::hash_token(pending)).await? {
        return Err(AppError::Unauthenticated);
    }
    counter.succeeded(&mut tx).await?;
    let signed_in = sign_in(&mut tx, state, &user, origin, device, used, now).await?;
    tx.commit().await?;
    Ok(signed_in)
}

/// Starts the session of a sign-in that passed both factors, inside the caller's
/// transaction.
async fn sign_in(
    tx: &mut sqlx::AnyConnection,
    state: &Core,
    user: &users::User,
    origin: &Origin,
    device: Option<&str>,
    second_factor: &str,
    now: i64,
) -> Result<SignedIn, AppError> {
    let known_device = devices::is_known(tx, device, &user.id, now).await?;
    let detail = serde_json::json!({ "known_device": known_device, "second_factor": second_factor });
    accounts::open_session(tx, state, user, origin, known_device, detail, now).await
}

/// The authenticator being set up (a new secret the first time), as a QR code and as
/// text. Only staff have one; someone with a confirmed one is refused (an administrator
/// removes it first: `mamoru user reset-mfa`).
#[tracing::instrument(skip_all)]
pub async fn enrolment(state: &Core, who: &Enroller) -> Result<Enrolment, AppError> {
    let mut tx = state.store.write().await?;
    let user = enroller(state, &mut tx, who).await?;
    let secret = totp::Secret::random().to_hex();
    totp_factors::start(&mut tx, &user.id, &secret, &who.starter(), state.now()).await?;
    let factor = totp_factors::by_user(&mut tx, &user.id).await?.ok_or(AppError::Internal)?;
    tx.commit().await?;
    if factor.confirmed_at.is_some() {
        return Err(AppError::Forbidden);
    }
    let secret = totp::Secret::from_hex(&factor.secret).ok_or(AppError::Internal)?;
    let uri = totp::otpauth_uri(&secret, ISSUER, &user.email);
    let qr_svg = crate::qr::svg(&uri).ok_or(AppError::Internal)?;
    let chars: Vec<char> = secret.base32().chars().collect();
    Ok(Enrolment { qr_svg, secret: mamoru_seal::codes::grouped(&chars).replace('-', " ") })
}

/// Confirms the authenticator being set up with a code from it: answers the recovery
/// codes (shown once) and, for a pending sign-in, the session it now starts. From the
/// account page the current password is asked again (an open session alone must not be
/// enough to tie the account to someone else's phone), and every other session ends.
#[tracing::instrument(skip_all)]
pub async fn confirm(
    state: &Core,
    who: &Enroller,
    code: &str,
    current_password: Option<&str>,
    origin: &Origin,
    device: Option<&str>,
) -> Result<(Enrolled, Option<SignedIn>), AppError> {
    let now = state.now();
    let mut conn = state.store.pool().acquire().await?;
    let user = enroller(state, &mut conn, who).await?;
    let factor = totp_factors::by_user(&mut conn, &user.id).await?;
    drop(conn);
    let factor = factor.filter(|f| f.confirmed_at.is_none() && f.started_by == who.starter());
    let secret = factor.and_then(|f| totp::Secret::from_hex(&f.secret)).ok_or(AppError::Forbidden)?;
    if let Enroller::SignedIn { .. } = who {
        let failed = AuditAction::AuthSecondFactorFailed;
        accounts::recheck_password(state, &user, current_password.unwrap_or_default(), failed, origin)
            .await?;
    }
    let counter = Counter::reserve(state, &user.id, now).await?;
    let mut tx = state.store.write().await?;
    let step = Pin::parse(code).and_then(|pin| totp::matching_step(&secret, &pin, now));
    let confirmed = match step {
        Some(step) => totp_factors::confirm(&mut tx, &user.id, &who.starter(), step, now).await?,
        None => false,
    };
    if !confirmed {
        return Err(counter.failed(tx, &user.id, origin, now).await);
    }
    counter.succeeded(&mut tx).await?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| tokens::new_short_code()).collect();
    let hashes: Vec<String> = codes.iter().map(|c| tokens::hash_token(c)).collect();
    recovery_codes::replace(&mut tx, &user.id, &hashes).await?;
    pending_sign_ins::delete_for_user(&mut tx, &user.id).await?;
    let (signed_in, ended) = match who {
        Enroller::Pending(_) => (Some(sign_in(&mut tx, state, &user, origin, device, "totp", now).await?), 0),
        Enroller::SignedIn { session, .. } => {
            (None, store::sessions::delete_others(&mut tx, &user.id, session).await?)
        }
    };
    let detail = serde_json::json!({ "recovery_codes": RECOVERY_CODES, "other_sessions_ended": ended });
    store::audit::record(
        &mut tx,
        now,
        &user.id,
        AuditAction::AuthSecondFactorEnrolled,
        &user.id,
        detail,
        origin.ip,
    )
    .await?;
    tx.commit().await?;
    let next = signed_in.as_ref().map_or("/account", |s| s.viewer.role.home_path()).to_owned();
    Ok((Enrolled { recovery_codes: codes, next }, signed_in))
}

async fn enroller(
    state: &Core,
    conn: &mut sqlx::AnyConnection,
    who: &Enroller,
) -> Result<users::User, AppError> {
    let user = match who {
        Enroller::Pending(pending) => pending_user(state, conn, pending).await?,
        Enroller::SignedIn { user_id, .. } => {
            users::by_id(conn, user_id).await?.ok_or(AppError::Unauthenticated)?
        }
    };
    if !user.role.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok(user)
}

/// The person's second factor, for their account page.
#[tracing::instrument(skip_all)]
pub async fn status(state: &Core, user_id: &UserId, role: Role) -> Result<SecondFactorStatus, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let enrolled = enrolled(&mut conn, user_id).await?;
    Ok(SecondFactorStatus {
        enrolled,
        required: state.settings.second_factor_roles.contains(&role),
        recovery_codes_left: if enrolled { recovery_codes::unused(&mut conn, user_id).await? } else { 0 },
    })
}

/// Removes a person's authenticator and recovery codes (they lost both), and ends their
/// sessions and pending sign-ins; they set up a new one at their next sign-in.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn reset(state: &Core, actor: Option<&UserId>, user_id: &UserId) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    if !totp_factors::delete(&mut tx, user_id).await? {
        return Err(AppError::NotFound);
    }
    recovery_codes::delete_for_user(&mut tx, user_id).await?;
    pending_sign_ins::delete_for_user(&mut tx, user_id).await?;
    let ended = store::sessions::delete_for_user(&mut tx, user_id).await?;
    let event = store::audit::Event {
        at: now,
        actor_id: actor.map(UserId::as_str),
        action: AuditAction::AuthSecondFactorReset,
        subject_id: Some(user_id.as_str()),
        detail: serde_json::json!({ "sessions_ended": ended, "via": if actor.is_some() { "web" } else { "cli" } }),
        ip: None,
    };
    store::audit::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(())
}

/// The person's code attempts: reserved before a code is checked, so simultaneous
/// guesses get no more checks than the rule allows ([`throttle::ACCOUNT`]'s numbers).
struct Counter {
    key: String,
    attempt: i64,
}

impl Counter {
    async fn reserve(state: &Core, user_id: &UserId, now: i64) -> Result<Self, AppError> {
        let key = format!("code:{user_id}");
        let mut conn = state.store.pool().acquire().await?;
        let attempt = store::throttle::reserve(&mut conn, &key, &throttle::ACCOUNT, now)
            .await?
            .ok_or(AppError::Locked)?;
        Ok(Self { key, attempt })
    }

    async fn succeeded(&self, conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
        store::throttle::clear(conn, &self.key).await
    }

    /// Records a wrong code (the transaction `tx` changed nothing else) and answers the
    /// error to return.
    async fn failed(
        &self,
        mut tx: sqlx::Transaction<'static, sqlx::Any>,
        user_id: &UserId,
        origin: &Origin,
        now: i64,
    ) -> AppError {
        let lock = throttle::ACCOUNT.lock_secs(self.attempt);
        let detail = serde_json::json!({ "failures": self.attempt, "locked_secs": lock });
        let action = AuditAction::AuthSecondFactorFailed;
        let recorded =
            match store::audit::record(&mut tx, now, user_id, action, user_id, detail, origin.ip).await {
                Ok(()) => tx.commit().await,
                Err(error) => Err(error),
            };
        match recorded {
            Ok(()) => {
                tracing::warn!(failures = self.attempt, locked_secs = lock, "wrong second-factor code");
                AppError::CodeWrong
            }
            Err(error) => AppError::internal(error),
        }
    }
}
