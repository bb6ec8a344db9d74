//! The `agreement_versions` and `nda_signatures` tables. Signatures are only ever inserted:
//! the database refuses updates and deletes.

use mamoru_types::domain::UserId;
use sqlx::{AnyConnection, FromRow};

/// The highest published agreement version, if any has been published.
pub async fn current_version(conn: &mut AnyConnection) -> Result<Option<u32>, sqlx::Error> {
    let version: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM agreement_versions").fetch_one(conn).await?;
    Ok(version.and_then(|v| u32::try_from(v).ok()))
}

pub async fn published_versions(conn: &mut AnyConnection) -> Result<Vec<(u32, i64)>, sqlx::Error> {
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT version, published_at FROM agreement_versions ORDER BY version")
            .fetch_all(conn)
            .await?;
    rows.into_iter()
        .map(|(version, at)| Ok((u32::try_from(version).map_err(|e| sqlx::Error::Decode(e.into()))?, at)))
        .collect()
}

pub async fn publish(
    conn: &mut AnyConnection,
    version: u32,
    by: Option<&UserId>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO agreement_versions (version, published_at, published_by) VALUES ($1, $2, $3)")
        .bind(i64::from(version))
        .bind(now)
        .bind(by)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Signature {
    pub id: String,
    pub user_id: UserId,
    #[sqlx(try_from = "i64")]
    pub version: u32,
    pub signed_at: i64,
    pub verification_code: String,
    /// The sealed evidence, as JSON.
    pub evidence: String,
    pub drawing: Option<String>,
}

/// The columns every query of whole signatures selects, as a literal for `concat!`.
macro_rules! signature_columns {
    () => {
        "id, user_id, version, signed_at, verification_code, evidence, drawing"
    };
}

/// Inserts a signature. The caller checks under the signer's lock that they have not
/// signed this version in their current round.
pub async fn insert(conn: &mut AnyConnection, signature: &Signature) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO nda_signatures (id, user_id, version, signed_at, verification_code, evidence, drawing)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&signature.id)
    .bind(&signature.user_id)
    .bind(i64::from(signature.version))
    .bind(signature.signed_at)
    .bind(&signature.verification_code)
    .bind(&signature.evidence)
    .bind(&signature.drawing)
    .execute(conn)
    .await?;
    Ok(())
}

/// Everything one person has signed in every round, oldest first.
pub async fn for_user(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<Signature>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        signature_columns!(),
        " FROM nda_signatures WHERE user_id = $1 ORDER BY signed_at, id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// A version signed, when, and the copy's verification code.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Signed {
    #[sqlx(try_from = "i64")]
    pub version: u32,
    pub signed_at: i64,
    pub verification_code: String,
}

/// What one person signed in their current round (since `users.round_started_at`),
/// oldest first, without the evidence itself.
pub async fn this_round(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<Signed>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, signed_at, verification_code FROM nda_signatures
         WHERE user_id = $1 AND signed_at >= (SELECT round_started_at FROM users WHERE id = $1)
         ORDER BY signed_at, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn by_code(conn: &mut AnyConnection, code: &str) -> Result<Option<Signature>, sqlx::Error> {
    sqlx::query_as(concat!(
        "SELECT ",
        signature_columns!(),
        " FROM nda_signatures WHERE verification_code = $1"
    ))
    .bind(code)
    .fetch_optional(conn)
    .await
}
