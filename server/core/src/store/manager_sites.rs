//! The `manager_sites` table: the sites each manager (責任者) answers for.

use mamoru_types::domain::UserId;
use sqlx::AnyConnection;

/// Gives `user_id` the site; false when they hold it already.
pub async fn assign(
    conn: &mut AnyConnection,
    user_id: &UserId,
    site: &str,
    assigned_by: &UserId,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO manager_sites (user_id, site, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, site) DO NOTHING",
    )
    .bind(user_id)
    .bind(site)
    .bind(assigned_by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes the site from `user_id`; false when they did not hold it.
pub async fn unassign(conn: &mut AnyConnection, user_id: &UserId, site: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM manager_sites WHERE user_id = $1 AND site = $2")
        .bind(user_id)
        .bind(site)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The sites `user_id` answers for, by name.
pub async fn sites_of(conn: &mut AnyConnection, user_id: &UserId) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT site FROM manager_sites WHERE user_id = $1 ORDER BY site")
        .bind(user_id)
        .fetch_all(conn)
        .await
}

/// Whether `user_id` answers for `site`.
pub async fn manages(conn: &mut AnyConnection, user_id: &UserId, site: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM manager_sites WHERE user_id = $1 AND site = $2")
            .bind(user_id)
            .bind(site)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// Every (manager, site) pair, for the admin's staff list.
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<(UserId, String)>, sqlx::Error> {
    sqlx::query_as("SELECT user_id, site FROM manager_sites ORDER BY user_id, site").fetch_all(conn).await
}
