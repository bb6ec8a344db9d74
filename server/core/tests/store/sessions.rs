use crate::common::{add_user, uid};
use mamoru_core::store::sessions;
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn sessions_are_found_by_hash_and_end_together() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        sessions::insert(&mut conn, "hash-a", &uid("u1"), 10).await.expect("insert");
        sessions::insert(&mut conn, "hash-b", &uid("u1"), 20).await.expect("insert");
        sessions::touch(&mut conn, "hash-a", 30).await.expect("touch");
        let a = sessions::by_token_hash(&mut conn, "hash-a").await.expect("query").expect("found");
        // With its account, read in the same query.
        assert_eq!(
            (a.user.id.as_str(), a.user.email.as_str(), a.session_created_at, a.last_seen_at),
            ("u1", "sato@example.jp", 10, 30),
            "{backend:?}"
        );
        assert!(sessions::by_token_hash(&mut conn, "hash-c").await.expect("query").is_none());
        assert_eq!(sessions::delete_for_user(&mut conn, &uid("u1")).await.expect("delete"), 2);
        assert_eq!(sessions::count_for_user(&mut conn, &uid("u1")).await.expect("count"), 0, "{backend:?}");
    }
}
