//! Several instances on one database, as a center runs them behind a load balancer:
//! sessions, sign-in locks, kiosk nonces, grant claims and the audit chain hold across
//! them, and all of them seal with the center's one platform key.

use crate::cards::completed_hire;
use crate::harness::{InstanceKey, PASSWORD, backends, client, error_kind, spawn_app};
use crate::kiosk::{claim, grant_of, new_kiosk, pickup, send};
use mamoru_core::keys::KeyError;
use mamoru_core::store::audit::{self, Chain};
use mamoru_types::domain::Role;
use reqwest::StatusCode;
use serde_json::Value;
use server::startup::StartupError;

#[tokio::test]
async fn a_second_instance_seals_with_the_centers_key_or_does_not_start() {
    for backend in backends() {
        let first = spawn_app(backend).await;
        let key_name = mamoru_core::PlatformKey::FILE_NAME;
        let Err(error) = first.another_instance(InstanceKey::None).await else {
            panic!("{backend:?}: an instance with an empty data directory started with a key of its own");
        };
        assert!(
            matches!(error, StartupError::Key(KeyError::MissingCentersKey { .. })),
            "{backend:?}: {error}"
        );
        assert!(error.to_string().contains("MAMORU_PLATFORM_KEY_FILE"), "{error}");
        let second = first.another_instance(InstanceKey::TheCenters).await.expect("second instance");
        assert_eq!(second.state.keys.key_id(), first.state.keys.key_id(), "{backend:?}");
        assert!(second.data_dir().join(key_name).exists());
        let published: Value = second.published_keys().await;
        assert_eq!(published["keys"][0]["kid"].as_str(), Some(first.state.keys.key_id()));
    }
}

#[tokio::test]
async fn an_instance_with_another_key_file_refuses_to_start() {
    for backend in backends() {
        let first = spawn_app(backend).await;
        // A key file from another installation, put where the center's should be.
        let stranger = tempfile::tempdir().expect("tempdir");
        let path = stranger.path().join(mamoru_core::PlatformKey::FILE_NAME);
        let other = mamoru_core::PlatformKey::load_or_generate(&path).expect("key");
        let mut conn = first.state.store.pool().acquire().await.expect("conn");
        let registered = mamoru_core::store::platform_keys::signing(&mut conn).await.expect("query");
        assert_eq!(registered.as_deref(), Some(first.state.keys.key_id()), "{backend:?}");
        let error = mamoru_core::PlatformKey::for_center(&first.state.store, &path, 0)
            .await
            .expect_err("foreign key");
        assert!(
            matches!(&error, KeyError::NotTheCenters { ours, center, .. } if ours == other.key_id() && center == first.state.keys.key_id()),
            "{backend:?}: {error}"
        );
    }
}

#[tokio::test]
async fn sessions_locks_nonces_claims_and_the_chain_hold_across_instances() {
    for backend in backends() {
        let a = spawn_app(backend).await;
        let b = a.another_instance(InstanceKey::TheCenters).await.expect("second instance");

        // A session made on one works on the other.
        let (hr, _) = a.signed_in_with_id(Role::Hr).await;
        let (status, whoami) = b.call_json(&hr, "whoami", &[]).await;
        assert_eq!((status, whoami["role"].as_str()), (StatusCode::OK, Some("hr")), "{backend:?}");

        // A lock made on one holds on the other.
        a.create_user(Role::Hr, "locked@example.jp").await;
        for _ in 0..5 {
            assert_eq!(
                a.sign_in(&client(), "locked@example.jp", "wrong password!!").await.0,
                StatusCode::UNAUTHORIZED
            );
        }
        assert_eq!(
            error_kind(&b.sign_in(&client(), "locked@example.jp", PASSWORD).await.1),
            "Locked",
            "{backend:?}"
        );

        // A kiosk nonce used on one is refused on the other.
        let admin = a.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&a, &admin).await;
        let request = kiosk.sign(&a, "GET", "/status", &Value::Null);
        assert_eq!(send(&a, &request).await.0, StatusCode::OK);
        let (status, body) = send(&b, &request).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("kiosk_refused")),
            "{backend:?}"
        );

        // A grant claimed on one cannot be claimed on the other.
        let (hire, _) = completed_hire(&a).await;
        let (code, pin) = pickup(&a, &hire).await;
        let grant = grant_of(&a, &kiosk, &code).await;
        let other_kiosk = new_kiosk(&b, &admin).await;
        assert_eq!(kiosk.call(&a, "POST", "/claims", claim(&grant, &pin)).await.0, StatusCode::OK);
        let (status, body) = other_kiosk.call(&b, "POST", "/claims", claim(&grant, &pin)).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (StatusCode::CONFLICT, Some("not_claimable")),
            "{backend:?}"
        );

        // Audit entries written by both at once make one unbroken chain.
        let mut writes = tokio::task::JoinSet::new();
        for i in 0..20 {
            let base = if i % 2 == 0 { a.base.clone() } else { b.base.clone() };
            writes.spawn(async move {
                let form =
                    [("email", format!("guess{i}@example.jp")), ("password", "wrong password!!".to_owned())];
                client()
                    .post(format!("{base}/api/auth/sign_in"))
                    .form(&form)
                    .send()
                    .await
                    .expect("request")
                    .status()
            });
        }
        while let Some(status) = writes.join_next().await {
            assert_eq!(status.expect("join"), StatusCode::UNAUTHORIZED);
        }
        let mut conn = a.state.store.pool().acquire().await.expect("conn");
        assert!(
            matches!(audit::verify(&mut conn).await.expect("verify"), Chain::Intact { .. }),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn mamoru_serves_the_whole_journey_as_a_role_that_cannot_rewrite_history() {
    for backend in backends() {
        let Some((app, _role)) = crate::harness::spawn_as_runtime_role(backend).await else { continue };
        let (hire, _) = completed_hire(&app).await;
        let (status, home) = app.call_json(&hire, "cards/mine", &[]).await;
        assert_eq!((status, home["status"].as_str()), (StatusCode::OK, Some("Waiting")), "{home}");
        let mut conn = app.state.store.pool().acquire().await.expect("conn");
        assert!(matches!(audit::verify(&mut conn).await.expect("verify"), Chain::Intact { .. }));
        use sqlx::Executor;
        let error =
            conn.execute("DELETE FROM audit_log").await.expect_err("the runtime role deletes").to_string();
        assert!(error.contains("permission denied"), "{error}");
    }
}

#[tokio::test]
async fn after_a_key_rotation_new_seals_use_the_new_key_and_old_ones_still_verify() {
    use mamoru_core::nda::document::{PdfCheck, check_pdf};
    use mamoru_seal::keys::KeyMove;
    for backend in backends() {
        let first = spawn_app(backend).await;
        let key_file = first.data_dir().join(mamoru_core::PlatformKey::FILE_NAME);
        let old_copy = tempfile::tempdir().expect("tempdir");
        std::fs::copy(&key_file, old_copy.path().join("old.key")).expect("keep the old key file");
        let old_id = first.state.keys.key_id().to_owned();

        // An agreement signed and downloaded before the rotation.
        let (hire, _) = first.signed_in_with_id(Role::Hire).await;
        let doc = crate::nda::fetch_document(&first, &hire).await;
        let (status, code) =
            crate::nda::sign(&first, &hire, &crate::nda::request(&doc, "山田 太郎", None)).await;
        assert_eq!(status, StatusCode::OK, "{code}");
        let pdf_path = format!("/nda/{}/pdf", code.as_str().expect("code"));
        let before = hire.get(first.url(&pdf_path)).send().await.expect("pdf").bytes().await.expect("bytes");

        let (from, to) = mamoru_core::PlatformKey::rotate(&first.state.store, &key_file, first.state.now())
            .await
            .expect("rotate");
        assert_eq!(from, old_id);
        let second =
            first.another_instance(InstanceKey::TheCenters).await.expect("an instance with the new key");
        assert_eq!(second.state.keys.key_id(), to, "{backend:?}");

        // Both keys are published, with their status; what the old key sealed verifies.
        let published: Value = second.published_keys().await;
        let listed: Vec<(&str, &str)> = published["keys"]
            .as_array()
            .expect("keys")
            .iter()
            .map(|k| (k["kid"].as_str().unwrap_or(""), k["status"].as_str().unwrap_or("")))
            .collect();
        assert_eq!(listed, [(to.as_str(), "signing"), (old_id.as_str(), "verify-only")], "{backend:?}");
        assert!(matches!(check_pdf(&before, second.state.keys.ring()), PdfCheck::Genuine(_)), "{backend:?}");
        // A copy downloaded now is sealed with the new key over the evidence the old one sealed.
        let after = hire.get(second.url(&pdf_path)).send().await.expect("pdf").bytes().await.expect("bytes");
        assert!(matches!(check_pdf(&after, second.state.keys.ring()), PdfCheck::Genuine(_)), "{backend:?}");
        assert!(matches!(check_pdf(&after, &first.state.keys.verifying_key().into()), PdfCheck::Altered));

        // A kiosk that pinned the old key follows the move the old key sealed.
        let admin = second.signed_in(Role::Admin).await;
        let kiosk = new_kiosk(&second, &admin).await;
        let (status, moves) = kiosk.call(&second, "GET", "/keys", Value::Null).await;
        assert_eq!(status, StatusCode::OK, "{moves}");
        let moves: Vec<mamoru_seal::Sealed> = serde_json::from_value(moves["moves"].clone()).expect("moves");
        let followed = KeyMove::follow(&first.state.keys.verifying_key(), &moves);
        assert_eq!(mamoru_seal::key_id(&followed), to, "{backend:?}");

        // The old key file no longer starts an instance.
        std::fs::copy(old_copy.path().join("old.key"), &key_file).expect("put the old key back");
        let error = mamoru_core::PlatformKey::for_center(&first.state.store, &key_file, 0)
            .await
            .expect_err("retired");
        assert!(matches!(error, KeyError::Retired { .. }), "{backend:?}: {error}");
    }
}
