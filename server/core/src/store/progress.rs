//! The `lesson_reads` and `quiz_attempts` tables. What counts towards a hire's progress is
//! their current round: reads and attempts since `users.round_started_at`.

use mamoru_types::domain::{AttemptId, UserId};
use sqlx::{AnyConnection, Row, any::AnyRow};

/// The start of `$1`'s current round, for the queries below.
macro_rules! round_start {
    () => {
        "(SELECT round_started_at FROM users WHERE id = $1)"
    };
}

/// Where one hire stands in one course version in their current round: read lessons and
/// quiz attempts.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// (module slug, lesson index)
    pub reads: Vec<(String, usize)>,
    pub attempts: Vec<Attempt>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub id: AttemptId,
    pub module_slug: String,
    pub started_at: i64,
    pub served: String,
    pub submitted_at: Option<i64>,
    pub answers: Option<String>,
    pub score_percent: Option<i64>,
    pub passed: bool,
    pub voided: bool,
}

impl Attempt {
    /// Submitted and not voided: it counts against the limit.
    pub fn counts(&self) -> bool {
        self.submitted_at.is_some() && !self.voided
    }

    pub fn is_open(&self) -> bool {
        self.submitted_at.is_none() && !self.voided
    }
}

fn attempt(row: &AnyRow) -> Result<Attempt, sqlx::Error> {
    Ok(Attempt {
        id: row.try_get("id")?,
        module_slug: row.try_get("module_slug")?,
        started_at: row.try_get("started_at")?,
        served: row.try_get("served")?,
        submitted_at: row.try_get("submitted_at")?,
        answers: row.try_get("answers")?,
        score_percent: row.try_get("score_percent")?,
        passed: row.try_get::<Option<i64>, _>("passed")? == Some(1),
        voided: row.try_get::<Option<i64>, _>("voided_at")?.is_some(),
    })
}

pub async fn load(
    conn: &mut AnyConnection,
    user_id: &UserId,
    version: &str,
) -> Result<Progress, sqlx::Error> {
    let reads = sqlx::query(concat!(
        "SELECT module_slug, lesson_index FROM lesson_reads
         WHERE user_id = $1 AND course_version = $2 AND read_at >= ",
        round_start!()
    ))
    .bind(user_id)
    .bind(version)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|row| {
        let index: i64 = row.try_get("lesson_index")?;
        Ok((row.try_get("module_slug")?, usize::try_from(index).map_err(|e| sqlx::Error::Decode(e.into()))?))
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let attempts = attempts(conn, user_id, version).await?;
    Ok(Progress { reads, attempts })
}

/// The hire's attempts in the current round, oldest first: all that decides which modules
/// are open, so a lesson page reads only these.
pub async fn attempts(
    conn: &mut AnyConnection,
    user_id: &UserId,
    version: &str,
) -> Result<Vec<Attempt>, sqlx::Error> {
    sqlx::query(concat!(
        "SELECT id, module_slug, started_at, served, submitted_at, answers, score_percent, passed, voided_at
         FROM quiz_attempts WHERE user_id = $1 AND course_version = $2 AND started_at >= ",
        round_start!(),
        " ORDER BY started_at, id"
    ))
    .bind(user_id)
    .bind(version)
    .fetch_all(conn)
    .await?
    .iter()
    .map(attempt)
    .collect()
}

/// Every attempt of the hire in every course version, oldest first, with its version.
pub async fn every_attempt(
    conn: &mut AnyConnection,
    user_id: &UserId,
) -> Result<Vec<(String, Attempt)>, sqlx::Error> {
    sqlx::query(
        "SELECT course_version, id, module_slug, started_at, served, submitted_at, answers, score_percent,
                passed, voided_at
         FROM quiz_attempts WHERE user_id = $1 ORDER BY started_at, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("course_version")?, attempt(row)?)))
    .collect()
}

/// Records a lesson as read. Again in the same round changes nothing (the first time
/// stays); in a new round the read moves to now.
pub async fn mark_read(
    conn: &mut AnyConnection,
    user_id: &UserId,
    version: &str,
    module: &str,
    lesson: usize,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO lesson_reads (user_id, course_version, module_slug, lesson_index, read_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, course_version, module_slug, lesson_index)
         DO UPDATE SET read_at = excluded.read_at WHERE lesson_reads.read_at < ",
        round_start!()
    ))
    .bind(user_id)
    .bind(version)
    .bind(module)
    .bind(i64::try_from(lesson).unwrap_or(i64::MAX))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct NewAttempt<'a> {
    pub id: &'a AttemptId,
    pub user_id: &'a UserId,
    pub version: &'a str,
    pub module: &'a str,
    pub served: &'a str,
    pub now: i64,
}

pub async fn start_attempt(conn: &mut AnyConnection, a: NewAttempt<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO quiz_attempts (id, user_id, course_version, module_slug, started_at, served)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(a.id)
    .bind(a.user_id)
    .bind(a.version)
    .bind(a.module)
    .bind(a.now)
    .bind(a.served)
    .execute(conn)
    .await?;
    Ok(())
}

/// An attempt of its owner's current round, with the owner and the course version.
pub async fn attempt_by_id(
    conn: &mut AnyConnection,
    id: &AttemptId,
) -> Result<Option<(UserId, String, Attempt)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, user_id, course_version, module_slug, started_at, served, submitted_at, answers,
                score_percent, passed, voided_at
         FROM quiz_attempts
         WHERE id = $1
           AND started_at >= (SELECT round_started_at FROM users WHERE users.id = quiz_attempts.user_id)",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| Ok((row.try_get("user_id")?, row.try_get("course_version")?, attempt(&row)?))).transpose()
}

/// Records the answers and score of an open attempt; false if it was already
/// submitted or voided (a second submission changes nothing).
pub async fn submit(
    conn: &mut AnyConnection,
    id: &AttemptId,
    answers: &str,
    score: u32,
    passed: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE quiz_attempts SET submitted_at = $1, answers = $2, score_percent = $3, passed = $4
         WHERE id = $5 AND submitted_at IS NULL AND voided_at IS NULL",
    )
    .bind(now)
    .bind(answers)
    .bind(i64::from(score))
    .bind(i64::from(passed))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many attempts at a module count against the limit (submitted, not voided, this
/// round).
pub async fn attempts_used(
    conn: &mut AnyConnection,
    user_id: &UserId,
    version: &str,
    module: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(concat!(
        "SELECT COUNT(*) FROM quiz_attempts
         WHERE user_id = $1 AND course_version = $2 AND module_slug = $3
           AND submitted_at IS NOT NULL AND voided_at IS NULL AND started_at >= ",
        round_start!()
    ))
    .bind(user_id)
    .bind(version)
    .bind(module)
    .fetch_one(conn)
    .await
}

/// Voids a hire's attempts at one module in this round (HR reset); returns how many were
/// voided. Earlier rounds stay as they were.
pub async fn void_attempts(
    conn: &mut AnyConnection,
    user_id: &UserId,
    version: &str,
    module: &str,
    by: &UserId,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(concat!(
        "UPDATE quiz_attempts SET voided_at = $4, voided_by = $5
         WHERE user_id = $1 AND course_version = $2 AND module_slug = $3 AND voided_at IS NULL
           AND started_at >= ",
        round_start!()
    ))
    .bind(user_id)
    .bind(version)
    .bind(module)
    .bind(now)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
