//! Training and the agreement expire after the configured period: HR sees the hire as
//! expired (and expiring before that), the hire starts a new round, retrains and signs
//! again, and no card grant is minted for an expired hire.

use crate::cards::completed_hire;
use crate::cards::pass_course;
use crate::harness::{
    PASSWORD, TestApp, backends, client, error_kind, hire_form, hire_list, spawn_app, spawn_app_with,
};
use crate::kiosk::{claim, grant_of, new_kiosk, pickup};
use mamoru_core::store::audit;
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{Role, UserId};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const DAY: i64 = 86_400;

async fn sign(app: &TestApp, hire: &Client) -> (StatusCode, Value) {
    let doc = crate::nda::fetch_document(app, hire).await;
    crate::nda::sign(app, hire, &crate::nda::request(&doc, "新人 花子", None)).await
}

async fn state_of(app: &TestApp, hr: &Client) -> Value {
    let (status, page) = hire_list(app, hr, json!({ "search": "E-7" })).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["rows"][0].clone()
}

async fn count_in(app: &TestApp, hr: &Client, state: &str) -> Value {
    hire_list(app, hr, json!({ "state": state })).await.1["total"].clone()
}

/// Moves the clock on; both sessions have gone idle, so both sign in again.
async fn later(app: &TestApp, secs: i64, hire: &Client) -> Client {
    app.clock.advance(secs);
    let (status, body) = app.sign_in(hire, "expiry@example.jp", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    app.signed_in(Role::Hr).await
}

#[tokio::test]
async fn a_completed_hire_expires_after_the_period_and_retrains_in_a_new_round() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let valid = app.state.settings.certification_secs;
        let hr = app.signed_in(Role::Hr).await;
        let (status, invite) =
            app.call_json(&hr, "hires/invite", &hire_form("expiry@example.jp", "新人 花子", "E-7")).await;
        assert_eq!(status, StatusCode::OK, "{invite}");
        let token = invite["link"].as_str().and_then(|l| l.rsplit('/').next()).expect("token").to_owned();
        let hire = client();
        app.accept_invite(&hire, &token).await;
        pass_course(&app, &hire).await;
        let (status, body) = sign(&app, &hire).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let completed_at = app.state.now();

        // Complete: valid for the period, nothing to retake yet.
        let row = state_of(&app, &hr).await;
        assert_eq!(
            (&row["state"], &row["certified_until"]),
            (&json!("Completed"), &json!(completed_at + valid))
        );
        let (_, course) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!(
            (&course["complete"], &course["expires_at"], &course["expired"], &course["may_restart"]),
            (&json!(true), &json!(completed_at + valid), &json!(false), &json!(false))
        );
        let (status, body) = app.call_json(&hire, "course/restart", &[]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "NotExpired"), "{backend:?}");

        // Thirty days before the end, the dashboard lists the hire as expiring.
        let hr = later(&app, valid - 30 * DAY, &hire).await;
        let (_, dashboard) = app.call_json(&hr, "hires/dashboard", &[]).await;
        assert_eq!(
            (&dashboard["expiring_total"], &dashboard["expired_total"]),
            (&json!(1), &json!(0)),
            "{backend:?}"
        );
        assert_eq!(dashboard["expiring"][0]["employee_number"], "E-7");
        let (_, draft) = app.call_json(&hr, "reminders/draft", &[("about", "Expiring")]).await;
        assert_eq!(draft["recipients"][0]["email"], "expiry@example.jp", "{backend:?}: {draft}");
        assert!(draft["body"].as_str().is_some_and(|b| b.contains("受講し直す")), "{draft}");

        // At the end: expired for HR (list, filter, dashboard) and for the hire.
        let hr = later(&app, 30 * DAY, &hire).await;
        assert_eq!(state_of(&app, &hr).await["state"], "Expired", "{backend:?}");
        assert_eq!(
            (count_in(&app, &hr, "Expired").await, count_in(&app, &hr, "Completed").await),
            (json!(1), json!(0))
        );
        let (_, dashboard) = app.call_json(&hr, "hires/dashboard", &[]).await;
        assert_eq!(
            (&dashboard["expiring_total"], &dashboard["expired_total"]),
            (&json!(1), &json!(1)),
            "{backend:?}: the expiring list keeps the expired, and counts them apart"
        );
        let (_, course) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!(course["expired"], true, "{backend:?}");
        let home = app.get(&hire, "/home").await.text().await.expect("page");
        assert!(
            home.contains(r#"data-certification="expired""#) && home.contains("受講し直す"),
            "{backend:?}"
        );

        // The grant waiting since completion expired too; re-issuing it mints nothing for
        // an expired hire.
        let user_id = state_of(&app, &hr).await["user_id"].as_str().expect("user id").to_owned();
        let (status, body) = app.call_json(&hr, "cards/reissue", &[("user_id", user_id.as_str())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, card) = app.call_json(&hire, "cards/mine", &[]).await;
        assert_eq!(card["status"], Value::Null, "{backend:?}: no grant while expired: {card}");

        // A new round: nothing counts until it is done again, and the earlier copy stays.
        let (status, body) = app.call_json(&hire, "course/restart", &[]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, course) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!((&course["passed_modules"], &course["expires_at"]), (&json!(0), &Value::Null));
        let (_, nda) = app.call_json(&hire, "nda/overview", &[]).await;
        assert_eq!((&nda["status"], nda["copies"].as_array().map(Vec::len)), (&json!("NotSigned"), Some(1)));
        assert_eq!(state_of(&app, &hr).await["state"], "InTraining", "{backend:?}");
        let (status, body) = app.call_json(&hire, "course/restart", &[]).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "NotExpired"),
            "{backend:?}: {body}"
        );

        pass_course(&app, &hire).await;
        let (status, body) = sign(&app, &hire).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: the same version signed again: {body}");
        let (status, body) = sign(&app, &hire).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "AlreadySigned"),
            "{backend:?}"
        );
        let row = state_of(&app, &hr).await;
        assert_eq!(
            (&row["state"], &row["certified_until"]),
            (&json!("Completed"), &json!(app.state.now() + valid))
        );
        let (_, card) = app.call_json(&hire, "cards/mine", &[]).await;
        assert_eq!(card["status"], "Waiting", "{backend:?}: a new grant with the new round: {card}");
        let (_, nda) = app.call_json(&hire, "nda/overview", &[]).await;
        assert_eq!(nda["copies"].as_array().map(Vec::len), Some(2), "{backend:?}");
        // HR's record keeps the expired round's attempts, marked, before the new ones.
        let hire_id = row["id"].as_str().expect("hire id");
        let (_, record) = app.call_json(&hr, "hires/record", &[("hire_id", hire_id), ("lang", "ja")]).await;
        let attempts = &record["modules"][0]["attempts"];
        assert_eq!(
            (attempts[0]["earlier_round"].as_bool(), attempts[1]["earlier_round"].as_bool(), attempts.get(2)),
            (Some(true), Some(false), None),
            "{backend:?}: {attempts}"
        );

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let entries = audit::about(&mut conn, &user_id).await.expect("audit");
        assert_eq!(
            entries.iter().filter(|e| e.action == AuditAction::HireRetrainingStarted).count(),
            1,
            "{backend:?}"
        );
    }
}

/// An app whose certifications hold `days`.
async fn valid_for(backend: mamoru_core::testing::TestBackend, days: i64) -> TestApp {
    spawn_app_with(backend, |state| {
        let settings = mamoru_core::Settings { certification_secs: days * DAY, ..(*state.settings).clone() };
        state.settings = std::sync::Arc::new(settings);
    })
    .await
}

#[tokio::test]
async fn a_hire_may_retrain_from_thirty_days_before_expiry() {
    for backend in backends() {
        let app = valid_for(backend, 100).await;
        let (hire, user_id) = completed_hire(&app).await;
        app.clock.advance(70 * DAY - 1);
        sign_in_again(&app, &hire, &user_id).await;
        let (_, course) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!(course["may_restart"], false, "{backend:?}: 30 days and a second before: {course}");
        let (status, _) = app.call_json(&hire, "course/restart", &[]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        app.clock.advance(1);
        let (_, course) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!(
            (&course["may_restart"], &course["expired"]),
            (&json!(true), &json!(false)),
            "{backend:?}"
        );
        let home = app.get(&hire, "/home").await.text().await.expect("page");
        assert!(home.contains(r#"data-certification="valid""#) && home.contains("受講し直す"), "{backend:?}");
        let (status, body) = app.call_json(&hire, "course/restart", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        let (_, course) = app.call_json(&hire, "course/overview", &[("lang", "ja")]).await;
        assert_eq!((&course["complete"], &course["passed_modules"]), (&json!(false), &json!(0)));
    }
}

#[tokio::test]
async fn a_card_waiting_when_the_training_expires_cannot_be_collected() {
    for backend in backends() {
        // Shorter than a grant's 14 days, so the grant outlives the certification.
        let app = valid_for(backend, 7).await;
        let admin = app.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let (hire, user_id) = completed_hire(&app).await;
        let (code, pin) = pickup(&app, &hire).await;
        let grant = grant_of(&app, &kiosk, &code).await;
        app.clock.advance(7 * DAY);
        let (status, body) = kiosk.call(&app, "POST", "/lookup", json!({ "code": code })).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::GONE, Some("expired")), "{backend:?}");
        let (status, body) = kiosk.call(&app, "POST", "/claims", claim(&grant, &pin)).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::GONE, Some("expired")), "{backend:?}");
        sign_in_again(&app, &hire, &user_id).await;
        let (_, card) = app.call_json(&hire, "cards/mine", &[]).await;
        assert_eq!(
            (&card["status"], &card["pickup"]),
            (&json!("Expired"), &Value::Null),
            "{backend:?}: no QR: {card}"
        );
    }
}

/// Signs `client` in again as the account `user_id` (its session idled out).
async fn sign_in_again(app: &TestApp, client: &Client, user_id: &UserId) {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    let user = mamoru_core::store::users::by_id(&mut conn, user_id).await.expect("query").expect("user");
    let (status, body) = app.sign_in(client, &user.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
