//! Line breaking: Japanese and English text wrapped to a width, with the kinsoku rules.

use super::font::Font;

/// Japanese line-breaking rules (kinsoku): these never start a line…
const NO_START: &str = "、。，．・：；？！ヽヾゝゞ々ー）］｝」』】〕〉》’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.)]}:;!?%…";
/// …and these never end one.
const NO_END: &str = "（［｛「『【〔〈《‘“([{";

/// Greedy wrapping: Japanese breaks between any two characters, ASCII words stay whole.
pub(crate) fn wrap(font: &Font, text: &str, size: f32, width: f32) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::super::font::font;
    use super::*;

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
}
