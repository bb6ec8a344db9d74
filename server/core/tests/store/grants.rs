use crate::common::{add_user, gid, grant, kid, uid};
use mamoru_core::store::grants;
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn a_grant_is_claimed_once_and_only_before_it_expires() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_user(&mut conn, "u2", "suzuki@example.jp").await;
        grants::insert(&mut conn, &grant("g1", "u1", "AAAA-BBBB-CCCC")).await.expect("insert");
        assert!(
            grants::insert(&mut conn, &grant("g2", "u2", "AAAA-BBBB-CCCC")).await.is_err(),
            "{backend:?}: duplicate code"
        );
        assert!(
            grants::insert(&mut conn, &grant("g3", "u1", "DDDD-EEEE-FFFF")).await.is_err(),
            "{backend:?}: a second outstanding grant for one person"
        );
        assert!(
            !grants::claim(&mut conn, &gid("g1"), &kid("kiosk-a"), 1_000, 0).await.expect("claim"),
            "{backend:?}: expired"
        );
        assert!(
            grants::claim(&mut conn, &gid("g1"), &kid("kiosk-a"), 999, 0).await.expect("claim"),
            "{backend:?}"
        );
        assert!(
            !grants::claim(&mut conn, &gid("g1"), &kid("kiosk-b"), 999, 0).await.expect("claim"),
            "{backend:?}: claimed twice"
        );
        let mine = grants::for_user(&mut conn, &uid("u1")).await.expect("list");
        let g1 = mine.iter().find(|g| g.id == gid("g1")).expect("g1");
        assert_eq!(
            (g1.state, g1.kiosk_id.clone()),
            (grants::GrantState::Claimed, Some(kid("kiosk-a"))),
            "{backend:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_claims_of_one_grant_give_exactly_one_card() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        {
            let mut conn = db.store.pool().acquire().await.expect("conn");
            add_user(&mut conn, "u1", "sato@example.jp").await;
            grants::insert(&mut conn, &grant("g1", "u1", "AAAA-BBBB-CCCC")).await.expect("insert");
        }
        let claims = (0..50).map(|i| {
            let store = db.store.clone();
            tokio::spawn(async move {
                let mut conn = store.pool().acquire().await.expect("conn");
                let kiosk = kid(&format!("kiosk-{i}"));
                grants::claim(&mut conn, &gid("g1"), &kiosk, 500, 0).await.expect("claim").then_some(kiosk)
            })
        });
        let mut winners = Vec::new();
        for claim in claims.collect::<Vec<_>>() {
            winners.extend(claim.await.expect("task"));
        }
        assert_eq!(winners.len(), 1, "{backend:?}: {winners:?}");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let stored = grants::for_user(&mut conn, &uid("u1")).await.expect("list");
        assert_eq!(stored[0].kiosk_id.as_ref(), winners.first(), "{backend:?}");
    }
}

#[tokio::test]
async fn a_stale_claim_can_be_taken_over_and_only_its_holder_finishes_it() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        grants::insert(
            &mut conn,
            &grants::Grant { expires_at: 10_000, ..grant("g1", "u1", "AAAA-BBBB-CCCC") },
        )
        .await
        .expect("insert");
        assert!(grants::claim(&mut conn, &gid("g1"), &kid("kiosk-a"), 100, 0).await.expect("claim"));
        assert!(
            !grants::claim(&mut conn, &gid("g1"), &kid("kiosk-b"), 200, 100).await.expect("claim"),
            "{backend:?}: still held"
        );
        assert!(
            grants::claim(&mut conn, &gid("g1"), &kid("kiosk-b"), 500, 101).await.expect("claim"),
            "{backend:?}: stale"
        );
        assert!(
            !grants::finish_claim(&mut conn, &gid("g1"), &kid("kiosk-a"), grants::GrantState::Issued)
                .await
                .expect("finish"),
            "{backend:?}: kiosk-a lost its claim"
        );
        assert!(
            grants::finish_claim(&mut conn, &gid("g1"), &kid("kiosk-b"), grants::GrantState::Granted)
                .await
                .expect("finish")
        );
        let g1 = grants::by_id(&mut conn, &gid("g1")).await.expect("get").expect("g1");
        assert_eq!((g1.state, g1.kiosk_id), (grants::GrantState::Granted, None), "{backend:?}");
    }
}

#[tokio::test]
async fn the_fifth_wrong_pin_locks_a_grant() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        grants::insert(&mut conn, &grant("g1", "u1", "AAAA-BBBB-CCCC")).await.expect("insert");
        assert_eq!(grants::pin_hash(&mut conn, &gid("g1")).await.expect("pin"), None);
        assert!(grants::set_pin(&mut conn, &gid("g1"), "hash").await.expect("set"));
        assert_eq!(grants::pin_hash(&mut conn, &gid("g1")).await.expect("pin").as_deref(), Some("hash"));
        for expected in 1..=5 {
            assert_eq!(
                grants::record_pin_failure(&mut conn, &gid("g1"), 5).await.expect("fail"),
                Some(expected),
                "{backend:?}"
            );
        }
        let g1 = grants::by_id(&mut conn, &gid("g1")).await.expect("get").expect("g1");
        assert_eq!(g1.state, grants::GrantState::Locked, "{backend:?}");
        assert_eq!(
            grants::record_pin_failure(&mut conn, &gid("g1"), 5).await.expect("fail"),
            None,
            "{backend:?}"
        );
        assert!(!grants::set_pin(&mut conn, &gid("g1"), "other").await.expect("set"), "{backend:?}: locked");
        assert!(
            !grants::claim(&mut conn, &gid("g1"), &kid("kiosk-a"), 500, 0).await.expect("claim"),
            "{backend:?}: locked"
        );

        // Guesses against a claimed grant cost attempts too (a stale claim can be taken over).
        add_user(&mut conn, "u2", "suzuki@example.jp").await;
        grants::insert(&mut conn, &grant("g2", "u2", "DDDD-EEEE-FFFF")).await.expect("insert");
        assert!(grants::claim(&mut conn, &gid("g2"), &kid("kiosk-a"), 500, 0).await.expect("claim"));
        assert_eq!(
            grants::record_pin_failure(&mut conn, &gid("g2"), 5).await.expect("fail"),
            Some(1),
            "{backend:?}"
        );
    }
}
