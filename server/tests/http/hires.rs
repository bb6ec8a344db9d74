//! HR's hires: invitations with the hire's details, and the list's filters, search and
//! paging. Every search is written to the audit log; plain listing is not.

use crate::cards::pass_course;
use crate::harness::{
    TestApp, backends, client, error_kind, hire_form, hire_list, spawn_app, spawn_app_with,
};
use crate::kiosk::{claim, grant_of, new_kiosk, pickup};
use mamoru_core::store::audit;
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::Role;
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

async fn invite(app: &TestApp, hr: &Client, form: &[(&str, &str)]) -> (StatusCode, Value) {
    app.call_json(hr, "hires/invite", form).await
}

fn with<'a>(
    mut form: [(&'static str, &'a str); 6],
    field: &str,
    value: &'a str,
) -> [(&'static str, &'a str); 6] {
    if let Some(entry) = form.iter_mut().find(|(name, _)| *name == field) {
        entry.1 = value;
    }
    form
}

fn numbers(page: &Value) -> Vec<String> {
    page["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["employee_number"].as_str().expect("number").to_owned())
        .collect()
}

#[tokio::test]
async fn a_hire_is_invited_with_their_details_and_bad_details_are_refused() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let form = hire_form("sato@example.jp", "佐藤 花子", "ｅ－００１２");
        let (status, body) = invite(&app, &hr, &with(form, "kana", "さとう　はなこ")).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        let row = &page["rows"][0];
        assert_eq!(
            (
                row["employee_number"].as_str(),
                row["kana"].as_str(),
                row["state"].as_str(),
                row["start_date"].as_str()
            ),
            (Some("E-0012"), Some("サトウ ハナコ"), Some("Invited"), Some("2026-12-01")),
            "{backend:?}"
        );

        let cases = [
            (
                with(hire_form("a@example.jp", "甲", "E-0012"), "kana", "コウ"),
                StatusCode::CONFLICT,
                "EmployeeNumberTaken",
            ),
            (
                with(hire_form("b@example.jp", "乙", "E-2"), "kana", "Otsu"),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Input",
            ),
            (
                with(hire_form("c@example.jp", "丙", "E-3"), "start_date", "2026-02-30"),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Input",
            ),
            (
                with(hire_form("d@example.jp", "丁", "社員1"), "site", "本社"),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Input",
            ),
            (
                with(hire_form("e@example.jp", "戊", "E-5"), "site", " "),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Input",
            ),
        ];
        for (form, code, kind) in cases {
            let (status, body) = invite(&app, &hr, &form).await;
            assert_eq!((status, error_kind(&body).as_str()), (code, kind), "{backend:?}: {form:?} {body}");
        }
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(page["total"], 1, "{backend:?}: nothing half-written");
    }
}

#[tokio::test]
async fn the_list_filters_searches_and_pages_and_logs_every_search() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hr, hr_id) = app.signed_in_with_id(Role::Hr).await;
        for i in 0..52 {
            let (email, number) = (format!("h{i}@example.jp"), format!("E-{i:03}"));
            let site = if i % 2 == 0 { "本社" } else { "札幌" };
            let date = if i < 10 { "2026-04-01" } else { "2026-10-01" };
            let form = with(with(hire_form(&email, "新人 花子", &number), "site", site), "start_date", date);
            let (status, body) = invite(&app, &hr, &form).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let (status, first) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(
            (status, first["total"].as_u64(), first["page_count"].as_u64()),
            (StatusCode::OK, Some(52), Some(2))
        );
        assert_eq!(first["rows"].as_array().map(Vec::len), Some(50));
        let (_, second) = hire_list(&app, &hr, json!({ "page": 2 })).await;
        assert_eq!(second["rows"].as_array().map(Vec::len), Some(2), "{backend:?}");

        let (_, sapporo) = hire_list(&app, &hr, json!({ "site": "札幌" })).await;
        assert_eq!(sapporo["total"], 26);
        let (_, april) =
            hire_list(&app, &hr, json!({ "start_from": "2026-04-01", "start_to": "2026-04-30" })).await;
        assert_eq!(april["total"], 10, "{backend:?}");
        let (_, found) = hire_list(&app, &hr, json!({ "search": "ｅ－０４１" })).await;
        assert_eq!(numbers(&found), ["E-041"], "{backend:?}: width and case folded");
        let (_, by_kana) = hire_list(&app, &hr, json!({ "search": "しんじん", "site": "本社" })).await;
        assert_eq!(by_kana["total"], 26, "{backend:?}: hiragana finds katakana");

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let searches: Vec<_> = audit::about(&mut conn, &hr_id)
            .await
            .expect("audit")
            .into_iter()
            .filter(|e| e.action == AuditAction::HiresSearched)
            .collect();
        assert_eq!(
            searches.len(),
            4,
            "{backend:?}: four filtered looks; listing and paging alone are not logged"
        );
        assert!(
            searches[2].detail.contains("ｅ－０４１")
                && searches[0].actor_id.as_deref() == Some(hr_id.as_str())
        );
    }
}

#[tokio::test]
async fn an_oversized_or_malformed_filter_is_explained_and_not_logged() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hr, hr_id) = app.signed_in_with_id(Role::Hr).await;
        let long = "あ".repeat(101);
        for filter in [
            json!({ "search": long }),
            json!({ "site": "本".repeat(61) }),
            json!({ "start_from": "2026-13-01" }),
            json!({ "start_to": "x".repeat(10_000) }),
        ] {
            let (status, body) = hire_list(&app, &hr, filter.clone()).await;
            assert_eq!(
                (status, error_kind(&body).as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, "Input"),
                "{filter}"
            );
        }
        assert!(hire_list(&app, &hr, json!({ "search": "あ".repeat(100) })).await.0.is_success());
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let logged = audit::about(&mut conn, &hr_id).await.expect("audit");
        assert_eq!(
            logged.iter().filter(|e| e.action == AuditAction::HiresSearched).count(),
            1,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn each_hire_shows_where_they_stand() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let token = app.invite(&hr, "hires/invite", "taro@example.jp").await;
        let hire = client();
        let (status, _) = app.accept_invite(&hire, &token).await;
        assert_eq!(status, StatusCode::OK);
        let state = |page: &Value| page["rows"][0]["state"].as_str().map(str::to_owned);
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(state(&page).as_deref(), Some("InTraining"), "{backend:?}");
        pass_course(&app, &hire).await;
        let (_, page) = hire_list(&app, &hr, json!({ "state": "NdaPending" })).await;
        assert_eq!(
            (state(&page).as_deref(), page["rows"][0]["modules_passed"].as_u64()),
            (Some("NdaPending"), Some(8))
        );
        sign_agreement_as(&app, &hire).await;
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(
            (state(&page).as_deref(), page["rows"][0]["card"].as_str()),
            (Some("Completed"), Some("Waiting")),
            "{backend:?}"
        );
        let (_, page) = hire_list(&app, &hr, json!({ "state": "InTraining" })).await;
        assert_eq!(page["total"], 0);

        let admin = app.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&app, &admin).await;
        let (code, pin) = pickup(&app, &hire).await;
        let grant = grant_of(&app, &kiosk, &code).await;
        let (status, _) = kiosk.call(&app, "POST", "/claims", claim(&grant, &pin)).await;
        assert_eq!(status, StatusCode::OK);
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(page["rows"][0]["card"], "AtKiosk", "{backend:?}");
        let confirm = format!("/claims/{}/confirm", grant.grant_id);
        let (status, _) = kiosk.call(&app, "POST", &confirm, json!({ "card_uid": "04A1B2C3D4E5F6" })).await;
        assert_eq!(status, StatusCode::OK);
        let (_, page) = hire_list(&app, &hr, json!({ "state": "CardIssued" })).await;
        assert_eq!(
            (page["total"].as_u64(), page["rows"][0]["card"].as_str()),
            (Some(1), Some("Issued")),
            "{backend:?}"
        );

        let user_id = page["rows"][0]["user_id"].as_str().expect("user id").to_owned();
        let (status, _) = app.call_json(&admin, "staff/disable", &[("user_id", user_id.as_str())]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(
            (state(&page).as_deref(), page["rows"][0]["card"].as_str()),
            (Some("Deactivated"), None),
            "{backend:?}"
        );
    }
}

/// Invites a hire as `hr` and answers their hire id (from the list) and invitation token.
async fn invited(app: &TestApp, hr: &Client, email: &str) -> (String, String) {
    let token = app.invite(hr, "hires/invite", email).await;
    let (_, page) = hire_list(app, hr, json!({ "search": email })).await;
    let id = page["rows"][0]["id"].as_str().expect("hire id").to_owned();
    (id, token)
}

async fn record(app: &TestApp, hr: &Client, hire_id: &str) -> (StatusCode, Value) {
    app.call_json(hr, "hires/record", &[("hire_id", hire_id), ("lang", "ja")]).await
}

fn actions(record: &Value) -> Vec<String> {
    record["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["action"].as_str().expect("action").to_owned())
        .collect()
}

#[tokio::test]
async fn a_record_shows_attempts_agreements_and_card_and_every_opening_is_logged() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hr, hr_id) = app.signed_in_with_id(Role::Hr).await;
        let (hire_id, token) = invited(&app, &hr, "taro@example.jp").await;
        let (status, body) = record(&app, &hr, &hire_id).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (body["modules"].as_array().map(Vec::len), &body["invitation"]["Pending"].is_object()),
            (Some(0), &true)
        );

        let hire = client();
        app.accept_invite(&hire, &token).await;
        pass_course(&app, &hire).await;
        sign_agreement_as(&app, &hire).await;
        let (status, body) = record(&app, &hr, &hire_id).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        let modules = body["modules"].as_array().expect("modules");
        assert_eq!(modules.len(), app.state.course.modules.len());
        assert_eq!(
            (
                &modules[0]["state"],
                &modules[0]["attempts"][0]["score_percent"],
                &modules[0]["attempts"][0]["passed"]
            ),
            (&json!("Passed"), &json!(100), &json!(true))
        );
        assert_eq!(body["agreements"][0]["version"], 1);
        assert!(body["invitation"]["Accepted"].is_object(), "{body}");
        assert_eq!((&body["hire"]["state"], &body["hire"]["card"]), (&json!("Completed"), &json!("Waiting")));
        let seen = actions(&body);
        for action in ["hire.invited", "quiz.submitted", "nda.signed", "card.granted", "hire.viewed"] {
            assert!(seen.iter().any(|a| a == action), "{backend:?}: {action} missing from {seen:?}");
        }

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let views: Vec<_> = audit::about(&mut conn, &hire_id)
            .await
            .expect("audit")
            .into_iter()
            .filter(|e| e.action == AuditAction::HireViewed)
            .collect();
        assert_eq!(views.len(), 2, "{backend:?}: each opening is logged");
        assert_eq!(views[1].actor_id.as_deref(), Some(hr_id.as_str()));
        let (status, body) = record(&app, &hr, "no-such-hire").await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::NOT_FOUND, "NotFound"));
    }
}

#[tokio::test]
async fn an_unused_invitation_can_be_resent_or_cancelled_and_a_used_one_cannot() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let (hire_id, old_token) = invited(&app, &hr, "taro@example.jp").await;
        // Expired first: re-sending is how HR rescues a hire who waited too long.
        app.clock.advance(app.state.settings.invite_ttl_secs + 1);
        let hr = app.signed_in(Role::Hr).await; // the first session has expired by now
        let (status, body) = app.call_json(&hr, "hires/resend", &[("hire_id", &hire_id)]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        let new_token = body["link"].as_str().expect("link").rsplit('/').next().expect("token").to_owned();
        let (status, body) = app.call_json(&hr, "hires/resend", &[("hire_id", &hire_id)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let newest = body["link"].as_str().expect("link").rsplit('/').next().expect("token").to_owned();
        for token in [&old_token, &new_token] {
            let (status, body) = app.accept_invite(&client(), token).await;
            assert_eq!(
                (status, error_kind(&body).as_str()),
                (StatusCode::NOT_FOUND, "LinkInvalid"),
                "{backend:?}"
            );
        }

        let (status, _) = app.call_json(&hr, "hires/cancel", &[("hire_id", &hire_id)]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, body) = app.accept_invite(&client(), &newest).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::NOT_FOUND, "LinkInvalid"),
            "{backend:?}: cancelled"
        );
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(page["total"], 0, "{backend:?}: a cancelled hire leaves the list");

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let logged: Vec<String> = audit::about(&mut conn, &hire_id)
            .await
            .expect("audit")
            .into_iter()
            .map(|e| e.action.name().to_owned())
            .collect();
        assert_eq!(
            logged,
            ["hire.invited", "hire.invite_resent", "hire.invite_resent", "hire.invite_cancelled"],
            "{backend:?}"
        );
        drop(conn);

        let (hire_id, token) = invited(&app, &hr, "taro@example.jp").await;
        let (status, _) = app.accept_invite(&client(), &token).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: the address is free again");
        for endpoint in ["hires/resend", "hires/cancel"] {
            let (status, body) = app.call_json(&hr, endpoint, &[("hire_id", &hire_id)]).await;
            assert_eq!(
                (status, error_kind(&body).as_str()),
                (StatusCode::CONFLICT, "InviteAccepted"),
                "{endpoint}"
            );
        }
    }
}

#[tokio::test]
async fn hr_deactivates_a_leaver_whose_sessions_end_at_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let (pending_id, _) = invited(&app, &hr, "hanako@example.jp").await;
        let (status, body) = app.call_json(&hr, "hires/deactivate", &[("hire_id", &pending_id)]).await;
        assert_eq!(
            (status, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "NotRegistered"),
            "{backend:?}"
        );

        let (hire_id, token) = invited(&app, &hr, "taro@example.jp").await;
        let hire = client();
        app.accept_invite(&hire, &token).await;
        assert!(app.whoami(&hire).await.is_some());
        let (status, body) = app.call_json(&hr, "hires/deactivate", &[("hire_id", &hire_id)]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(app.whoami(&hire).await, None, "{backend:?}: signed out at once");
        let (_, body) = record(&app, &hr, &hire_id).await;
        assert_eq!(body["hire"]["state"], "Deactivated");
        assert!(actions(&body).contains(&"account.disabled".to_owned()), "{backend:?}");
    }
}

async fn import(app: &TestApp, hr: &Client, csv: &str) -> (StatusCode, Value) {
    let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("hires.csv");
    let form = reqwest::multipart::Form::new().part("csv", part);
    let response = hr.post(app.url("/api/hires/import")).multipart(form).send().await.expect("upload");
    (response.status(), response.json().await.expect("json"))
}

#[tokio::test]
async fn a_csv_import_with_any_bad_row_imports_nothing_and_a_clean_one_imports_all() {
    const HEADING: &str = "氏名,フリガナ,メールアドレス,社員番号,勤務地,入社日\n";
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hr, hr_id) = app.signed_in_with_id(Role::Hr).await;
        invited(&app, &hr, "taken@example.jp").await;
        let bad = format!(
            "{HEADING}新人 太郎,シンジン タロウ,taro@example.jp,E-0001,本社,2026-12-01\n\
             新人 次郎,Jiro,jiro@example.jp,E-0002,本社,2026-12-01\n"
        );
        let (status, body) = import(&app, &hr, &bad).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(
            body,
            json!({ "Rejected": [{ "row": 3, "field": "Kana", "reason": { "Input": "KanaInvalid" } }] }),
            "{backend:?}"
        );
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(page["total"], 1, "{backend:?}: nothing imported");

        let taken = format!("{HEADING}新人 三郎,シンジン サブロウ,taken@example.jp,E-0003,本社,2026-12-01\n");
        let (_, body) = import(&app, &hr, &taken).await;
        assert_eq!(body["Rejected"][0]["reason"], "EmailTaken", "{backend:?}: checked against the database");

        let clean = bad.replace("Jiro", "しんじん じろう");
        let (status, body) = import(&app, &hr, &clean).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let imported = body["Imported"].as_array().expect("imported");
        assert_eq!(imported.len(), 2, "{backend:?}: {body}");
        let token = imported[1]["link"].as_str().expect("link").rsplit('/').next().expect("token");
        let (status, _) = app.accept_invite(&client(), token).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: each imported hire has a working invitation");
        let (_, page) = hire_list(&app, &hr, json!({ "search": "ジロウ" })).await;
        assert_eq!(page["rows"][0]["state"], "InTraining");
        let (_, again) = import(&app, &hr, &clean).await;
        assert_eq!(again["Rejected"][0]["reason"], "EmployeeNumberTaken", "{backend:?}: importing twice");

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let imports = audit::about(&mut conn, &hr_id).await.expect("audit");
        assert_eq!(imports.iter().filter(|e| e.action == AuditAction::HiresImported).count(), 1);
    }
}

#[tokio::test]
async fn an_upload_without_a_csv_file_is_refused() {
    let app = spawn_app(backends()[0]).await;
    let hr = app.signed_in(Role::Hr).await;
    let form = reqwest::multipart::Form::new().text("other", "x");
    let response = hr.post(app.url("/api/hires/import")).multipart(form).send().await.expect("upload");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let hire = app.signed_in(Role::Hire).await;
    let (status, _) = import(&app, &hire, "氏名\n").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a hire cannot import");
}

#[tokio::test]
async fn hr_downloads_a_sealed_evidence_bundle_that_verifies_and_a_hire_cannot() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hr, hr_id) = app.signed_in_with_id(Role::Hr).await;
        let (hire_id, token) = invited(&app, &hr, "taro@example.jp").await;
        let hire = client();
        app.accept_invite(&hire, &token).await;
        pass_course(&app, &hire).await;
        sign_agreement_as(&app, &hire).await;

        let path = format!("/hr/hires/{hire_id}/evidence.zip");
        let response = app.get(&hr, &path).await;
        assert_eq!(response.status(), StatusCode::OK, "{backend:?}");
        assert_eq!(response.headers()["content-type"], "application/zip");
        let bytes = response.bytes().await.expect("body");
        let manifest = mamoru_seal::bundle::verify(&bytes, app.state.keys.ring()).expect("verifies");
        let paths: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
        let (_, nda) = app.call_json(&hire, "nda/overview", &[]).await;
        let code = nda["copies"][0]["verification_code"].as_str().expect("code");
        assert_eq!(
            paths,
            [
                "hire.json",
                &format!("agreements/nda-v1-{code}.pdf"),
                &format!("agreements/nda-v1-{code}.evidence.json"),
                "quiz-attempts.json",
                "card-events.json",
                "device-exceptions.json",
                "door-events.json",
                "audit-log.json"
            ],
            "{backend:?}"
        );
        let file = |name: &str| -> Value {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).expect("zip");
            serde_json::from_reader(archive.by_name(name).expect("entry")).expect("json")
        };
        let attempts = file("quiz-attempts.json");
        assert_eq!(attempts.as_array().map(Vec::len), Some(app.state.course.modules.len()), "{backend:?}");
        let first = &attempts[0];
        assert_eq!((&first["passed"], &first["score_percent"]), (&json!(true), &json!(100)));
        let question = &first["questions"][0];
        assert!(question["chosen"].as_array().is_some_and(|c| !c.is_empty()), "{first}");
        assert_eq!(question["chosen"], question["correct"], "{first}");
        assert!(first["questions"][0]["text"].is_string(), "{first}");
        assert_eq!(file("card-events.json")[0]["action"], "card.granted");
        let log = file("audit-log.json");
        let actions: Vec<&str> =
            log.as_array().expect("log").iter().filter_map(|e| e["action"].as_str()).collect();
        assert!(
            actions.contains(&"nda.signed") && actions.contains(&"hire.evidence_downloaded"),
            "{actions:?}"
        );

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let downloads = audit::about(&mut conn, &hire_id).await.expect("audit");
        assert!(
            downloads.iter().any(|e| e.action == AuditAction::HireEvidenceDownloaded
                && e.actor_id.as_deref() == Some(hr_id.as_str())),
            "{backend:?}"
        );
        assert_eq!(app.get(&hire, &path).await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.get(&client(), &path).await.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(app.get(&hr, "/hr/hires/nobody/evidence.zip").await.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn hr_exports_the_filtered_list_and_the_training_register_as_csv() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hr, hr_id) = app.signed_in_with_id(Role::Hr).await;
        let (_, token) = invited(&app, &hr, "taro@example.jp").await;
        invited(&app, &hr, "hanako@example.jp").await;
        let hire = client();
        app.accept_invite(&hire, &token).await;
        pass_course(&app, &hire).await;
        sign_agreement_as(&app, &hire).await;

        let response = app.get(&hr, "/hr/hires.csv?state=Completed").await;
        assert_eq!(response.status(), StatusCode::OK, "{backend:?}");
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        let text = response.text().await.expect("csv");
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("\u{FEFF}氏名,フリガナ,メールアドレス,社員番号,勤務地,入社日,状態"),
            "{text}"
        );
        assert_eq!(lines.len(), 2, "{backend:?}: the filter applies: {text}");
        assert!(
            lines[1].contains("taro@example.jp")
                && lines[1].contains("完了（カード未受領）")
                && lines[1].contains(",1,")
                && lines[1].ends_with(&mamoru_types::i18n::format_jst(
                    app.state.now() + app.state.settings.certification_secs
                )),
            "{text}"
        );
        let all = app.get(&hr, "/hr/hires.csv").await.text().await.expect("csv");
        assert_eq!(all.lines().count(), 3, "{backend:?}");
        assert_eq!(app.get(&hire, "/hr/hires.csv").await.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.get(&client(), "/hr/training-register.csv").await.status(), StatusCode::UNAUTHORIZED);

        let register = app.get(&hr, "/hr/training-register.csv").await.text().await.expect("csv");
        let rows: Vec<&str> = register.lines().skip(1).collect();
        assert_eq!(
            rows.len(),
            app.state.course.modules.len(),
            "{backend:?}: one row per attempt: {register}"
        );
        let first_title = &app.state.course.modules[0].title.ja;
        assert!(
            rows.iter().any(|r| r.contains(first_title.as_str()) && r.contains(",100,合格,")),
            "{register}"
        );
        // Two years on, the attempts have left the register.
        app.clock.advance(mamoru_core::hires::export::REGISTER_DAYS * 86_400 + 86_400);
        let hr = app.signed_in(Role::Hr).await;
        let later = app.get(&hr, "/hr/training-register.csv").await.text().await.expect("csv");
        assert_eq!(later.lines().count(), 1, "{backend:?}: {later}");

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let exports: Vec<String> = audit::about(&mut conn, &hr_id)
            .await
            .expect("audit")
            .into_iter()
            .map(|e| e.action.name().to_owned())
            .collect();
        assert_eq!(
            exports.iter().filter(|a| ["hires.exported", "register.exported"].contains(&a.as_str())).count(),
            3,
            "{backend:?}: {exports:?}"
        );
    }
}

#[tokio::test]
async fn the_dashboard_counts_the_funnel_and_names_who_is_overdue() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        let mut tokens = Vec::new();
        for (email, number, start) in [
            ("late@example.jp", "E-1", "2026-11-01"),
            ("done@example.jp", "E-2", "2026-11-01"),
            ("future@example.jp", "E-3", "2026-12-01"),
            ("today@example.jp", "E-4", "2026-11-28"),
        ] {
            let form = with(hire_form(email, "新人 花子", number), "start_date", start);
            let (status, body) = invite(&app, &hr, &form).await;
            assert_eq!(status, StatusCode::OK, "{body}");
            tokens.push(body["link"].as_str().expect("link").rsplit('/').next().expect("token").to_owned());
        }
        let late = client();
        app.accept_invite(&late, &tokens[0]).await;
        let done = client();
        app.accept_invite(&done, &tokens[1]).await;
        pass_course(&app, &done).await;
        sign_agreement_as(&app, &done).await;

        let (status, dashboard) = app.call_json(&hr, "hires/dashboard", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {dashboard}");
        assert_eq!(
            dashboard["funnel"],
            json!({ "invited": 4, "trained": 1, "signed": 1, "card": 0 }),
            "{backend:?}"
        );
        assert_eq!(dashboard["overdue_total"], 1, "{backend:?}: started before today and not done");
        assert_eq!(dashboard["overdue"][0]["employee_number"], "E-1");
        assert_eq!(dashboard["overdue"][0]["state"], "InTraining");
    }
}

/// Invites a hire who started on 1 November (overdue) and one who starts in December.
async fn late_and_early(app: &TestApp, hr: &Client) -> String {
    let late = with(hire_form("late@example.jp", "遅刻 太郎", "E-1"), "start_date", "2026-11-01");
    let (status, _) = invite(app, hr, &late).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = invite(app, hr, &hire_form("early@example.jp", "新人 花子", "E-2")).await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = hire_list(app, hr, json!({ "search": "E-1" })).await;
    page["rows"][0]["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn without_smtp_hr_gets_the_overdue_addresses_and_the_message_to_copy() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        late_and_early(&app, &hr).await;
        let (status, draft) = app.call_json(&hr, "reminders/draft", &[]).await;
        assert_eq!(status, StatusCode::OK, "{draft}");
        assert_eq!(draft["recipients"].as_array().map(Vec::len), Some(1), "{backend:?}: only the overdue");
        assert_eq!(
            (&draft["recipients"][0]["email"], &draft["can_send"]),
            (&json!("late@example.jp"), &json!(false))
        );
        assert!(
            draft["body"]
                .as_str()
                .is_some_and(|b| b.contains(&format!("{}/login", app.state.settings.public_url)))
        );
        let (status, body) = app.call_json(&hr, "reminders/send", &[]).await;
        assert_eq!((status, error_kind(&body).as_str()), (StatusCode::CONFLICT, "MailNotConfigured"));
    }
}

#[tokio::test]
async fn with_smtp_each_overdue_hire_is_emailed_and_the_reminder_logged() {
    for backend in backends() {
        let sink = crate::smtp_sink::SmtpSink::start().await;
        let mailer = mamoru_core::mail::Mailer::new(&sink.url, "Mamoru <mamoru@example.jp>").expect("mailer");
        let app = spawn_app_with(backend, |state| state.mailer = Some(mailer)).await;
        let hr = app.signed_in(Role::Hr).await;
        let late_id = late_and_early(&app, &hr).await;
        let (status, report) = app.call_json(&hr, "reminders/send", &[]).await;
        assert_eq!(status, StatusCode::OK, "{backend:?}: {report}");
        assert_eq!(report, json!({ "sent": 1, "failed": [] }));
        let mails = sink.received();
        assert_eq!(mails.len(), 1, "{backend:?}");
        assert_eq!(mails[0].to, ["<late@example.jp>"]);
        assert!(mails[0].data.contains("From: Mamoru <mamoru@example.jp>"), "{}", mails[0].data);
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let about = audit::about(&mut conn, &late_id).await.expect("audit");
        assert!(about.iter().any(|e| e.action == AuditAction::HireReminded), "{backend:?}");
    }
}

/// The hire signs with the name the invitation gave them.
async fn sign_agreement_as(app: &TestApp, hire: &Client) {
    let doc = crate::nda::fetch_document(app, hire).await;
    let (status, body) = crate::nda::sign(app, hire, &crate::nda::request(&doc, "新人 花子", None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
