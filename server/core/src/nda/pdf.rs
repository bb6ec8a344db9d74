//! The signed agreement as a PDF (printpdf): the text, the consents, the signer's name and
//! drawn signature, and an evidence page with the hashes, the seal and a QR code to the
//! verification page. Japanese text uses IPAex Gothic (`app/fonts/`, IPA Font License),
//! embedded as a subset of the glyphs used. The output is a pure function of its input:
//! no clock, no random ids.

use super::evidence::{Evidence, SignatureMethod};
use super::{Agreement, document::PDF_SUBJECT};
use mamoru_types::domain::Drawing;
use mamoru_types::i18n::{self, Lang, Text};
use printpdf::{
    Codepoint, Color, DateTime, FontId, Line, LineCapStyle, LineJoinStyle, LinePoint, Mm, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing,
    Pt, Rgb, TextItem, TextMatrix, TextRenderingMode, WindingOrder,
};
use sha2::Digest;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

static FONT_FILE: &[u8] = include_bytes!("../../fonts/ipaexg.ttf");

const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.7;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;
/// The subset's tag comes from the first six letters of the font id.
const FONT_ID: &str = "MAMORU";

/// A signed copy to render.
pub struct Signed<'a> {
    pub agreement: &'a Agreement,
    pub evidence: &'a Evidence,
    /// The evidence's seal, printed on the evidence page.
    pub seal: &'a mamoru_seal::Sealed,
    pub drawing: Option<&'a Drawing>,
    pub verify_url: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the built-in font cannot be parsed")]
    Font,
    #[error("the QR code cannot hold the verification link")]
    Qr,
    #[error("cannot write the PDF: {0}")]
    Write(String),
}

/// The font, parsed once (about 15 ms), with a cache of glyph ids and advances: the
/// font's own lookup scans its character map on every call.
struct Font {
    parsed: ParsedFont,
    units_per_em: f32,
    glyphs: RwLock<HashMap<char, (u16, f32)>>,
}

fn font() -> Result<&'static Font, PdfError> {
    static FONT: OnceLock<Option<Font>> = OnceLock::new();
    FONT.get_or_init(|| {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(FONT_FILE, 0, &mut warnings)?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em);
        Some(Font { parsed, units_per_em, glyphs: RwLock::new(HashMap::new()) })
    })
    .as_ref()
    .ok_or(PdfError::Font)
}

impl Font {
    /// Glyph id (0 when the font lacks the character) and advance in ems.
    fn glyph(&self, c: char) -> (u16, f32) {
        if let Some(glyph) = self.glyphs.read().ok().and_then(|g| g.get(&c).copied()) {
            return glyph;
        }
        let id = self.parsed.lookup_glyph_index(u32::from(c)).unwrap_or(0);
        let glyph = (id, f32::from(self.parsed.get_horizontal_advance(id)) / self.units_per_em);
        if let Ok(mut glyphs) = self.glyphs.write() {
            glyphs.insert(c, glyph);
        }
        glyph
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// Shaped glyphs; `cid` feeds the ToUnicode map, so the text can be searched and copied.
    fn shaped(&self, text: &str) -> TextItem {
        TextItem::GlyphIds(
            text.chars()
                .map(|c| Codepoint { gid: self.glyph(c).0, offset: 0.0, cid: Some(c.to_string()) })
                .collect(),
        )
    }
}

/// Japanese line-breaking rules (kinsoku): these never start a line…
const NO_START: &str = "、。，．・：；？！ヽヾゝゞ々ー）］｝」』】〕〉》’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.)]}:;!?%…";
/// …and these never end one.
const NO_END: &str = "（［｛「『【〔〈《‘“([{";

/// Greedy wrapping: Japanese breaks between any two characters, ASCII words stay whole.
fn wrap(font: &Font, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        match tokens.last_mut() {
            Some(token) if c.is_ascii_graphic() && token.ends_with(|p: char| p.is_ascii_graphic()) => {
                token.push(c)
            }
            _ => tokens.push(c.to_string()),
        }
    }
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0.0f32);
    for token in tokens {
        let token_width = font.width(&token, size);
        let starts_badly = token.starts_with(|c: char| NO_START.contains(c));
        if used + token_width > width && !line.is_empty() && !starts_badly {
            let mut carried = String::new();
            while line.ends_with(|c: char| NO_END.contains(c)) {
                if let Some(c) = line.pop() {
                    carried.insert(0, c);
                }
            }
            lines.push(line.trim_end().to_owned());
            line = carried;
            used = font.width(&line, size);
            if token == " " {
                continue;
            }
        }
        if token_width > width {
            // A word longer than the line (a hash, a URL): break it anywhere.
            for c in token.chars() {
                let w = font.glyph(c).1 * size;
                if used + w > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                }
                line.push(c);
                used += w;
            }
            continue;
        }
        line.push_str(&token);
        used += token_width;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn black() -> Color {
    Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None })
}

fn grey() -> Color {
    Color::Rgb(Rgb { r: 0.45, g: 0.47, b: 0.5, icc_profile: None })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

/// Lays text out top to bottom, starting new pages as they fill.
struct Writer {
    font: &'static Font,
    pages: Vec<Vec<Op>>,
    /// The top of the free space, in PDF coordinates (from the bottom of the page).
    y: f32,
}

impl Writer {
    fn new(font: &'static Font) -> Self {
        Self { font, pages: vec![Vec::new()], y: PAGE_H - MARGIN }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a writer always has a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_H - MARGIN;
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN + 16.0 {
            self.new_page();
        }
    }

    fn text_at(&mut self, x: f32, baseline: f32, size: f32, text: &str, bold: bool, color: Color) {
        let ops = text_ops(self.font, x, baseline, size, text, bold, color);
        self.ops().extend(ops);
    }

    /// A wrapped paragraph, indented by `indent`, with `gap` below it.
    fn paragraph(&mut self, text: &str, size: f32, bold: bool, indent: f32, gap: f32) {
        let leading = size * 1.55;
        for line in wrap(self.font, text, size, CONTENT_W - indent) {
            self.ensure(leading);
            self.y -= leading;
            self.text_at(MARGIN + indent, self.y + size * 0.35, size, &line, bold, black());
        }
        self.y -= gap;
    }

    /// A list item: the marker at `indent`, the text wrapped with a hanging indent after it.
    fn item(&mut self, marker: &str, text: &str, size: f32, indent: f32) {
        let leading = size * 1.55;
        let hang = self.font.width(marker, size);
        for (i, line) in wrap(self.font, text, size, CONTENT_W - indent - hang).iter().enumerate() {
            self.ensure(leading);
            self.y -= leading;
            let baseline = self.y + size * 0.35;
            if i == 0 {
                self.text_at(MARGIN + indent, baseline, size, marker, false, black());
            }
            self.text_at(MARGIN + indent + hang, baseline, size, line, false, black());
        }
        self.y -= 2.0;
    }

    /// A label and its value on the evidence page; long values wrap under the label.
    fn fact(&mut self, label: &str, value: &str) {
        const LABEL_W: f32 = 130.0;
        let size = 8.5;
        let leading = size * 1.5;
        let lines = wrap(self.font, value, size, CONTENT_W - LABEL_W);
        self.ensure(leading * lines.len().max(1) as f32);
        for (i, line) in lines.iter().enumerate() {
            self.y -= leading;
            if i == 0 {
                self.text_at(MARGIN, self.y + size * 0.35, size, label, false, grey());
            }
            self.text_at(MARGIN + LABEL_W, self.y + size * 0.35, size, line, false, black());
        }
        self.y -= 3.0;
    }

    fn rule(&mut self) {
        self.y -= 6.0;
        let y = self.y;
        self.ops().extend([
            Op::SetOutlineColor { col: grey() },
            Op::SetOutlineThickness { pt: Pt(0.5) },
            Op::DrawLine {
                line: Line { points: vec![point(MARGIN, y), point(PAGE_W - MARGIN, y)], is_closed: false },
            },
        ]);
        self.y -= 10.0;
    }
}

fn text_ops(font: &Font, x: f32, baseline: f32, size: f32, text: &str, bold: bool, color: Color) -> Vec<Op> {
    let mut ops = vec![Op::StartTextSection, Op::SetFillColor { col: color }];
    if bold {
        // One font face: bold is the outline stroked over the fill.
        ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::FillStroke });
        ops.push(Op::SetOutlineColor { col: black() });
        ops.push(Op::SetOutlineThickness { pt: Pt(size * 0.035) });
    }
    ops.push(Op::SetFont { font: PdfFontHandle::External(FontId(FONT_ID.into())), size: Pt(size) });
    ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(baseline)) });
    ops.push(Op::ShowText { items: vec![font.shaped(text)] });
    if bold {
        ops.push(Op::SetTextRenderingMode { mode: TextRenderingMode::Fill });
    }
    ops.push(Op::EndTextSection);
    ops
}

/// The drawn strokes, scaled into a box (x, bottom, width, height) with their aspect kept.
fn signature_ops(drawing: &Drawing, (x, bottom, width, height): (f32, f32, f32, f32)) -> Vec<Op> {
    let scale = (width / f32::from(Drawing::WIDTH)).min(height / f32::from(Drawing::HEIGHT));
    let at = |[px, py]: [u16; 2]| point(x + f32::from(px) * scale, bottom + height - f32::from(py) * scale);
    let mut ops = vec![
        Op::SaveGraphicsState,
        Op::SetOutlineColor { col: Color::Rgb(Rgb { r: 0.1, g: 0.17, b: 0.36, icc_profile: None }) },
        Op::SetOutlineThickness { pt: Pt(1.4) },
        Op::SetLineJoinStyle { join: LineJoinStyle::Round },
        Op::SetLineCapStyle { cap: LineCapStyle::Round },
    ];
    for stroke in drawing.strokes() {
        let mut points: Vec<LinePoint> = stroke.iter().copied().map(at).collect();
        if points.len() == 1 {
            // A tap: a zero-length segment with round caps is a dot.
            points.push(points[0].clone());
        }
        ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
    }
    ops.push(Op::RestoreGraphicsState);
    ops
}

/// A QR code as one filled path: a rectangle per horizontal run of dark modules.
fn qr_ops(payload: &str, x: f32, top: f32, size: f32) -> Result<Vec<Op>, PdfError> {
    let code = super::super::qr::runs(payload).ok_or(PdfError::Qr)?;
    let module = size / code.width as f32;
    let rings = code
        .runs
        .iter()
        .map(|&(cy, start, end)| {
            let (x0, x1) = (x + start as f32 * module, x + end as f32 * module);
            let (y1, y0) = (top - cy as f32 * module, top - (cy + 1) as f32 * module);
            PolygonRing { points: vec![point(x0, y0), point(x1, y0), point(x1, y1), point(x0, y1)] }
        })
        .collect();
    Ok(vec![
        Op::SaveGraphicsState,
        Op::SetFillColor { col: black() },
        Op::DrawPolygon {
            polygon: Polygon { rings, mode: PaintMode::Fill, winding_order: WindingOrder::NonZero },
        },
        Op::RestoreGraphicsState,
    ])
}

/// The agreement's Markdown, which uses only headings, paragraphs and numbered items.
fn agreement_body(writer: &mut Writer, markdown: &str) {
    for block in markdown.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        if block.starts_with("# ") {
            continue; // the title, already printed
        } else if let Some(heading) = block.strip_prefix("## ") {
            writer.ensure(48.0);
            writer.y -= 4.0;
            writer.paragraph(heading, 10.5, true, 0.0, 2.0);
        } else if let Some(items) = numbered_items(block) {
            for (number, text) in items {
                writer.item(&format!("{number}. "), text, 9.0, 6.0);
            }
            writer.y -= 3.0;
        } else {
            writer.paragraph(&block.replace('\n', ""), 9.0, false, 0.0, 5.0);
        }
    }
}

/// `1. text` lines, when every line of the block is one.
fn numbered_items(block: &str) -> Option<Vec<(u32, &str)>> {
    block
        .lines()
        .map(|line| line.split_once(". ").and_then(|(n, text)| Some((n.parse().ok()?, text))))
        .collect()
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

    let total = writer.pages.len();
    for (i, page) in writer.pages.iter_mut().enumerate() {
        let footer = format!("{title} — {} / {total}", i + 1);
        let x = (PAGE_W - font.width(&footer, 7.5)) / 2.0;
        page.extend(text_ops(font, x, MARGIN / 2.0, 7.5, &footer, false, grey()));
    }
    save(font, title, signed_at, evidence, writer.pages)
}

fn save(
    font: &Font,
    title: &str,
    signed_at: i64,
    evidence: &Evidence,
    pages: Vec<Vec<Op>>,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(title);
    let time = DateTime::from_unix_timestamp(signed_at).map_err(|e| PdfError::Write(e.to_string()))?;
    let info = &mut doc.metadata.info;
    info.producer = "Mamoru".into();
    info.creator = "Mamoru".into();
    info.subject = PDF_SUBJECT.into();
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
    let id_bytes = sha2::Sha256::digest(evidence.verification_code.as_bytes())[..16].to_vec();
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
    fn every_character_printed_has_a_glyph() {
        let font = font().expect("font");
        for lang in [Lang::Ja, Lang::En] {
            let (agreement, evidence, _) = sample(lang);
            let printed =
                [agreement.text.get(lang).to_owned(), evidence.consents.join(""), "■—·（）".to_owned()];
            for c in printed.concat().chars().filter(|c| !c.is_whitespace()) {
                assert_ne!(font.glyph(c).0, 0, "{c:?} ({:04X}) would print as an empty box", u32::from(c));
            }
        }
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
    fn lines_fit_the_width_and_keep_words_whole() {
        let font = font().expect("font");
        let text = format!(
            "封印 {} は改ざんを検出します。「括弧」と、句読点。Mamoru keeps English words whole.",
            "x".repeat(300)
        );
        let lines = wrap(font, &text, 9.0, 200.0);
        for line in &lines {
            // Closing punctuation may hang one glyph past the edge (kinsoku).
            assert!(font.width(line, 9.0) <= 200.0 + 9.0, "{line} is too wide");
            assert!(!line.starts_with(['、', '。', '」']), "{line} starts with closing punctuation");
            assert!(!line.ends_with('「'), "{line} ends with an opening bracket");
        }
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        assert!(lines.iter().any(|l| l.contains("English")), "{lines:?}");
    }

    #[test]
    fn rendering_is_deterministic() {
        assert_eq!(render_sample(Lang::En), render_sample(Lang::En));
        assert_ne!(render_sample(Lang::En), render_sample(Lang::Ja));
    }
}
