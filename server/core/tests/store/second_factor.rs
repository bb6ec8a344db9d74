//! The second factor's tables: an authenticator's steps taken once, recovery codes used
//! once, pending sign-ins that expire.

use crate::common::{add_user, uid};
use mamoru_core::store::{pending_sign_ins, recovery_codes, totp_factors};
use mamoru_core::testing::{TestDb, backends};

async fn secret(conn: &mut sqlx::AnyConnection, user: &mamoru_types::domain::UserId) -> Option<String> {
    totp_factors::by_user(conn, user).await.expect("query").map(|f| f.secret)
}

#[tokio::test]
async fn an_authenticator_is_confirmed_once_by_its_starter_and_takes_each_step_once_in_order() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        let u1 = uid("u1");
        totp_factors::start(&mut conn, &u1, "aa", "tab-1", 10).await.expect("start");
        totp_factors::start(&mut conn, &u1, "bb", "tab-1", 20).await.expect("reload");
        assert_eq!(
            secret(&mut conn, &u1).await.as_deref(),
            Some("aa"),
            "{backend:?}: a reload keeps the secret"
        );
        totp_factors::start(&mut conn, &u1, "cc", "tab-2", 30).await.expect("someone else");
        assert_eq!(
            secret(&mut conn, &u1).await.as_deref(),
            Some("cc"),
            "{backend:?}: another starter, a new secret"
        );
        assert!(
            !totp_factors::take_step(&mut conn, &u1, 5).await.expect("take"),
            "{backend:?}: not confirmed yet"
        );
        assert!(
            !totp_factors::confirm(&mut conn, &u1, "tab-1", 100, 30).await.expect("confirm"),
            "not theirs"
        );
        assert!(totp_factors::confirm(&mut conn, &u1, "tab-2", 100, 30).await.expect("confirm"));
        assert!(
            !totp_factors::confirm(&mut conn, &u1, "tab-2", 101, 31).await.expect("confirm"),
            "{backend:?}: once"
        );
        totp_factors::start(&mut conn, &u1, "dd", "tab-3", 40).await.expect("start");
        assert_eq!(secret(&mut conn, &u1).await.as_deref(), Some("cc"), "{backend:?}: a confirmed one stays");
        assert!(
            !totp_factors::take_step(&mut conn, &u1, 100).await.expect("take"),
            "{backend:?}: the confirming step"
        );
        assert!(totp_factors::take_step(&mut conn, &u1, 102).await.expect("take"));
        assert!(
            !totp_factors::take_step(&mut conn, &u1, 101).await.expect("take"),
            "{backend:?}: an older step"
        );
        assert!(totp_factors::delete(&mut conn, &u1).await.expect("delete"));
        assert!(totp_factors::by_user(&mut conn, &u1).await.expect("query").is_none());
    }
}

#[tokio::test]
async fn recovery_codes_work_once_and_are_replaced_together() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_user(&mut conn, "u2", "suzuki@example.jp").await;
        let (u1, u2) = (uid("u1"), uid("u2"));
        recovery_codes::replace(&mut conn, &u1, &["h1".into(), "h2".into()]).await.expect("codes");
        assert!(
            !recovery_codes::take(&mut conn, &u2, "h1", 5).await.expect("take"),
            "{backend:?}: not theirs"
        );
        assert!(recovery_codes::take(&mut conn, &u1, "h1", 5).await.expect("take"));
        assert!(!recovery_codes::take(&mut conn, &u1, "h1", 6).await.expect("take"), "{backend:?}: once");
        assert_eq!(recovery_codes::unused(&mut conn, &u1).await.expect("count"), 1);
        recovery_codes::replace(&mut conn, &u1, &["h3".into()]).await.expect("new codes");
        assert!(
            !recovery_codes::take(&mut conn, &u1, "h2", 7).await.expect("take"),
            "{backend:?}: old ones gone"
        );
        assert_eq!(recovery_codes::unused(&mut conn, &u1).await.expect("count"), 1, "{backend:?}");
    }
}

#[tokio::test]
async fn a_pending_sign_in_names_its_account_until_it_expires_or_is_used() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        pending_sign_ins::insert(&mut conn, "p1", &uid("u1"), 10, 310).await.expect("insert");
        pending_sign_ins::insert(&mut conn, "p2", &uid("u1"), 10, 310).await.expect("insert");
        assert_eq!(pending_sign_ins::user(&mut conn, "p1", 309).await.expect("query"), Some(uid("u1")));
        assert_eq!(pending_sign_ins::user(&mut conn, "p1", 310).await.expect("query"), None, "{backend:?}");
        assert!(pending_sign_ins::delete(&mut conn, "p1").await.expect("delete"));
        assert!(!pending_sign_ins::delete(&mut conn, "p1").await.expect("delete"), "{backend:?}: once");
        pending_sign_ins::delete_for_user(&mut conn, &uid("u1")).await.expect("delete all");
        assert_eq!(pending_sign_ins::user(&mut conn, "p2", 20).await.expect("query"), None, "{backend:?}");
    }
}
