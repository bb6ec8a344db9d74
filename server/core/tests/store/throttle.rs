use mamoru_core::store::throttle;
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn throttle_reserves_attempts_locks_and_starts_over() {
    use mamoru_core::throttle::ACCOUNT;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let mut reserve =
            async |at: i64| throttle::reserve(&mut conn, "k", &ACCOUNT, at).await.expect("reserve");
        for n in 1..=5 {
            assert_eq!(reserve(1000).await, Some(n), "{backend:?}");
        }
        assert_eq!(reserve(1059).await, None, "{backend:?}: the fifth locks for a minute");
        assert_eq!(reserve(1060).await, Some(6), "{backend:?}: refused attempts were not counted");
        assert_eq!(reserve(1179).await, None, "{backend:?}: the sixth locks for two minutes");
        assert_eq!(reserve(1180).await, Some(7), "{backend:?}");
        assert_eq!(reserve(1000 + ACCOUNT.window_secs + 240).await, Some(1), "{backend:?}: a new window");
        throttle::release(&mut conn, "k").await.expect("release");
        throttle::release(&mut conn, "k").await.expect("release below zero is a no-op");
        let next = 1000 + ACCOUNT.window_secs + 241;
        assert_eq!(throttle::reserve(&mut conn, "k", &ACCOUNT, next).await.expect("reserve"), Some(1));
        throttle::clear(&mut conn, "k").await.expect("clear");
        assert_eq!(throttle::reserve(&mut conn, "k", &ACCOUNT, next).await.expect("reserve"), Some(1));
    }
}

#[tokio::test]
async fn a_burst_of_attempts_gets_no_more_than_the_rule_allows() {
    use mamoru_core::throttle::{ACCOUNT, ADDRESS};
    for backend in backends() {
        let db = TestDb::new(backend).await;
        for (rule, burst) in [(ACCOUNT, 40), (ADDRESS, 100)] {
            let mut attempts = tokio::task::JoinSet::new();
            for _ in 0..burst {
                let pool = db.store.pool().clone();
                attempts.spawn(async move {
                    let mut conn = pool.acquire().await.expect("conn");
                    throttle::reserve(&mut conn, "burst", &rule, 5000).await.expect("reserve")
                });
            }
            let mut granted: Vec<i64> = Vec::new();
            while let Some(attempt) = attempts.join_next().await {
                granted.extend(attempt.expect("join"));
            }
            granted.sort_unstable();
            assert_eq!(granted, (1..=rule.lock_from).collect::<Vec<_>>(), "{backend:?}: {rule:?}");
            let mut conn = db.store.pool().acquire().await.expect("conn");
            throttle::clear(&mut conn, "burst").await.expect("clear");
        }
    }
}
