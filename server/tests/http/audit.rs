//! The audit log over HTTP: sign-ins and failures are recorded, HR and administrators
//! browse it with filters (a filtered look is recorded too), hires cannot.

use crate::harness::{PASSWORD, backends, client, error_kind, spawn_app};
use mamoru_types::domain::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn actions(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["action"].as_str().expect("action").to_owned())
        .collect()
}

#[tokio::test]
async fn sign_ins_and_failures_are_recorded_and_hr_filters_the_log() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let (status, _) = app.sign_in(&client(), "hr@example.jp", "not the password!").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        app.sign_in(&client(), "nobody@example.jp", "not the password!").await;
        let hr = client();
        let (status, _) = app.sign_in(&hr, "hr@example.jp", PASSWORD).await;
        assert_eq!(status, StatusCode::OK);

        let list = |filter: Value| {
            let (app, hr) = (&app, &hr);
            async move { app.call_with_json(hr, "audit/list", &json!({ "filter": filter })).await }
        };
        let (status, page) = list(json!({})).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {page}");
        assert_eq!(
            actions(&page)[..3],
            ["auth.signed_in", "auth.sign_in_failed", "auth.sign_in_failed"],
            "{backend:?}: newest first"
        );
        let failure = &page["rows"][2];
        assert!(
            failure["detail"]
                .as_str()
                .is_some_and(|d| d.contains("hr@example.jp") && !d.contains("not the password"))
        );
        assert_eq!(failure["ip"], "127.0.0.1");
        let (_, unfiltered_again) = list(json!({})).await;
        assert_eq!(unfiltered_again["total"], page["total"], "{backend:?}: browsing alone is not logged");

        let (_, by_actor) = list(json!({ "actor": "hr@example.jp" })).await;
        assert_eq!(actions(&by_actor), ["auth.signed_in"], "{backend:?}");
        let (_, failures) =
            list(json!({ "category": "auth.", "from": "2026-11-28", "to": "2026-11-28" })).await;
        assert_eq!(failures["total"], 3, "{backend:?}: {failures}");
        let (_, tomorrow) = list(json!({ "from": "2026-11-29" })).await;
        assert_eq!(tomorrow["total"], 0, "{backend:?}");
        let (_, page) = list(json!({})).await;
        assert_eq!(
            actions(&page).iter().filter(|a| *a == "audit.searched").count(),
            3,
            "{backend:?}: each filtered look"
        );
        let (_, looks) = list(json!({ "category": "audit." })).await;
        assert_eq!(actions(&looks), ["audit.searched"; 3], "{backend:?}: the looks before this one");

        let (status, body) = list(json!({ "category": "x%" })).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::NOT_FOUND, "NotFound"));
        let (status, body) = list(json!({ "actor": "not an address" })).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "Input"));
        let (status, body) = list(json!({ "from": "2026-02-30" })).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "Input"));
    }
}

#[tokio::test]
async fn mamoru_seals_a_checkpoint_into_the_log_once_a_day() {
    use mamoru_core::checkpoint::{self, Written};
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert!(
            !checkpoint::write_if_due(&app.state).await.expect("check"),
            "{backend:?}: not a day old yet"
        );
        app.clock.advance(checkpoint::EVERY_SECS);
        assert!(checkpoint::write_if_due(&app.state).await.expect("write"), "{backend:?}");
        assert!(!checkpoint::write_if_due(&app.state).await.expect("check"), "{backend:?}: once a day");
        app.create_user(Role::Hr, "hr@example.jp").await;
        app.clock.advance(checkpoint::EVERY_SECS);
        assert!(checkpoint::write_if_due(&app.state).await.expect("write"));
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        assert_eq!(
            checkpoint::check_written(&mut conn, app.state.keys.ring()).await.expect("check"),
            Written::AllHold { count: 2 }
        );
        // Sealed by another key (an intruder's), the same statement does not hold.
        let stranger = mamoru_core::PlatformKey::from_seed([7; 32]).verifying_key();
        assert!(matches!(
            checkpoint::check_written(&mut conn, &stranger.into()).await.expect("check"),
            Written::Fails { .. }
        ));
    }
}
