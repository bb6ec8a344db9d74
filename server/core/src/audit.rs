//! Browsing the audit log (HR and administrators). The log itself, and its chain, is in
//! [`crate::store::audit`].

use super::Core;
use crate::store::audit;
use mamoru_types::audit::{AuditAction, AuditFilter, AuditKind, AuditPage, AuditRow};
use mamoru_types::domain::{Email, StartDate, UserId};
use mamoru_types::errors::AppError;
use std::net::IpAddr;

/// Entries per page.
pub const PAGE_SIZE: usize = 50;

#[tracing::instrument(skip_all, fields(actor = %viewer))]
pub async fn browse(
    state: &Core,
    viewer: &UserId,
    filter: &AuditFilter,
    ip: Option<IpAddr>,
) -> Result<AuditPage, AppError> {
    let query = query(filter)?;
    let now = state.now();
    let page = filter.page.max(1);
    let offset = (i64::from(page) - 1) * PAGE_SIZE as i64;
    let mut conn = state.store.pool().acquire().await?;
    let (entries, total) = audit::page(&mut conn, &query, PAGE_SIZE as i64, offset).await?;
    drop(conn);
    if !filter.is_empty() {
        let detail = serde_json::json!({
            "category": filter.category, "actor": filter.actor, "from": filter.from, "to": filter.to, "found": total,
        });
        let mut tx = state.store.write().await?;
        audit::record(&mut tx, now, viewer, AuditAction::AuditSearched, viewer, detail, ip).await?;
        tx.commit().await?;
    }
    let total = usize::try_from(total).unwrap_or_default();
    Ok(AuditPage {
        rows: entries
            .into_iter()
            .map(|(entry, actor_name)| AuditRow {
                seq: entry.seq,
                at: entry.at,
                actor: actor_name.or(entry.actor_id).unwrap_or_default(),
                action: entry.action,
                subject: entry.subject_id.unwrap_or_default(),
                detail: entry.detail,
                ip: entry.ip.unwrap_or_default(),
            })
            .collect(),
        total,
        page,
        page_count: super::page_count(total, PAGE_SIZE),
    })
}

/// The filter as the store takes it: known category, a valid address, Japan days as a
/// range of Unix times.
fn query(filter: &AuditFilter) -> Result<audit::Query, AppError> {
    if !filter.category.is_empty() && AuditKind::from_prefix(&filter.category).is_none() {
        return Err(AppError::NotFound);
    }
    let actor = match filter.actor.trim() {
        "" => String::new(),
        text => Email::parse(text)?.as_str().to_owned(),
    };
    Ok(audit::Query {
        action_prefix: filter.category.clone(),
        actor_email: actor,
        from: day_start(&filter.from, 0)?,
        until: day_start(&filter.to, 1)?,
    })
}

/// The Unix time a Japan day (`YYYY-MM-DD`) starts, `days_after` days later; None if empty.
fn day_start(text: &str, days_after: i64) -> Result<Option<i64>, AppError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(StartDate::parse(text)?.jst_start() + days_after * 86_400))
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamoru_types::domain::InputError;
    use mamoru_types::i18n::parse_utc;

    #[test]
    fn japan_days_become_unix_ranges() {
        // 2026-11-28 00:00 JST is 2026-11-27 15:00 UTC.
        assert_eq!(day_start("2026-11-28", 0).ok().flatten(), parse_utc("2026-11-27T15:00:00Z"));
        assert_eq!(day_start("2026-11-28", 1).ok().flatten(), parse_utc("2026-11-28T15:00:00Z"));
        assert_eq!(day_start("", 0).ok(), Some(None));
        assert!(day_start("2026-13-01", 0).is_err());
    }

    #[test]
    fn unknown_categories_and_bad_addresses_are_refused() {
        let filter = |category: &str, actor: &str| AuditFilter {
            category: category.into(),
            actor: actor.into(),
            ..AuditFilter::default()
        };
        assert!(query(&filter("card.", "hr@example.jp")).is_ok());
        assert!(matches!(query(&filter("x' OR 1=1", "")), Err(AppError::NotFound)));
        assert!(matches!(
            query(&filter("", "not an address")),
            Err(AppError::Input(InputError::EmailInvalid))
        ));
    }
}
