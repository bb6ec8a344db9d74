//! The card gate over HTTP: a grant is minted only in the step that completes both the
//! course and the agreement, whichever comes last, and only once.

use crate::harness::{TestApp, backends, spawn_app};
use crate::learning::{read_all, right_answers, start, submit};
use crate::nda::{fetch_document, request, sign};
use mamoru_core::store::{audit, grants};
use mamoru_types::audit::AuditAction;
use mamoru_types::domain::{Role, UserId};
use reqwest::{Client, StatusCode};

pub(crate) async fn pass_course(app: &TestApp, hire: &Client) {
    for module in &app.state.course.modules {
        read_all(app, hire, &module.slug).await;
        let (status, quiz) = start(app, hire, &module.slug).await;
        assert_eq!(status, StatusCode::OK, "{quiz}");
        let (status, result) = submit(app, hire, &quiz, &right_answers(app, &module.slug, &quiz)).await;
        assert_eq!((status, result["passed"].as_bool()), (StatusCode::OK, Some(true)), "{result}");
    }
}

pub(crate) async fn sign_agreement(app: &TestApp, hire: &Client) {
    let doc = fetch_document(app, hire).await;
    let (status, body) = sign(app, hire, &request(&doc, "山田 太郎", None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// A new hire who passed the course and signed the agreement: they hold a grant.
pub(crate) async fn completed_hire(app: &TestApp) -> (Client, UserId) {
    let (hire, id) = app.signed_in_with_id(Role::Hire).await;
    pass_course(app, &hire).await;
    sign_agreement(app, &hire).await;
    (hire, id)
}

async fn grant_count(app: &TestApp, user_id: &UserId) -> usize {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    grants::for_user(&mut conn, user_id).await.expect("grants").len()
}

async fn granted_events(app: &TestApp, user_id: &UserId) -> usize {
    let mut conn = app.state.store.pool().acquire().await.expect("conn");
    audit::about(&mut conn, user_id)
        .await
        .expect("audit")
        .iter()
        .filter(|e| e.action == AuditAction::CardGranted)
        .count()
}

#[tokio::test]
async fn a_grant_comes_with_the_last_requirement_whichever_it_is() {
    for backend in backends() {
        let app = spawn_app(backend).await;

        let (signs_first, signs_first_id) = app.signed_in_with_id(Role::Hire).await;
        sign_agreement(&app, &signs_first).await;
        assert_eq!(grant_count(&app, &signs_first_id).await, 0, "{backend:?}: the agreement alone");
        pass_course(&app, &signs_first).await;
        assert_eq!(grant_count(&app, &signs_first_id).await, 1, "{backend:?}: minted by the last quiz");
        assert_eq!(granted_events(&app, &signs_first_id).await, 1);

        let (learns_first, learns_first_id) = app.signed_in_with_id(Role::Hire).await;
        pass_course(&app, &learns_first).await;
        assert_eq!(grant_count(&app, &learns_first_id).await, 0, "{backend:?}: the course alone");
        sign_agreement(&app, &learns_first).await;
        assert_eq!(grant_count(&app, &learns_first_id).await, 1, "{backend:?}: minted by the signature");

        let (_, idle_id) = app.signed_in_with_id(Role::Hire).await;
        assert_eq!(grant_count(&app, &idle_id).await, 0, "{backend:?}: nothing done, nothing granted");
    }
}
