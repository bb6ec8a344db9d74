//! HR's hires: invitations with the hire's details, and the list's filters, search and
//! paging. Every search is written to the audit log; plain listing is not.

use crate::cards::pass_course;
use crate::harness::{TestApp, backends, client, error_kind, hire_form, hire_list, spawn_app};
use crate::kiosk::{claim, grant_of, new_kiosk, pickup};
use app::domain::Role;
use app::server::store::audit;
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
        assert_eq!(first["sites"], json!(["本社", "札幌"]));
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
            .filter(|e| e.action == "hires.searched")
            .collect();
        assert_eq!(searches.len(), 2, "{backend:?}: two searches, and listing alone is not logged");
        assert!(
            searches[0].detail.contains("ｅ－０４１")
                && searches[0].actor_id.as_deref() == Some(hr_id.as_str())
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
        let (status, _) = app.call_json(&admin, "staff/disable", &[("user_id", &user_id)]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, page) = hire_list(&app, &hr, json!({})).await;
        assert_eq!(
            (state(&page).as_deref(), page["rows"][0]["card"].as_str()),
            (Some("Deactivated"), None),
            "{backend:?}"
        );
    }
}

/// The hire signs with the name the invitation gave them.
async fn sign_agreement_as(app: &TestApp, hire: &Client) {
    let doc = crate::nda::fetch_document(app, hire).await;
    let (status, body) = crate::nda::sign(app, hire, &crate::nda::request(&doc, "新人 花子", None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}
