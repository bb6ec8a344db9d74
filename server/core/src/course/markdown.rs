//! Lesson and agreement Markdown to HTML. Content files are trusted less than code: raw
//! HTML in them is shown as text, links are reduced to their text, and an image is shown
//! only when it is one of the course's checked pictures (any other is reduced to its
//! alternative text), so nothing a content edit adds can run script or send the reader
//! elsewhere.

use super::images::{CourseImage, Images};
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// A picture a text shows: what it points at and its alternative text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    pub dest: String,
    pub alt: String,
}

/// Every picture `markdown` shows, in order.
pub fn image_uses(markdown: &str) -> Vec<ImageUse> {
    let mut uses = Vec::new();
    let mut open: Option<ImageUse> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                open = Some(ImageUse { dest: dest_url.into_string(), alt: String::new() });
            }
            Event::End(TagEnd::Image) => uses.extend(open.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(image) = &mut open {
                    image.alt.push_str(&text);
                }
            }
            _ => {}
        }
    }
    uses
}

/// The HTML of `markdown`, showing the pictures of `images` that it names.
pub fn to_html(markdown: &str, images: &Images) -> String {
    let mut events = Vec::new();
    // Inside `![alt](dest)`: the picture named (if the course has it) and its alt text.
    let mut open: Option<(Option<&CourseImage>, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match (event, &mut open) {
            (Event::Start(Tag::Image { dest_url, .. }), _) => {
                open = Some((images.get(&*dest_url), String::new()))
            }
            (Event::End(TagEnd::Image), open_image) => {
                if let Some((image, alt)) = open_image.take() {
                    events.push(match image {
                        Some(image) => Event::Html(CowStr::from(img_tag(image, &alt))),
                        None => Event::Text(CowStr::from(alt)),
                    });
                }
            }
            (Event::Text(text) | Event::Code(text), Some((_, alt))) => alt.push_str(&text),
            (_, Some(_)) => {}
            (Event::Html(raw) | Event::InlineHtml(raw), None) => events.push(Event::Text(raw)),
            (Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link), None) => {}
            (other, None) => events.push(other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, events.into_iter());
    out
}

fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH
}

/// Width and height reserve the picture's space before it arrives, so nothing jumps.
fn img_tag(image: &CourseImage, alt: &str) -> String {
    let mut tag = String::from("<img src=\"");
    tag.push_str(&image.url());
    tag.push_str("\" alt=\"");
    // The escaping cannot fail: it writes into a String.
    let _ = pulldown_cmark_escape::escape_html(&mut tag, alt);
    tag.push_str(&format!(
        "\" width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\">",
        image.width, image.height
    ));
    tag
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_images() -> Images {
        Images::new()
    }

    #[test]
    fn renders_lists_and_emphasis() {
        let html = to_html("**必ず**守ること:\n\n- カードを貸さない\n- 共連れしない\n", &no_images());
        assert!(html.contains("<strong>必ず</strong>"));
        assert!(html.contains("<li>カードを貸さない</li>"));
    }

    #[test]
    fn raw_html_links_and_foreign_images_never_reach_the_page() {
        let html = to_html(
            "<script>alert(1)</script>\n\nclick [here](javascript:alert(1)) ![x](http://evil/x.png) <img src=x onerror=alert(1)>",
            &no_images(),
        );
        assert!(!html.contains("<script") && html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<a ") && !html.contains("javascript:") && html.contains("here"), "{html}");
        assert!(!html.contains("<img") && !html.contains("evil"), "{html}");
    }

    #[test]
    fn a_course_picture_shows_with_its_size_and_escaped_alt_text() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"><rect width="1" height="1"/></svg>"#;
        let image = CourseImage::check("images/door.svg", svg).expect("a picture");
        let images = Images::from([("images/door.svg".to_owned(), image.clone())]);
        let markdown = "入口:\n\n![カード<リーダー> と \"扉\"](images/door.svg)\n\n![x](images/other.svg)";
        let html = to_html(markdown, &images);
        let expected = format!(
            r#"<img src="{}" alt="カード&lt;リーダー&gt; と &quot;扉&quot;" width="640" height="360" loading="lazy" decoding="async">"#,
            image.url()
        );
        assert!(html.contains(&expected), "{html}");
        assert!(html.contains("<p>x</p>"), "a picture the course lacks is its alt text: {html}");
        assert_eq!(
            image_uses(markdown),
            [
                ImageUse {
                    dest: "images/door.svg".into(), alt: "カード<リーダー> と \"扉\"".into()
                },
                ImageUse { dest: "images/other.svg".into(), alt: "x".into() },
            ]
        );
    }
}
