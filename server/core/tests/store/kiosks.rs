use crate::common::{add_user, kid, kiosk, uid};
use mamoru_core::store::kiosks;
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn enrollment_codes_and_request_nonces_are_single_use() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "admin", "admin@example.jp").await;
        kiosks::create_enrollment(&mut conn, "code-hash", &uid("admin"), 100, 200).await.expect("create");
        assert!(
            !kiosks::use_enrollment(&mut conn, "code-hash", 200).await.expect("use"),
            "{backend:?}: expired"
        );
        assert!(kiosks::use_enrollment(&mut conn, "code-hash", 199).await.expect("use"), "{backend:?}");
        assert!(
            !kiosks::use_enrollment(&mut conn, "code-hash", 150).await.expect("use"),
            "{backend:?}: used"
        );

        kiosks::insert(&mut conn, &kiosk("k1")).await.expect("insert");
        kiosks::insert(&mut conn, &kiosk("k2")).await.expect("insert");
        assert!(
            kiosks::insert(&mut conn, &kiosks::Kiosk { id: kid("k3"), ..kiosk("k1") }).await.is_err(),
            "{backend:?}: same key"
        );
        assert!(kiosks::record_nonce(&mut conn, &kid("k1"), "n1", 100).await.expect("nonce"));
        assert!(
            !kiosks::record_nonce(&mut conn, &kid("k1"), "n1", 101).await.expect("nonce"),
            "{backend:?}: replay"
        );
        assert!(
            kiosks::record_nonce(&mut conn, &kid("k2"), "n1", 101).await.expect("nonce"),
            "{backend:?}: another kiosk"
        );
        assert_eq!(kiosks::forget_nonces(&mut conn, 101).await.expect("forget"), 1);
        assert!(
            kiosks::record_nonce(&mut conn, &kid("k1"), "n1", 300).await.expect("nonce"),
            "{backend:?}: forgotten"
        );

        assert!(kiosks::disable(&mut conn, &kid("k1"), 400).await.expect("disable"));
        assert!(!kiosks::disable(&mut conn, &kid("k1"), 500).await.expect("disable"), "{backend:?}: once");
        let k1 = kiosks::by_id(&mut conn, &kid("k1")).await.expect("get").expect("k1");
        assert_eq!(k1.disabled_at, Some(400));
        assert_eq!(kiosks::list(&mut conn).await.expect("list").len(), 2);
    }
}
