//! The pages, as HTML strings. Every value that is not a literal goes through [`escape`].
//! Forms post back and redirect, so the kiosk works without JavaScript.

use super::text::{self, Text};
use crate::flow::{Lang, Notice, Problem, Step, StepKind};
use crate::issuer::View;
use std::fmt::Write;
use std::time::Duration;

/// Makes text safe inside HTML elements and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The page for the flow's current step, in `lang`.
pub fn render(view: &View, lang: Lang, simulated_reader: bool) -> String {
    let main = match &view.step {
        Step::Start { notice } => start(lang, *notice),
        Step::Pin { grant, notice } => pin(lang, grant.name(), *notice),
        Step::Card { notice, .. } => card(lang, *notice),
        Step::Done => done(lang),
        Step::Error(problem) => error(lang, *problem),
    };
    layout(lang, view.step.kind(), view.refresh, simulated_reader, &main)
}

/// The answer to a request from outside the kiosk's own screen.
pub fn forbidden() -> String {
    let main = format!("<h1>{}</h1>\n{}", text::ERROR_HEADING.ja, problem_box(text::FORBIDDEN.ja));
    layout(Lang::Ja, StepKind::Error, crate::flow::IDLE_LIMIT, false, &main)
}

fn layout(lang: Lang, step: StepKind, refresh: Duration, simulated_reader: bool, main: &str) -> String {
    let other = match lang {
        Lang::Ja => Lang::En,
        Lang::En => Lang::Ja,
    };
    let banner = if simulated_reader {
        format!(r#"<p class="badge">{}</p>"#, text::SIMULATED.get(lang))
    } else {
        String::new()
    };
    format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{refresh};url=/">
<title>{title}</title>
<link rel="stylesheet" href="/kiosk.css">
</head>
<body>
<header class="bar">
<span class="brand">Mamoru</span>
{banner}
<form method="post" action="/lang" class="lang">
<input type="hidden" name="lang" value="{other}">
<button type="submit" lang="{other}">{other_label}</button>
</form>
</header>
<main id="main" data-step="{step}">
{main}
</main>
</body>
</html>
"#,
        lang = lang.code(),
        refresh = refresh.as_secs(),
        title = text::TITLE.get(lang),
        other = other.code(),
        other_label = text::OTHER_LANG.get(lang),
        step = step.name(),
    )
}

fn start(lang: Lang, notice: Option<Notice>) -> String {
    let mut html = heading(text::START_HEADING.get(lang), text::START_LEAD.get(lang));
    html.push_str(&notice_box(notice, lang));
    let _ = write!(
        html,
        r#"<form method="post" action="/code" class="panel">
{lang_field}
<label for="code">{label}</label>
<input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="4096" required autofocus aria-describedby="code-hint{described}">
<p id="code-hint" class="hint">{hint}</p>
<button type="submit" class="primary">{next}</button>
</form>"#,
        lang_field = lang_field(lang),
        label = text::CODE_LABEL.get(lang),
        described = described_by(notice),
        hint = text::CODE_HINT.get(lang),
        next = text::NEXT.get(lang),
    );
    html
}

fn pin(lang: Lang, name: &str, notice: Option<Notice>) -> String {
    let mut html = heading(&escape(&text::greeting(name, lang)), text::PIN_LEAD.get(lang));
    html.push_str(&notice_box(notice, lang));
    let _ = write!(
        html,
        r#"<form method="post" action="/pin" class="panel">
{lang_field}
<label for="pin">PIN</label>
<input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off" maxlength="6" required autofocus{described}>
<button type="submit" class="primary">{confirm}</button>
</form>
{cancel}"#,
        lang_field = lang_field(lang),
        described = notice.map_or("", |_| r#" aria-describedby="notice""#),
        confirm = text::CONFIRM.get(lang),
        cancel = reset_form(lang, text::CANCEL, "secondary"),
    );
    html
}

fn card(lang: Lang, notice: Option<Notice>) -> String {
    let mut html = heading(text::CARD_HEADING.get(lang), text::CARD_LEAD.get(lang));
    html.push_str(r#"<div class="reader" aria-hidden="true"><span class="reader-card"></span></div>"#);
    html.push_str(&notice_box(notice, lang));
    let _ = write!(
        html,
        r#"<form method="post" action="/read" class="panel">
{lang_field}
<button type="submit" class="primary" autofocus>{read}</button>
</form>
{cancel}"#,
        lang_field = lang_field(lang),
        read = text::READ.get(lang),
        cancel = reset_form(lang, text::CANCEL, "secondary"),
    );
    html
}

fn done(lang: Lang) -> String {
    let mut html = heading(text::DONE_HEADING.get(lang), text::DONE_LEAD.get(lang));
    html.push_str(&reset_form(lang, text::BACK_TO_START, "primary"));
    html
}

fn error(lang: Lang, problem: Problem) -> String {
    let mut html = format!("<h1>{}</h1>\n", text::ERROR_HEADING.get(lang));
    html.push_str(&problem_box(text::problem(problem).get(lang)));
    html.push_str(&reset_form(lang, text::START_AGAIN, "primary"));
    html
}

/// `heading` must already be escaped.
fn heading(heading: &str, lead: &str) -> String {
    format!("<h1>{heading}</h1>\n<p class=\"lead\">{lead}</p>\n")
}

fn notice_box(notice: Option<Notice>, lang: Lang) -> String {
    notice.map_or_else(String::new, |notice| {
        format!(
            "<p id=\"notice\" class=\"notice\" role=\"alert\">{}</p>\n",
            escape(&text::notice(notice, lang))
        )
    })
}

fn problem_box(message: &str) -> String {
    format!("<p id=\"problem\" class=\"problem\" role=\"alert\">{}</p>\n", escape(message))
}

fn described_by(notice: Option<Notice>) -> &'static str {
    notice.map_or("", |_| " notice")
}

/// Each form says which language its page was in, so the choice carries on.
fn lang_field(lang: Lang) -> String {
    format!(r#"<input type="hidden" name="lang" value="{}">"#, lang.code())
}

fn reset_form(lang: Lang, label: Text, class: &str) -> String {
    format!(
        r#"<form method="post" action="/reset">
{}
<button type="submit" class="{class}"{autofocus}>{}</button>
</form>"#,
        lang_field(lang),
        label.get(lang),
        autofocus = if class == "primary" { " autofocus" } else { "" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Grant;
    use mamoru_seal::kiosk::GrantClaims;

    fn view(step: Step) -> View {
        View { step, lang: Lang::Ja, refresh: Duration::from_secs(60) }
    }

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(escape(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(escape("山田 太郎"), "山田 太郎");
    }

    #[test]
    fn the_pin_page_greets_by_escaped_name() {
        let grant = Grant::from_claims(GrantClaims {
            grant_id: "ab".into(),
            employee_number: "E-0001".into(),
            name: "<script>山田</script>".into(),
            issued_at: 0,
            expires_at: 1,
        })
        .expect("hex id");
        let html = render(&view(Step::Pin { grant, notice: None }), Lang::Ja, false);
        assert!(html.contains("<h1>&lt;script&gt;山田&lt;/script&gt; さん</h1>"));
        assert!(!html.contains("<script>"));
        assert!(html.contains(r#"data-step="pin""#));
        assert!(html.contains(r#"id="pin""#));
    }

    #[test]
    fn pages_refresh_to_the_start_and_offer_the_other_language() {
        let html = render(&view(Step::Start { notice: None }), Lang::Ja, true);
        assert!(html.contains(r#"<meta http-equiv="refresh" content="60;url=/">"#));
        assert!(html.contains(r#"<html lang="ja">"#));
        assert!(html.contains(r#"<input type="hidden" name="lang" value="en">"#));
        assert!(html.contains(text::SIMULATED.ja));
        let english = render(&view(Step::Done), Lang::En, false);
        assert!(english.contains(r#"<html lang="en">"#));
        assert!(english.contains(text::DONE_HEADING.en));
        assert!(!english.contains(text::SIMULATED.en));
    }
}
