//! PDF documents (printpdf): the signed agreement and the device permit. Japanese text
//! uses IPAex Gothic (`server/core/fonts/`, IPA Font License), embedded as a subset of the
//! glyphs used. Each document is a pure function of its input: no clock, no random ids.
//!
//! `font` measures and shapes text, `lines` wraps it, `layout` places it on pages; the
//! documents ([`crate::nda::pdf`], [`crate::exceptions::permit`]) assemble them.

pub(crate) mod font;
pub(crate) mod layout;
pub(crate) mod lines;

use font::{FONT_ID, Font};
use layout::{MARGIN, PAGE_W, grey, text_ops};
use printpdf::{DateTime, FontId, Mm, Op, PdfDocument, PdfFont, PdfPage, PdfSaveOptions};
use sha2::Digest;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the built-in font cannot be parsed")]
    Font,
    #[error("the QR code cannot hold the verification link")]
    Qr,
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

/// Writes "`title` — page / pages" at the foot of every page.
pub(crate) fn footers(font: &Font, pages: &mut [Vec<Op>], title: &str) {
    let total = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let footer = format!("{title} — {} / {total}", i + 1);
        let x = (PAGE_W - font.width(&footer, 7.5)) / 2.0;
        page.extend(text_ops(font, x, MARGIN / 2.0, 7.5, &footer, false, grey()));
    }
}

/// The A4 document of `pages`, dated `at`; `subject` marks what it is for, and the file's
/// id derives from `id_seed` (a verification code), so the bytes are deterministic.
pub(crate) fn save(
    font: &Font,
    title: &str,
    subject: &str,
    at: i64,
    id_seed: &str,
    pages: Vec<Vec<Op>>,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(title);
    let time = DateTime::from_unix_timestamp(at).map_err(|e| PdfError::Write(e.to_string()))?;
    let info = &mut doc.metadata.info;
    info.producer = "Mamoru".into();
    info.creator = "Mamoru".into();
    info.subject = subject.into();
    info.creation_date = time;
    info.modification_date = time;
    info.metadata_date = time;
    // A fixed font id: `add_font` would draw a random one, and the bytes would differ.
    doc.resources.fonts.map.insert(FontId(FONT_ID.into()), PdfFont::new(font.parsed.clone()));
    doc.pages = pages.into_iter().map(|ops| PdfPage::new(Mm(210.0), Mm(297.0), ops)).collect();
    let options =
        PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    // printpdf writes a random trailer /ID; a stable one derived from the record keeps the
    // output deterministic.
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    let id_bytes = sha2::Sha256::digest(id_seed.as_bytes())[..16].to_vec();
    let id = lopdf::Object::String(id_bytes, lopdf::StringFormat::Hexadecimal);
    pdf.trailer.set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    if let Ok(info) = pdf.trailer.get(b"Info").and_then(lopdf::Object::as_reference)
        && let Ok(dict) = pdf.get_dictionary_mut(info)
    {
        // printpdf always writes an empty PDF/X version, which makes readers call it PDF/X.
        dict.remove(b"GTS_PDFXVersion");
    }
    pdf.compress();
    let mut out = Vec::new();
    pdf.save_to(&mut out).map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}
