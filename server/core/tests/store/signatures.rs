use crate::common::{add_user, signature, uid};
use mamoru_core::store::{signatures, users};
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn agreement_versions_publish_in_order() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        assert_eq!(signatures::current_version(&mut conn).await.expect("current"), None, "{backend:?}");
        signatures::publish(&mut conn, 1, None, 10).await.expect("publish 1");
        signatures::publish(&mut conn, 2, None, 20).await.expect("publish 2");
        assert_eq!(signatures::current_version(&mut conn).await.expect("current"), Some(2), "{backend:?}");
        assert_eq!(signatures::published_versions(&mut conn).await.expect("list"), vec![(1, 10), (2, 20)]);
        assert!(signatures::publish(&mut conn, 2, None, 30).await.is_err(), "{backend:?}: published twice");
    }
}

#[tokio::test]
async fn signatures_are_kept_from_every_round_and_never_changed() {
    let signed = |version, signed_at, code: &str| signatures::Signed {
        version,
        signed_at,
        verification_code: code.to_owned(),
    };
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        signatures::insert(&mut conn, &signature("s1", "u1", 1, "AAAA-BBBB-CCCC")).await.expect("sign v1");
        signatures::insert(&mut conn, &signature("s2", "u1", 2, "GGGG-HHHH-JJJJ")).await.expect("sign v2");
        let same_code = signatures::insert(&mut conn, &signature("s9", "u1", 2, "GGGG-HHHH-JJJJ")).await;
        assert!(same_code.is_err(), "{backend:?}: verification codes are unique");
        assert_eq!(
            signatures::this_round(&mut conn, &uid("u1")).await.expect("round"),
            [signed(1, 1_000, "AAAA-BBBB-CCCC"), signed(2, 1_000, "GGGG-HHHH-JJJJ")],
            "{backend:?}"
        );
        // A new round signs the current version again; the earlier copies stay.
        users::start_round(&mut conn, &uid("u1"), 2_000).await.expect("new round");
        assert!(
            signatures::this_round(&mut conn, &uid("u1")).await.expect("round").is_empty(),
            "{backend:?}"
        );
        let again = signatures::Signature { signed_at: 2_500, ..signature("s3", "u1", 2, "KKKK-LLLL-MMMM") };
        signatures::insert(&mut conn, &again).await.expect("sign v2 again");
        assert_eq!(
            signatures::this_round(&mut conn, &uid("u1")).await.expect("round"),
            [signed(2, 2_500, "KKKK-LLLL-MMMM")]
        );
        let mine = signatures::for_user(&mut conn, &uid("u1")).await.expect("list");
        assert_eq!(mine.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["s1", "s2", "s3"], "{backend:?}");
        assert_eq!(mine[0], signature("s1", "u1", 1, "AAAA-BBBB-CCCC"));
        let found = signatures::by_code(&mut conn, "GGGG-HHHH-JJJJ").await.expect("by code");
        assert_eq!(found.map(|s| s.id).as_deref(), Some("s2"));
        // The database itself refuses to rewrite or remove evidence.
        let update = sqlx::query("UPDATE nda_signatures SET evidence = 'forged' WHERE id = 's1'")
            .execute(&mut *conn)
            .await;
        assert!(update.is_err(), "{backend:?}: update allowed");
        let delete = sqlx::query("DELETE FROM nda_signatures WHERE id = 's1'").execute(&mut *conn).await;
        assert!(delete.is_err(), "{backend:?}: delete allowed");
        assert_eq!(
            signatures::for_user(&mut conn, &uid("u1")).await.expect("list")[0].evidence,
            r#"{"sealed":"evidence"}"#
        );
    }
}
