use crate::common::{add_session, add_user, uid};
use mamoru_core::store::sessions;
use mamoru_core::testing::{TestDb, backends};
use mamoru_types::domain::SessionId;

#[tokio::test]
async fn sessions_are_found_by_hash_and_end_together() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_session(&mut conn, "hash-a", "u1", 10).await.expect("insert");
        add_session(&mut conn, "hash-b", "u1", 20).await.expect("insert");
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

#[tokio::test]
async fn a_person_lists_their_sessions_with_where_they_came_from_and_ends_only_their_own() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_user(&mut conn, "u2", "suzuki@example.jp").await;
        add_session(&mut conn, "hash-a", "u1", 10).await.expect("insert");
        add_session(&mut conn, "hash-b", "u1", 20).await.expect("insert");
        add_session(&mut conn, "hash-c", "u2", 30).await.expect("insert");
        let listed = sessions::for_user(&mut conn, &uid("u1")).await.expect("list");
        let ids: Vec<_> = listed.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["s-hash-b", "s-hash-a"], "{backend:?}: the most recently used first");
        assert_eq!(
            (listed[0].client_addr.as_deref(), listed[0].user_agent.as_str(), listed[0].created_at),
            (Some("192.0.2.1"), "Firefox/133.0", 20)
        );
        let other = SessionId::new("s-hash-c");
        assert!(!sessions::delete_own(&mut conn, &uid("u1"), &other).await.expect("delete"), "{backend:?}");
        assert!(sessions::by_token_hash(&mut conn, "hash-c").await.expect("query").is_some());
        assert!(
            sessions::delete_own(&mut conn, &uid("u1"), &SessionId::new("s-hash-a")).await.expect("delete")
        );
        assert_eq!(sessions::count_for_user(&mut conn, &uid("u1")).await.expect("count"), 1, "{backend:?}");
    }
}
