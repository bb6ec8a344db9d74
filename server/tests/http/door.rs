//! Door and desk systems over HTTP: the active list with valid-until, sites and device
//! exceptions; tokens limited to sites; the change feed; expired training.

use crate::cards::completed_hire;
use crate::exceptions::{ask, decide, manager_of};
use crate::harness::{TestApp, backends, client, spawn_app, spawn_app_with};
use crate::kiosk::{claim, door_cards, grant_of, new_kiosk, pickup};
use mamoru_types::domain::{Role, UserId};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

const DAY: i64 = 86_400;

/// A completed hire at 本社 who collected a card with `uid` at a kiosk.
pub(crate) async fn card_holder(app: &TestApp, uid: &str) -> (Client, UserId) {
    let admin = app.signed_in(Role::Admin).await;
    let kiosk = new_kiosk(app, &admin).await;
    let (hire, hire_id) = completed_hire(app).await;
    let (code, pin) = pickup(app, &hire).await;
    let grant = grant_of(app, &kiosk, &code).await;
    assert_eq!(kiosk.call(app, "POST", "/claims", claim(&grant, &pin)).await.0, StatusCode::OK);
    let confirm = format!("/claims/{}/confirm", grant.grant_id);
    let (status, body) = kiosk.call(app, "POST", &confirm, json!({ "card_uid": uid })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (hire, hire_id)
}

async fn token(app: &TestApp, sites: &str) -> String {
    let admin = app.signed_in(Role::Admin).await;
    let (status, body) =
        app.call_json(&admin, "door-tokens/create", &[("name", "入退室"), ("sites", sites)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["secret"].as_str().expect("secret").to_owned()
}

async fn cards(app: &TestApp, token: &str) -> Value {
    let response = door_cards(app, token, "/api/door/v1/cards").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("json")
}

async fn changes(app: &TestApp, token: &str, since: &str) -> (StatusCode, Value) {
    let url = app.url(&format!("/api/door/v1/changes?since={since}"));
    let response = client().get(url).bearer_auth(token).send().await.expect("request");
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

fn kinds(feed: &Value) -> Vec<(String, Value)> {
    feed["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| (c["change"].as_str().unwrap_or_default().to_owned(), c["reason"].clone()))
        .collect()
}

#[tokio::test]
async fn a_token_of_other_sites_sees_neither_the_card_nor_its_changes() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        card_holder(&app, "04A1B2C3D4E5F6").await;
        let (head_office, sapporo) = (token(&app, "本社").await, token(&app, "札幌、福岡").await);
        assert_eq!(cards(&app, &head_office).await["cards"][0]["sites"], json!(["本社"]), "{backend:?}");
        assert_eq!(cards(&app, &sapporo).await["cards"], json!([]), "{backend:?}");
        let (_, feed) = changes(&app, &sapporo, "0").await;
        assert_eq!(feed["changes"], json!([]), "{backend:?}");
        let (_, feed) = changes(&app, &head_office, "0").await;
        assert_eq!(kinds(&feed), [("card_added".to_owned(), Value::Null)], "{backend:?}");

        let admin = app.signed_in(Role::Admin).await;
        let (_, list) = app.call_json(&admin, "door-tokens/list", &[]).await;
        let mut sites: Vec<String> =
            list.as_array().expect("tokens").iter().map(|t| t["sites"].to_string()).collect();
        sites.sort();
        assert_eq!(sites, [json!(["本社"]).to_string(), json!(["札幌", "福岡"]).to_string()], "{backend:?}");
        let (status, _) =
            app.call_json(&admin, "door-tokens/create", &[("name", "x"), ("sites", &"長".repeat(61))]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}: a site name too long");
    }
}

#[tokio::test]
async fn the_change_feed_lists_cards_and_exceptions_in_order_and_reads_on_from_its_cursor() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, hire_id) = card_holder(&app, "04A1B2C3D4E5F6").await;
        let door = token(&app, "").await;
        let (_, first) = changes(&app, &door, "").await;
        let next = first["next"].as_i64().expect("next");

        let (manager, _) = manager_of(&app, &["本社"]).await;
        let (_, request) = ask(&app, &hire, "本社", 2).await;
        let id = request["id"].as_str().expect("id");
        assert_eq!(decide(&app, &manager, id, "approved", "").await.0, StatusCode::OK);
        let listed = cards(&app, &door).await;
        assert_eq!(listed["cards"][0]["exceptions"][0]["identifier"], "SN-4711", "{backend:?}: {listed}");
        assert_eq!(listed["cards"][0]["exceptions"][0]["kind"], "usb_storage");

        let hr = app.signed_in(Role::Hr).await;
        let (status, _) =
            app.call_json(&hr, "cards/end", &[("user_id", hire_id.as_str()), ("reason", "Lost")]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, feed) = changes(&app, &door, &next.to_string()).await;
        assert_eq!(
            kinds(&feed),
            [("exception_approved".to_owned(), Value::Null), ("card_removed".to_owned(), json!("lost"))],
            "{backend:?}: {feed}"
        );
        assert_eq!(feed["changes"][0]["uid"], "04A1B2C3D4E5F6", "{backend:?}: the holder's card");
        assert_eq!(feed["changes"][0]["exception"]["identifier"], "SN-4711");
        let cursors: Vec<i64> =
            feed["changes"].as_array().expect("list").iter().filter_map(|c| c["cursor"].as_i64()).collect();
        assert!(cursors.windows(2).all(|w| w[0] < w[1]) && cursors[0] > next, "{cursors:?}");

        let (_, again) = changes(&app, &door, &feed["next"].to_string()).await;
        assert_eq!(again["changes"], json!([]), "{backend:?}: nothing twice");
        assert!(again["next"].as_i64() >= feed["next"].as_i64(), "{backend:?}: the cursor never goes back");
        for bad in ["-1", "abc", "1e9"] {
            let (status, body) = changes(&app, &door, bad).await;
            assert_eq!((status, &body["error"]), (StatusCode::BAD_REQUEST, &json!("bad_cursor")), "{bad}");
        }
        assert_eq!(changes(&app, "mamoru_door_forged", "0").await.0, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test]
async fn an_expired_holder_leaves_the_list_and_the_feed_says_why() {
    for backend in backends() {
        let app = spawn_app_with(backend, |state| {
            let settings = mamoru_core::Settings { certification_secs: 3 * DAY, ..(*state.settings).clone() };
            state.settings = std::sync::Arc::new(settings);
        })
        .await;
        let (hire, _) = card_holder(&app, "04A1B2C3D4E5F6").await;
        let (manager, _) = manager_of(&app, &["本社"]).await;
        let (_, request) = ask(&app, &hire, "本社", 5).await;
        assert_eq!(
            decide(&app, &manager, request["id"].as_str().expect("id"), "approved", "").await.0,
            StatusCode::OK
        );
        let door = token(&app, "").await;
        let (_, before) = changes(&app, &door, "0").await;

        app.clock.advance(3 * DAY);
        assert_eq!(cards(&app, &door).await["cards"], json!([]), "{backend:?}: off the list at expiry");
        let (_, feed) = changes(&app, &door, &before["next"].to_string()).await;
        let mut seen = kinds(&feed);
        seen.sort_by_key(|(change, _)| change.clone());
        assert_eq!(
            seen,
            [
                ("card_removed".to_owned(), json!("training_expired")),
                ("exception_ended".to_owned(), json!("training_expired"))
            ],
            "{backend:?}: {feed}"
        );
        let (_, again) = changes(&app, &door, &feed["next"].to_string()).await;
        assert_eq!(again["changes"], json!([]), "{backend:?}: each end is announced once");
    }
}

#[tokio::test]
async fn with_the_setting_off_an_expired_card_stays_listed_with_its_valid_until() {
    for backend in backends() {
        let app = spawn_app_with(backend, |state| {
            let settings = mamoru_core::Settings {
                certification_secs: 3 * DAY,
                expired_cards_leave_list: false,
                ..(*state.settings).clone()
            };
            state.settings = std::sync::Arc::new(settings);
        })
        .await;
        card_holder(&app, "04A1B2C3D4E5F6").await;
        let door = token(&app, "").await;
        app.clock.advance(3 * DAY);
        let listed = cards(&app, &door).await;
        assert_eq!(listed["cards"][0]["uid"], "04A1B2C3D4E5F6", "{backend:?}");
        let valid_until = listed["cards"][0]["valid_until"].as_str().expect("valid until");
        let until = mamoru_types::i18n::parse_utc(valid_until).expect("RFC 3339");
        assert!(until <= app.state.now(), "{backend:?}: the door system sees it has expired");
    }
}

async fn send_events(app: &TestApp, token: &str, events: Value) -> (StatusCode, Value) {
    let url = app.url("/api/door/v1/events");
    let response =
        client().post(url).bearer_auth(token).json(&json!({ "events": events })).send().await.expect("post");
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

fn event(id: &str, kind: &str, uid: &str, at: i64) -> Value {
    json!({ "id": id, "kind": kind, "card_uid": uid, "point": "3F オペレータールーム", "at": mamoru_types::i18n::format_utc(at) })
}

async fn chained_events(app: &TestApp) -> i64 {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    match mamoru_core::store::door_events::verify(&mut conn).await.expect("walk") {
        mamoru_core::store::chain::Chain::Intact { entries, .. } => entries,
        broken => panic!("the door events' chain is broken: {broken:?}"),
    }
}

#[tokio::test]
async fn a_batch_is_recorded_once_and_shows_on_the_record_and_in_the_entry_report() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, hire_id) = card_holder(&app, "04A1B2C3D4E5F6").await;
        let door = token(&app, "").await;
        let now = app.state.now();
        // The card was issued just now (the test clock stands still): events from then on
        // are the holder's; one before it is nobody's.
        let batch = json!([
            event("e-1", "entry", "04a1b2c3d4e5f6", now),
            event("e-2", "desk_lock", "04A1B2C3D4E5F6", now),
            event("e-3", "exit", "04A1B2C3D4E5F6", now),
            event("e-0", "exit", "04A1B2C3D4E5F6", now - 60),
        ]);
        assert_eq!(
            send_events(&app, &door, batch.clone()).await,
            (StatusCode::OK, json!({ "recorded": 4, "duplicates": 0 }))
        );
        assert_eq!(
            send_events(&app, &door, batch).await,
            (StatusCode::OK, json!({ "recorded": 0, "duplicates": 4 })),
            "{backend:?}: a re-sent batch records nothing twice"
        );
        assert_eq!(chained_events(&app).await, 4, "{backend:?}");

        let hr = app.signed_in(Role::Hr).await;
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let hire =
            mamoru_core::store::hires::by_user(&mut conn, &hire_id).await.expect("query").expect("hire");
        drop(conn);
        let (_, record) =
            app.call_json(&hr, "hires/record", &[("hire_id", hire.id.as_str()), ("lang", "ja")]).await;
        let kinds: Vec<&str> = record["door_events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|e| e["kind"].as_str())
            .collect();
        assert_eq!(kinds, ["exit", "desk_lock", "entry"], "{backend:?}: newest first");
        assert_eq!(record["door_events"][0]["holder"], "山田 太郎");

        let today = mamoru_types::i18n::format_jst_date(now);
        let query = [("point", "3F オペレータールーム"), ("from", today.as_str()), ("to", today.as_str())];
        let report = hr.get(app.url("/hr/door-report.csv")).query(&query).send().await.expect("report");
        assert_eq!(report.status(), StatusCode::OK, "{backend:?}");
        let text = report.text().await.expect("csv");
        assert_eq!(text.lines().count(), 2, "{backend:?}: the header and the one entry: {text}");
        assert!(text.contains(&hire.employee_number), "{text}");
        assert!(app.audit_actions_logged().await.contains(&"door.report_exported".to_owned()), "{backend:?}");
        let bad = hr
            .get(app.url("/hr/door-report.csv"))
            .query(&[("point", ""), ("from", "x"), ("to", "y")])
            .send()
            .await;
        assert_eq!(bad.expect("report").status(), StatusCode::UNPROCESSABLE_ENTITY, "{backend:?}");

        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        let update = sqlx::query("UPDATE door_events SET point = 'elsewhere'").execute(&mut *conn).await;
        assert!(update.is_err(), "{backend:?}: append-only");
    }
}

#[tokio::test]
async fn a_malformed_event_refuses_the_whole_batch_with_its_position() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let door = token(&app, "").await;
        let now = app.state.now();
        let good = event("ok-1", "entry", "04A1B2C3", now);
        let mut unknown_field = event("x", "entry", "04A1B2C3", now);
        unknown_field["extra"] = json!(1);
        for (bad, problem) in [
            (event("x", "teleport", "04A1B2C3", now), "kind"),
            (event("x", "entry", "04A1B2C3D5", now), "card_uid"),
            (event("x", "entry", "04A1B2C3", now + 3600), "future"),
            (
                json!({ "id": "x", "kind": "entry", "card_uid": "04A1B2C3", "point": "3F", "at": "yesterday" }),
                "UTC",
            ),
            (event("", "entry", "04A1B2C3", now), "id"),
            (unknown_field, "object"),
        ] {
            let (status, body) = send_events(&app, &door, json!([good.clone(), bad])).await;
            assert_eq!(
                (status, &body["error"], &body["position"]),
                (StatusCode::UNPROCESSABLE_ENTITY, &json!("bad_event"), &json!(1)),
                "{backend:?}: {body}"
            );
            assert!(body["problem"].as_str().is_some_and(|p| p.contains(problem)), "{backend:?}: {body}");
        }
        let (status, body) = send_events(&app, &door, json!([])).await;
        assert_eq!((status, &body["error"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("batch_size")));
        let many: Vec<Value> =
            (0..=1000).map(|i| event(&format!("m-{i}"), "entry", "04A1B2C3", now)).collect();
        let (status, body) = send_events(&app, &door, Value::Array(many)).await;
        assert_eq!((status, &body["error"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("batch_size")));
        assert_eq!(send_events(&app, "mamoru_door_forged", json!([good])).await.0, StatusCode::UNAUTHORIZED);
        assert_eq!(chained_events(&app).await, 0, "{backend:?}: nothing recorded");
    }
}

#[tokio::test]
async fn concurrent_copies_of_a_batch_record_it_once() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let door = token(&app, "").await;
        let now = app.state.now();
        let batch = json!([event("c-1", "entry", "04A1B2C3", now), event("c-2", "exit", "04A1B2C3", now)]);
        let mut sends = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (url, door, batch) = (app.url("/api/door/v1/events"), door.clone(), batch.clone());
            sends.spawn(async move {
                let response =
                    client().post(url).bearer_auth(door).json(&json!({ "events": batch })).send().await;
                response.expect("post").json::<Value>().await.expect("json")
            });
        }
        let answers = sends.join_all().await;
        let recorded: i64 = answers.iter().filter_map(|a| a["recorded"].as_i64()).sum();
        assert_eq!(recorded, 2, "{backend:?}: {answers:?}");
        assert_eq!(chained_events(&app).await, 2, "{backend:?}");
    }
}

#[tokio::test]
async fn denied_entries_of_lost_or_unknown_cards_reach_the_dashboard() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, hire_id) = card_holder(&app, "04A1B2C3D4E5F6").await;
        let hr = app.signed_in(Role::Hr).await;
        let (status, _) =
            app.call_json(&hr, "cards/end", &[("user_id", hire_id.as_str()), ("reason", "Lost")]).await;
        assert_eq!(status, StatusCode::OK);
        let door = token(&app, "").await;
        let now = app.state.now();
        let batch = json!([
            event("d-1", "denied", "04A1B2C3D4E5F6", now),
            event("d-2", "denied", "DEADBEEF", now),
            event("d-3", "entry", "CAFEBABE", now),
        ]);
        assert_eq!(send_events(&app, &door, batch).await.0, StatusCode::OK);
        let (_, dashboard) = app.call_json(&hr, "hires/dashboard", &[]).await;
        let denied = dashboard["denied_entries"].as_array().expect("denied");
        let holders: Vec<(&str, &Value)> =
            denied.iter().map(|d| (d["card_uid"].as_str().unwrap_or_default(), &d["holder"])).collect();
        assert_eq!(holders.len(), 2, "{backend:?}: only denied entries: {dashboard}");
        assert!(
            holders.contains(&("04A1B2C3D4E5F6", &json!("山田 太郎"))),
            "{backend:?}: the lost card's last holder: {holders:?}"
        );
        assert!(holders.contains(&("DEADBEEF", &Value::Null)), "{backend:?}: {holders:?}");
    }
}
