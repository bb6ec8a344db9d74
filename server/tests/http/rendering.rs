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
