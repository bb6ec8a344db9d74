//! The pages, written with maud, which escapes every value it is given: only literals
//! reach the page as markup. Forms post back and redirect, so the kiosk works without
//! JavaScript.
//!
//! A page that would be reset when idle warns first and lets the person carry on with one
//! touch (WCAG 2.2.1), then covers itself at the limit, all with CSS animations timed from
//! the page's load: the kiosk runs no script, and a `<meta http-equiv=refresh>` would reload
//! without warning.

use super::text::{self, Text};
use crate::flow::{DONE_LIMIT, IDLE_LIMIT, Lang, Notice, Problem, Step, StepKind};
use crate::issuer::View;
use maud::{DOCTYPE, Markup, html};
use std::time::Duration;

/// The page for the flow's current step, in `lang`.
pub fn render(view: &View, lang: Lang, simulated_reader: bool) -> String {
    let main = match &view.step {
        Step::Start { notice } => start(lang, *notice),
        Step::Pin { grant, notice } => pin(lang, grant.name(), *notice),
        Step::Card { notice, .. } => card(lang, *notice),
        Step::Done => done(lang),
        Step::Error(problem) => error(lang, *problem),
    };
    layout(lang, view.step.kind(), view.idle_limit, simulated_reader, main).into_string()
}

/// The answer to a request from outside the kiosk's own screen.
pub fn forbidden() -> String {
    let main = html! {
        h1 { (text::ERROR_HEADING.ja) }
        (problem_box(text::FORBIDDEN.ja))
    };
    layout(Lang::Ja, StepKind::Error, None, false, main).into_string()
}

/// How long before the reset the warning shows: enough to read it and reach the button.
const WARN_BEFORE: Duration = Duration::from_secs(20);

/// The animations that show the idle warning and then the cover, one set per idle limit
/// (`body[data-idle]` names the page's limit in seconds). Appended to the stylesheet.
pub fn idle_rules() -> String {
    let mut css = String::new();
    for limit in [IDLE_LIMIT, DONE_LIMIT] {
        let (secs, body) = (limit.as_secs(), format!("body[data-idle=\"{}\"]", limit.as_secs()));
        let hide = format!("idle-hide 0s {secs}s forwards");
        if let Some(warn) = limit.checked_sub(WARN_BEFORE).filter(|w| !w.is_zero()) {
            let warn = warn.as_secs();
            css += &format!("{body} .idle-warning {{ animation: idle-show 0s {warn}s forwards, {hide}; }}\n");
        }
        css += &format!("{body} :is(.bar, main) {{ animation: {hide}; }}\n");
        css += &format!("{body} .idle-over {{ animation: idle-show 0s {secs}s forwards; }}\n");
    }
    css
}

fn layout(
    lang: Lang,
    step: StepKind,
    idle: Option<Duration>,
    simulated_reader: bool,
    main: Markup,
) -> Markup {
    let other = match lang {
        Lang::Ja => Lang::En,
        Lang::En => Lang::Ja,
    };
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (text::TITLE.get(lang)) }
                link rel="stylesheet" href="/kiosk.css";
            }
            body data-idle=[idle.map(|limit| limit.as_secs())] {
                header class="bar" {
                    span class="brand" { "Mamoru" }
                    @if simulated_reader {
                        p class="badge" { (text::SIMULATED.get(lang)) }
                    }
                    form method="post" action="/lang" class="lang" {
                        input type="hidden" name="lang" value=(other.code());
                        button type="submit" lang=(other.code()) { (text::OTHER_LANG.get(lang)) }
                    }
                }
                main id="main" data-step=(step.name()) {
                    @if let Some(number) = step.number() {
                        p class="step-count" { (text::step_count(number, StepKind::COUNT, lang)) }
                    }
                    (main)
                }
                @if idle.is_some() {
                    (idle_cover(lang))
                }
            }
        }
    }
}

/// The warning before an idle reset, and the cover shown at the reset (hidden until then).
fn idle_cover(lang: Lang) -> Markup {
    html! {
        div class="idle idle-warning" role="alert" {
            div class="idle-box" {
                p { (text::IDLE_WARNING.get(lang)) }
                form method="post" action="/stay" {
                    (lang_field(lang))
                    button type="submit" class="primary" { (text::STAY.get(lang)) }
                }
            }
        }
        div class="idle idle-over" {
            div class="idle-box" {
                h2 { (text::START_HEADING.get(lang)) }
                p { (text::IDLE_OVER.get(lang)) }
                (reset_form(lang, text::START, "primary", false))
            }
        }
    }
}

fn start(lang: Lang, notice: Option<Notice>) -> Markup {
    html! {
        (heading(text::START_HEADING.get(lang), text::START_LEAD.get(lang)))
        (notice_box(notice, lang))
        form method="post" action="/code" class="panel" {
            (lang_field(lang))
            label for="code" { (text::CODE_LABEL.get(lang)) }
            input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters"
                spellcheck="false" maxlength="4096" required autofocus
                aria-describedby=(format!("code-hint{}", described_by(notice)));
            p id="code-hint" class="hint" { (text::CODE_HINT.get(lang)) }
            button type="submit" class="primary" { (text::NEXT.get(lang)) }
        }
    }
}

fn pin(lang: Lang, name: &str, notice: Option<Notice>) -> Markup {
    html! {
        (heading(&text::greeting(name, lang), text::PIN_LEAD.get(lang)))
        (notice_box(notice, lang))
        form method="post" action="/pin" class="panel" {
            (lang_field(lang))
            label for="pin" { "PIN" }
            input id="pin" name="pin" type="password" inputmode="numeric" autocomplete="off"
                maxlength="6" required autofocus aria-describedby=[notice.map(|_| "notice")];
            button type="submit" class="primary" { (text::CONFIRM.get(lang)) }
        }
        (reset_form(lang, text::CANCEL, "secondary", false))
    }
}

fn card(lang: Lang, notice: Option<Notice>) -> Markup {
    html! {
        (heading(text::CARD_HEADING.get(lang), text::CARD_LEAD.get(lang)))
        div class="reader" aria-hidden="true" { span class="reader-card" {} }
        (notice_box(notice, lang))
        form method="post" action="/read" class="panel" {
            (lang_field(lang))
            button type="submit" class="primary" autofocus { (text::READ.get(lang)) }
        }
        (reset_form(lang, text::CANCEL, "secondary", false))
    }
}

fn done(lang: Lang) -> Markup {
    html! {
        (heading(text::DONE_HEADING.get(lang), text::DONE_LEAD.get(lang)))
        (reset_form(lang, text::BACK_TO_START, "primary", true))
    }
}

fn error(lang: Lang, problem: Problem) -> Markup {
    html! {
        h1 { (text::ERROR_HEADING.get(lang)) }
        (problem_box(text::problem(problem).get(lang)))
        (reset_form(lang, text::START_AGAIN, "primary", true))
    }
}

fn heading(heading: &str, lead: &str) -> Markup {
    html! {
        h1 { (heading) }
        p class="lead" { (lead) }
    }
}

fn notice_box(notice: Option<Notice>, lang: Lang) -> Markup {
    html! {
        @if let Some(notice) = notice {
            p id="notice" class="notice" role="alert" { (text::notice(notice, lang)) }
        }
    }
}

fn problem_box(message: &str) -> Markup {
    html! { p id="problem" class="problem" role="alert" { (message) } }
}

fn described_by(notice: Option<Notice>) -> &'static str {
    notice.map_or("", |_| " notice")
}

/// Each form says which language its page was in, so the choice carries on.
fn lang_field(lang: Lang) -> Markup {
    html! { input type="hidden" name="lang" value=(lang.code()); }
}

fn reset_form(lang: Lang, label: Text, class: &str, autofocus: bool) -> Markup {
    html! {
        form method="post" action="/reset" {
            (lang_field(lang))
            button type="submit" class=(class) autofocus[autofocus] { (label.get(lang)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::Grant;
    use mamoru_seal::kiosk::GrantClaims;

    fn view(step: Step) -> View {
        View { step, lang: Lang::Ja, idle_limit: Some(Duration::from_secs(60)) }
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
    fn pages_warn_before_the_idle_reset_and_offer_the_other_language() {
        let html = render(&view(Step::Start { notice: None }), Lang::Ja, true);
        assert!(!html.contains("http-equiv"), "no reload without warning");
        assert!(html.contains(r#"<body data-idle="60">"#));
        assert!(html.contains(r#"<form method="post" action="/stay">"#));
        assert!(html.contains(r#"<html lang="ja">"#));
        assert!(html.contains(r#"<input type="hidden" name="lang" value="en">"#));
        assert!(html.contains(text::SIMULATED.ja));
        assert!(html.contains("ステップ 1 / 4"));
        let english = render(&view(Step::Done), Lang::En, false);
        assert!(english.contains(r#"<html lang="en">"#));
        assert!(english.contains(text::DONE_HEADING.en));
        assert!(english.contains("Step 4 of 4"));
        assert!(!english.contains(text::SIMULATED.en));
    }

    #[test]
    fn a_clean_start_page_has_no_idle_cover() {
        let clean = View { step: Step::Start { notice: None }, lang: Lang::Ja, idle_limit: None };
        let html = render(&clean, Lang::Ja, false);
        assert!(html.contains("<body>"));
        assert!(!html.contains("idle-over"));
    }

    #[test]
    fn the_warning_comes_twenty_seconds_before_the_reset_when_there_is_time_for_it() {
        let css = idle_rules();
        let (idle, done) = (IDLE_LIMIT.as_secs(), DONE_LIMIT.as_secs());
        assert!(css.contains(&format!(
            r#"body[data-idle="{idle}"] .idle-warning {{ animation: idle-show 0s {}s forwards, idle-hide 0s {idle}s forwards; }}"#,
            idle - 20
        )));
        assert!(css.contains(&format!(
            r#"body[data-idle="{idle}"] .idle-over {{ animation: idle-show 0s {idle}s forwards; }}"#
        )));
        assert!(css.contains(&format!(r#"body[data-idle="{done}"] :is(.bar, main)"#)));
        assert!(
            !css.contains(&format!(r#"body[data-idle="{done}"] .idle-warning"#)),
            "15 s leaves no time to warn"
        );
    }
}
