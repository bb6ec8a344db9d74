//! Getting back in after a forgotten password: a reset link, issued by HR for a hire or by
//! an administrator for staff (shown once to them, or emailed to the person when SMTP is
//! set), or asked for on the sign-in page and sent by email. A link works once, before it
//! expires, and a newer one for the same person replaces it. Setting the password ends
//! every session of the account, starts its lock count over and signs the person in.

use super::{Core, accounts, throttle};
use crate::accounts::SignInStep;
use crate::client_addr::Origin;
use crate::store::{self, password_resets, users};
use crate::tokens;
use mamoru_types::accounts::{IssuedReset, Viewer};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{Email, Password, ResetId, UserId};
use mamoru_types::errors::AppError;

/// A link handed over by HR or an administrator: a day, time to reach the person.
pub const ISSUED_TTL_SECS: i64 = 24 * 60 * 60;
/// A link someone asked for by email: an hour, as a mailbox is a weaker channel.
pub const EMAILED_TTL_SECS: i64 = 60 * 60;

/// Links asked for by email, per address: the fourth in an hour is not sent, so nobody can
/// fill a person's mailbox from the sign-in page.
pub const MAILS_PER_ADDRESS: throttle::Rule =
    throttle::Rule { window_secs: 60 * 60, lock_from: 4, locks: &[60 * 60] };
/// Requests from one client address: many in an hour look like a search for accounts.
pub const REQUESTS_PER_CLIENT: throttle::Rule =
    throttle::Rule { window_secs: 60 * 60, lock_from: 20, locks: &[60 * 60] };

/// Issues a link for `user_id` on behalf of `issuer`: HR for a hire, an administrator for
/// staff ([`mamoru_types::domain::Role::can_reset_password_of`]); nobody for their own
/// account, which they change with its current password (a session left open must not be
/// enough to take an account over).
#[tracing::instrument(skip_all, fields(actor = %issuer.user_id, user_id = %user_id))]
pub async fn issue(
    state: &Core,
    issuer: &Viewer,
    user_id: &UserId,
    origin: &Origin,
) -> Result<IssuedReset, AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    let user =
        users::by_id(&mut tx, user_id).await?.filter(users::User::is_active).ok_or(AppError::NotFound)?;
    if user.id == issuer.user_id || !issuer.role.can_reset_password_of(user.role) {
        return Err(AppError::Forbidden);
    }
    if !state.settings.staff_passwords && user.role.is_staff() {
        return Err(AppError::StaffPasswordsOff);
    }
    let expires_at = now + ISSUED_TTL_SECS;
    let secret = insert(&mut tx, user_id, Some(&issuer.user_id), now, expires_at).await?;
    let delivery = if state.mailer.is_some() { "email" } else { "shown" };
    let detail = serde_json::json!({ "expires_at": expires_at, "delivery": delivery });
    store::audit::record(
        &mut tx,
        now,
        &issuer.user_id,
        AuditAction::AuthResetIssued,
        user_id,
        detail,
        origin.ip,
    )
    .await?;
    tx.commit().await?;
    let link = state.settings.reset_link(&secret);
    if let Some(mailer) = &state.mailer {
        match mailer.send(&user.email, &user.name, SUBJECT, body(&user.name, &link, Ttl::Day)).await {
            Ok(()) => return Ok(IssuedReset::Emailed { to: user.email, expires_at }),
            // The issuer may hand the link over themselves (they could see it without SMTP),
            // and the log says they saw it.
            Err(error) => {
                tracing::warn!(%error, "reset link not emailed; shown instead");
                let mut tx = state.store.write().await?;
                let detail = serde_json::json!({ "error": error.to_string() });
                let action = AuditAction::AuthResetMailFailed;
                store::audit::record(
                    &mut tx,
                    state.now(),
                    &issuer.user_id,
                    action,
                    user_id,
                    detail,
                    origin.ip,
                )
                .await?;
                tx.commit().await?;
            }
        }
    }
    Ok(IssuedReset::Shown { link, expires_at })
}

/// Emails a link to whoever has the account `email`, if anyone does. The answer is the
/// same whether or not the address has an account, and so is its time: the link is made,
/// logged and mailed after the answer. Needs SMTP.
#[tracing::instrument(skip_all)]
pub async fn request_by_email(state: &Core, email: &str, origin: &Origin) -> Result<(), AppError> {
    let mailer = state.mailer.clone().ok_or(AppError::MailNotConfigured)?;
    let email = Email::parse(email)?;
    let now = state.now();
    let mut tx = state.store.write().await?;
    let client_ok = match origin.ip {
        Some(ip) => within(&mut tx, &format!("reset-ip:{ip}"), &REQUESTS_PER_CLIENT, now).await?,
        None => true,
    };
    let key = format!("reset:{}", tokens::hash_token(email.as_str()));
    // Past the rule the request is answered as usual and nothing is sent.
    let may_send = client_ok && within(&mut tx, &key, &MAILS_PER_ADDRESS, now).await?;
    // Staff without passwords get no link, and the answer is the same.
    let has_password = |u: &users::User| state.settings.staff_passwords || !u.role.is_staff();
    let user = users::by_email(&mut tx, &email).await?.filter(users::User::is_active).filter(has_password);
    tx.commit().await?;
    if !client_ok {
        return Err(AppError::RateLimited);
    }
    if let Some(user) = user.filter(|_| may_send) {
        let (state, origin) = (state.clone(), origin.clone());
        tokio::spawn(async move {
            if let Err(error) = mail_requested(&state, &mailer, &user, &origin).await {
                tracing::warn!(%error, "reset link asked for by email not sent");
            }
        });
    }
    Ok(())
}

/// Makes, logs and mails the link someone asked for.
async fn mail_requested(
    state: &Core,
    mailer: &crate::mail::Mailer,
    user: &users::User,
    origin: &Origin,
) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    let secret = insert(&mut tx, &user.id, None, now, now + EMAILED_TTL_SECS).await?;
    let event = store::audit::Event {
        at: now,
        actor_id: None,
        action: AuditAction::AuthResetRequested,
        subject_id: Some(user.id.as_str()),
        detail: serde_json::json!({ "expires_at": now + EMAILED_TTL_SECS }),
        ip: origin.ip_text(),
    };
    store::audit::append(&mut tx, event).await?;
    tx.commit().await?;
    let text = body(&user.name, &state.settings.reset_link(&secret), Ttl::Hour);
    mailer.send(&user.email, &user.name, SUBJECT, text).await.map_err(AppError::internal)
}

/// Counts a request on `key`; answers whether it is within `rule` (the one that locks
/// is not).
async fn within(
    conn: &mut sqlx::AnyConnection,
    key: &str,
    rule: &throttle::Rule,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let reserved = store::throttle::reserve(conn, key, rule, now).await?;
    Ok(reserved.is_some_and(|n| n < rule.lock_from))
}

/// Whose password a link sets (name and email), to greet them before they choose one.
#[tracing::instrument(skip_all)]
pub async fn preview(state: &Core, token: &str) -> Result<(String, String), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let reset = password_resets::usable_by_token_hash(&mut conn, &tokens::hash_token(token), state.now())
        .await?
        .ok_or(AppError::LinkInvalid)?;
    let user = users::by_id(&mut conn, &reset.user_id).await?.filter(users::User::is_active);
    user.map(|u| (u.name, u.email)).ok_or(AppError::LinkInvalid)
}

/// Sets the password from a link and signs in: every other session of the account ends
/// and its sign-in lock count starts over.
#[tracing::instrument(skip_all)]
pub async fn redeem(
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
        password_resets::usable_by_token_hash(&mut conn, &token_hash, state.now())
            .await?
            .ok_or(AppError::LinkInvalid)?;
    }
    let password = Password::parse_confirmed(password, password_again)?;
    let hash = state.hasher.hash(&password).await?;
    let now = state.now();
    let mut tx = state.store.write().await?;
    let reset = password_resets::usable_by_token_hash(&mut tx, &token_hash, now)
        .await?
        .ok_or(AppError::LinkInvalid)?;
    let user = users::by_id(&mut tx, &reset.user_id).await?.filter(users::User::is_active);
    let user = user.ok_or(AppError::LinkInvalid)?;
    if !state.settings.staff_passwords && user.role.is_staff() {
        return Err(AppError::StaffPasswordsOff);
    }
    if !password_resets::consume(&mut tx, &reset.id, now).await? {
        return Err(AppError::LinkInvalid);
    }
    users::set_password(&mut tx, &user.id, &hash).await?;
    let ended = store::sessions::delete_for_user(&mut tx, &user.id).await?;
    store::pending_sign_ins::delete_for_user(&mut tx, &user.id).await?;
    let email = Email::parse(&user.email).map_err(AppError::internal)?;
    store::throttle::clear(&mut tx, &throttle::email_key(&email)).await?;
    let detail = serde_json::json!({ "reset": reset.id, "sessions_ended": ended });
    store::audit::record(&mut tx, now, &user.id, AuditAction::AuthPasswordReset, &user.id, detail, origin.ip)
        .await?;
    tracing::info!(user_id = %user.id, "password set from a reset link");
    // A new password is no way around the second factor.
    accounts::start_or_gate(tx, state, user.viewer(), origin, now).await
}

/// Stores a new open link for `user_id` (replacing theirs); answers its secret.
async fn insert(
    conn: &mut sqlx::AnyConnection,
    user_id: &UserId,
    created_by: Option<&UserId>,
    now: i64,
    expires_at: i64,
) -> Result<String, sqlx::Error> {
    let token = tokens::new_token();
    let id = ResetId::new(tokens::new_id());
    let reset =
        password_resets::NewReset { id: &id, token_hash: &token.hash, user_id, created_by, now, expires_at };
    password_resets::replace(conn, reset).await?;
    Ok(token.secret)
}

const SUBJECT: &str = "【Mamoru】パスワードの再設定 / Set a new password";

/// How long a mailed link works, as the message says it.
#[derive(Clone, Copy)]
enum Ttl {
    Day,
    Hour,
}

/// The message with the link, in both languages.
fn body(name: &str, link: &str, ttl: Ttl) -> String {
    let (ja, en) = match ttl {
        Ttl::Day => ("24時間", "24 hours"),
        Ttl::Hour => ("1時間", "an hour"),
    };
    format!(
        "{name} 様\n\n\
         Mamoruのパスワードを設定し直すためのリンクです。{ja}以内に一度だけ使えます。\n\
         {link}\n\
         心当たりがない場合は、このメールを無視してください。パスワードは変わりません。\n\n\
         Dear {name},\n\n\
         Here is a link to set a new password for Mamoru. It works once, within {en}.\n\
         {link}\n\
         If you did not ask for it, ignore this message: your password stays as it is.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_greets_the_person_and_gives_the_link_and_its_time_in_both_languages() {
        let text = body("新人 太郎", "https://mamoru.example.jp/reset/abc", Ttl::Hour);
        assert!(text.starts_with("新人 太郎 様"));
        assert!(text.contains("Dear 新人 太郎,"));
        assert_eq!(text.matches("https://mamoru.example.jp/reset/abc").count(), 2);
        assert!(text.contains("1時間以内") && text.contains("within an hour"));
        assert!(body("A", "l", Ttl::Day).contains("24時間以内"));
    }

    #[test]
    fn the_fourth_mailed_link_in_an_hour_is_held_back() {
        assert_eq!((1..4).map(|n| MAILS_PER_ADDRESS.lock_secs(n)).collect::<Vec<_>>(), [0, 0, 0]);
        assert_eq!(MAILS_PER_ADDRESS.lock_secs(4), 60 * 60);
    }
}
