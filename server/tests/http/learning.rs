//! The course over HTTP: order and unlocking, server-side grading that never leaks the
//! answer key, the attempt limit and HR's reset.

use crate::harness::{TestApp, backends, error_kind, spawn_app};
use mamoru_types::domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::Value;

const FIRST: &str = "01-personal-information";

pub(crate) async fn read_all(app: &TestApp, hire: &Client, module: &str) {
    let count = app.state.course.modules.iter().find(|m| m.slug == module).expect("module").lessons.len();
    for index in 0..count {
        let (status, body) =
            app.call_json(hire, "course/read", &[("module", module), ("index", &index.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
}

pub(crate) async fn start(app: &TestApp, hire: &Client, module: &str) -> (StatusCode, Value) {
    app.call_json(hire, "quiz/start", &[("module", module), ("lang", "ja")]).await
}

pub(crate) fn right_answers(app: &TestApp, module: &str, quiz: &Value) -> Vec<Vec<usize>> {
    let module = app.state.course.modules.iter().find(|m| m.slug == module).expect("module");
    mamoru_core::testing::right_answers(module, quiz).expect("every served question is in the bank")
}

pub(crate) async fn submit(
    app: &TestApp,
    hire: &Client,
    quiz: &Value,
    answers: &[Vec<usize>],
) -> (StatusCode, Value) {
    let attempt_id = quiz["attempt_id"].as_str().unwrap_or_default();
    app.call_json(
        hire,
        "quiz/submit",
        &crate::harness::fields(&mamoru_core::testing::quiz_form(attempt_id, answers)),
    )
    .await
}

fn states(overview: &Value) -> Vec<String> {
    overview["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .map(|m| m["state"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn modules_open_in_order_and_quizzes_after_their_lessons() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hire = app.signed_in(Role::Hire).await;
        let (_, overview) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!(states(&overview)[..3], ["ToDo", "Locked", "Locked"], "{backend:?}");
        assert_eq!(overview["module_count"], 8);

        let (status, body) = start(&app, &hire, FIRST).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "QuizNotReady"),
            "{backend:?}"
        );
        let (status, body) = app
            .call_json(
                &hire,
                "course/lesson",
                &[("module", "02-confidentiality"), ("index", "0"), ("lang", "ja")],
            )
            .await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "ModuleLocked"));

        let (status, lesson) =
            app.call_json(&hire, "course/lesson", &[("module", FIRST), ("index", "0"), ("lang", "en")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(lesson["index"], 0);
        assert!(lesson["html"].as_str().is_some_and(|h| h.contains("<p>")), "{lesson}");
        let (status, next) = app.call_json(&hire, "course/read", &[("module", FIRST), ("index", "0")]).await;
        assert_eq!((status, next.as_str()), (StatusCode::OK, Some("/learn/01-personal-information/1")));
        let (_, overview) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!(states(&overview)[0], "InProgress");
        read_all(&app, &hire, FIRST).await;
        assert_eq!(start(&app, &hire, FIRST).await.0, StatusCode::OK, "{backend:?}");
    }
}

#[tokio::test]
async fn the_answer_key_never_leaves_the_server_before_submission() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hire = app.signed_in(Role::Hire).await;
        read_all(&app, &hire, FIRST).await;
        let (status, quiz) = start(&app, &hire, FIRST).await;
        assert_eq!(status, StatusCode::OK, "{quiz}");
        let served = quiz.to_string();
        assert!(!served.contains("correct") && !served.contains("explanation"), "{served}");
        let bank = &app.state.course.modules[0];
        for question in bank.questions.iter() {
            assert!(!served.contains(&question.explanation.ja), "an explanation was served");
        }
        assert_eq!(quiz["questions"].as_array().expect("questions").len(), app.state.course.draw);

        // Reloading serves the same open attempt, not a fresh draw.
        let (_, again) = start(&app, &hire, FIRST).await;
        assert_eq!(again, quiz, "{backend:?}");
    }
}

#[tokio::test]
async fn right_answers_pass_and_open_the_next_module() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hire = app.signed_in(Role::Hire).await;
        read_all(&app, &hire, FIRST).await;
        let (_, quiz) = start(&app, &hire, FIRST).await;
        let answers = right_answers(&app, FIRST, &quiz);
        let (status, result) = submit(&app, &hire, &quiz, &answers).await;
        assert_eq!(status, StatusCode::OK, "{result}");
        assert_eq!(
            (result["score_percent"].as_u64(), result["passed"].as_bool()),
            (Some(100), Some(true)),
            "{backend:?}"
        );
        let first = &result["questions"][0];
        assert_eq!(first["right"], true);
        assert!(
            first["explanation"].as_str().is_some_and(|e| !e.is_empty()),
            "explanations come after submission"
        );
        assert_eq!(first["chosen"], first["correct"]);

        let (status, body) = submit(&app, &hire, &quiz, &answers).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "QuizSubmitted"),
            "{backend:?}"
        );
        let (_, overview) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!(states(&overview)[..2], ["Passed", "ToDo"], "{backend:?}");
        assert_eq!(overview["passed_modules"], 1);
        let (status, body) = start(&app, &hire, FIRST).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "QuizPassed"));
    }
}

#[tokio::test]
async fn failing_every_attempt_locks_the_module_until_hr_resets_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, hire_id) = app.signed_in_with_id(Role::Hire).await;
        let hr = app.signed_in(Role::Hr).await;
        read_all(&app, &hire, FIRST).await;
        for attempt in 1..=app.state.course.modules[0].attempts {
            let (_, quiz) = start(&app, &hire, FIRST).await;
            assert_eq!(quiz["attempt_number"], attempt);
            let blank = vec![vec![]; app.state.course.draw];
            let (status, result) = submit(&app, &hire, &quiz, &blank).await;
            assert_eq!((status, result["passed"].as_bool()), (StatusCode::OK, Some(false)), "{result}");
            assert_eq!(result["attempts_left"], app.state.course.modules[0].attempts - attempt);
        }
        let (_, overview) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!(states(&overview)[0], "FailedLocked", "{backend:?}");
        let (status, body) = start(&app, &hire, FIRST).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "NoAttemptsLeft"));
        let (status, body) = app
            .call_json(&hr, "quiz/reset", &[("user_id", hire_id.as_str()), ("module", "02-confidentiality")])
            .await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "NotLocked"),
            "only a locked module resets"
        );

        let (status, body) =
            app.call_json(&hire, "quiz/reset", &[("user_id", hire_id.as_str()), ("module", FIRST)]).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::FORBIDDEN, "Forbidden"),
            "a hire cannot reset"
        );
        let (status, body) =
            app.call_json(&hr, "quiz/reset", &[("user_id", hire_id.as_str()), ("module", FIRST)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, quiz) = start(&app, &hire, FIRST).await;
        assert_eq!(
            (status, quiz["attempt_number"].as_u64()),
            (StatusCode::OK, Some(1)),
            "{backend:?}: fresh attempts"
        );
    }
}

#[tokio::test]
async fn answers_are_checked_and_attempts_belong_to_their_hire() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hire = app.signed_in(Role::Hire).await;
        let other = app.signed_in(Role::Hire).await;
        read_all(&app, &hire, FIRST).await;
        let (_, quiz) = start(&app, &hire, FIRST).await;
        let answers = right_answers(&app, FIRST, &quiz);
        let (status, body) = submit(&app, &other, &quiz, &answers).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::NOT_FOUND, "NotFound"), "{backend:?}");
        let mut beyond = answers.clone();
        beyond.push(vec![0]);
        let (status, body) = submit(&app, &hire, &quiz, &beyond).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "AnswersInvalid"),
            "{backend:?}: an answer to a question that was not served"
        );
        let attempt_id = quiz["attempt_id"].as_str().unwrap_or_default();
        for malformed in ["0", "0.x", "-1.0", "0.0.0"] {
            let form = [("attempt_id", attempt_id), ("chosen[q0]", malformed), ("lang", "ja")];
            let (status, body) = app.call_json(&hire, "quiz/submit", &form).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{backend:?}: {malformed:?} {body}");
        }
        let mut out_of_range = answers.clone();
        out_of_range[0] = vec![99];
        assert_eq!(submit(&app, &hire, &quiz, &out_of_range).await.0, StatusCode::UNPROCESSABLE_ENTITY);
        // Refused answers used up nothing: the right ones still pass.
        let (status, result) = submit(&app, &hire, &quiz, &answers).await;
        assert_eq!((status, result["passed"].as_bool()), (StatusCode::OK, Some(true)), "{backend:?}");
    }
}

#[tokio::test]
async fn course_pictures_are_served_by_content_hash_cached_and_inert() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let client = crate::harness::client();
        let image = &app.state.course.images["images/entrance.svg"];
        let response = app.get(&client, &image.url()).await;
        assert_eq!(response.status(), StatusCode::OK);
        let header = |name: &str| response.headers()[name].to_str().expect("ascii").to_owned();
        assert_eq!(header("content-type"), "image/svg+xml");
        assert_eq!(header("cache-control"), "public, max-age=31536000, immutable");
        assert!(header("content-security-policy").contains("sandbox"));
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert_eq!(response.bytes().await.expect("body").as_ref(), &image.bytes[..]);
        for unknown in
            ["/course/images/0000000000000000.svg", "/course/images/..%2Fcourse.toml", "/course/images/"]
        {
            assert_eq!(app.get(&client, unknown).await.status(), StatusCode::NOT_FOUND, "{unknown}");
        }
    }
}
