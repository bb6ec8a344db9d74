//! The page layout: A4 pages filled top to bottom, the text operations, the drawn
//! signature, the QR code, and the agreement's headings, paragraphs and numbered items.

use super::PdfError;
use super::font::{FONT_ID, Font};
use super::lines::wrap;
use mamoru_types::domain::Drawing;
use printpdf::{
    Color, FontId, Line, LineCapStyle, LineJoinStyle, LinePoint, Op, PaintMode, PdfFontHandle, Point,
    Polygon, PolygonRing, Pt, Rgb, TextMatrix, TextRenderingMode, WindingOrder,
};

pub(crate) const PAGE_W: f32 = 595.276;
const PAGE_H: f32 = 841.89;
pub(crate) const MARGIN: f32 = 56.7;
const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

pub(crate) fn black() -> Color {
    Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None })
}

pub(crate) fn grey() -> Color {
    Color::Rgb(Rgb { r: 0.45, g: 0.47, b: 0.5, icc_profile: None })
}

pub(crate) fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

/// Lays text out top to bottom, starting new pages as they fill.
pub(crate) struct Writer {
    font: &'static Font,
    pub(crate) pages: Vec<Vec<Op>>,
    /// The top of the free space, in PDF coordinates (from the bottom of the page).
    pub(crate) y: f32,
}

impl Writer {
    pub(crate) fn new(font: &'static Font) -> Self {
        Self { font, pages: vec![Vec::new()], y: PAGE_H - MARGIN }
    }

    pub(crate) fn ops(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a writer always has a page")
    }

    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = PAGE_H - MARGIN;
    }

    pub(crate) fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN + 16.0 {
            self.new_page();
        }
    }

    pub(crate) fn text_at(&mut self, x: f32, baseline: f32, size: f32, text: &str, bold: bool, color: Color) {
        let ops = text_ops(self.font, x, baseline, size, text, bold, color);
        self.ops().extend(ops);
    }

    /// A wrapped paragraph, indented by `indent`, with `gap` below it.
    pub(crate) fn paragraph(&mut self, text: &str, size: f32, bold: bool, indent: f32, gap: f32) {
        let leading = size * 1.55;
        for line in wrap(self.font, text, size, CONTENT_W - indent) {
            self.ensure(leading);
            self.y -= leading;
            self.text_at(MARGIN + indent, self.y + size * 0.35, size, &line, bold, black());
        }
        self.y -= gap;
    }

    /// A list item: the marker at `indent`, the text wrapped with a hanging indent after it.
    pub(crate) fn item(&mut self, marker: &str, text: &str, size: f32, indent: f32) {
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
    pub(crate) fn fact(&mut self, label: &str, value: &str) {
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

    pub(crate) fn rule(&mut self) {
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

pub(crate) fn text_ops(
    font: &Font,
    x: f32,
    baseline: f32,
    size: f32,
    text: &str,
    bold: bool,
    color: Color,
) -> Vec<Op> {
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
pub(crate) fn signature_ops(drawing: &Drawing, (x, bottom, width, height): (f32, f32, f32, f32)) -> Vec<Op> {
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
pub(crate) fn qr_ops(payload: &str, x: f32, top: f32, size: f32) -> Result<Vec<Op>, PdfError> {
    let code = crate::qr::runs(payload).ok_or(PdfError::Qr)?;
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
pub(crate) fn agreement_body(writer: &mut Writer, markdown: &str) {
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
