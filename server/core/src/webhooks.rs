//! Webhooks: door and desk systems are told of each door-relevant change as it happens
//! (a card issued or removed, an exception approved or ended, a person deactivated),
//! instead of polling the change feed. Each POST is signed with the endpoint's secret:
//!
//! ```text
//! X-Mamoru-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//! ```
//!
//! Deliveries go through an outbox table: [`deliver_due`] queues the audit log's new
//! entries for every endpoint (in order, each once), claims the due ones (a claim is a
//! lease, so several instances deliver each once), sends them and records the outcome,
//! retrying with backoff. The server runs it every few seconds.

use super::Core;
use crate::door::{self, Change};
use crate::store::{audit, webhooks};
use crate::tokens;
use mamoru_types::audit::AuditAction;
use mamoru_types::devices::{OneTimeSecret, WebhookDelivery, WebhookSummary};
use mamoru_types::domain::{InputError, Label, UserId};
use mamoru_types::errors::AppError;
use serde::Serialize;
use std::net::IpAddr;
use std::time::Duration;

/// Secrets start with this, so a leaked one is easy to recognise.
const SECRET_PREFIX: &str = "mamoru_whsec_";
/// What a webhook carries: the change feed's actions and deactivations.
const ACTIONS: [AuditAction; 10] = {
    let mut all = [AuditAction::AccountDisabled; 10];
    let mut i = 0;
    while i < door::FEED.len() {
        all[i] = door::FEED[i];
        i += 1;
    }
    all
};
/// How long a claimed delivery is this instance's to send.
const LEASE_SECS: i64 = 120;
/// Attempts before a delivery is given up (about 4 hours of backoff in all).
pub const MAX_ATTEMPTS: i64 = 8;
/// Deliveries sent per run, and entries queued per endpoint per run.
const BATCH: i64 = 50;
/// How long one POST may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The wait before attempt `attempts + 1`: 30 s, doubling, at most an hour.
pub fn backoff_secs(attempts: i64) -> i64 {
    (30_i64 << attempts.clamp(0, 7)).min(3600)
}

/// The signature header's value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = ring::hmac::sign(&key, format!("{timestamp}.{body}").as_bytes());
    format!("t={timestamp},v1={}", hex::encode(tag.as_ref()))
}

/// The body of one delivery.
#[derive(Serialize)]
struct Body<'a> {
    /// Unique per endpoint and change: a receiver that sees it twice ignores the second.
    delivery_id: String,
    #[serde(flatten)]
    change: &'a Change,
}

#[tracing::instrument(skip_all, fields(actor = %admin))]
pub async fn create(
    state: &Core,
    admin: &UserId,
    name: &str,
    url: &str,
    ip: Option<IpAddr>,
) -> Result<OneTimeSecret, AppError> {
    let name = Label::parse(name)?;
    let url = url::Url::parse(url.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some() && u.username().is_empty())
        .ok_or(InputError::UrlInvalid)?;
    let secret = format!("{SECRET_PREFIX}{}", tokens::new_token().secret);
    let now = state.now();
    let mut tx = state.store.write().await?;
    // Only what happens from now on is pushed; the change feed has the past.
    let (head, _) = audit::head(&mut tx).await?;
    let endpoint = webhooks::Endpoint {
        id: tokens::new_id(),
        name: name.as_str().to_owned(),
        url: url.to_string(),
        secret: secret.clone(),
        created_at: now,
        disabled_at: None,
        cursor: head,
    };
    webhooks::insert(&mut tx, &endpoint, admin).await?;
    // A query string may carry the receiver's own token: the log keeps the address without it.
    let mut logged = url.clone();
    logged.set_query(None);
    let detail = serde_json::json!({ "name": endpoint.name, "url": logged.as_str() });
    audit::record(&mut tx, now, admin, AuditAction::WebhookCreated, &endpoint.id, detail, ip).await?;
    tx.commit().await?;
    Ok(OneTimeSecret { secret, expires_at: None })
}

#[tracing::instrument(skip_all, fields(actor = %admin))]
pub async fn disable(state: &Core, admin: &UserId, id: &str, ip: Option<IpAddr>) -> Result<(), AppError> {
    let now = state.now();
    let mut tx = state.store.write().await?;
    if !webhooks::disable(&mut tx, id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, now, admin, AuditAction::WebhookDisabled, id, serde_json::json!({}), ip).await?;
    tx.commit().await?;
    Ok(())
}

/// The endpoints and the latest deliveries, for the admin screen.
#[tracing::instrument(skip_all)]
pub async fn overview(state: &Core) -> Result<(Vec<WebhookSummary>, Vec<WebhookDelivery>), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let endpoints = webhooks::all(&mut conn).await?;
    let name_of =
        |id: &str| endpoints.iter().find(|e| e.id == id).map(|e| e.name.clone()).unwrap_or_default();
    let deliveries = webhooks::latest(&mut conn, 50)
        .await?
        .into_iter()
        .map(|d| WebhookDelivery {
            endpoint: name_of(&d.endpoint_id),
            change: serde_json::from_str::<serde_json::Value>(&d.body)
                .ok()
                .and_then(|b| b["change"].as_str().map(str::to_owned))
                .unwrap_or_default(),
            attempts: d.attempts,
            delivered_at: d.delivered_at,
            failed_at: d.failed_at,
            next_attempt_at: d.next_attempt_at,
            last_status: d.last_status,
            last_error: d.last_error,
        })
        .collect();
    let summaries = endpoints
        .into_iter()
        .map(|e| WebhookSummary {
            id: e.id,
            name: e.name,
            url: e.url,
            created_at: e.created_at,
            disabled_at: e.disabled_at,
        })
        .collect();
    Ok((summaries, deliveries))
}

/// Queues what happened since each endpoint's cursor, then sends what is due. Answers how
/// many deliveries succeeded.
#[tracing::instrument(skip_all)]
pub async fn deliver_due(state: &Core) -> Result<usize, AppError> {
    enqueue(state).await?;
    let now = state.now();
    let mut conn = state.store.pool().acquire().await?;
    let nothing_due = webhooks::due(&mut conn, now, 1).await?.is_empty();
    drop(conn);
    if nothing_due {
        return Ok(0);
    }
    let mut tx = state.store.write().await?;
    let mut claimed = Vec::new();
    for delivery in webhooks::due(&mut tx, now, BATCH).await? {
        if webhooks::claim(&mut tx, &delivery, now, now + LEASE_SECS).await? {
            claimed.push(delivery);
        }
    }
    let endpoints = webhooks::all(&mut tx).await?;
    tx.commit().await?;
    // A redirect is an answer that is not 2xx: following it would resend the signed body
    // to an address nobody configured.
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(AppError::internal)?;
    let mut delivered = 0;
    for delivery in claimed {
        let Some(endpoint) = endpoints.iter().find(|e| e.id == delivery.endpoint_id) else { continue };
        let outcome = send(&client, endpoint, &delivery.body, state.now()).await;
        let now = state.now();
        let attempts = delivery.attempts + 1;
        let mut conn = state.store.write().await?;
        let record = match &outcome {
            Ok(status) => webhooks::Outcome::Delivered { status: *status },
            Err((status, error)) => webhooks::Outcome::Failed {
                status: *status,
                error,
                retry_at: (attempts < MAX_ATTEMPTS).then(|| now + backoff_secs(attempts)),
            },
        };
        webhooks::record(&mut conn, &delivery.endpoint_id, delivery.seq, now, record).await?;
        conn.commit().await?;
        match outcome {
            Ok(_) => delivered += 1,
            Err((_, error)) => {
                tracing::warn!(endpoint = %endpoint.id, seq = delivery.seq, %error, "webhook not delivered")
            }
        }
    }
    Ok(delivered)
}

/// Puts every enabled endpoint's new changes in the outbox, in order.
async fn enqueue(state: &Core) -> Result<(), AppError> {
    let now = state.now();
    // Most centers have no endpoint: then there is nothing to queue and no write to take.
    let mut conn = state.store.pool().acquire().await?;
    let any = webhooks::all(&mut conn).await?.iter().any(|e| e.disabled_at.is_none());
    drop(conn);
    if !any {
        return Ok(());
    }
    let mut tx = state.store.write().await?;
    let endpoints: Vec<_> =
        webhooks::all(&mut tx).await?.into_iter().filter(|e| e.disabled_at.is_none()).collect();
    door::sweep(&mut tx, state, now).await?;
    let (head, _) = audit::head(&mut tx).await?;
    for endpoint in endpoints {
        let entries = audit::after(&mut tx, endpoint.cursor, &ACTIONS.map(AuditAction::name), BATCH).await?;
        let full = i64::try_from(entries.len()).unwrap_or(i64::MAX) >= BATCH;
        for entry in &entries {
            if let Some(change) = door::change_of(&mut tx, entry).await? {
                let body = Body { delivery_id: format!("{}-{}", endpoint.id, entry.seq), change: &change };
                let body = serde_json::to_string(&body).map_err(AppError::internal)?;
                webhooks::enqueue(&mut tx, &endpoint.id, entry.seq, &body, now).await?;
            }
        }
        let cursor = match entries.last() {
            Some(last) if full => last.seq,
            _ => head,
        };
        webhooks::set_cursor(&mut tx, &endpoint.id, cursor).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One POST: the status on success (2xx), else the status (if any) and what went wrong.
async fn send(
    client: &reqwest::Client,
    endpoint: &webhooks::Endpoint,
    body: &str,
    now: i64,
) -> Result<i64, (Option<i64>, String)> {
    let response = client
        .post(&endpoint.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Mamoru-Signature", signature(&endpoint.secret, now, body))
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| (None, format!("cannot reach the endpoint: {}", e.without_url())))?;
    let status = i64::from(response.status().as_u16());
    if response.status().is_success() {
        Ok(status)
    } else {
        Err((Some(status), format!("the endpoint answered {status}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_the_timestamp_and_the_body() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let signed = signature("Jefe", 0, "what do ya want for nothing?");
        assert_ne!(signed, "", "{signed}");
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"Jefe");
        let tag = ring::hmac::sign(&key, b"0.what do ya want for nothing?");
        assert_eq!(signed, format!("t=0,v1={}", hex::encode(tag.as_ref())));
        let rfc = ring::hmac::sign(&key, b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(rfc.as_ref()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn retries_back_off_to_an_hour() {
        assert_eq!((backoff_secs(0), backoff_secs(1), backoff_secs(2)), (30, 60, 120));
        assert_eq!(backoff_secs(7), 3600);
        assert_eq!(backoff_secs(50), 3600);
        assert!(
            ACTIONS.contains(&AuditAction::CardIssued) && ACTIONS.contains(&AuditAction::AccountDisabled)
        );
    }
}
