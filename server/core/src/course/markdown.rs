//! Lesson Markdown to HTML. Content files are trusted less than code: raw HTML in them is
//! shown as text, and links and images are reduced to their text, so nothing a content
//! edit adds can run script or send the reader elsewhere.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

pub fn to_html(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Link | TagEnd::Image) => None,
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_lists_and_emphasis() {
        let html = to_html("**必ず**守ること:\n\n- カードを貸さない\n- 共連れしない\n");
        assert!(html.contains("<strong>必ず</strong>"));
        assert!(html.contains("<li>カードを貸さない</li>"));
    }

    #[test]
    fn raw_html_links_and_images_never_reach_the_page() {
        let html = to_html(
            "<script>alert(1)</script>\n\nclick [here](javascript:alert(1)) ![x](http://evil/x.png) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script") && html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<a ") && !html.contains("javascript:") && html.contains("here"), "{html}");
        assert!(!html.contains("<img"), "{html}");
    }
}
