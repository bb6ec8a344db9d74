use crate::common::{add_user, uid};
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn a_person_keeps_their_newest_known_browsers_and_no_more() {
    use mamoru_core::store::devices;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        let kept = devices::KEPT_PER_PERSON;
        for i in 0..kept + 5 {
            devices::insert(&mut conn, &format!("t{i}"), &uid("u1"), 1000 + i, 10_000).await.expect("insert");
        }
        assert!(
            !devices::is_known(&mut conn, "t0", &uid("u1"), 2000).await.expect("query"),
            "{backend:?}: oldest forgotten"
        );
        assert!(
            devices::is_known(&mut conn, &format!("t{}", kept + 4), &uid("u1"), 2000).await.expect("query")
        );
        assert!(
            devices::is_known(&mut conn, "t5", &uid("u1"), 2000).await.expect("query"),
            "{backend:?}: the 20 newest kept"
        );
        assert!(
            !devices::is_known(&mut conn, "t5", &uid("u2"), 2000).await.expect("query"),
            "another person's"
        );
        assert!(
            !devices::is_known(&mut conn, "t5", &uid("u1"), 10_000).await.expect("query"),
            "{backend:?}: expired"
        );
    }
}
