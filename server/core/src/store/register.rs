//! The training register: every submitted quiz attempt of a hire, with the agreement
//! versions they signed (a join of `quiz_attempts` and `hires`).

use sqlx::{AnyConnection, Row};

/// A row of the training register: one submitted quiz attempt of a hire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub employee_number: String,
    pub name: String,
    pub module_slug: String,
    pub course_version: String,
    pub submitted_at: i64,
    pub score_percent: i64,
    pub passed: bool,
    pub voided: bool,
    /// Agreement versions the hire has signed, comma-separated.
    pub signed_versions: String,
}

/// Every attempt submitted since `since`, by employee number and time.
pub async fn register(conn: &mut AnyConnection, since: i64) -> Result<Vec<RegisterRow>, sqlx::Error> {
    sqlx::query(
        "SELECT h.employee_number, h.name, h.signed_versions, q.module_slug, q.course_version,
                q.submitted_at, q.score_percent, q.passed, q.voided_at
         FROM quiz_attempts q JOIN hires h ON h.user_id = q.user_id
         WHERE q.submitted_at IS NOT NULL AND q.submitted_at >= $1
         ORDER BY h.employee_number, q.submitted_at, q.id",
    )
    .bind(since)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| {
        Ok(RegisterRow {
            employee_number: row.try_get("employee_number")?,
            name: row.try_get("name")?,
            module_slug: row.try_get("module_slug")?,
            course_version: row.try_get("course_version")?,
            submitted_at: row.try_get("submitted_at")?,
            score_percent: row.try_get::<Option<i64>, _>("score_percent")?.unwrap_or_default(),
            passed: row.try_get::<Option<i64>, _>("passed")? == Some(1),
            voided: row.try_get::<Option<i64>, _>("voided_at")?.is_some(),
            signed_versions: row.try_get("signed_versions")?,
        })
    })
    .collect()
}
