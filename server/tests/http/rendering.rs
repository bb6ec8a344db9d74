//! Server-side rendering under concurrency: every page answers every request. A page whose
//! `<head>` read a reactive value after the page's owner was gone panicked in about one
//! request in twenty at 16 concurrent connections, and the browser saw an empty response.

use crate::harness::{TestApp, backends, client, spawn_app};
use mamoru_types::domain::Role;
use reqwest::{Client, StatusCode};

const CONNECTIONS: usize = 16;
const REQUESTS_EACH: usize = 15;

/// `CONNECTIONS` clients at once, each asking for `path` `REQUESTS_EACH` times.
async fn hammer(app: &TestApp, client: &Client, path: &str) {
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (client, url) = (client.clone(), app.url(path));
            tokio::spawn(async move {
                let mut failures = Vec::new();
                for _ in 0..REQUESTS_EACH {
                    match client.get(&url).send().await {
                        Ok(response) if response.status() == StatusCode::OK => {}
                        Ok(response) => failures.push(response.status().to_string()),
                        Err(error) => failures.push(error.to_string()),
                    }
                }
                failures
            })
        })
        .collect();
    let mut failures = Vec::new();
    for task in tasks {
        failures.extend(task.await.expect("a task"));
    }
    let total = CONNECTIONS * REQUESTS_EACH;
    assert!(
        failures.is_empty(),
        "{path}: {} of {total} requests failed, first: {}",
        failures.len(),
        failures[0]
    );
}

#[tokio::test]
async fn every_page_answers_every_one_of_many_concurrent_requests() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        hammer(&app, &client(), "/login").await;
        hammer(&app, &client(), "/verify").await;
        let hire = app.signed_in(Role::Hire).await;
        hammer(&app, &hire, "/home").await;
        hammer(&app, &hire, "/learn/01-personal-information/0").await;
        hammer(&app, &hire, "/nda").await;
        hammer(&app, &app.signed_in(Role::Hr).await, "/hr").await;
        hammer(&app, &app.signed_in(Role::Admin).await, "/admin").await;
    }
}

fn nonce_of(response: &reqwest::Response) -> String {
    let csp = response.headers()[reqwest::header::CONTENT_SECURITY_POLICY].to_str().expect("ascii");
    csp.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce").to_owned()
}

/// The sign-in page and `/verify` look the same to every visitor without a session: they
/// are rendered once per language and encoding and answered from that copy, while a query
/// or a session gets a page of its own.
#[tokio::test]
async fn pages_every_visitor_sees_alike_are_rendered_once_per_language_and_encoding() {
    let app = spawn_app(backends()[0]).await;
    let visitor = client();
    let get = |path: &str, headers: &[(&'static str, &'static str)]| {
        let mut request = visitor.get(app.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        async move { request.send().await.expect("request") }
    };
    for path in ["/login", "/verify"] {
        let first = get(path, &[]).await;
        let (nonce, page) = (nonce_of(&first), first.text().await.expect("page"));
        assert!(page.contains(r#"<html lang="ja""#), "{path}");
        let second = get(path, &[]).await;
        assert_eq!(nonce_of(&second), nonce, "{path}: the same copy");
        assert_eq!(second.text().await.expect("page"), page, "{path}");

        let english = get(path, &[("cookie", "mamoru_lang=en")]).await;
        assert_ne!(nonce_of(&english), nonce, "{path}: a copy per language");
        assert!(english.text().await.expect("page").contains(r#"<html lang="en""#), "{path}");

        let brotli = get(path, &[("accept-encoding", "gzip, deflate, br, zstd")]).await;
        assert_eq!(brotli.headers()["content-encoding"], "br", "{path}");
        let script = format!(r#"nonce="{}""#, nonce_of(&brotli));
        let compressed = brotli.bytes().await.expect("bytes");
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut compressed.as_ref(), &mut unpacked).expect("brotli");
        let unpacked = String::from_utf8(unpacked).expect("utf-8");
        assert!(unpacked.contains(r#"<html lang="ja""#) && unpacked.contains(&script), "{path}");

        let with_query = get(&format!("{path}?x=1"), &[]).await;
        assert_ne!(nonce_of(&with_query), nonce, "{path}: a query gets a render of its own");
    }
    let hire = app.signed_in(Role::Hire).await;
    let copy = nonce_of(&app.get(&visitor, "/verify").await);
    let own = app.get(&hire, "/verify").await;
    assert_eq!(own.status(), StatusCode::OK);
    assert_ne!(nonce_of(&own), copy, "a signed-in person's page is their own");
}
