//! Sessions: a random token in an HttpOnly cookie, its hash in the database. A session
//! ends after an idle period (like a desk that locks when the card is pulled) or after an
//! absolute lifetime, whichever comes first.

pub mod browser;

use super::{Core, Settings};
use crate::client_addr::Origin;
use crate::{store, tokens};
use mamoru_types::accounts::{SessionSummary, Viewer};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{SessionId, UserId};
use mamoru_types::errors::AppError;

/// What the session middleware found on a request; read by server functions and pages.
#[derive(Debug, Clone, Default)]
pub struct CurrentSession {
    pub viewer: Option<Viewer>,
    pub token_hash: Option<String>,
}

/// Writing `last_seen_at` on every request would serialise all requests on SQLite's one
/// writer; a quarter-minute granularity is plenty for a 15-minute idle timeout.
const TOUCH_GRANULARITY_SECS: i64 = 15;

/// The session rule: alive while neither the idle nor the absolute limit has passed.
pub fn is_alive(created_at: i64, last_seen_at: i64, now: i64, settings: &Settings) -> bool {
    now < last_seen_at + settings.session_idle_secs && now < created_at + settings.session_absolute_secs
}

/// Resolves a session token to its viewer, ending the session if it has expired or its
/// user has been disabled.
pub async fn authenticate(state: &Core, token: &str) -> Result<Option<Viewer>, AppError> {
    let token_hash = tokens::hash_token(token);
    let now = state.now();
    let mut conn = state.store.pool().acquire().await?;
    let Some(session) = store::sessions::by_token_hash(&mut conn, &token_hash).await? else {
        return Ok(None);
    };
    let alive = is_alive(session.session_created_at, session.last_seen_at, now, &state.settings);
    if !(alive && session.user.is_active()) {
        store::sessions::delete(&mut conn, &token_hash).await?;
        return Ok(None);
    }
    if now - session.last_seen_at >= TOUCH_GRANULARITY_SECS {
        store::sessions::touch(&mut conn, &token_hash, now).await?;
    }
    Ok(Some(session.user.viewer()))
}

/// Starts a session for `user_id` from `origin` inside the caller's transaction; returns
/// the secret token for the cookie.
pub async fn start(
    conn: &mut sqlx::AnyConnection,
    user_id: &UserId,
    now: i64,
    origin: &Origin,
) -> Result<String, sqlx::Error> {
    let token = tokens::new_token();
    let id = SessionId::new(tokens::new_id());
    let session = store::sessions::NewSession { id: &id, token_hash: &token.hash, user_id, now, origin };
    store::sessions::insert(conn, session).await?;
    Ok(token.secret)
}

/// The viewer's sessions that are still alive: this request's (`current`, a token hash)
/// first and marked, then the others, the most recently used first.
#[tracing::instrument(skip_all)]
pub async fn list(state: &Core, user_id: &UserId, current: &str) -> Result<Vec<SessionSummary>, AppError> {
    let now = state.now();
    let mut conn = state.store.pool().acquire().await?;
    let mut sessions = store::sessions::for_user(&mut conn, user_id).await?;
    // Stable: the others keep the store's order.
    sessions.sort_by_key(|s| s.token_hash != current);
    Ok(sessions
        .into_iter()
        .filter(|s| is_alive(s.created_at, s.last_seen_at, now, &state.settings))
        .map(|s| SessionSummary {
            current: s.token_hash == current,
            browser: browser::describe(&s.user_agent),
            id: s.id,
            started_at: s.created_at,
            last_seen_at: s.last_seen_at,
            address: s.client_addr,
        })
        .collect())
}

/// Ends one of the viewer's sessions (the list offers the others; the one in use ends by
/// signing out). Another person's session id is answered as not found.
#[tracing::instrument(skip_all)]
pub async fn end_own(state: &Core, viewer: &UserId, id: &SessionId, origin: &Origin) -> Result<(), AppError> {
    let mut tx = state.store.write().await?;
    if !store::sessions::delete_own(&mut tx, viewer, id).await? {
        return Err(AppError::NotFound);
    }
    let detail = serde_json::json!({ "session": id });
    store::audit::record(
        &mut tx,
        state.now(),
        viewer,
        AuditAction::AuthSessionEnded,
        viewer,
        detail,
        origin.ip,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn end(state: &Core, token_hash: &str) -> Result<(), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    store::sessions::delete(&mut conn, token_hash).await?;
    Ok(())
}

/// The `Set-Cookie` value that stores a session token.
pub fn cookie(settings: &Settings, token: &str) -> String {
    set_cookie(settings, settings.session_cookie_name(), token, settings.session_absolute_secs)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie(settings: &Settings) -> String {
    set_cookie(settings, settings.session_cookie_name(), "", 0)
}

/// The session token in a `Cookie` header, if present.
pub fn token_from_cookies<'a>(settings: &Settings, header: &'a str) -> Option<&'a str> {
    cookie_value(header, settings.session_cookie_name())
}

/// A `Set-Cookie` value for one of Mamoru's cookies: never readable by scripts, never sent
/// from another site, Secure when the settings say so.
pub fn set_cookie(settings: &Settings, name: &str, value: &str, max_age_secs: i64) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{}",
        if settings.cookie_secure { "; Secure" } else { "" }
    )
}

/// The non-empty value of the cookie `name` in a `Cookie` header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings::for_tests("http://127.0.0.1:3000")
    }

    #[test]
    fn idle_and_absolute_limits_both_end_a_session() {
        let s = settings();
        let start = 1_000_000;
        assert!(is_alive(start, start, start + s.session_idle_secs - 1, &s));
        assert!(!is_alive(start, start, start + s.session_idle_secs, &s));
        // Active all along, but past the absolute lifetime.
        let late = start + s.session_absolute_secs;
        assert!(!is_alive(start, late - 1, late, &s));
        assert!(is_alive(start, late - 2, late - 1, &s));
    }

    #[test]
    fn cookie_attributes_follow_the_secure_setting() {
        let mut s = settings();
        let plain = cookie(&s, "abc");
        assert!(plain.starts_with("mamoru_session=abc;"));
        assert!(plain.contains("HttpOnly") && plain.contains("SameSite=Strict") && !plain.contains("Secure"));
        s.cookie_secure = true;
        let secure = cookie(&s, "abc");
        assert!(secure.starts_with("__Host-mamoru_session=abc;") && secure.ends_with("; Secure"));
        assert!(clearing_cookie(&s).contains("Max-Age=0"));
    }

    #[test]
    fn finds_the_token_among_other_cookies() {
        let s = settings();
        assert_eq!(token_from_cookies(&s, "mamoru_lang=en; mamoru_session=tok"), Some("tok"));
        assert_eq!(token_from_cookies(&s, "mamoru_session=; other=1"), None);
        assert_eq!(token_from_cookies(&s, "__Host-mamoru_session=tok"), None);
    }
}
