//! The course's pictures: PNG, JPEG, WebP and SVG files in its `images/` folder, checked
//! when the course loads and served under their content hash, so they are cached for a
//! year and a changed picture gets a new address.
//!
//! An SVG is a document that could hold script or fetch from elsewhere: it is accepted only
//! when every element is a drawing element on an allow-list, no attribute is an event
//! handler, and every reference points inside the picture itself (`#id`). Anything else is
//! refused with the reason, not cleaned up silently.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where a course keeps its pictures, and how lessons name them: `images/entrance.svg`.
pub const IMAGE_DIR: &str = "images/";
/// A picture on a phone on mobile data: a diagram or a photo needs no more.
pub const MAX_IMAGE_BYTES: usize = 512 * 1024;
/// Where the server serves them.
pub const IMAGE_PATH: &str = "/course/images/";

/// The course's checked pictures, by their path in the course (`images/entrance.svg`).
pub type Images = BTreeMap<String, CourseImage>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    Webp,
    Svg,
}

impl ImageKind {
    fn of_path(path: &str) -> Option<ImageKind> {
        let extension = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "png" => Some(ImageKind::Png),
            "jpg" | "jpeg" => Some(ImageKind::Jpeg),
            "webp" => Some(ImageKind::Webp),
            "svg" => Some(ImageKind::Svg),
            _ => None,
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Webp => "image/webp",
            ImageKind::Svg => "image/svg+xml",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Webp => "webp",
            ImageKind::Svg => "svg",
        }
    }
}

/// A picture that passed its checks, with the size a page reserves for it.
#[derive(Debug, Clone)]
pub struct CourseImage {
    pub kind: ImageKind,
    pub width: u32,
    pub height: u32,
    pub bytes: Arc<[u8]>,
    /// `<content hash>.<extension>`: its name under [`IMAGE_PATH`].
    pub file_name: String,
}

impl CourseImage {
    /// Checks a file of the course's `images/` folder; the problem says what to change.
    pub fn check(path: &str, bytes: &[u8]) -> Result<CourseImage, String> {
        let kind = ImageKind::of_path(path)
            .ok_or("is not a picture Mamoru shows: use PNG, JPEG, WebP or SVG (.png, .jpg, .webp, .svg)")?;
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(format!(
                "is larger than {} KB: make it smaller (a diagram as SVG, a photo as WebP or JPEG)",
                MAX_IMAGE_BYTES / 1024
            ));
        }
        let (width, height) = match kind {
            ImageKind::Svg => svg_size(bytes)?,
            raster => raster_size(raster, bytes)?,
        };
        let hash = Sha256::digest(bytes);
        let file_name = format!("{}.{}", hex::encode(&hash[..8]), kind.extension());
        Ok(CourseImage { kind, width, height, bytes: Arc::from(bytes), file_name })
    }

    pub fn url(&self) -> String {
        format!("{IMAGE_PATH}{}", self.file_name)
    }
}

fn raster_size(kind: ImageKind, bytes: &[u8]) -> Result<(u32, u32), String> {
    let found = imagesize::image_type(bytes).map_err(|_| "cannot be read as a picture".to_owned())?;
    let matches = matches!(
        (kind, found),
        (ImageKind::Png, imagesize::ImageType::Png)
            | (ImageKind::Jpeg, imagesize::ImageType::Jpeg)
            | (ImageKind::Webp, imagesize::ImageType::Webp)
    );
    if !matches {
        return Err(format!("holds a {found:?} picture, not what its name says: rename or convert it"));
    }
    let size = imagesize::blob_size(bytes).map_err(|_| "is damaged: its size cannot be read".to_owned())?;
    let (Ok(width), Ok(height)) = (u32::try_from(size.width), u32::try_from(size.height)) else {
        return Err("is too large in pixels".to_owned());
    };
    if width == 0 || height == 0 {
        return Err("has no pixels".to_owned());
    }
    Ok((width, height))
}

/// Drawing elements only: no script, no foreign content, no style sheets, no links out.
const SVG_ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "title",
    "desc",
    "defs",
    "use",
    "symbol",
    "marker",
    "clipPath",
    "mask",
    "pattern",
    "linearGradient",
    "radialGradient",
    "stop",
];

/// Checks an SVG against the allow-list and answers the size its root element gives.
fn svg_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is not UTF-8 text, as an SVG must be".to_owned())?;
    // The tokenizer does not pair tags: the open elements are kept here to check that.
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut root: BTreeMap<String, String> = BTreeMap::new();
    let mut in_root_tag = false;
    for token in xmlparser::Tokenizer::from(text) {
        let token = token.map_err(|e| format!("is not well-formed XML: {e}"))?;
        match token {
            xmlparser::Token::Declaration { .. } | xmlparser::Token::Comment { .. } => {}
            xmlparser::Token::Text { .. } | xmlparser::Token::Cdata { .. } => {}
            xmlparser::Token::ElementStart { prefix, local, .. } => {
                let name = local.as_str();
                if !prefix.is_empty() || !SVG_ELEMENTS.contains(&name) {
                    return Err(format!(
                        "has a <{}> element: only drawing elements are allowed",
                        qualified(prefix, local)
                    ));
                }
                if open.is_empty() {
                    roots += 1;
                    if name != "svg" || roots > 1 {
                        return Err("must be one <svg> element with the drawing inside it".to_owned());
                    }
                }
                in_root_tag = open.is_empty();
                open.push(name);
            }
            xmlparser::Token::Attribute { prefix, local, value, .. } => {
                check_svg_attribute(prefix.as_str(), local.as_str(), value.as_str())?;
                if in_root_tag {
                    root.insert(local.as_str().to_owned(), value.as_str().to_owned());
                }
            }
            xmlparser::Token::ElementEnd { end, .. } => {
                in_root_tag = false;
                let closed = match end {
                    xmlparser::ElementEnd::Open => continue,
                    xmlparser::ElementEnd::Empty => open.pop(),
                    xmlparser::ElementEnd::Close(prefix, local) => {
                        open.pop().filter(|name| prefix.is_empty() && *name == local.as_str())
                    }
                };
                if closed.is_none() {
                    return Err(
                        "is not well-formed XML: a closing tag does not match its opening tag".to_owned()
                    );
                }
            }
            _ => return Err("has a DOCTYPE, an entity or a processing instruction: remove it".to_owned()),
        }
    }
    if roots == 0 || !open.is_empty() {
        return Err("is not well-formed XML: it has no <svg> element, or one is not closed".to_owned());
    }
    root_size(&root).ok_or_else(|| {
        "needs its size on the <svg> element: width and height in pixels, or a viewBox".to_owned()
    })
}

fn qualified(prefix: xmlparser::StrSpan<'_>, local: xmlparser::StrSpan<'_>) -> String {
    if prefix.is_empty() {
        local.as_str().to_owned()
    } else {
        format!("{}:{}", prefix.as_str(), local.as_str())
    }
}

fn check_svg_attribute(prefix: &str, local: &str, value: &str) -> Result<(), String> {
    if local.to_ascii_lowercase().starts_with("on") {
        return Err(format!("has an event attribute ({local}): pictures run no script"));
    }
    // A character reference (`&#x72;`) or a CSS escape (`\72`) could spell `url(` past the
    // check below; drawing attributes need neither.
    if value.contains(['&', '\\']) {
        return Err(format!("has {local}={value:?}: write attribute values without & or \\ escapes"));
    }
    let value = value.to_ascii_lowercase();
    let is_reference = local.eq_ignore_ascii_case("href") && (prefix.is_empty() || prefix == "xlink");
    if is_reference && !value.starts_with('#') {
        return Err(format!("refers to {value:?}: a picture may refer only to its own parts (#id)"));
    }
    let outside_url = value
        .match_indices("url(")
        .any(|(at, _)| !value[at + 4..].trim_start_matches(['\'', '"', ' ']).starts_with('#'));
    if outside_url {
        return Err(format!("has {local}={value:?}: url() may point only to the picture's own parts (#id)"));
    }
    Ok(())
}

fn root_size(root: &BTreeMap<String, String>) -> Option<(u32, u32)> {
    let pixels = |name: &str| -> Option<u32> {
        let value = root.get(name)?.trim();
        let number: f64 = value.strip_suffix("px").unwrap_or(value).trim().parse().ok()?;
        (1.0..=10_000.0).contains(&number).then(|| number.round() as u32)
    };
    if let (Some(width), Some(height)) = (pixels("width"), pixels("height")) {
        return Some((width, height));
    }
    let view_box: Vec<f64> = root
        .get("viewBox")?
        .split([' ', ','])
        .filter(|part| !part.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match view_box[..] {
        [_, _, width, height] if (1.0..=10_000.0).contains(&width) && (1.0..=10_000.0).contains(&height) => {
            Some((width.round() as u32, height.round() as u32))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" role="img">
  <!-- a drawing -->
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <rect width="640" height="360" fill="url(#g)"/>
  <use href="#g"/>
  <text x="10" y="20">①</text>
</svg>"##;

    fn problem(path: &str, bytes: &[u8]) -> String {
        CourseImage::check(path, bytes).expect_err("refused")
    }

    #[test]
    fn an_svg_of_drawing_elements_is_accepted_with_its_view_box_size() {
        let image = CourseImage::check("images/room.svg", SVG.as_bytes()).expect("accepted");
        assert_eq!((image.kind, image.width, image.height), (ImageKind::Svg, 640, 360));
        assert!(image.file_name.ends_with(".svg") && image.file_name.len() == 16 + 4);
        assert!(image.url().starts_with("/course/images/"));
        let sized = SVG.replace(r#"viewBox="0 0 640 360""#, r#"width="320px" height="180""#);
        let image = CourseImage::check("images/room.svg", sized.as_bytes()).expect("accepted");
        assert_eq!((image.width, image.height), (320, 180));
    }

    #[test]
    fn script_handlers_foreign_content_and_outside_references_are_refused() {
        for (hostile, says) in [
            ("<script>alert(1)</script>", "<script>"),
            (r#"<rect onload="alert(1)"/>"#, "event attribute"),
            (r#"<rect OnClick="alert(1)"/>"#, "event attribute"),
            ("<foreignObject><p>x</p></foreignObject>", "<foreignObject>"),
            ("<style>@import url(https://evil/x.css)</style>", "<style>"),
            (r#"<image href="https://evil/x.png"/>"#, "<image>"),
            (r#"<use href="https://evil/x.svg#a"/>"#, "refers to"),
            (r#"<use xlink:href="data:image/svg+xml,x"/>"#, "refers to"),
            (r#"<rect fill="url(https://evil/x)"/>"#, "url()"),
            (r#"<rect style="fill: url( 'https://evil/x')"/>"#, "url()"),
            (r#"<rect fill="URL(https://evil/x)"/>"#, "url()"),
            (r#"<rect fill="u&#x72;l(https://evil/x)"/>"#, "escapes"),
            (r#"<rect style="fill: u\72 l(https://evil/x)"/>"#, "escapes"),
            (r#"<html:p xmlns:html="http://www.w3.org/1999/xhtml">x</html:p>"#, "<html:p>"),
        ] {
            let svg = SVG.replace("<text", &format!("{hostile}<text"));
            let problem = problem("images/room.svg", svg.as_bytes());
            assert!(problem.contains(says), "{hostile}: {problem}");
        }
        let entity = format!(
            "<!DOCTYPE svg [<!ENTITY x \"y\">]>{}",
            SVG.trim_start_matches(r#"<?xml version="1.0"?>"#)
        );
        assert!(problem("images/room.svg", entity.as_bytes()).contains("DOCTYPE"));
        assert!(problem("images/room.svg", b"<svg><rect></svg>").contains("well-formed"));
        assert!(problem("images/room.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>").contains("size"));
        assert!(problem("images/room.svg", b"<rect width='1' height='1'/>").contains("one <svg> element"));
        assert!(
            CourseImage::check("images/room.svg", b"<svg viewBox='0 0 1 1'/><svg viewBox='0 0 1 1'/>")
                .is_err()
        );
        assert!(problem("images/room.svg", b"<svg viewBox='0 0 1 1'><g>").contains("well-formed"));
    }

    #[test]
    fn raster_pictures_must_be_what_their_name_says_and_small() {
        // A 1×1 PNG.
        let png = hex::decode(
            "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ff\
             ff3f0005fe02fea7d6a4ae0000000049454e44ae426082",
        )
        .expect("hex");
        let image = CourseImage::check("images/dot.png", &png).expect("accepted");
        assert_eq!((image.kind, image.width, image.height), (ImageKind::Png, 1, 1));
        assert!(problem("images/dot.jpg", &png).contains("not what its name says"));
        assert!(problem("images/dot.gif", &png).contains("PNG, JPEG, WebP or SVG"));
        assert!(problem("images/dot.png", b"not a picture").contains("cannot be read"));
        let mut big = png.clone();
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        assert!(problem("images/dot.png", &big).contains("larger than 512 KB"));
    }
}
