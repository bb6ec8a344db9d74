//! The embedded font, IPAex Gothic: parsed once, with cached glyph ids and advances for
//! measuring and shaping text. The document embeds it as a subset of the glyphs used.

use super::PdfError;
use printpdf::{Codepoint, ParsedFont, TextItem};
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

pub(crate) static FONT_FILE: &[u8] = include_bytes!("../../fonts/ipaexg.ttf");

/// The subset's tag comes from the first six letters of the font id.
pub(crate) const FONT_ID: &str = "MAMORU";

/// The font, parsed once (about 15 ms), with a cache of glyph ids and advances: the
/// font's own lookup scans its character map on every call.
pub(crate) struct Font {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    glyphs: RwLock<HashMap<char, (u16, f32)>>,
}

pub(crate) fn font() -> Result<&'static Font, PdfError> {
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
    pub(crate) fn glyph(&self, c: char) -> (u16, f32) {
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

    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// Shaped glyphs; `cid` feeds the ToUnicode map, so the text can be searched and copied.
    pub(crate) fn shaped(&self, text: &str) -> TextItem {
        TextItem::GlyphIds(
            text.chars()
                .map(|c| Codepoint { gid: self.glyph(c).0, offset: 0.0, cid: Some(c.to_string()) })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nda::pdf::sample;
    use mamoru_types::i18n::Lang;

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
}
