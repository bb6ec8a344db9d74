//! The `webhook_endpoints` and `webhook_deliveries` tables: where door-relevant changes
//! are pushed, and the outbox of their deliveries (see `webhooks`).

use mamoru_types::domain::UserId;
use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Endpoint {
    pub id: String,
    pub name: String,
    pub url: String,
    pub secret: String,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    /// The last audit entry queued for it.
    pub cursor: i64,
}

macro_rules! endpoint_columns {
    () => {
        "id, name, url, secret, created_at, disabled_at, cursor"
    };
}

pub async fn insert(
    conn: &mut AnyConnection,
    endpoint: &Endpoint,
    created_by: &UserId,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO webhook_endpoints (id, name, url, secret, created_by, created_at, cursor)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&endpoint.id)
    .bind(&endpoint.name)
    .bind(&endpoint.url)
    .bind(&endpoint.secret)
    .bind(created_by)
    .bind(endpoint.created_at)
    .bind(endpoint.cursor)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every endpoint, oldest first.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<Endpoint>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", endpoint_columns!(), " FROM webhook_endpoints ORDER BY created_at, id"))
        .fetch_all(conn)
        .await
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<Endpoint>, sqlx::Error> {
    sqlx::query_as(concat!("SELECT ", endpoint_columns!(), " FROM webhook_endpoints WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// Stops deliveries to an endpoint; false when it was stopped already or does not exist.
pub async fn disable(conn: &mut AnyConnection, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE webhook_endpoints SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL")
            .bind(id)
            .bind(now)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_cursor(conn: &mut AnyConnection, id: &str, cursor: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE webhook_endpoints SET cursor = $2 WHERE id = $1 AND cursor < $2")
        .bind(id)
        .bind(cursor)
        .execute(conn)
        .await?;
    Ok(())
}

/// Queues a delivery of entry `seq` (once: a second queueing of it is ignored).
pub async fn enqueue(
    conn: &mut AnyConnection,
    endpoint_id: &str,
    seq: i64,
    body: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (endpoint_id, seq, body, next_attempt_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (endpoint_id, seq) DO NOTHING",
    )
    .bind(endpoint_id)
    .bind(seq)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Delivery {
    pub endpoint_id: String,
    pub seq: i64,
    pub body: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub delivered_at: Option<i64>,
    pub failed_at: Option<i64>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

macro_rules! delivery_columns {
    () => {
        "endpoint_id, seq, body, attempts, next_attempt_at, delivered_at, failed_at, last_status, last_error"
    };
}

/// Deliveries due at `now` to enabled endpoints, oldest first.
pub async fn due(conn: &mut AnyConnection, now: i64, limit: i64) -> Result<Vec<Delivery>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        delivery_columns!(),
        " FROM webhook_deliveries
         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
           AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE disabled_at IS NULL)
         ORDER BY seq, endpoint_id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(conn)
    .await
}

/// Takes a due delivery for this instance until `lease_until`, counting the attempt;
/// false when another instance took it first.
pub async fn claim(
    conn: &mut AnyConnection,
    d: &Delivery,
    now: i64,
    lease_until: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET next_attempt_at = $4, attempts = attempts + 1
         WHERE endpoint_id = $1 AND seq = $2 AND next_attempt_at <= $3 AND delivered_at IS NULL AND failed_at IS NULL",
    )
    .bind(&d.endpoint_id)
    .bind(d.seq)
    .bind(now)
    .bind(lease_until)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How an attempt ended.
pub enum Outcome<'a> {
    Delivered {
        status: i64,
    },
    /// Try again at `retry_at`, or give up when `None`.
    Failed {
        status: Option<i64>,
        error: &'a str,
        retry_at: Option<i64>,
    },
}

pub async fn record(
    conn: &mut AnyConnection,
    endpoint_id: &str,
    seq: i64,
    now: i64,
    outcome: Outcome<'_>,
) -> Result<(), sqlx::Error> {
    let query = match outcome {
        Outcome::Delivered { status } => sqlx::query(
            "UPDATE webhook_deliveries SET delivered_at = $3, last_status = $4, last_error = NULL
             WHERE endpoint_id = $1 AND seq = $2",
        )
        .bind(endpoint_id)
        .bind(seq)
        .bind(now)
        .bind(status),
        Outcome::Failed { status, error, retry_at } => sqlx::query(
            "UPDATE webhook_deliveries
             SET last_status = $3, last_error = $4, next_attempt_at = COALESCE($5, next_attempt_at),
                 failed_at = CASE WHEN $5 IS NULL THEN $6 ELSE NULL END
             WHERE endpoint_id = $1 AND seq = $2",
        )
        .bind(endpoint_id)
        .bind(seq)
        .bind(status)
        .bind(error)
        .bind(retry_at)
        .bind(now),
    };
    query.execute(conn).await?;
    Ok(())
}

/// The latest deliveries, newest first: the admin's delivery log.
pub async fn latest(conn: &mut AnyConnection, limit: i64) -> Result<Vec<Delivery>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        delivery_columns!(),
        " FROM webhook_deliveries ORDER BY seq DESC, endpoint_id LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(conn)
    .await
}
