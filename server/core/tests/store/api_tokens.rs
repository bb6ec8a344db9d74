use crate::common::{add_user, uid};
use mamoru_core::store::api_tokens;
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn a_revoked_api_token_opens_nothing() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "admin", "admin@example.jp").await;
        let token =
            api_tokens::ApiToken { id: "t1".into(), name: "door".into(), created_at: 100, revoked_at: None };
        api_tokens::insert(&mut conn, &token, "hash-1", &uid("admin")).await.expect("insert");
        assert_eq!(api_tokens::active_by_hash(&mut conn, "hash-1").await.expect("get"), Some(token));
        assert!(api_tokens::revoke(&mut conn, "t1", 200).await.expect("revoke"));
        assert!(!api_tokens::revoke(&mut conn, "t1", 300).await.expect("revoke"), "{backend:?}: once");
        assert_eq!(api_tokens::active_by_hash(&mut conn, "hash-1").await.expect("get"), None, "{backend:?}");
        assert_eq!(api_tokens::list(&mut conn).await.expect("list")[0].revoked_at, Some(200));
    }
}
