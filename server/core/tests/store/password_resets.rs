use crate::common::{add_user, uid};
use mamoru_core::store::password_resets::{self, NewReset};
use mamoru_core::testing::{TestDb, backends};
use mamoru_types::domain::ResetId;

async fn issue(conn: &mut sqlx::AnyConnection, id: &str, hash: &str, now: i64) {
    let id = ResetId::new(id);
    let reset = NewReset {
        id: &id,
        token_hash: hash,
        user_id: &uid("u1"),
        created_by: None,
        now,
        expires_at: now + 100,
    };
    password_resets::replace(conn, reset).await.expect("issue");
}

#[tokio::test]
async fn a_link_works_once_before_it_expires_and_a_newer_one_replaces_it() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        issue(&mut conn, "r1", "hash-1", 10).await;
        let found = password_resets::usable_by_token_hash(&mut conn, "hash-1", 50).await.expect("query");
        assert_eq!(found.map(|r| r.user_id), Some(uid("u1")), "{backend:?}");
        assert!(
            password_resets::usable_by_token_hash(&mut conn, "hash-1", 110).await.expect("query").is_none()
        );

        issue(&mut conn, "r2", "hash-2", 20).await;
        assert!(
            password_resets::usable_by_token_hash(&mut conn, "hash-1", 50).await.expect("query").is_none(),
            "{backend:?}: the older link stops working"
        );
        assert!(!password_resets::consume(&mut conn, &ResetId::new("r2"), 120).await.expect("late"));
        assert!(password_resets::consume(&mut conn, &ResetId::new("r2"), 50).await.expect("use"));
        assert!(
            !password_resets::consume(&mut conn, &ResetId::new("r2"), 51).await.expect("twice"),
            "{backend:?}"
        );
        assert!(
            password_resets::usable_by_token_hash(&mut conn, "hash-2", 52).await.expect("query").is_none()
        );

        // A used link stays as a record; the next one is a new open link beside it.
        issue(&mut conn, "r3", "hash-3", 60).await;
        let open = password_resets::usable_by_token_hash(&mut conn, "hash-3", 61).await.expect("query");
        assert_eq!(open.map(|r| r.id), Some(ResetId::new("r3")), "{backend:?}");
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM password_resets")
            .fetch_one(&mut *conn)
            .await
            .expect("count");
        assert_eq!(kept, 2, "{backend:?}");
    }
}
