//! Behind a reverse proxy: the client's address comes from the forwarding header only
//! when the connection comes from a trusted proxy, and that address is what the audit log
//! records and the per-address sign-in limit counts.

use crate::harness::{PASSWORD, TestApp, backends, client, error_kind, spawn_app, spawn_app_with};
use mamoru_core::client_addr::{ProxyHeader, TrustedProxies};
use mamoru_core::throttle::ADDRESS;
use mamoru_types::domain::Role;
use reqwest::{Client, StatusCode, header::HeaderMap};
use std::sync::Arc;

/// A browser whose requests carry `X-Forwarded-For: forwarded_for` (as a proxy in front
/// of it would add, or as a forger would send).
fn client_forwarded_for(forwarded_for: &'static str) -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("x-forwarded-for", forwarded_for.parse().expect("header"));
    Client::builder()
        .cookie_store(true)
        .default_headers(headers)
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .expect("client")
}

async fn behind_loopback_proxy(backend: mamoru_core::testing::TestBackend) -> TestApp {
    spawn_app_with(backend, |state| {
        Arc::make_mut(&mut state.settings).trusted_proxies =
            TrustedProxies::parse("127.0.0.1, ::1", ProxyHeader::XForwardedFor).expect("valid");
    })
    .await
}

#[tokio::test]
async fn a_forwarding_header_from_an_untrusted_peer_is_ignored() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let forger = client_forwarded_for("203.0.113.9");
        assert_eq!(app.sign_in(&forger, "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
        assert_eq!(app.audit_ips("auth.signed_in").await, [Some("127.0.0.1".to_owned())], "{backend:?}");
    }
}

#[tokio::test]
async fn a_trusted_proxy_names_the_client_the_audit_log_records() {
    for backend in backends() {
        let app = behind_loopback_proxy(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let proxied = client_forwarded_for("198.51.100.7");
        assert_eq!(app.sign_in(&proxied, "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
        // The client claimed 1.2.3.4; the proxy appended the address it saw.
        let forged = client_forwarded_for("1.2.3.4, 198.51.100.8");
        assert_eq!(app.sign_in(&forged, "hr@example.jp", PASSWORD).await.0, StatusCode::OK);
        assert_eq!(
            app.audit_ips("auth.signed_in").await,
            [Some("198.51.100.7".to_owned()), Some("198.51.100.8".to_owned())],
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn spraying_through_the_proxy_limits_the_sprayer_not_everyone_behind_it() {
    for backend in backends() {
        let app = behind_loopback_proxy(backend).await;
        app.create_user(Role::Hr, "hr@example.jp").await;
        let sprayer = client_forwarded_for("203.0.113.66");
        for i in 0..ADDRESS.lock_from {
            let email = format!("guess{i}@example.jp");
            assert_eq!(app.sign_in(&sprayer, &email, "wrong password!!").await.0, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(error_kind(&app.sign_in(&sprayer, "hr@example.jp", PASSWORD).await.1), "RateLimited");
        let colleague = client_forwarded_for("198.51.100.7");
        assert_eq!(
            app.sign_in(&colleague, "hr@example.jp", PASSWORD).await.0,
            StatusCode::OK,
            "{backend:?}: another client behind the same proxy"
        );
        // Without a forwarding header the request is the proxy's own, not the sprayer's.
        assert_eq!(app.sign_in(&client(), "hr@example.jp", PASSWORD).await.0, StatusCode::OK, "{backend:?}");
    }
}
