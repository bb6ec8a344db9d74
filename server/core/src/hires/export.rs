//! CSV exports for HR and auditors: the list as filtered, the training register (every
//! quiz attempt of the last two years with the agreement versions signed), the device
//! exceptions and the entries at a door. All open in Excel (UTF-8 with a byte-order mark)
//! and all are written to the audit log.

use super::{folded_search, store_query};
use crate::store::{audit, hires, register};
use crate::{Core, course::Course};
use mamoru_types::audit::AuditAction;
use mamoru_types::cards::CardStatus;
use mamoru_types::domain::{InputError, StartDate, UserId};
use mamoru_types::errors::AppError;
use mamoru_types::hires::{HireField, HireFilter};
use mamoru_types::i18n::format_jst;
use std::net::IpAddr;

/// How far back the register goes: the two years Privacy Mark audits ask for.
pub const REGISTER_DAYS: i64 = 731;

/// Every hire matching `filter` (all pages), one row each.
#[tracing::instrument(skip_all, fields(actor = %viewer))]
pub async fn list(
    state: &Core,
    viewer: &UserId,
    filter: &HireFilter,
    ip: Option<IpAddr>,
) -> Result<Vec<u8>, AppError> {
    let moment = super::Moment::of(state);
    let search = folded_search(&filter.search);
    let query = store_query(filter, &search, moment, i64::MAX, 0)?;
    // Read first, then the entry: the audit head stays locked only for the commit.
    let mut tx = state.store.write().await?;
    let (listed, total) = hires::page(&mut tx, &query).await?;
    let detail = serde_json::json!({ "filter": filter, "rows": total });
    audit::record(&mut tx, moment.now, viewer, AuditAction::HiresExported, viewer, detail, ip).await?;
    tx.commit().await?;
    let mut out = writer();
    let mut heading: Vec<&str> = HireField::ALL.iter().map(|f| super::import::heading(*f)[0]).collect();
    heading.extend(["状態", "合格した単元", "カード", "署名した誓約書の版", "修了の有効期限"]);
    out.write_record(&heading).map_err(AppError::internal)?;
    for hires::Listed { hire, standing } in listed {
        let state = moment.state(&standing).text().ja;
        let certified_until = moment.certified_until(&standing).map(format_jst).unwrap_or_default();
        let passed = standing.modules_passed.to_string();
        let card = standing.card.map_or("", CardStatus::name);
        out.write_record(
            [
                hire.name.as_str(),
                &hire.kana,
                &hire.email,
                &hire.employee_number,
                &hire.site,
                &hire.start_date,
                state,
                &passed,
                card,
                &standing.signed_versions,
                &certified_until,
            ]
            .map(cell),
        )
        .map_err(AppError::internal)?;
    }
    finish(out)
}

/// Every submitted quiz attempt of the last two years, by employee and time.
#[tracing::instrument(skip_all, fields(actor = %viewer))]
pub async fn register(state: &Core, viewer: &UserId, ip: Option<IpAddr>) -> Result<Vec<u8>, AppError> {
    let now = state.now();
    let since = now - REGISTER_DAYS * 86_400;
    let mut tx = state.store.write().await?;
    let rows = register::register(&mut tx, since).await?;
    let detail = serde_json::json!({ "since": mamoru_types::i18n::format_utc(since), "rows": rows.len() });
    audit::record(&mut tx, now, viewer, AuditAction::RegisterExported, viewer, detail, ip).await?;
    tx.commit().await?;
    let mut out = writer();
    out.write_record([
        "社員番号",
        "氏名",
        "単元",
        "受験日時（日本時間）",
        "点数",
        "合否",
        "研修の版",
        "署名した誓約書の版",
        "リセット",
    ])
    .map_err(AppError::internal)?;
    for row in rows {
        let module = module_title(&state.course, &row.course_version, &row.module_slug);
        out.write_record(
            [
                row.employee_number.as_str(),
                &row.name,
                &module,
                &format_jst(row.submitted_at),
                &row.score_percent.to_string(),
                if row.passed { "合格" } else { "不合格" },
                &row.course_version,
                &row.signed_versions,
                if row.voided { "リセット済み" } else { "" },
            ]
            .map(cell),
        )
        .map_err(AppError::internal)?;
    }
    finish(out)
}

/// Every device and media exception asked for in the last two years, with its decision
/// and where it stands now: the auditors' list.
#[tracing::instrument(skip_all, fields(actor = %viewer))]
pub async fn exceptions(state: &Core, viewer: &UserId, ip: Option<IpAddr>) -> Result<Vec<u8>, AppError> {
    let now = state.now();
    let since = now - REGISTER_DAYS * 86_400;
    let mut tx = state.store.write().await?;
    let rows = crate::store::exceptions::requested_since(&mut tx, since).await?;
    let detail = serde_json::json!({ "since": mamoru_types::i18n::format_utc(since), "rows": rows.len() });
    audit::record(&mut tx, now, viewer, AuditAction::ExceptionsExported, viewer, detail, ip).await?;
    tx.commit().await?;
    let mut out = writer();
    out.write_record([
        "社員番号",
        "氏名",
        "拠点",
        "種類",
        "製造番号・IMEI・管理番号",
        "理由",
        "開始（日本時間）",
        "終了（日本時間）",
        "申請日時",
        "決定",
        "決定者",
        "決定日時",
        "決定の理由",
        "取り消し日時",
        "取り消しの理由",
        "現在の状態",
        "確認コード",
    ])
    .map_err(AppError::internal)?;
    let time = |at: Option<i64>| at.map(format_jst).unwrap_or_default();
    for row in rows {
        let status = crate::exceptions::status_of(state, &row, now);
        let e = row.exception;
        out.write_record(
            [
                row.employee_number.unwrap_or_default().as_str(),
                &row.requester_name,
                &e.site,
                e.kind.text().ja,
                &e.identifier,
                &e.reason,
                &format_jst(e.starts_at),
                &format_jst(e.ends_at),
                &format_jst(e.requested_at),
                e.decision.map(|d| d.text().ja).unwrap_or_default(),
                &row.decider_name.unwrap_or_default(),
                &time(e.decided_at),
                &e.decision_reason.unwrap_or_default(),
                &time(e.revoked_at),
                &e.revoke_reason.unwrap_or_default(),
                status.text().ja,
                &e.verification_code.unwrap_or_default(),
            ]
            .map(cell),
        )
        .map_err(AppError::internal)?;
    }
    finish(out)
}

/// The most rows one entry report holds.
pub const DOOR_REPORT_ROWS: i64 = 50_000;

/// Who entered the door or room `point` from the Japan day `from` to `to` (both
/// included): the auditor's sample of entry logs (ISO 27001 A.7.2). The query is logged.
#[tracing::instrument(skip_all, fields(actor = %viewer))]
pub async fn door_report(
    state: &Core,
    viewer: &UserId,
    point: &str,
    from: &str,
    to: &str,
    ip: Option<IpAddr>,
) -> Result<Vec<u8>, AppError> {
    let point = mamoru_types::domain::Label::parse(point)?;
    let (start, end) = (StartDate::parse(from)?.jst_start(), StartDate::parse(to)?.jst_start() + 86_400);
    if end <= start {
        return Err(InputError::DateInvalid.into());
    }
    let now = state.now();
    let mut tx = state.store.write().await?;
    let rows =
        crate::store::door_events::entries_at(&mut tx, point.as_str(), start, end, DOOR_REPORT_ROWS).await?;
    let detail = serde_json::json!({ "point": point.as_str(), "from": from, "to": to, "rows": rows.len() });
    audit::record(&mut tx, now, viewer, AuditAction::DoorReportExported, viewer, detail, ip).await?;
    tx.commit().await?;
    let mut out = writer();
    out.write_record(["入室日時（日本時間）", "入口", "カードUID", "社員番号", "氏名"])
        .map_err(AppError::internal)?;
    for row in rows {
        let unknown = if row.user_id.is_none() { "（有効なカードではない）" } else { "" };
        out.write_record(
            [
                format_jst(row.at).as_str(),
                &row.point,
                &row.card_uid,
                row.employee_number.as_deref().unwrap_or_default(),
                row.name.as_deref().unwrap_or(unknown),
            ]
            .map(cell),
        )
        .map_err(AppError::internal)?;
    }
    finish(out)
}

/// The module's Japanese title while its course version is current; else its slug.
fn module_title(course: &Course, version: &str, slug: &str) -> String {
    course
        .modules
        .iter()
        .find(|m| m.slug == slug && course.version == version)
        .map_or_else(|| slug.to_owned(), |m| m.title.ja.clone())
}

/// A text cell that spreadsheets will not run: Excel treats a cell starting with
/// `= + - @` (or a tab or carriage return) as a formula, so such a cell gets a leading `'`.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

fn writer() -> csv::Writer<Vec<u8>> {
    // Excel reads UTF-8 only after a byte-order mark; without it Japanese text is garbled.
    csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec())
}

fn finish(out: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, AppError> {
    out.into_inner().map_err(AppError::internal)
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_stay_text() {
        for formula in ["=HYPERLINK(\"x\")", "+1", "-12-3", "@SUM(A1)", "\tx"] {
            assert_eq!(cell(formula), format!("'{formula}"));
        }
        assert_eq!(cell("新人 太郎"), "新人 太郎");
        assert_eq!(cell("E-0001"), "E-0001");
    }
}
