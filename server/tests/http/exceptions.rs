//! Device and media exceptions over HTTP: who may ask, who may decide, and how an
//! approval ends; every decision sealed and logged.

use crate::cards::completed_hire;
use crate::harness::{TestApp, backends, error_kind, spawn_app, spawn_app_with};
use mamoru_core::store::{audit, exceptions, hires};
use mamoru_seal::{Purpose, Sealed};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{ExceptionId, Role, UserId};
use mamoru_types::exceptions::{EndReason, ExceptionStatus};
use mamoru_types::i18n::format_jst_date;
use reqwest::{Client, StatusCode};
use serde_json::Value;

const DAY: i64 = 86_400;

/// The Japan day `days` from the app's now, as the form sends it.
fn day(app: &TestApp, days: i64) -> String {
    format_jst_date(app.state.now() + days * DAY)
}

pub(crate) async fn ask(app: &TestApp, hire: &Client, site: &str, until_days: i64) -> (StatusCode, Value) {
    let (from, until) = (day(app, 0), day(app, until_days));
    let form = [
        ("kind", "usb_storage"),
        ("identifier", "SN-4711"),
        ("reason", "研修資料の受け渡し"),
        ("site", site),
        ("from", from.as_str()),
        ("until", until.as_str()),
    ];
    app.call_json(hire, "exceptions/request", &form).await
}

/// A manager account holding `sites`, signed in.
pub(crate) async fn manager_of(app: &TestApp, sites: &[&str]) -> (Client, UserId) {
    let (client, id) = app.signed_in_with_id(Role::Manager).await;
    let admin = app.signed_in(Role::Admin).await;
    for site in sites {
        let form = [("user_id", id.as_str()), ("site", site), ("assign", "true")];
        let (status, body) = app.call_json(&admin, "staff/site", &form).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    (client, id)
}

pub(crate) async fn decide(
    app: &TestApp,
    manager: &Client,
    id: &str,
    decision: &str,
    reason: &str,
) -> (StatusCode, Value) {
    let form = [("exception_id", id), ("decision", decision), ("reason", reason)];
    app.call_json(manager, "exceptions/decide", &form).await
}

async fn my_statuses(app: &TestApp, hire: &Client) -> Vec<Value> {
    let (status, body) = app.call_json(hire, "exceptions/mine", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["requests"].as_array().expect("requests").iter().map(|r| r["status"].clone()).collect()
}

async fn stored(app: &TestApp, id: &str) -> exceptions::Listed {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    exceptions::by_id(&mut conn, &ExceptionId::new(id)).await.expect("query").expect("stored")
}

async fn logged(app: &TestApp, id: &str) -> Vec<AuditAction> {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    audit::about(&mut conn, &ExceptionId::new(id)).await.expect("audit").iter().map(|e| e.action).collect()
}

#[tokio::test]
async fn a_manager_of_the_site_approves_and_the_decision_is_sealed_and_logged() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, hire_id) = completed_hire(&app).await;
        let (manager, _) = manager_of(&app, &["本社"]).await;

        let (status, request) = ask(&app, &hire, "本社", 6).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {request}");
        assert_eq!(request["status"], "Pending");
        let id = request["id"].as_str().expect("id").to_owned();

        let (status, desk) = app.call_json(&manager, "exceptions/desk", &[]).await;
        assert_eq!(status, StatusCode::OK, "{desk}");
        assert_eq!(desk["pending"][0]["id"], id.as_str(), "{backend:?}: the manager sees it");
        assert_eq!(desk["people"][0]["employee_number"], app.employee_number(&hire_id).await.as_str());
        assert!(desk["people"][0]["training_valid_until"].is_i64(), "{desk}");
        assert!(desk["people"][0].get("email").is_none(), "{backend:?}: only what deciding needs");

        let (status, approved) = decide(&app, &manager, &id, "approved", "").await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {approved}");
        assert_eq!(approved["status"], "Active");
        assert_eq!(my_statuses(&app, &hire).await, ["Active"], "{backend:?}");

        let row = stored(&app, &id).await;
        let sealed = Sealed::from_json(row.exception.sealed.as_deref().expect("sealed")).expect("json");
        let record: mamoru_core::exceptions::DecisionRecord =
            sealed.open_with(app.state.keys.ring(), Purpose::EXCEPTION_DECISION).expect("verifies");
        assert_eq!(record.identifier, "SN-4711");
        assert_eq!(Some(record.verification_code), row.exception.verification_code, "{backend:?}");
        assert_eq!(
            logged(&app, &id).await,
            [AuditAction::ExceptionRequested, AuditAction::ExceptionApproved],
            "{backend:?}"
        );
        let looks = app.audit_actions_logged().await;
        assert!(looks.contains(&"exception.desk_viewed".to_owned()), "{backend:?}: the look is logged");

        // The holder's permit, and what the guard's check of its code says.
        let permit = hire.get(app.url(&format!("/exceptions/{id}/permit.pdf"))).send().await.expect("permit");
        assert_eq!(permit.status(), StatusCode::OK, "{backend:?}");
        let bytes = permit.bytes().await.expect("bytes");
        assert!(bytes.starts_with(b"%PDF-"), "{backend:?}");
        let other = app.signed_in(Role::Hire).await;
        let refused =
            other.get(app.url(&format!("/exceptions/{id}/permit.pdf"))).send().await.expect("permit");
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{backend:?}: only the holder's");
        let code = record_code(&app, &id).await;
        let (status, verdict) =
            app.call_json(&crate::harness::client(), "verify/code", &[("code", &code)]).await;
        assert_eq!(status, StatusCode::OK, "{verdict}");
        assert_eq!(verdict["Permit"]["identifier"], "SN-4711", "{backend:?}: {verdict}");
        assert_eq!(verdict["Permit"]["status"], "Active", "{backend:?}");
        assert_ne!(verdict["Permit"]["holder"], "山田 太郎", "{backend:?}: the name is masked");

        // A row changed behind Mamoru's back no longer verifies.
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        sqlx::query("UPDATE device_exceptions SET ends_at = ends_at + 864000 WHERE id = $1")
            .bind(&id)
            .execute(&mut *conn)
            .await
            .expect("tamper");
        drop(conn);
        let (_, verdict) = app.call_json(&crate::harness::client(), "verify/code", &[("code", &code)]).await;
        assert_eq!(verdict, "Altered", "{backend:?}");
    }
}

async fn record_code(app: &TestApp, id: &str) -> String {
    stored(app, id).await.exception.verification_code.expect("a decided request has a code")
}

#[tokio::test]
async fn only_valid_training_may_ask_and_bad_input_changes_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let untrained = app.signed_in(Role::Hire).await;
        let (status, body) = ask(&app, &untrained, "本社", 1).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "TrainingNotValid"),
            "{backend:?}"
        );

        let (hire, _) = completed_hire(&app).await;
        let max = app.state.settings.exception_max_days;
        let (status, body) = ask(&app, &hire, "本社", max).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}: one day too long: {body}");
        let (status, body) = ask(&app, &hire, "", 1).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}: no site: {body}");
        let yesterday = day(&app, -1);
        let form = [
            ("kind", "drone"),
            ("identifier", "X"),
            ("reason", "r"),
            ("site", "本社"),
            ("from", yesterday.as_str()),
            ("until", yesterday.as_str()),
        ];
        let (status, _) = app.call_json(&hire, "exceptions/request", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");
        assert_eq!(my_statuses(&app, &hire).await, Vec::<Value>::new(), "{backend:?}: nothing recorded");
    }
}

#[tokio::test]
async fn a_person_has_at_most_five_requests_waiting_for_a_decision() {
    for backend in backends() {
        // Sessions that outlast the three days the test moves on.
        let app = spawn_app_with(backend, |state| {
            let week = 7 * 86_400;
            let settings = mamoru_core::Settings {
                session_idle_secs: week,
                session_absolute_secs: week,
                ..(*state.settings).clone()
            };
            state.settings = std::sync::Arc::new(settings);
        })
        .await;
        let (hire, _) = completed_hire(&app).await;
        let mut ids = Vec::new();
        for _ in 0..3 {
            let (status, body) = ask(&app, &hire, "本社", 1).await;
            assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
            ids.push(body["id"].as_str().expect("an id").to_owned());
        }
        // Eight at once for the last two places: two are recorded.
        let (from, until) = (day(&app, 0), day(&app, 1));
        let mut asks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (client, url) = (hire.clone(), app.url("/api/exceptions/request"));
            let form =
                [("kind", "usb_storage"), ("identifier", "SN-4711"), ("reason", "同時"), ("site", "本社")]
                    .map(|(k, v)| (k, v.to_owned()));
            let dates = [("from", from.clone()), ("until", until.clone())];
            asks.spawn(async move {
                let response =
                    client.post(url).form(&[&form[..], &dates[..]].concat()).send().await.expect("request");
                (response.status(), response.json::<Value>().await.expect("json"))
            });
        }
        let answers = asks.join_all().await;
        let accepted: Vec<_> = answers.iter().filter(|(status, _)| *status == StatusCode::OK).collect();
        assert_eq!(accepted.len(), 2, "{backend:?}: {answers:?}");
        ids.extend(accepted.iter().map(|(_, body)| body["id"].as_str().expect("an id").to_owned()));
        let (status, body) = ask(&app, &hire, "本社", 1).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "TooManyOpenRequests"),
            "{backend:?}"
        );
        assert_eq!(my_statuses(&app, &hire).await.len(), 5, "{backend:?}: the sixth is not recorded");

        // A decision frees a place; a request whose period is over no longer holds one.
        let (manager, _) = manager_of(&app, &["本社"]).await;
        let (status, body) = decide(&app, &manager, &ids[0], "refused", "不要").await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        let (status, body) = ask(&app, &hire, "本社", 1).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        app.clock.advance(3 * 86_400);
        let (status, body) = ask(&app, &hire, "本社", 1).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
    }
}

#[tokio::test]
async fn a_manager_of_another_site_sees_and_decides_nothing_of_it() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, _) = completed_hire(&app).await;
        let (elsewhere, _) = manager_of(&app, &["札幌"]).await;
        let (_, request) = ask(&app, &hire, "本社", 2).await;
        let id = request["id"].as_str().expect("id");

        let (_, desk) = app.call_json(&elsewhere, "exceptions/desk", &[]).await;
        assert_eq!(desk["pending"], serde_json::json!([]), "{backend:?}");
        assert_eq!(desk["people"], serde_json::json!([]), "{backend:?}: the hire works at 本社");
        let (status, body) = decide(&app, &elsewhere, id, "approved", "").await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::NOT_FOUND, "NotFound"), "{backend:?}");
        assert_eq!(my_statuses(&app, &hire).await, ["Pending"], "{backend:?}");
    }
}

#[tokio::test]
async fn nobody_decides_their_own_request() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (manager, manager_id) = manager_of(&app, &["本社"]).await;
        // A manager's own request (written to the store: the request page is for hires).
        let id = ExceptionId::new("own-request");
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let now = app.state.now();
        let new = exceptions::NewException {
            id: &id,
            user_id: &manager_id,
            kind: mamoru_types::exceptions::DeviceKind::Laptop,
            identifier: "PC-1",
            reason: "会議",
            site: "本社",
            starts_at: now,
            ends_at: now + DAY,
            now,
        };
        exceptions::insert(&mut conn, new).await.expect("insert");
        drop(conn);
        let (status, body) = decide(&app, &manager, id.as_str(), "approved", "").await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::FORBIDDEN, "OwnRequest"),
            "{backend:?}"
        );
        assert_eq!(stored(&app, id.as_str()).await.exception.decision, None, "{backend:?}");
    }
}

#[tokio::test]
async fn an_expired_requester_cannot_be_approved_and_an_approval_ends_with_the_training() {
    for backend in backends() {
        let app = spawn_app_with(backend, |state| {
            let settings = mamoru_core::Settings { certification_secs: 3 * DAY, ..(*state.settings).clone() };
            state.settings = std::sync::Arc::new(settings);
        })
        .await;
        let (hire, _) = completed_hire(&app).await;
        let (manager, _) = manager_of(&app, &["本社"]).await;
        let (_, first) = ask(&app, &hire, "本社", 10).await;
        let (_, second) = ask(&app, &hire, "本社", 10).await;
        let (status, _) = decide(&app, &manager, first["id"].as_str().expect("id"), "approved", "").await;
        assert_eq!(status, StatusCode::OK, "{backend:?}");

        app.clock.advance(3 * DAY);
        // Sessions went idle meanwhile: another manager of the site decides.
        let (manager, _) = manager_of(&app, &["本社"]).await;
        let (status, body) = decide(&app, &manager, second["id"].as_str().expect("id"), "approved", "").await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "TrainingNotValid"),
            "{backend:?}: the requester's training expired"
        );
        let row = stored(&app, first["id"].as_str().expect("id")).await;
        assert_eq!(
            mamoru_core::exceptions::status_of(&app.state, &row, app.state.now()),
            ExceptionStatus::Ended(EndReason::TrainingExpired),
            "{backend:?}: the approval ended with the training"
        );
        let (status, _) =
            decide(&app, &manager, second["id"].as_str().expect("id"), "refused", "研修切れ").await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: a refusal needs no valid training");
    }
}

#[tokio::test]
async fn a_revocation_or_a_deactivation_ends_an_approval() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, hire_id) = completed_hire(&app).await;
        let (manager, _) = manager_of(&app, &["本社"]).await;
        let (_, first) = ask(&app, &hire, "本社", 3).await;
        let (_, second) = ask(&app, &hire, "本社", 3).await;
        let (first, second) = (first["id"].as_str().expect("id"), second["id"].as_str().expect("id"));
        for id in [first, second] {
            assert_eq!(decide(&app, &manager, id, "approved", "").await.0, StatusCode::OK, "{backend:?}");
        }

        let revoke = |reason: &'static str| {
            let (app, manager) = (&app, &manager);
            async move {
                app.call_json(manager, "exceptions/revoke", &[("exception_id", first), ("reason", reason)])
                    .await
            }
        };
        let (status, _) = revoke(" ").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}: a revocation needs a reason");
        let (status, body) = revoke("紛失の報告").await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(body["status"], serde_json::json!({ "Ended": "revoked" }));
        let (status, body) = revoke("もう一度").await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "NotInForce"), "{backend:?}");
        let row = stored(&app, first).await;
        let sealed =
            Sealed::from_json(row.exception.revoke_sealed.as_deref().expect("sealed")).expect("json");
        let record: mamoru_core::exceptions::RevocationRecord =
            sealed.open_with(app.state.keys.ring(), Purpose::EXCEPTION_REVOCATION).expect("verifies");
        assert_eq!(record.reason, "紛失の報告");

        let hr = app.signed_in(Role::Hr).await;
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let record = hires::by_user(&mut conn, &hire_id).await.expect("query").expect("hire");
        drop(conn);
        let (status, body) = app.call_json(&hr, "hires/deactivate", &[("hire_id", record.id.as_str())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (_, desk) = app.call_json(&manager, "exceptions/desk", &[]).await;
        assert_eq!(desk["in_force"], serde_json::json!([]), "{backend:?}: nothing in force for a leaver");
        let row = stored(&app, second).await;
        let status = mamoru_core::exceptions::status_of(&app.state, &row, app.state.now());
        assert_eq!(status, ExceptionStatus::Ended(EndReason::Deactivated), "{backend:?}");
    }
}

#[tokio::test]
async fn concurrent_decisions_record_exactly_one() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, _) = completed_hire(&app).await;
        let (manager, _) = manager_of(&app, &["本社"]).await;
        let (_, request) = ask(&app, &hire, "本社", 1).await;
        let id = request["id"].as_str().expect("id");
        let mut tries = tokio::task::JoinSet::new();
        for i in 0..12 {
            let (client, url) = (manager.clone(), app.url("/api/exceptions/decide"));
            let decision = if i % 2 == 0 { "approved" } else { "refused" };
            let form =
                [("exception_id", id.to_owned()), ("decision", decision.into()), ("reason", "同時".into())];
            tries.spawn(async move {
                crate::harness::answer(client.post(url).form(&form).send().await.expect("request"))
                    .await
                    .expect("answer")
            });
        }
        let answers = tries.join_all().await;
        let ok = answers.iter().filter(|(status, _)| *status == StatusCode::OK).count();
        assert_eq!(ok, 1, "{backend:?}: {answers:?}");
        assert!(
            answers.iter().all(|(s, b)| *s == StatusCode::OK || error_kind(b) == "AlreadyDecided"),
            "{backend:?}: {answers:?}"
        );
        let decisions = logged(&app, id).await.len();
        assert_eq!(decisions, 2, "{backend:?}: one request, one decision");
    }
}

#[tokio::test]
async fn hr_sees_every_request_on_the_record_the_overview_the_bundle_and_the_csv() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, hire_id) = completed_hire(&app).await;
        let (manager, _) = manager_of(&app, &["本社"]).await;
        let (_, approved) = ask(&app, &hire, "本社", 2).await;
        let (_, refused) = ask(&app, &hire, "本社", 2).await;
        let approved = approved["id"].as_str().expect("id").to_owned();
        assert_eq!(decide(&app, &manager, &approved, "approved", "").await.0, StatusCode::OK);
        let refused_id = refused["id"].as_str().expect("id");
        assert_eq!(decide(&app, &manager, refused_id, "refused", "業務に不要").await.0, StatusCode::OK);

        let hr = app.signed_in(Role::Hr).await;
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let hire_record = hires::by_user(&mut conn, &hire_id).await.expect("query").expect("hire");
        drop(conn);
        let (status, record) =
            app.call_json(&hr, "hires/record", &[("hire_id", hire_record.id.as_str()), ("lang", "ja")]).await;
        assert_eq!(status, StatusCode::OK, "{record}");
        let statuses: Vec<&Value> =
            record["exceptions"].as_array().expect("list").iter().map(|e| &e["status"]).collect();
        assert_eq!(statuses.len(), 2, "{backend:?}: {record}");
        assert!(statuses.contains(&&Value::from("Refused")) && statuses.contains(&&Value::from("Active")));

        let (_, dashboard) = app.call_json(&hr, "hires/dashboard", &[]).await;
        let in_force = dashboard["exceptions_in_force"].as_array().expect("list");
        assert_eq!(in_force.len(), 1, "{backend:?}: only the approval is in force");
        assert_eq!(in_force[0]["id"], approved.as_str());

        let csv = app.get(&hr, "/hr/exceptions.csv").await;
        assert_eq!(csv.status(), StatusCode::OK, "{backend:?}");
        let text = csv.text().await.expect("csv");
        assert_eq!(text.lines().count(), 3, "{backend:?}: a header and two requests: {text}");
        assert!(text.contains("業務に不要") && text.contains("SN-4711"), "{text}");
        assert!(app.audit_actions_logged().await.contains(&"exception.exported".to_owned()), "{backend:?}");
        assert_eq!(app.get(&manager, "/hr/exceptions.csv").await.status(), StatusCode::FORBIDDEN);

        let bundle = app.get(&hr, &format!("/hr/hires/{}/evidence.zip", hire_record.id)).await;
        let bytes = bundle.bytes().await.expect("zip");
        mamoru_seal::bundle::verify(&bytes, app.state.keys.ring()).expect("the bundle verifies");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("zip");
        let kept: Value =
            serde_json::from_reader(archive.by_name("device-exceptions.json").expect("entry")).expect("json");
        assert_eq!(kept.as_array().map(Vec::len), Some(2), "{backend:?}");
        let sealed: Sealed = serde_json::from_value(kept[0]["sealed_decision"].clone()).expect("a seal");
        sealed
            .open_with::<mamoru_core::exceptions::DecisionRecord>(
                app.state.keys.ring(),
                Purpose::EXCEPTION_DECISION,
            )
            .expect("the kept decision verifies on its own");
    }
}
