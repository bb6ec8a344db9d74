//! The `hires` table: HR's record of each new hire, from the invitation on.

use sqlx::{AnyConnection, Row, any::AnyRow};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hire {
    pub id: String,
    pub invite_id: String,
    pub user_id: Option<String>,
    pub employee_number: String,
    pub name: String,
    pub kana: String,
    pub email: String,
    pub site: String,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    pub created_at: i64,
}

macro_rules! hire_columns {
    () => {
        "id, invite_id, user_id, employee_number, name, kana, email, site, start_date, created_at"
    };
}

fn from_row(row: &AnyRow) -> Result<Hire, sqlx::Error> {
    Ok(Hire {
        id: row.try_get("id")?,
        invite_id: row.try_get("invite_id")?,
        user_id: row.try_get("user_id")?,
        employee_number: row.try_get("employee_number")?,
        name: row.try_get("name")?,
        kana: row.try_get("kana")?,
        email: row.try_get("email")?,
        site: row.try_get("site")?,
        start_date: row.try_get("start_date")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn insert(conn: &mut AnyConnection, hire: &Hire) -> Result<(), sqlx::Error> {
    sqlx::query(concat!(
        "INSERT INTO hires (",
        hire_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(&hire.id)
    .bind(&hire.invite_id)
    .bind(&hire.user_id)
    .bind(&hire.employee_number)
    .bind(&hire.name)
    .bind(&hire.kana)
    .bind(&hire.email)
    .bind(&hire.site)
    .bind(&hire.start_date)
    .bind(hire.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn employee_number_taken(conn: &mut AnyConnection, number: &str) -> Result<bool, sqlx::Error> {
    let row = sqlx::query("SELECT 1 AS one FROM hires WHERE employee_number = $1")
        .bind(number)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// Links the account created from an invitation to its hire.
pub async fn link_user(
    conn: &mut AnyConnection,
    invite_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE hires SET user_id = $2 WHERE invite_id = $1 AND user_id IS NULL")
        .bind(invite_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Every hire, newest start date first (the list filters and pages in memory: a state
/// filter needs each hire's progress anyway).
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<Hire>, sqlx::Error> {
    sqlx::query(concat!("SELECT ", hire_columns!(), " FROM hires ORDER BY start_date DESC, id"))
        .fetch_all(conn)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn by_id(conn: &mut AnyConnection, id: &str) -> Result<Option<Hire>, sqlx::Error> {
    sqlx::query(concat!("SELECT ", hire_columns!(), " FROM hires WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}
