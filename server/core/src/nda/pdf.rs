//! The signed agreement as a PDF: the text, the consents, the signer's name and drawn
//! signature, and an evidence page with the hashes, the seal and a QR code to the
//! verification page (see [`crate::pdf`] for the fonts and the layout).

use super::evidence::{Evidence, SignatureMethod};
use super::{Agreement, document::PDF_SUBJECT};
use crate::pdf::layout::{MARGIN, PAGE_W, Writer, agreement_body, grey, point, qr_ops, signature_ops};
use crate::pdf::{PdfError, font::font, footers, save};
use mamoru_types::domain::Drawing;
use mamoru_types::i18n::{self, Lang, Text};
use printpdf::{Line, Op, Pt};

/// A signed copy to render.
pub struct Signed<'a> {
    pub agreement: &'a Agreement,
    pub evidence: &'a Evidence,
    /// The evidence's seal, printed on the evidence page.
    pub seal: &'a mamoru_seal::Sealed,
    pub drawing: Option<&'a Drawing>,
    pub verify_url: &'a str,
}

fn label(text: Text, lang: Lang) -> &'static str {
    text.get(lang)
}

pub fn render(signed: &Signed<'_>) -> Result<Vec<u8>, PdfError> {
    let font = font()?;
    let evidence = signed.evidence;
    let lang: Lang = evidence.language.parse().unwrap_or_default();
    let signed_at = i18n::parse_utc(&evidence.signed_at).unwrap_or_default();
    let title = signed.agreement.title(lang);
    let mut writer = Writer::new(font);

    writer.paragraph(title, 17.0, true, 0.0, 2.0);
    let version_line =
        format!("{} {} · {}", label(i18n::NDA_VERSION, lang), evidence.version, evidence.verification_code);
    writer.y -= 12.0;
    writer.text_at(MARGIN, writer.y, 8.5, &version_line, false, grey());
    writer.y -= 8.0;
    agreement_body(&mut writer, signed.agreement.text.get(lang));

    writer.ensure(60.0);
    writer.rule();
    writer.paragraph(label(i18n::NDA_CONSENTS, lang), 10.5, true, 0.0, 2.0);
    for consent in &evidence.consents {
        writer.item("■ ", consent, 9.0, 6.0);
    }

    // The signature block: name, time, and the drawing (or a note that the name was typed).
    writer.ensure(150.0);
    writer.rule();
    writer.fact(label(i18n::PDF_SIGNER, lang), &evidence.signer_name);
    writer.fact(label(i18n::PDF_TYPED_NAME, lang), &evidence.typed_name);
    writer.fact(label(i18n::PDF_SIGNED_AT, lang), &format!("{} (JST)", i18n::format_jst(signed_at)));
    match (evidence.method, signed.drawing) {
        (SignatureMethod::Drawn, Some(drawing)) => {
            let bottom = writer.y - 84.0;
            let ops = signature_ops(drawing, (MARGIN + 130.0, bottom, 240.0, 80.0));
            writer.text_at(MARGIN, writer.y - 12.0, 8.5, label(i18n::PDF_SIGNATURE, lang), false, grey());
            writer.ops().extend(ops);
            writer.ops().extend([
                Op::SetOutlineColor { col: grey() },
                Op::SetOutlineThickness { pt: Pt(0.5) },
                Op::DrawLine {
                    line: Line {
                        points: vec![
                            point(MARGIN + 130.0, bottom - 3.0),
                            point(MARGIN + 370.0, bottom - 3.0),
                        ],
                        is_closed: false,
                    },
                },
            ]);
            writer.y = bottom - 10.0;
        }
        _ => writer.fact(label(i18n::PDF_SIGNATURE, lang), label(i18n::PDF_TYPED_SIGNATURE, lang)),
    }

    // The evidence page.
    writer.new_page();
    writer.paragraph(label(i18n::PDF_EVIDENCE_TITLE, lang), 15.0, true, 0.0, 4.0);
    writer.paragraph(label(i18n::PDF_EVIDENCE_LEAD, lang), 8.5, false, 0.0, 8.0);
    let qr_top = writer.y;
    let qr = qr_ops(signed.verify_url, PAGE_W - MARGIN - 96.0, qr_top, 96.0)?;
    writer.ops().extend(qr);
    writer.fact(label(i18n::NDA_CODE, lang), &evidence.verification_code);
    writer.fact(label(i18n::PDF_VERIFY_AT, lang), signed.verify_url);
    writer.y = writer.y.min(qr_top - 104.0);
    writer.rule();
    let method = match evidence.method {
        SignatureMethod::Drawn => label(i18n::PDF_METHOD_DRAWN, lang),
        SignatureMethod::Typed => label(i18n::PDF_METHOD_TYPED, lang),
    };
    let facts = [
        (
            label(i18n::PDF_AGREEMENT, lang),
            format!("{} {} ({})", evidence.agreement, evidence.version, evidence.language),
        ),
        (label(i18n::PDF_TEXT_HASH, lang), evidence.text_sha256.clone()),
        (label(i18n::PDF_SIGNER, lang), format!("{} ({})", evidence.signer_name, evidence.signer_id)),
        (label(i18n::PDF_TYPED_NAME, lang), evidence.typed_name.clone()),
        (label(i18n::PDF_METHOD, lang), method.to_owned()),
        (label(i18n::PDF_DRAWING_HASH, lang), evidence.drawing_sha256.clone().unwrap_or_else(|| "-".into())),
        (label(i18n::PDF_SIGNED_AT, lang), format!("{} (UTC)", evidence.signed_at)),
        (label(i18n::PDF_IP, lang), evidence.ip.clone()),
        (label(i18n::PDF_USER_AGENT, lang), evidence.user_agent.clone()),
        (label(i18n::PDF_KEY_ID, lang), format!("{} (Ed25519, {})", signed.seal.key_id, signed.seal.purpose)),
        (label(i18n::PDF_SEAL, lang), signed.seal.signature.clone()),
    ];
    for (name, value) in &facts {
        writer.fact(name, value);
    }

    footers(font, &mut writer.pages, title);
    save(font, title, PDF_SUBJECT, signed_at, &evidence.verification_code, writer.pages)
}

/// A signed sample: the built-in agreement, a drawn signature, fixed evidence. Used by the
/// tests and the benchmark.
#[cfg(any(test, feature = "test-support"))]
pub fn sample(lang: Lang) -> (Agreement, Evidence, Drawing) {
    let agreement = super::Agreements::built_in().expect("built-in agreements").first().clone();
    let stroke = |y: u16| (0..40u16).map(|i| [40 + i * 12, y + (i % 7) * 6]).collect::<Vec<_>>();
    let drawing = Drawing::parse(vec![stroke(50), stroke(110), vec![[520, 60]]]).expect("sample drawing");
    let evidence = Evidence {
        agreement: "nda".into(),
        version: agreement.version,
        language: lang.code().into(),
        text_sha256: agreement.text_sha256(lang),
        consents: agreement.consents.iter().map(|c| c.text(lang).to_owned()).collect(),
        signer_id: "0123456789abcdef0123456789abcdef".into(),
        signer_name: "山田 花子".into(),
        typed_name: "山田花子".into(),
        method: SignatureMethod::Drawn,
        drawing_sha256: Some(mamoru_seal::sha256_hex(&mamoru_seal::canonical(&drawing))),
        signed_at: "2026-11-28T12:05:00Z".into(),
        ip: "192.0.2.10".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36".into(),
        verification_code: "7KQM-4TXR-9HWC".into(),
    };
    (agreement, evidence, drawing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::font::FONT_FILE;

    fn render_sample(lang: Lang) -> Vec<u8> {
        let (agreement, evidence, drawing) = sample(lang);
        let url = "https://mamoru.example.jp/verify?code=7KQM-4TXR-9HWC";
        let seal = crate::PlatformKey::from_seed([7; 32]).seal(mamoru_seal::Purpose::NDA_EVIDENCE, &evidence);
        render(&Signed {
            agreement: &agreement,
            evidence: &evidence,
            seal: &seal,
            drawing: Some(&drawing),
            verify_url: url,
        })
        .expect("render")
    }

    #[test]
    fn the_pdf_embeds_a_font_subset_and_a_searchable_japanese_text_layer() {
        let bytes = render_sample(Lang::Ja);
        assert!(bytes.len() < 300 * 1024, "{} bytes", bytes.len());
        let pdf = lopdf::Document::load_mem(&bytes).expect("parse");
        let fonts: Vec<(String, usize)> = pdf
            .objects
            .values()
            .filter_map(|object| {
                let dict = object.as_dict().ok()?;
                let name = dict.get(b"FontName").ok()?.as_name().ok()?;
                let file = dict.get(b"FontFile2").ok()?.as_reference().ok()?;
                let stream = pdf.get_object(file).ok()?.as_stream().ok()?;
                Some((String::from_utf8_lossy(name).into_owned(), stream.content.len()))
            })
            .collect();
        assert_eq!(fonts.len(), 1, "{fonts:?}");
        assert!(fonts[0].0.starts_with("MAMORU+"), "not marked as a subset: {fonts:?}");
        assert!(fonts[0].1 < FONT_FILE.len() / 10, "the font is not subset: {fonts:?}");
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        let text = pdf.extract_text(&pages).expect("text").replace(char::is_whitespace, "");
        for expected in ["山田花子", "秘密保持に関する誓約書", "7KQM-4TXR-9HWC", "オペレータ室"]
        {
            assert!(text.contains(expected), "{expected} missing from the text layer");
        }
    }

    #[test]
    fn rendering_is_deterministic() {
        assert_eq!(render_sample(Lang::En), render_sample(Lang::En));
        assert_ne!(render_sample(Lang::En), render_sample(Lang::Ja));
    }
}
