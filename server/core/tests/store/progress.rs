use crate::common::{add_user, aid, uid};
use mamoru_core::store::users;
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn progress_records_reads_once_and_submits_an_attempt_once() {
    use mamoru_core::store::progress;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let a1 = aid("a1");
        add_user(&mut conn, "u1", "hire@example.jp").await;
        add_user(&mut conn, "hr", "hr@example.jp").await;
        progress::mark_read(&mut conn, &uid("u1"), "v1", "m1", 0, 10).await.expect("read");
        progress::mark_read(&mut conn, &uid("u1"), "v1", "m1", 0, 20).await.expect("read again");
        progress::mark_read(&mut conn, &uid("u1"), "v2", "m1", 1, 20).await.expect("other version");
        let new = progress::NewAttempt {
            id: &a1,
            user_id: &uid("u1"),
            version: "v1",
            module: "m1",
            served: "[]",
            now: 30,
        };
        progress::start_attempt(&mut conn, new).await.expect("start");
        assert!(progress::submit(&mut conn, &a1, "[[1]]", 80, true, 40).await.expect("submit"));
        assert!(
            !progress::submit(&mut conn, &a1, "[[2]]", 0, false, 50).await.expect("resubmit"),
            "{backend:?}"
        );

        let loaded = progress::load(&mut conn, &uid("u1"), "v1").await.expect("load");
        assert_eq!(loaded.reads, vec![("m1".to_owned(), 0)], "{backend:?}: one read, this version only");
        let attempt = &loaded.attempts[0];
        assert_eq!(
            (attempt.answers.as_deref(), attempt.score_percent, attempt.passed),
            (Some("[[1]]"), Some(80), true)
        );
        assert!(attempt.counts() && !attempt.is_open());

        assert_eq!(
            progress::void_attempts(&mut conn, &uid("u1"), "v1", "m1", &uid("hr"), 60).await.expect("void"),
            1
        );
        let (owner, version, voided) =
            progress::attempt_by_id(&mut conn, &a1).await.expect("query").expect("found");
        assert_eq!(
            (owner.as_str(), version.as_str(), voided.voided, voided.counts()),
            ("u1", "v1", true, false),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_new_round_counts_only_what_is_read_and_answered_from_then_on() {
    use mamoru_core::store::progress;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "hire@example.jp").await;
        let hire = uid("u1");
        let (a1, a2) = (aid("a1"), aid("a2"));
        let attempt = |id, now| progress::NewAttempt {
            id,
            user_id: &hire,
            version: "v1",
            module: "m1",
            served: "[]",
            now,
        };
        progress::mark_read(&mut conn, &uid("u1"), "v1", "m1", 0, 10).await.expect("read");
        progress::start_attempt(&mut conn, attempt(&a1, 20)).await.expect("start");
        assert!(progress::submit(&mut conn, &a1, "[]", 100, true, 30).await.expect("submit"));

        users::start_round(&mut conn, &uid("u1"), 1_000).await.expect("new round");
        let loaded = progress::load(&mut conn, &uid("u1"), "v1").await.expect("load");
        assert!(loaded.reads.is_empty() && loaded.attempts.is_empty(), "{backend:?}: {loaded:?}");
        assert_eq!(progress::attempts_used(&mut conn, &uid("u1"), "v1", "m1").await.expect("used"), 0);

        progress::mark_read(&mut conn, &uid("u1"), "v1", "m1", 0, 1_010).await.expect("read again");
        progress::mark_read(&mut conn, &uid("u1"), "v1", "m1", 0, 1_020).await.expect("and again");
        progress::start_attempt(&mut conn, attempt(&a2, 1_030)).await.expect("start");
        assert!(progress::submit(&mut conn, &a2, "[]", 0, false, 1_040).await.expect("submit"));
        let loaded = progress::load(&mut conn, &uid("u1"), "v1").await.expect("load");
        assert_eq!(loaded.reads, vec![("m1".to_owned(), 0)], "{backend:?}: read in this round");
        assert_eq!(loaded.attempts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a2"]);
        assert_eq!(progress::attempts_used(&mut conn, &uid("u1"), "v1", "m1").await.expect("used"), 1);
        assert_eq!(
            progress::void_attempts(&mut conn, &uid("u1"), "v1", "m1", &uid("u1"), 1_050)
                .await
                .expect("void"),
            1,
            "{backend:?}: the earlier round's pass stays"
        );
        assert!(progress::attempt_by_id(&mut conn, &a1).await.expect("query").is_none(), "{backend:?}");
        let every = progress::every_attempt(&mut conn, &uid("u1")).await.expect("all");
        assert_eq!(every.len(), 2, "{backend:?}");
        assert!(every[0].1.passed && !every[0].1.voided, "{backend:?}: the earlier round's pass stays");
    }
}

#[tokio::test]
async fn a_hire_has_at_most_one_open_attempt_per_module() {
    use mamoru_core::store::progress;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "hire@example.jp").await;
        let hire = uid("u1");
        let [a1, a2, a3, a4] = ["a1", "a2", "a3", "a4"].map(aid);
        let attempt = |id, module| progress::NewAttempt {
            id,
            user_id: &hire,
            version: "v1",
            module,
            served: "[]",
            now: 30,
        };
        progress::start_attempt(&mut conn, attempt(&a1, "m1")).await.expect("first");
        let second = progress::start_attempt(&mut conn, attempt(&a2, "m1")).await;
        assert!(second.is_err(), "{backend:?}: a second open attempt at the same module");
        progress::start_attempt(&mut conn, attempt(&a3, "m2")).await.expect("another module");
        assert!(progress::submit(&mut conn, &a1, "[[1]]", 0, false, 40).await.expect("submit"));
        progress::start_attempt(&mut conn, attempt(&a4, "m1")).await.expect("after submitting");
    }
}
