//! Pages without script: a browser that runs no WebAssembly posts each form as plain HTML
//! and follows the server's redirect, so every step of a hire's way must land on the page
//! that comes next (or back on its own page, showing the error or the result).

use crate::cards::completed_hire;
use crate::harness::{PASSWORD, TestApp, backends, client, error_kind, spawn_app};
use crate::kiosk::{claim, grant_of, new_kiosk};
use crate::learning::right_answers;
use crate::nda::{fetch_document, request, sign_form};
use mamoru_types::domain::Role;
use reqwest::{Client, StatusCode};
use serde::Serialize;
use serde_json::Value;

const FIRST: &str = "01-personal-information";

/// Posts a form as a browser without script does (HTML wanted, sent from the page `from`)
/// and answers where the browser is sent next.
async fn post_from(
    app: &TestApp,
    browser: &Client,
    from: &str,
    endpoint: &str,
    form: &(impl Serialize + ?Sized),
) -> String {
    let response = browser
        .post(app.url(&format!("/api/{endpoint}")))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url(from))
        .form(form)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::FOUND, "{endpoint} from {from}");
    let location = response.headers()["location"].to_str().expect("ascii");
    // Sent back to the page it came from, leptos_axum leaves an empty query (`/nda?`).
    location.strip_prefix(&app.base).unwrap_or(location).trim_end_matches('?').to_owned()
}

async fn page(app: &TestApp, browser: &Client, path: &str) -> String {
    let response = app.get(browser, path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("html")
}

/// 「確認テストを始める」 on the first module's quiz page; answers where the browser goes.
async fn start_from_its_page(app: &TestApp, hire: &Client) -> String {
    post_from(app, hire, &format!("/quiz/{FIRST}"), "quiz/start", &[("module", FIRST), ("lang", "ja")]).await
}

/// The attempt as its page loads it (`quiz/attempt`).
async fn attempt_view(app: &TestApp, client: &Client, attempt_id: &str) -> (StatusCode, Value) {
    app.call_json(client, "quiz/attempt", &[("attempt_id", attempt_id), ("lang", "ja")]).await
}

#[tokio::test]
async fn a_hire_signs_in_reads_and_takes_a_quiz_by_plain_form_posts() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hire, "hire@example.jp").await;
        let hire = client();
        let home = post_from(
            &app,
            &hire,
            "/login",
            "auth/sign_in",
            &[("email", "hire@example.jp"), ("password", PASSWORD)],
        )
        .await;
        assert_eq!(home, "/home", "{backend:?}: signed in, on to the hire's home");

        let lessons = app.state.course.modules[0].lessons.len();
        for index in 0..lessons {
            let lesson = format!("/learn/{FIRST}/{index}");
            let next = post_from(
                &app,
                &hire,
                &lesson,
                "course/read",
                &[("module", FIRST), ("index", &index.to_string())],
            )
            .await;
            let expected = if index + 1 < lessons {
                format!("/learn/{FIRST}/{}", index + 1)
            } else {
                format!("/quiz/{FIRST}")
            };
            assert_eq!(next, expected, "{backend:?}: from lesson {index}");
        }

        let attempt_page = start_from_its_page(&app, &hire).await;
        let attempt_id =
            attempt_page.strip_prefix(&format!("/quiz/{FIRST}/")).expect("the attempt's own page").to_owned();
        let html = page(&app, &hire, &attempt_page).await;
        assert!(
            html.contains(r#"name="chosen[q0]""#) || html.contains(r#"name="chosen[q0-0]""#),
            "{backend:?}: the questions are form inputs"
        );
        assert!(!html.contains("quiz-result"), "{backend:?}: not submitted yet");
        // Starting again (a reload, a second tab) lands on the same attempt.
        let again = start_from_its_page(&app, &hire).await;
        assert_eq!(again, attempt_page, "{backend:?}");

        let (status, open) = attempt_view(&app, &hire, &attempt_id).await;
        assert_eq!(status, StatusCode::OK, "{open}");
        let quiz = &open["Open"];
        let answers = right_answers(&app, FIRST, quiz);
        let form = mamoru_core::testing::quiz_form(&attempt_id, &answers);
        let back = post_from(&app, &hire, &attempt_page, "quiz/submit", &form).await;
        assert_eq!(back, attempt_page, "{backend:?}: back on the attempt's page");
        let html = page(&app, &hire, &attempt_page).await;
        assert!(
            html.contains("quiz-result") && html.contains("合格です。"),
            "{backend:?}: the page shows the result"
        );

        let (_, submitted) = attempt_view(&app, &hire, &attempt_id).await;
        assert_eq!(submitted["Submitted"]["passed"], true, "{backend:?}: {submitted}");
        assert_eq!(submitted["Submitted"]["score_percent"], 100, "{backend:?}");
        // Submitting again is refused on the same page, and changes nothing.
        let refused = post_from(&app, &hire, &attempt_page, "quiz/submit", &form).await;
        assert!(
            refused.starts_with(&format!("{attempt_page}?")) && refused.contains("__err="),
            "{backend:?}: {refused}"
        );
        let html = page(&app, &hire, &refused).await;
        assert!(html.contains("quiz-result"), "{backend:?}");

        // Nobody else sees the attempt, by its page or its server function.
        let other = app.signed_in(Role::Hire).await;
        let (status, body) = attempt_view(&app, &other, &attempt_id).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::NOT_FOUND, "NotFound"), "{backend:?}");
    }
}

#[tokio::test]
async fn the_agreement_is_signed_with_the_typed_name_by_a_plain_form_post() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hire = app.signed_in(Role::Hire).await;
        crate::cards::pass_course(&app, &hire).await;
        let doc = fetch_document(&app, &hire).await;

        let wrong =
            post_from(&app, &hire, "/nda", "nda/sign", &sign_form(&request(&doc, "山田 花子", None))).await;
        assert!(wrong.starts_with("/nda?") && wrong.contains("__err="), "{backend:?}: {wrong}");
        let html = page(&app, &hire, &wrong).await;
        assert!(html.contains("登録されている氏名と一致しません"), "{backend:?}: the error is on the page");

        let signed =
            post_from(&app, &hire, "/nda", "nda/sign", &sign_form(&request(&doc, "山田 太郎", None))).await;
        assert_eq!(signed, "/nda", "{backend:?}");
        let (_, overview): (_, Value) = app.call_json(&hire, "nda/overview", &[]).await;
        assert_eq!(overview["status"], "Signed", "{backend:?}");
        let html = page(&app, &hire, "/nda").await;
        assert!(html.contains("この版には署名済みです。"), "{backend:?}: the page says it is signed");
    }
}

#[tokio::test]
async fn hrs_list_and_the_audit_log_take_their_filters_and_page_from_the_address() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let first = app.create_user(Role::Hire, "first@example.jp").await;
        let second = app.create_user(Role::Hire, "second@example.jp").await;
        let (first, second) = (app.employee_number(&first).await, app.employee_number(&second).await);
        let hr = app.signed_in(Role::Hr).await;

        let everyone = page(&app, &hr, "/hr").await;
        assert!(
            everyone.contains(&format!(r#"data-employee="{first}""#))
                && everyone.contains(&format!(r#"data-employee="{second}""#))
        );
        let found = page(&app, &hr, &format!("/hr?search={first}")).await;
        assert!(found.contains(&format!(r#"data-employee="{first}""#)), "{backend:?}: the search applies");
        assert!(!found.contains(&format!(r#"data-employee="{second}""#)), "{backend:?}: and filters");
        assert!(
            found.contains(&format!(r#"value="{first}""#)),
            "{backend:?}: the form shows what is applied"
        );
        let export = format!("/hr/hires.csv?search={first}");
        assert!(found.contains(&export), "{backend:?}: the export link carries the same filter");
        assert!(
            page(&app, &hr, "/hr?page=x").await.contains("data-employee"),
            "{backend:?}: a page that is no number is the first"
        );

        let signins = page(&app, &hr, "/audit?category=auth.").await;
        assert!(signins.contains(r#"data-action="auth.signed_in""#), "{backend:?}");
        assert!(!signins.contains(r#"data-action="hires."#), "{backend:?}: only sign-ins");
    }
}

#[tokio::test]
async fn the_language_switch_and_sign_out_work_as_plain_forms() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hire = app.signed_in(Role::Hire).await;
        assert!(page(&app, &hire, "/home").await.contains(r#"<html lang="ja""#), "{backend:?}");
        let back = post_from(&app, &hire, "/home", "language", &[("lang", "en")]).await;
        assert_eq!(back, "/home", "{backend:?}: back on the page");
        let html = page(&app, &hire, "/home").await;
        assert!(html.contains(r#"<html lang="en""#), "{backend:?}: now in English");
        assert!(html.contains(r#"name="lang" value="ja""#), "{backend:?}: and the switch offers Japanese");

        assert_eq!(
            post_from(&app, &hire, "/home", "auth/sign_out", &[] as &[(&str, &str)]).await,
            "/login",
            "{backend:?}"
        );
        assert_eq!(app.whoami(&hire).await, None, "{backend:?}: signed out");
    }
}

/// The PIN on a page's HTML, if the page shows one.
fn pin_on(html: &str) -> Option<String> {
    let element = html.split(r#"data-testid="pin""#).nth(1)?;
    Some(element.split_once('>')?.1.split('<').next()?.to_owned())
}

/// The home page posts its own form for a pickup PIN: the answer is the home page with a
/// fresh PIN, never kept or put in an address, and the kiosk's claim takes it.
#[tokio::test]
async fn the_pickup_pin_comes_in_the_answer_to_the_home_page_s_form() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let kiosk = new_kiosk(&app, &app.signed_in(Role::Admin).await).await;
        let (hire, _) = completed_hire(&app).await;
        let home = page(&app, &hire, "/home").await;
        assert!(home.contains(r#"<form method="post" action="/home">"#), "{backend:?}");
        assert_eq!(pin_on(&home), None, "{backend:?}: no PIN before it is asked for");

        let show_pin = || {
            hire.post(app.url("/home"))
                .header("accept", "text/html")
                .header("origin", app.base.as_str())
                .send()
        };
        let first = show_pin().await.expect("an answer");
        assert_eq!(first.status(), StatusCode::OK, "{backend:?}");
        assert_eq!(first.headers()["cache-control"], "no-store", "{backend:?}");
        let first = first.text().await.expect("html");
        assert!(
            !first.contains("<template"),
            "{backend:?}: the page whole, not streamed for a script to place"
        );
        let first = pin_on(&first).expect("a PIN shown");
        let second =
            pin_on(&show_pin().await.expect("an answer").text().await.expect("html")).expect("a PIN");
        assert!(second.len() == 6 && second.bytes().all(|b| b.is_ascii_digit()), "{second}");
        assert_eq!(pin_on(&page(&app, &hire, "/home").await), None, "{backend:?}: shown once");
        assert_eq!(app.audit_ips("card.pin_set").await.len(), 2, "{backend:?}: one PIN a post");

        let (status, mine) = app.call_json(&hire, "cards/mine", &[]).await;
        assert_eq!(status, StatusCode::OK, "{mine}");
        let grant = grant_of(&app, &kiosk, mine["pickup"]["short_code"].as_str().expect("code")).await;
        if first != second {
            let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, &first)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{backend:?}: the replaced PIN: {body}");
        }
        let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, &second)).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");

        let cross_site = hire.post(app.url("/home")).header("origin", "https://evil.example").send().await;
        assert_eq!(cross_site.expect("an answer").status(), StatusCode::FORBIDDEN, "{backend:?}");
    }
}
