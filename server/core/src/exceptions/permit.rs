//! The permit (持込許可証): one A4 page, in Japanese and English, that the holder shows
//! at the operator room's entrance. It prints the sealed decision and a QR code to
//! `/verify`, where the guard sees whether the permit is still in force.

use super::DecisionRecord;
use crate::pdf::layout::{MARGIN, PAGE_W, Writer, grey, qr_ops};
use crate::pdf::{PdfError, font::font, footers, save};
use mamoru_types::i18n::{self, Text};

/// Marks a PDF as a Mamoru permit.
pub const PDF_SUBJECT: &str = "Mamoru device permit";

/// "日本語 / English" for one label.
fn both(text: Text) -> String {
    format!("{} / {}", text.ja, text.en)
}

fn jst(utc: &str) -> String {
    format!("{} (JST)", i18n::format_jst(i18n::parse_utc(utc).unwrap_or_default()))
}

/// Renders the permit of an approval (`record`, sealed as `seal`).
pub fn render(
    record: &DecisionRecord,
    seal: &mamoru_seal::Sealed,
    verify_url: &str,
) -> Result<Vec<u8>, PdfError> {
    let font = font()?;
    let mut writer = Writer::new(font);
    let title = both(i18n::PERMIT_TITLE);
    writer.paragraph(i18n::PERMIT_TITLE.ja, 18.0, true, 0.0, 0.0);
    writer.paragraph(i18n::PERMIT_TITLE.en, 12.0, true, 0.0, 4.0);
    writer.paragraph(i18n::PERMIT_LEAD.ja, 8.5, false, 0.0, 0.0);
    writer.paragraph(i18n::PERMIT_LEAD.en, 8.5, false, 0.0, 6.0);

    let qr_top = writer.y;
    writer.ops().extend(qr_ops(verify_url, PAGE_W - MARGIN - 110.0, qr_top, 110.0)?);
    writer.fact(&both(i18n::EXCEPTION_CODE), &record.verification_code);
    writer.fact(&both(i18n::PDF_VERIFY_AT), verify_url);
    writer.y = writer.y.min(qr_top - 118.0);
    writer.rule();

    let starts = i18n::parse_utc(&record.starts_at).unwrap_or_default();
    // The last moment in force: the period ends at the next day's midnight.
    let until = i18n::parse_utc(&record.ends_at).unwrap_or_default() - 60;
    let facts = [
        (both(i18n::PERMIT_HOLDER), format!("{} ({})", record.requester_name, record.employee_number)),
        (both(i18n::EXCEPTION_KIND), format!("{} / {}", record.kind.text().ja, record.kind.text().en)),
        (both(i18n::EXCEPTION_IDENTIFIER), record.identifier.clone()),
        (both(i18n::EXCEPTION_SITE), record.site.clone()),
        (
            both(i18n::EXCEPTION_PERIOD),
            format!("{} – {} (JST)", i18n::format_jst(starts), i18n::format_jst(until)),
        ),
        (both(i18n::EXCEPTION_REASON), record.reason.clone()),
        (both(i18n::PERMIT_APPROVED_BY), format!("{} — {}", record.decided_by_name, jst(&record.decided_at))),
        (
            both(i18n::TRAINING_VALID_UNTIL),
            record.training_valid_until.as_deref().map(jst).unwrap_or_else(|| "-".into()),
        ),
    ];
    for (name, value) in &facts {
        writer.fact(name, value);
    }
    if !record.decision_reason.is_empty() {
        writer.fact(&both(i18n::PERMIT_NOTE), &record.decision_reason);
    }
    writer.rule();
    writer.paragraph(i18n::PERMIT_CONDITIONS.ja, 8.5, false, 0.0, 0.0);
    writer.paragraph(i18n::PERMIT_CONDITIONS.en, 8.5, false, 0.0, 6.0);
    writer.rule();
    writer.fact(&both(i18n::PDF_KEY_ID), &format!("{} (Ed25519, {})", seal.key_id, seal.purpose));
    writer.fact(&both(i18n::PDF_SEAL), &seal.signature);
    let at = i18n::parse_utc(&record.decided_at).unwrap_or_default();
    writer.text_at(MARGIN, writer.y - 12.0, 7.0, &record.exception_id, false, grey());
    footers(font, &mut writer.pages, &title);
    save(font, &title, PDF_SUBJECT, at, &record.verification_code, writer.pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamoru_types::exceptions::{Decision, DeviceKind};

    fn record() -> DecisionRecord {
        DecisionRecord {
            exception_id: "0123456789abcdef".into(),
            requester_id: "u1".into(),
            requester_name: "山田 花子".into(),
            employee_number: "E-0012".into(),
            kind: DeviceKind::UsbStorage,
            identifier: "SN-4711".into(),
            reason: "研修資料の受け渡し".into(),
            site: "本社".into(),
            starts_at: "2026-12-01T15:00:00Z".into(),
            ends_at: "2026-12-04T15:00:00Z".into(),
            decision: Decision::Approved,
            decision_reason: String::new(),
            decided_by_id: "m1".into(),
            decided_by_name: "佐藤 一郎".into(),
            decided_at: "2026-12-02T01:00:00Z".into(),
            training_valid_until: Some("2027-11-28T12:05:00Z".into()),
            verification_code: "7KQM-4TXR-9HWC".into(),
        }
    }

    fn render_sample() -> Vec<u8> {
        let seal =
            crate::PlatformKey::from_seed([7; 32]).seal(mamoru_seal::Purpose::EXCEPTION_DECISION, &record());
        render(&record(), &seal, "https://mamoru.example.jp/verify?code=7KQM-4TXR-9HWC").expect("render")
    }

    #[test]
    fn the_permit_is_one_searchable_page_in_both_languages() {
        let bytes = render_sample();
        let pdf = lopdf::Document::load_mem(&bytes).expect("parse");
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        assert_eq!(pages.len(), 1);
        let text = pdf.extract_text(&pages).expect("text").replace(char::is_whitespace, "");
        for expected in [
            "持込許可証",
            "Deviceandmediapermit",
            "山田花子",
            "SN-4711",
            "USBメモリ",
            "7KQM-4TXR-9HWC",
            "2026-12-04",
        ] {
            assert!(text.contains(expected), "{expected} missing from the text layer");
        }
    }

    #[test]
    fn rendering_is_deterministic() {
        assert_eq!(render_sample(), render_sample());
    }
}
