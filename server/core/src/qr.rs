//! QR codes as horizontal runs of dark modules: the PDF draws them as rectangles, pages
//! get an SVG with one path. Error correction M survives a scuffed screen or print.

/// A QR code: its width in modules and each run of dark modules as (row, first, end).
pub struct QrRuns {
    pub width: usize,
    pub runs: Vec<(usize, usize, usize)>,
}

/// `None` when the payload is too long for a QR code.
pub fn runs(payload: &str) -> Option<QrRuns> {
    let code = qrcode::QrCode::with_error_correction_level(payload.as_bytes(), qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let dark = |x: usize, y: usize| code[(x, y)] == qrcode::Color::Dark;
    let mut runs = Vec::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if !dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && dark(x, y) {
                x += 1;
            }
            runs.push((y, start, x));
        }
    }
    Some(QrRuns { width, runs })
}

/// An SVG document of the code with a four-module quiet zone, scaled by CSS. It is hidden
/// from screen readers: the page around it says what it is.
pub fn svg(payload: &str) -> Option<String> {
    let code = runs(payload)?;
    let size = code.width + 8;
    let path: String = code
        .runs
        .iter()
        .map(|(y, start, end)| format!("M{} {}h{}v1h-{}z", start + 4, y + 4, end - start, end - start))
        .collect();
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" aria-hidden="true" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{path}"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_has_one_path_and_a_quiet_zone() {
        let svg = svg("https://example.jp/verify?code=ABCD-EFGH-JKMN").expect("fits");
        assert_eq!(svg.matches("<path").count(), 1);
        let width = runs("https://example.jp/verify?code=ABCD-EFGH-JKMN").expect("fits").width;
        assert!(svg.contains(&format!("viewBox=\"0 0 {} {}\"", width + 8, width + 8)));
        // The finder pattern's top edge: a run of seven dark modules at the corner.
        assert!(svg.contains("M4 4h7v1h-7z"));
    }

    #[test]
    fn a_payload_too_long_is_none() {
        assert!(runs(&"x".repeat(4_000)).is_none());
    }
}
