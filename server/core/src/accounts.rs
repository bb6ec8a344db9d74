//! Account services: first-admin setup, invitations, sign-in and sign-out, disabling.
//! Server functions and CLI commands call these; each write is one transaction.

use super::{Core, Settings, devices, second_factor, session};
use crate::client_addr::Origin;
use crate::{store, throttle, tokens};
use mamoru_types::accounts::{AccountSummary, Viewer};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{Email, InviteId, Password, PersonName, Role, UserId};
use mamoru_types::errors::AppError;
use std::net::IpAddr;
use store::{invites, users};

/// A signed-in person, the session token to put in their cookie, and the known-device
/// cookie to set when this browser was not known for the account yet.
pub struct SignedIn {
    pub viewer: Viewer,
    pub session_token: String,
    pub device_cookie: Option<String>,
}

/// Where a right password leads: a session, or first the code page (see
/// [`crate::second_factor`]).
pub enum SignInStep {
    SignedIn(SignedIn),
    /// The pending sign-in's token, for its cookie.
    CodeNeeded(String),
}

/// An invitation link, to hand to the invited person.
#[derive(Debug)]
pub struct InviteLink {
    pub link: String,
    pub expires_at: i64,
}

/// When nobody has an account yet, creates a fresh one-time setup link (replacing any
/// earlier one) and returns it; `None` once any account exists.
#[tracing::instrument(skip_all)]
pub async fn setup_link_if_empty(state: &Core) -> Result<Option<String>, AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    if users::count(&mut tx).await? > 0 {
        return Ok(None);
    }
    let token = tokens::new_token();
    store::setup::replace(&mut tx, &token.hash, now, now + Settings::SETUP_LINK_TTL_SECS).await?;
    tx.commit().await?;
    Ok(Some(state.settings.setup_link(&token.secret)))
}

/// Creates the first administrator from a setup link, and signs them in.
#[tracing::instrument(skip_all)]
pub async fn complete_setup(
    state: &Core,
    token: &str,
    email: &str,
    name: &str,
    password: &str,
    password_again: &str,
    origin: &Origin,
) -> Result<SignInStep, AppError> {
    let token_hash = tokens::hash_token(token);
    // The cheap checks come before the costly hash: a used or made-up link, or any link
    // once an administrator exists, is refused without hashing anything.
    {
        let mut conn = state.store.pool().acquire().await?;
        if users::count(&mut conn).await? > 0
            || !store::setup::is_usable(&mut conn, &token_hash, state.now()).await?
        {
            return Err(AppError::LinkInvalid);
        }
    }
    let email = Email::parse(email)?;
    let name = PersonName::parse(name)?;
    let password = Password::parse_confirmed(password, password_again)?;
    let hash = state.hasher.hash(&password).await?;
    let now = state.now();
    let mut tx = state.store.write().await?;
    if users::count(&mut tx).await? > 0 || !store::setup::consume(&mut tx, &token_hash, now).await? {
        return Err(AppError::LinkInvalid);
    }
    let id = UserId::new(tokens::new_id());
    users::insert(
        &mut tx,
        users::NewUser { id: &id, email: &email, name: &name, role: Role::Admin, password_hash: &hash, now },
    )
    .await?;
    let detail = serde_json::json!({ "role": Role::Admin, "via": "setup" });
    store::audit::record(&mut tx, now, &id, AuditAction::AccountCreated, &id, detail, origin.ip).await?;
    tracing::info!(user_id = %id, "first administrator created");
    let viewer = Viewer { user_id: id, name: name.into(), email: email.into(), role: Role::Admin };
    start_or_gate(tx, state, viewer, origin, now).await
}

/// Finishes a step that proved the password of a person who had none before (set up,
/// invited) or who forgot theirs (a reset link): a session in a new browser, or first the
/// code page ([`second_factor::gate`]). Commits `tx`.
pub(crate) async fn start_or_gate(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    state: &Core,
    viewer: Viewer,
    origin: &Origin,
    now: i64,
) -> Result<SignInStep, AppError> {
    if let Some(pending) =
        second_factor::gate(&mut tx, &state.settings, &viewer.user_id, viewer.role, now).await?
    {
        tx.commit().await?;
        return Ok(SignInStep::CodeNeeded(pending));
    }
    let session_token = session::start(&mut tx, &viewer.user_id, now, origin).await?;
    let device_cookie = Some(devices::remember(&mut tx, &state.settings, &viewer.user_id, now).await?);
    tx.commit().await?;
    Ok(SignInStep::SignedIn(SignedIn { viewer, session_token, device_cookie }))
}

/// Creates an account directly (the CLI's `user create`).
#[tracing::instrument(skip_all)]
pub async fn create_user(
    state: &Core,
    email: &Email,
    name: &PersonName,
    role: Role,
    password: &Password,
) -> Result<UserId, AppError> {
    let hash = state.hasher.hash(password).await?;
    let now = state.now();
    let mut tx = state.store.write().await?;
    if users::by_email(&mut tx, email).await?.is_some() {
        return Err(AppError::EmailTaken);
    }
    let id = UserId::new(tokens::new_id());
    users::insert(&mut tx, users::NewUser { id: &id, email, name, role, password_hash: &hash, now }).await?;
    let detail = serde_json::json!({ "role": role, "via": "cli" });
    let event = store::audit::Event {
        at: now,
        actor_id: None,
        action: AuditAction::AccountCreated,
        subject_id: Some(id.as_str()),
        detail,
        ip: None,
    };
    store::audit::append(&mut tx, event).await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, role = %role, "account created");
    Ok(id)
}

/// Invites a person to set a password and join with `role`.
#[tracing::instrument(skip_all, fields(actor = ?created_by))]
pub async fn invite(
    state: &Core,
    created_by: Option<&UserId>,
    email: &Email,
    name: &PersonName,
    role: Role,
    ip: Option<IpAddr>,
) -> Result<InviteLink, AppError> {
    let mut tx = state.store.write().await?;
    let (id, link) = insert_invite(&mut tx, state, created_by, email, name, role).await?;
    let event = store::audit::Event {
        at: state.now(),
        actor_id: created_by.map(UserId::as_str),
        action: AuditAction::AccountInvited,
        subject_id: Some(id.as_str()),
        detail: serde_json::json!({ "role": role }),
        ip: ip.map(|ip| ip.to_string()),
    };
    store::audit::append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(link)
}

/// Creates an invitation inside the caller's transaction; answers its id and link. An
/// address that has an account or a pending invitation is refused.
pub(crate) async fn insert_invite(
    conn: &mut sqlx::AnyConnection,
    state: &Core,
    created_by: Option<&UserId>,
    email: &Email,
    name: &PersonName,
    role: Role,
) -> Result<(InviteId, InviteLink), AppError> {
    let now = state.now();
    let expires_at = now + state.settings.invite_ttl_secs;
    let token = tokens::new_token();
    let id = InviteId::new(tokens::new_id());
    invites::lock_for_new(conn).await?;
    if email_taken(conn, email, now).await? {
        return Err(AppError::EmailTaken);
    }
    let invite = invites::NewInvite {
        id: &id,
        token_hash: &token.hash,
        email,
        name,
        role,
        created_by,
        now,
        expires_at,
    };
    invites::insert(conn, invite).await?;
    tracing::info!(invite_id = %id, role = %role, "invitation created");
    Ok((id, InviteLink { link: state.settings.invite_link(&token.secret), expires_at }))
}

/// Whether an account or a pending invitation has this address.
pub(crate) async fn email_taken(
    conn: &mut sqlx::AnyConnection,
    email: &Email,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(users::by_email(conn, email).await?.is_some() || invites::pending_for_email(conn, email, now).await?)
}

/// Who an invitation link is for, if it can still be used.
#[tracing::instrument(skip_all)]
pub async fn invite_preview(state: &Core, token: &str) -> Result<(String, String), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let invite = invites::usable_by_token_hash(&mut conn, &tokens::hash_token(token), state.now()).await?;
    invite.map(|i| (i.name, i.email)).ok_or(AppError::LinkInvalid)
}

/// Redeems an invitation: creates the account with the chosen password and signs in.
#[tracing::instrument(skip_all)]
pub async fn accept_invite(
    state: &Core,
    token: &str,
    password: &str,
    password_again: &str,
    origin: &Origin,
) -> Result<SignInStep, AppError> {
    let token_hash = tokens::hash_token(token);
    // A made-up or used link is refused before the costly hash.
    {
        let mut conn = state.store.pool().acquire().await?;
        invites::usable_by_token_hash(&mut conn, &token_hash, state.now())
            .await?
            .ok_or(AppError::LinkInvalid)?;
    }
    let password = Password::parse_confirmed(password, password_again)?;
    let hash = state.hasher.hash(&password).await?;
    let now = state.now();
    let mut tx = state.store.write().await?;
    let invite =
        invites::usable_by_token_hash(&mut tx, &token_hash, now).await?.ok_or(AppError::LinkInvalid)?;
    let email = Email::parse(&invite.email)?;
    let name = PersonName::parse(&invite.name)?;
    if users::by_email(&mut tx, &email).await?.is_some() {
        return Err(AppError::EmailTaken);
    }
    let id = UserId::new(tokens::new_id());
    users::insert(
        &mut tx,
        users::NewUser { id: &id, email: &email, name: &name, role: invite.role, password_hash: &hash, now },
    )
    .await?;
    if !invites::mark_used(&mut tx, &invite.id, &id, now).await? {
        return Err(AppError::LinkInvalid);
    }
    // A re-send or cancel that committed since the invite was read has re-pointed or
    // removed the hire: this link is void then, and nothing is kept.
    if invite.role == Role::Hire && !store::hires::link_user(&mut tx, &invite.id, &id).await? {
        return Err(AppError::LinkInvalid);
    }
    if invite.role == Role::Hire {
        super::hires::refresh(&mut tx, state, &id).await?;
    }
    let detail = serde_json::json!({ "role": invite.role, "invite": invite.id });
    store::audit::record(&mut tx, now, &id, AuditAction::AccountRegistered, &id, detail, origin.ip).await?;
    tracing::info!(user_id = %id, invite_id = %invite.id, "invitation accepted");
    let viewer = Viewer { user_id: id, name: name.into(), email: email.into(), role: invite.role };
    start_or_gate(tx, state, viewer, origin, now).await
}

/// Signs in with email and password. Unknown email and wrong password give the same
/// answer in the same time. Each attempt is counted against the email address, and against
/// the client address unless `device` is a known device of the account, before the
/// password is checked (see [`throttle`]).
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    state: &Core,
    email: &str,
    password: &str,
    origin: &Origin,
    device: Option<&str>,
) -> Result<SignInStep, AppError> {
    let ip = origin.ip;
    let email = Email::parse(email).map_err(|_| AppError::BadCredentials)?;
    // No account has a password this long: refused without using a hash or an attempt.
    if password.chars().count() > Password::MAX_CHARS {
        return Err(AppError::BadCredentials);
    }
    let now = state.now();
    let (user, known_device) = {
        let mut conn = state.store.pool().acquire().await?;
        let user = users::by_email(&mut conn, &email).await?;
        let known = match &user {
            Some(user) => devices::is_known(&mut conn, device, &user.id, now).await?,
            None => false,
        };
        (user, known)
    };
    // A turn at hashing first: a request that gets none (the server is saturated) is
    // answered busy without using up an attempt.
    let turn = state.hasher.turn().await?;
    let keys = AttemptKeys {
        email: throttle::email_key(&email),
        address: if known_device { None } else { ip.map(throttle::ip_key) },
    };
    let attempt = keys.reserve(state, now).await?;
    let stored_hash = user.as_ref().map(|u| u.password_hash.clone());
    let password_ok = turn.verify(password.to_owned(), stored_hash).await?;
    let mut tx = state.store.write().await?;
    match user {
        Some(user) if password_ok && user.is_active() => {
            keys.succeeded(&mut tx).await?;
            // Said only to someone who knows the password: it reveals nothing to a guesser.
            if !state.settings.staff_passwords && user.role.is_staff() {
                tx.commit().await?;
                return Err(AppError::StaffPasswordsOff);
            }
            if let Some(pending) =
                second_factor::gate(&mut tx, &state.settings, &user.id, user.role, now).await?
            {
                tx.commit().await?;
                return Ok(SignInStep::CodeNeeded(pending));
            }
            let detail = serde_json::json!({ "known_device": known_device });
            let signed_in = open_session(&mut tx, state, &user, origin, known_device, detail, now).await?;
            tx.commit().await?;
            Ok(SignInStep::SignedIn(signed_in))
        }
        _ => {
            let lock = throttle::ACCOUNT.lock_secs(attempt);
            // Who was tried (never the password); the subject is the account, if one exists.
            let event = store::audit::Event {
                at: now,
                actor_id: None,
                action: AuditAction::AuthSignInFailed,
                subject_id: user.as_ref().map(|u| u.id.as_str()),
                detail: serde_json::json!({ "email": email.as_str(), "failures": attempt, "locked_secs": lock }),
                ip: ip.map(|ip| ip.to_string()),
            };
            store::audit::append(&mut tx, event).await?;
            tx.commit().await?;
            tracing::warn!(failures = attempt, locked_secs = lock, "sign-in failed");
            Err(AppError::BadCredentials)
        }
    }
}

/// Opens the session of a sign-in that passed every check, inside the caller's
/// transaction: a known-device cookie for a browser that is not one yet, and the audit
/// entry with `detail` (how they signed in).
pub(crate) async fn open_session(
    tx: &mut sqlx::AnyConnection,
    state: &Core,
    user: &users::User,
    origin: &Origin,
    known_device: bool,
    detail: serde_json::Value,
    now: i64,
) -> Result<SignedIn, AppError> {
    let session_token = session::start(tx, &user.id, now, origin).await?;
    let device_cookie = match known_device {
        true => None,
        false => Some(devices::remember(tx, &state.settings, &user.id, now).await?),
    };
    store::audit::record(tx, now, &user.id, AuditAction::AuthSignedIn, &user.id, detail, origin.ip).await?;
    tracing::info!(user_id = %user.id, "signed in");
    Ok(SignedIn { viewer: user.viewer(), session_token, device_cookie })
}

/// Changes a signed-in person's own password. The current one is asked again
/// ([`recheck_password`]). Every other session of theirs ends; the one in `keep_session`
/// (a token hash) goes on.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn change_password(
    state: &Core,
    user_id: &UserId,
    keep_session: &str,
    current: &str,
    new: &str,
    again: &str,
    origin: &Origin,
) -> Result<(), AppError> {
    let new = Password::parse_confirmed(new, again)?;
    let user = {
        let mut conn = state.store.pool().acquire().await?;
        users::by_id(&mut conn, user_id).await?.ok_or(AppError::Unauthenticated)?
    };
    recheck_password(state, &user, current, AuditAction::AuthPasswordChangeFailed, origin).await?;
    let hash = state.hasher.hash(&new).await?;
    let now = state.now();
    let mut tx = state.store.write().await?;
    users::set_password(&mut tx, user_id, &hash).await?;
    let ended = store::sessions::delete_others(&mut tx, user_id, keep_session).await?;
    store::pending_sign_ins::delete_for_user(&mut tx, user_id).await?;
    let detail = serde_json::json!({ "other_sessions_ended": ended });
    store::audit::record(&mut tx, now, user_id, AuditAction::AuthPasswordChanged, user_id, detail, origin.ip)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a signed-in person's password again before a change that could take their
/// account over (a new password, an authenticator). It is counted on their account as a
/// sign-in is, so a session left open on someone's screen cannot be used to guess it; a
/// wrong one is audited as `failed`.
pub(crate) async fn recheck_password(
    state: &Core,
    user: &users::User,
    password: &str,
    failed: AuditAction,
    origin: &Origin,
) -> Result<(), AppError> {
    if password.chars().count() > Password::MAX_CHARS {
        return Err(AppError::WrongPassword);
    }
    let email = Email::parse(&user.email).map_err(AppError::internal)?;
    let now = state.now();
    let turn = state.hasher.turn().await?;
    let keys = AttemptKeys { email: throttle::email_key(&email), address: None };
    let attempt = keys.reserve(state, now).await?;
    let right = turn.verify(password.to_owned(), Some(user.password_hash.clone())).await?;
    let mut tx = state.store.write().await?;
    if right {
        keys.succeeded(&mut tx).await?;
    } else {
        let lock = throttle::ACCOUNT.lock_secs(attempt);
        let detail = serde_json::json!({ "failures": attempt, "locked_secs": lock, "wrong": "password" });
        store::audit::record(&mut tx, now, &user.id, failed, &user.id, detail, origin.ip).await?;
    }
    tx.commit().await?;
    if right { Ok(()) } else { Err(AppError::WrongPassword) }
}

/// The throttle counters one sign-in attempt is counted on.
struct AttemptKeys {
    email: String,
    /// None for a known device, or when the client address is unknown.
    address: Option<String>,
}

impl AttemptKeys {
    /// Reserves the attempt on every counter; answers its number for the email address.
    async fn reserve(&self, state: &Core, now: i64) -> Result<i64, AppError> {
        let mut conn = state.store.pool().acquire().await?;
        if let Some(address) = &self.address
            && store::throttle::reserve(&mut conn, address, &throttle::ADDRESS, now).await?.is_none()
        {
            return Err(AppError::RateLimited);
        }
        match store::throttle::reserve(&mut conn, &self.email, &throttle::ACCOUNT, now).await? {
            Some(attempt) => Ok(attempt),
            None => {
                // Refused without a check: the address did not fail this time.
                if let Some(address) = &self.address {
                    store::throttle::release(&mut conn, address).await?;
                }
                Err(AppError::Locked)
            }
        }
    }

    /// The right password: the email's count starts over, and the address's reserved
    /// attempt is given back (the address counts failures).
    async fn succeeded(&self, conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
        store::throttle::clear(conn, &self.email).await?;
        if let Some(address) = &self.address {
            store::throttle::release(conn, address).await?;
        }
        Ok(())
    }
}

/// Disables an account: ends all its sessions and revokes its staff card at once. Nobody
/// disables themselves (an administrator could lock everyone out).
#[tracing::instrument(skip_all, fields(actor = ?actor, user_id = %user_id))]
pub async fn disable(state: &Core, actor: Option<&UserId>, user_id: &UserId) -> Result<(), AppError> {
    if actor == Some(user_id) {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.store.write().await?;
    if !users::disable(&mut tx, user_id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    let ended = store::sessions::delete_for_user(&mut tx, user_id).await?;
    store::devices::delete_for_user(&mut tx, user_id).await?;
    let actor = actor.map_or("cli", UserId::as_str);
    let detail = serde_json::json!({ "sessions_ended": ended });
    store::audit::record(&mut tx, state.now(), actor, AuditAction::AccountDisabled, user_id, detail, None)
        .await?;
    super::cards::revoke_for_leaver(&mut tx, state.now(), actor, user_id).await?;
    super::hires::refresh(&mut tx, state, user_id).await?;
    tx.commit().await?;
    tracing::info!(%user_id, sessions_ended = ended, "account disabled");
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn user_id_by_email(state: &Core, email: &Email) -> Result<UserId, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    users::by_email(&mut conn, email).await?.map(|u| u.id).ok_or(AppError::NotFound)
}

/// Every account, as seen by the administrator `viewer_id` (only administrators list them).
#[tracing::instrument(skip_all, fields(actor = %viewer_id))]
pub async fn list_accounts(state: &Core, viewer_id: &UserId) -> Result<Vec<AccountSummary>, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let mut sites = std::collections::HashMap::<UserId, Vec<String>>::new();
    for (user_id, site) in store::manager_sites::all(&mut conn).await? {
        sites.entry(user_id).or_default().push(site);
    }
    let summary = |user: &users::User| AccountSummary {
        id: user.id.clone(),
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role,
        active: user.is_active(),
        can_disable: user.is_active() && &user.id != viewer_id,
        can_reset: user.is_active() && &user.id != viewer_id && Role::Admin.can_reset_password_of(user.role),
        sites: sites.remove(&user.id).unwrap_or_default(),
    };
    Ok(users::list(&mut conn).await?.iter().map(summary).collect())
}
