//! Headers, the same-origin rule, no state change over GET, unknown pages, health.

use crate::harness::{backends, error_kind, hire_form, hire_list, spawn_app};
use mamoru_types::domain::Role;
use reqwest::{StatusCode, header};

#[tokio::test]
async fn pages_carry_a_nonce_csp_and_the_protective_headers() {
    let app = spawn_app(backends()[0]).await;
    // A routed page and an unknown one (the fallback renders it): each script carries the
    // nonce its CSP names.
    for (path, status) in [("/no-such-page", StatusCode::NOT_FOUND), ("/login", StatusCode::OK)] {
        let response = app.get(&crate::harness::client(), path).await;
        assert_eq!(response.status(), status, "{path}");
        let csp =
            response.headers().get(header::CONTENT_SECURITY_POLICY).expect("csp").to_str().expect("ascii");
        let nonce =
            csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("nonce in CSP");
        let script = format!("nonce=\"{nonce}\"");
        assert!(
            response.text().await.expect("body").contains(&script),
            "{path}: the hydration script carries the CSP nonce"
        );
    }
    let response = app.get(&crate::harness::client(), "/login").await;
    let headers = response.headers().clone();
    let csp = headers.get(header::CONTENT_SECURITY_POLICY).expect("csp").to_str().expect("ascii").to_owned();
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("object-src 'none'")
            && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).expect("nosniff"), "nosniff");
    assert_eq!(headers.get(header::REFERRER_POLICY).expect("referrer"), "same-origin");
    assert_eq!(headers.get(header::CACHE_CONTROL).expect("cache"), "no-store");
    assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(), "no HSTS on a plain-HTTP run");
    assert!(headers.get("x-request-id").is_some());
    // Each rendered page has its own nonce (the sign-in page is a copy kept for every
    // visitor: rendering.rs).
    let csp_of = |response: &reqwest::Response| response.headers()[header::CONTENT_SECURITY_POLICY].clone();
    let (one, two) =
        (app.get(&crate::harness::client(), "/x").await, app.get(&crate::harness::client(), "/x").await);
    assert_ne!(csp_of(&one), csp_of(&two));
}

#[tokio::test]
async fn cross_origin_state_changes_are_refused_and_change_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let hr = app.signed_in(Role::Hr).await;
        for (name, value) in [("origin", "https://evil.example"), ("sec-fetch-site", "cross-site")] {
            let response = hr
                .post(app.url("/api/hires/invite"))
                .header(name, value)
                .form(&hire_form("victim@example.jp", "被害 者", "E-1"))
                .send()
                .await
                .expect("request");
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{backend:?} {name}");
        }
        let (_, listed) = hire_list(&app, &hr, serde_json::json!({})).await;
        assert_eq!(listed["rows"], serde_json::json!([]), "{backend:?}: nothing was created");
        let same_origin = hr
            .post(app.url("/api/hires/invite"))
            .header("origin", app.base.as_str())
            .header("sec-fetch-site", "same-origin")
            .form(&hire_form("ok@example.jp", "正規 者", "E-2"))
            .send()
            .await
            .expect("request");
        assert_eq!(same_origin.status(), StatusCode::OK, "{backend:?}");
    }
}

#[tokio::test]
async fn state_changing_server_functions_do_not_answer_get() {
    let app = spawn_app(backends()[0]).await;
    let hr = app.signed_in(Role::Hr).await;
    for endpoint in ["auth/sign_out", "hires/invite", "staff/disable", "auth/sign_in"] {
        let response = app.get(&hr, &format!("/api/{endpoint}")).await;
        assert!(!response.status().is_success(), "GET {endpoint}: {}", response.status());
    }
    assert_eq!(app.whoami(&hr).await.as_deref(), Some("hr"), "GET sign_out did not sign out");
}

#[tokio::test]
async fn unknown_pages_are_404_and_health_and_keys_answer() {
    let app = spawn_app(backends()[0]).await;
    let browser = crate::harness::client();
    assert_eq!(app.get(&browser, "/no/such/page").await.status(), StatusCode::NOT_FOUND);
    let health = app.get(&browser, "/healthz").await;
    assert_eq!((health.status(), health.text().await.expect("body")), (StatusCode::OK, "ok".to_owned()));
    let keys: serde_json::Value =
        app.get(&browser, "/.well-known/mamoru-keys.json").await.json().await.expect("json");
    assert_eq!(keys["keys"][0]["kid"], app.state.keys.key_id());
    assert_eq!(keys["keys"][0]["alg"], "Ed25519");
    let (status, body) = app.call_json(&browser, "language", &[("lang", "xx")]).await;
    assert_eq!((status, error_kind(&body).as_str()), (StatusCode::NOT_FOUND, "NotFound"));
}
