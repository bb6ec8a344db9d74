use mamoru_core::store::setup;
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn a_setup_token_is_consumed_once_and_expires() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        setup::replace(&mut conn, "old", 0, 100).await.expect("replace");
        setup::replace(&mut conn, "new", 0, 100).await.expect("replace");
        assert!(!setup::consume(&mut conn, "old", 10).await.expect("consume"), "{backend:?}: replaced token");
        assert!(!setup::consume(&mut conn, "new", 100).await.expect("consume"), "{backend:?}: expired token");
        setup::replace(&mut conn, "new", 0, 100).await.expect("replace");
        assert!(setup::consume(&mut conn, "new", 10).await.expect("consume"));
        assert!(!setup::consume(&mut conn, "new", 10).await.expect("consume"), "{backend:?}: second use");
    }
}
