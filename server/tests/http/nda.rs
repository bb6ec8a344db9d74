//! The agreement over HTTP: signing as oneself only, once per version, sealed evidence,
//! the PDF and who may download it, verification, and re-signing a new version.

use crate::cards::pass_course;
use crate::harness::{TestApp, backends, client, error_kind, hire_list, spawn_app, spawn_app_with};
use mamoru_core::nda::{Agreement, Agreements, document};
use mamoru_core::store::audit;
use mamoru_types::domain::{Role, UserId};
use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use std::sync::Arc;

/// A signature drawn across the box, as the signing page sends it.
fn drawing() -> Value {
    let stroke = |y: u16| (0..30).map(|i| json!([40 + i * 15, y + (i % 5) * 8])).collect::<Vec<_>>();
    json!([stroke(60), stroke(120)])
}

pub(crate) async fn fetch_document(app: &TestApp, hire: &Client) -> Value {
    let (status, body) = app.call_json(hire, "nda/document", &[("lang", "ja")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

pub(crate) fn request(doc: &Value, name: &str, drawing: Option<Value>) -> Value {
    let consents: Vec<Value> =
        doc["consents"].as_array().expect("consents").iter().map(|c| c["id"].clone()).collect();
    json!({ "request": {
        "version": doc["version"],
        "lang": "ja",
        "text_sha256": doc["text_sha256"],
        "consents": consents,
        "typed_name": name,
        "drawing": drawing,
    }})
}

/// A request as the signing page's form posts it: each consent as `consents[]`, the method
/// chosen, and the drawing as the pad's JSON; any other field as it is.
pub(crate) fn sign_form(request: &Value) -> Vec<(String, String)> {
    let mut form = Vec::new();
    for (key, value) in request["request"].as_object().expect("a request") {
        match (key.as_str(), value) {
            ("consents", Value::Array(ids)) => {
                form.extend(
                    ids.iter()
                        .map(|id| ("consents[]".to_owned(), id.as_str().unwrap_or_default().to_owned())),
                );
            }
            ("drawing", Value::Null) => form.push(("method".to_owned(), "typed".to_owned())),
            ("drawing", strokes) => {
                form.push(("method".to_owned(), "drawn".to_owned()));
                form.push(("drawing".to_owned(), strokes.to_string()));
            }
            (_, Value::String(text)) => form.push((key.clone(), text.clone())),
            (_, other) => form.push((key.clone(), other.to_string())),
        }
    }
    form
}

pub(crate) async fn sign(app: &TestApp, hire: &Client, request: &Value) -> (StatusCode, Value) {
    app.call_json(hire, "nda/sign", &crate::harness::fields(&sign_form(request))).await
}

async fn status(app: &TestApp, client: &Client) -> String {
    let (code, body) = app.call_json(client, "nda/overview", &[]).await;
    assert_eq!(code, StatusCode::OK, "{body}");
    body["status"].as_str().expect("status").to_owned()
}

async fn pdf(app: &TestApp, client: &Client, path: &str) -> (StatusCode, Vec<u8>) {
    let response = client.get(app.url(path)).send().await.expect("request");
    (response.status(), response.bytes().await.expect("body").to_vec())
}

/// The agreement's audit entries about `subject` (sign-ins and the account's left out).
async fn audit_actions(app: &TestApp, subject: &UserId) -> Vec<String> {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    let entries = audit::about(&mut conn, subject).await.expect("audit");
    entries.into_iter().map(|e| e.action.name().to_owned()).filter(|a| a.starts_with("nda.")).collect()
}

#[tokio::test]
async fn a_hire_signs_once_and_gets_a_sealed_pdf_that_verifies() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, hire_id) = app.signed_in_with_id(Role::Hire).await;
        assert_eq!(status(&app, &hire).await, "NotSigned", "{backend:?}");
        let doc = fetch_document(&app, &hire).await;
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["signer_name"], "山田 太郎");

        // Full-width letters and no space still match the name on record.
        let (code, body) = sign(&app, &hire, &request(&doc, "山田太郎", Some(drawing()))).await;
        assert_eq!(code, StatusCode::OK, "{backend:?}: {body}");
        let verification_code = body.as_str().expect("code").to_owned();
        assert_eq!(status(&app, &hire).await, "Signed");
        assert_eq!(audit_actions(&app, &hire_id).await, ["nda.signed"]);

        let (again, body) = sign(&app, &hire, &request(&doc, "山田 太郎", Some(drawing()))).await;
        assert_eq!(
            (again, error_kind(&body).as_str()),
            (StatusCode::CONFLICT, "AlreadySigned"),
            "{backend:?}"
        );

        let (code, bytes) = pdf(&app, &hire, &format!("/nda/{verification_code}/pdf")).await;
        assert_eq!(code, StatusCode::OK, "{backend:?}");
        let key = app.state.keys.verifying_key();
        let document::PdfCheck::Genuine(evidence) = document::check_pdf(&bytes, &key.into()) else {
            panic!("{backend:?}: the downloaded PDF does not verify");
        };
        assert_eq!(
            (evidence.signer_id.as_str(), evidence.typed_name.as_str(), evidence.verification_code.as_str()),
            (hire_id.as_str(), "山田太郎", verification_code.as_str())
        );
        assert_eq!(evidence.consents.len(), 5);
        assert_eq!(evidence.ip, "127.0.0.1");

        let (_, verdict) =
            app.call_json(&client(), "verify/code", &[("code", &verification_code.to_lowercase())]).await;
        assert_eq!(verdict["Genuine"]["signer"], "山* 太*", "{backend:?}: {verdict}");
        assert_eq!(verdict["Genuine"]["version"], 1);

        let upload = |bytes: Vec<u8>| async {
            let form = reqwest::multipart::Form::new()
                .part("pdf", reqwest::multipart::Part::bytes(bytes).file_name("nda.pdf"));
            let response =
                client().post(app.url("/api/verify/pdf")).multipart(form).send().await.expect("upload");
            assert_eq!(response.status(), StatusCode::OK);
            response.json::<Value>().await.expect("verdict")
        };
        assert!(upload(bytes.clone()).await.get("Genuine").is_some(), "{backend:?}");
        let mut altered = bytes.clone();
        let middle = altered.len() / 2;
        altered[middle] ^= 0x01;
        assert_eq!(upload(altered).await, json!("Altered"), "{backend:?}");
        assert_eq!(upload(b"%PDF-1.7 something else".to_vec()).await, json!("Unknown"));
    }
}

#[tokio::test]
async fn a_signature_is_always_the_callers_own() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, hire_id) = app.signed_in_with_id(Role::Hire).await;
        let (other, other_id) = app.signed_in_with_id(Role::Hire).await;
        let doc = fetch_document(&app, &hire).await;
        // A smuggled signer id is ignored: the session decides who signs.
        let mut smuggled = request(&doc, "山田 太郎", None);
        smuggled["request"]["signer_id"] = json!(other_id);
        smuggled["user_id"] = json!(other_id);
        let (code, body) = sign(&app, &hire, &smuggled).await;
        assert_eq!(code, StatusCode::OK, "{backend:?}: {body}");
        let copy = body.as_str().expect("verification code").to_owned();
        assert_eq!(status(&app, &other).await, "NotSigned", "{backend:?}");
        assert_eq!(audit_actions(&app, &other_id).await, Vec::<String>::new());
        assert_eq!(audit_actions(&app, &hire_id).await, ["nda.signed"]);

        // Nobody downloads another person's copy, except HR, and HR's look is recorded.
        let own_path = format!("/nda/{copy}/pdf");
        let (code, _) = pdf(&app, &other, &own_path).await;
        assert_eq!(code, StatusCode::NOT_FOUND, "{backend:?}");
        let hr_path = format!("/hr/accounts/{hire_id}/nda/{copy}/pdf");
        let wrong_owner = format!("/hr/accounts/{other_id}/nda/{copy}/pdf");
        assert_eq!(pdf(&app, &other, &hr_path).await.0, StatusCode::FORBIDDEN, "{backend:?}");
        assert_eq!(pdf(&app, &client(), &hr_path).await.0, StatusCode::UNAUTHORIZED, "{backend:?}");
        assert_eq!(pdf(&app, &client(), &own_path).await.0, StatusCode::UNAUTHORIZED, "{backend:?}");
        let hr = app.signed_in(Role::Hr).await;
        assert_eq!(
            pdf(&app, &hr, &wrong_owner).await.0,
            StatusCode::NOT_FOUND,
            "{backend:?}: another's code"
        );
        let (code, bytes) = pdf(&app, &hr, &hr_path).await;
        assert_eq!(code, StatusCode::OK, "{backend:?}");
        assert!(bytes.starts_with(b"%PDF"));
        assert_eq!(audit_actions(&app, &hire_id).await, ["nda.signed", "nda.pdf_downloaded"], "{backend:?}");
        // Only hires sign.
        let (code, body) = sign(&app, &hr, &request(&doc, "山田 太郎", None)).await;
        assert_eq!((code, error_kind(&body).as_str()), (StatusCode::FORBIDDEN, "Forbidden"));
    }
}

#[tokio::test]
async fn bad_signatures_are_explained_and_change_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (hire, hire_id) = app.signed_in_with_id(Role::Hire).await;
        let doc = fetch_document(&app, &hire).await;
        let cases = [
            (
                "another name",
                request(&doc, "山田 花子", None),
                StatusCode::UNPROCESSABLE_ENTITY,
                "NameMismatch",
            ),
            ("an empty name", request(&doc, " ", None), StatusCode::UNPROCESSABLE_ENTITY, "Input"),
            (
                // It matches once spaces are folded, but nothing that long is sealed.
                "the right name padded with spaces",
                request(&doc, &format!("山田{}太郎", " ".repeat(10_000)), None),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Input",
            ),
            (
                "a tiny drawing",
                request(&doc, "山田 太郎", Some(json!([[[10, 10], [12, 12]]]))),
                StatusCode::UNPROCESSABLE_ENTITY,
                "Input",
            ),
            (
                "a missing consent",
                {
                    let mut r = request(&doc, "山田 太郎", None);
                    r["request"]["consents"].as_array_mut().expect("consents").pop();
                    r
                },
                StatusCode::UNPROCESSABLE_ENTITY,
                "ConsentsMissing",
            ),
            (
                "another text",
                {
                    let mut r = request(&doc, "山田 太郎", None);
                    r["request"]["text_sha256"] = json!("0".repeat(64));
                    r
                },
                StatusCode::CONFLICT,
                "AgreementChanged",
            ),
            (
                "another version",
                {
                    let mut r = request(&doc, "山田 太郎", None);
                    r["request"]["version"] = json!(2);
                    r
                },
                StatusCode::CONFLICT,
                "AgreementChanged",
            ),
        ];
        for (case, request, expected_status, expected_kind) in cases {
            let (code, body) = sign(&app, &hire, &request).await;
            assert_eq!(
                (code, error_kind(&body).as_str()),
                (expected_status, expected_kind),
                "{backend:?}: {case}"
            );
        }
        let (code, body) = sign(&app, &hire, &json!({ "request": { "version": 1 } })).await;
        assert_eq!(code, StatusCode::BAD_REQUEST, "{backend:?}: {body}");
        // Drawn chosen, but nothing drawn (a page without script) or something else posted.
        for drawing in ["", "not strokes", "[[[1,2,3]]]"] {
            let mut form = sign_form(&request(&doc, "山田 太郎", Some(json!([]))));
            form.retain(|(key, _)| key != "drawing");
            form.push(("drawing".to_owned(), drawing.to_owned()));
            let (code, body) = app.call_json(&hire, "nda/sign", &crate::harness::fields(&form)).await;
            assert_eq!(
                (code, error_kind(&body).as_str()),
                (StatusCode::UNPROCESSABLE_ENTITY, "Input"),
                "{drawing:?}"
            );
        }
        assert_eq!(status(&app, &hire).await, "NotSigned", "{backend:?}");
        assert!(audit_actions(&app, &hire_id).await.is_empty());
        let (_, verdict) = app.call_json(&client(), "verify/code", &[("code", "not a code")]).await;
        assert_eq!(verdict, json!("Unknown"));
        let (_, verdict) = app.call_json(&client(), "verify/code", &[("code", "2345-6789-ABCD")]).await;
        assert_eq!(verdict, json!("Unknown"));
    }
}

/// The built-in agreement and a revised version 2 of it.
fn with_second_version(agreements: &Agreements) -> Agreements {
    let first = agreements.first().clone();
    let mut second = Agreement { version: 2, ..first.clone() };
    second.text.ja.push_str("\n\n## 第9条（改訂）\n\n本誓約書は改訂されました。\n");
    second.text.en.push_str("\n\n## Article 9 (Revision)\n\nThis agreement has been revised.\n");
    [first, second].into_iter().collect()
}

#[tokio::test]
async fn a_new_version_asks_signers_to_sign_again() {
    for backend in backends() {
        let app = spawn_app_with(backend, |state| {
            state.agreements = Arc::new(with_second_version(&state.agreements));
        })
        .await;
        let hire = app.signed_in(Role::Hire).await;
        let doc = fetch_document(&app, &hire).await;
        assert_eq!(doc["version"], 1, "{backend:?}: a fresh install publishes the first version only");
        // An invited hire who finished everything: HR's list shows them re-sign needed after.
        let hr = app.signed_in(Role::Hr).await;
        let invited = client();
        let token = app.invite(&hr, "hires/invite", "invited@example.jp").await;
        app.accept_invite(&invited, &token).await;
        pass_course(&app, &invited).await;
        let invited_doc = fetch_document(&app, &invited).await;
        let (code, body) = sign(&app, &invited, &request(&invited_doc, "新人 花子", None)).await;
        assert_eq!(code, StatusCode::OK, "{body}");
        let (_, listed) = hire_list(&app, &hr, json!({ "search": "invited@example.jp" })).await;
        assert_eq!(listed["rows"][0]["state"], "Completed", "{backend:?}: {listed}");
        let (code, body) = sign(&app, &hire, &request(&doc, "山田 太郎", Some(drawing()))).await;
        assert_eq!(code, StatusCode::OK, "{body}");
        let first_copy = body.as_str().expect("verification code").to_owned();

        let (code, _) = app.call_json(&hr, "agreements/publish", &[("version", "2")]).await;
        assert_eq!(code, StatusCode::FORBIDDEN, "{backend:?}: HR publishes nothing");
        let admin = app.signed_in(Role::Admin).await;
        let (_, versions) = app.call_json(&admin, "agreements/list", &[("lang", "ja")]).await;
        assert_eq!(versions[1]["can_publish"], true, "{versions}");
        let (code, body) = app.call_json(&admin, "agreements/publish", &[("version", "2")]).await;
        assert_eq!(code, StatusCode::OK, "{backend:?}: {body}");
        let (code, body) = app.call_json(&admin, "agreements/publish", &[("version", "2")]).await;
        assert_eq!((code, error_kind(&body).as_str()), (StatusCode::CONFLICT, "NotNewer"));
        let (_, listed) = hire_list(&app, &hr, json!({ "search": "invited@example.jp" })).await;
        assert_eq!(
            listed["rows"][0]["state"], "ResignNeeded",
            "{backend:?}: HR's list follows the new version"
        );

        assert_eq!(status(&app, &hire).await, "ResignNeeded", "{backend:?}");
        // The old signature cannot stand in for the new version.
        let (code, body) = sign(&app, &hire, &request(&doc, "山田 太郎", None)).await;
        assert_eq!((code, error_kind(&body).as_str()), (StatusCode::CONFLICT, "AgreementChanged"));
        let doc = fetch_document(&app, &hire).await;
        assert_eq!((doc["version"].clone(), doc["status"].clone()), (json!(2), json!("ResignNeeded")));
        let (code, body) = sign(&app, &hire, &request(&doc, "山田 太郎", None)).await;
        assert_eq!(code, StatusCode::OK, "{backend:?}: {body}");
        assert_eq!(status(&app, &hire).await, "Signed");
        let (_, overview) = app.call_json(&hire, "nda/overview", &[]).await;
        assert_eq!(overview["copies"].as_array().map(Vec::len), Some(2));
        let old = pdf(&app, &hire, &format!("/nda/{first_copy}/pdf")).await.0;
        assert_eq!(old, StatusCode::OK, "old copies stay downloadable");
    }
}
