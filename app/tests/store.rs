//! Store tests: every test runs on SQLite, and on PostgreSQL when configured
//! (see `app::server::testing`).
#![cfg(feature = "ssr")]

use app::domain::{Email, PersonName, Role};
use app::server::store::{invites, sessions, setup, throttle, users};
use app::server::testing::{TestDb, backends};

fn email(s: &str) -> Email {
    Email::parse(s).expect("valid email")
}

fn name(s: &str) -> PersonName {
    PersonName::parse(s).expect("valid name")
}

async fn add_user(conn: &mut sqlx::AnyConnection, id: &str, address: &str) {
    users::insert(
        conn,
        users::NewUser {
            id,
            email: &email(address),
            name: &name("佐藤 花子"),
            role: Role::Hire,
            password_hash: "h",
            now: 100,
        },
    )
    .await
    .expect("insert user");
}

#[tokio::test]
async fn users_are_unique_by_email_and_can_be_disabled_once() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        let found =
            users::by_email(&mut conn, &email("SATO@example.jp")).await.expect("query").expect("found");
        assert_eq!(
            (found.id.as_str(), found.name.as_str(), found.role),
            ("u1", "佐藤 花子", Role::Hire),
            "{backend:?}"
        );
        let duplicate = users::insert(
            &mut conn,
            users::NewUser {
                id: "u2",
                email: &email("sato@example.jp"),
                name: &name("別人"),
                role: Role::Hr,
                password_hash: "h",
                now: 1,
            },
        )
        .await;
        assert!(duplicate.is_err(), "{backend:?}: a second account with the same email");
        assert_eq!(users::count(&mut conn).await.expect("count"), 1);
        assert!(users::disable(&mut conn, "u1", 200).await.expect("disable"));
        assert!(!users::disable(&mut conn, "u1", 300).await.expect("disable again"), "{backend:?}");
        assert_eq!(
            users::by_id(&mut conn, "u1").await.expect("query").expect("found").disabled_at,
            Some(200)
        );
    }
}

#[tokio::test]
async fn sessions_are_found_by_hash_and_end_together() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        sessions::insert(&mut conn, "hash-a", "u1", 10).await.expect("insert");
        sessions::insert(&mut conn, "hash-b", "u1", 20).await.expect("insert");
        sessions::touch(&mut conn, "hash-a", 30).await.expect("touch");
        let a = sessions::by_token_hash(&mut conn, "hash-a").await.expect("query").expect("found");
        assert_eq!((a.user_id.as_str(), a.created_at, a.last_seen_at), ("u1", 10, 30), "{backend:?}");
        assert!(sessions::by_token_hash(&mut conn, "hash-c").await.expect("query").is_none());
        assert_eq!(sessions::delete_for_user(&mut conn, "u1").await.expect("delete"), 2);
        assert_eq!(sessions::count_for_user(&mut conn, "u1").await.expect("count"), 0, "{backend:?}");
    }
}

#[tokio::test]
async fn an_invite_is_usable_until_used_or_expired() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let address = email("new@example.jp");
        invites::insert(
            &mut conn,
            invites::NewInvite {
                id: "i1",
                token_hash: "th",
                email: &address,
                name: &name("新人 太郎"),
                role: Role::Hire,
                created_by: None,
                now: 100,
                expires_at: 200,
            },
        )
        .await
        .expect("insert");
        assert!(invites::pending_for_email(&mut conn, &address, 150).await.expect("pending"));
        assert!(invites::usable_by_token_hash(&mut conn, "th", 199).await.expect("query").is_some());
        assert!(
            invites::usable_by_token_hash(&mut conn, "th", 200).await.expect("query").is_none(),
            "{backend:?}: expired"
        );
        add_user(&mut conn, "u1", "new@example.jp").await;
        assert!(invites::mark_used(&mut conn, "i1", "u1", 150).await.expect("use"));
        assert!(
            !invites::mark_used(&mut conn, "i1", "u1", 151).await.expect("use again"),
            "{backend:?}: used twice"
        );
        assert!(invites::usable_by_token_hash(&mut conn, "th", 160).await.expect("query").is_none());
        let listed = invites::list_for_role(&mut conn, Role::Hire).await.expect("list");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].used_at, Some(150));
    }
}

#[tokio::test]
async fn throttle_counts_within_a_window_and_starts_over_after_it() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        for expected in 1..=3 {
            assert_eq!(
                throttle::record_failure(&mut conn, "k", 1000, 60).await.expect("record"),
                expected,
                "{backend:?}"
            );
        }
        throttle::lock_until(&mut conn, "k", 1100).await.expect("lock");
        let counter = throttle::get(&mut conn, "k", 1010, 60).await.expect("get");
        assert_eq!(counter, throttle::Counter { failures: 3, locked_until: 1100 });
        assert_eq!(
            throttle::get(&mut conn, "k", 1060, 60).await.expect("get").failures,
            0,
            "{backend:?}: window passed"
        );
        assert_eq!(
            throttle::record_failure(&mut conn, "k", 1060, 60).await.expect("record"),
            1,
            "{backend:?}: new window"
        );
        throttle::clear(&mut conn, "k").await.expect("clear");
        assert_eq!(throttle::get(&mut conn, "k", 1061, 60).await.expect("get"), throttle::Counter::default());
    }
}

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

#[tokio::test]
async fn an_unfinished_write_transaction_leaves_nothing_behind() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        {
            let mut tx = db.store.write().await.expect("begin");
            add_user(&mut tx, "u1", "sato@example.jp").await;
            sessions::insert(&mut tx, "hash", "u1", 1).await.expect("insert");
            // Dropped without commit, as when the process dies half-way.
        }
        let mut conn = db.store.pool().acquire().await.expect("conn");
        assert_eq!(users::count(&mut conn).await.expect("count"), 0, "{backend:?}");
        assert!(sessions::by_token_hash(&mut conn, "hash").await.expect("query").is_none());
    }
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys() {
    let db = TestDb::new(app::server::testing::TestBackend::Sqlite).await;
    let mut conn = db.store.pool().acquire().await.expect("conn");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.expect("pragma");
    assert_eq!(mode, "wal");
    let orphan = sessions::insert(&mut conn, "hash", "no-such-user", 1).await;
    assert!(orphan.is_err(), "foreign keys are enforced");
}

#[tokio::test]
async fn progress_records_reads_once_and_submits_an_attempt_once() {
    use app::server::store::progress;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "hire@example.jp").await;
        add_user(&mut conn, "hr", "hr@example.jp").await;
        progress::mark_read(&mut conn, "u1", "v1", "m1", 0, 10).await.expect("read");
        progress::mark_read(&mut conn, "u1", "v1", "m1", 0, 20).await.expect("read again");
        progress::mark_read(&mut conn, "u1", "v2", "m1", 1, 20).await.expect("other version");
        let new = progress::NewAttempt {
            id: "a1",
            user_id: "u1",
            version: "v1",
            module: "m1",
            served: "[]",
            now: 30,
        };
        progress::start_attempt(&mut conn, new).await.expect("start");
        assert!(progress::submit(&mut conn, "a1", "[[1]]", 80, true, 40).await.expect("submit"));
        assert!(
            !progress::submit(&mut conn, "a1", "[[2]]", 0, false, 50).await.expect("resubmit"),
            "{backend:?}"
        );

        let loaded = progress::load(&mut conn, "u1", "v1").await.expect("load");
        assert_eq!(loaded.reads, vec![("m1".to_owned(), 0)], "{backend:?}: one read, this version only");
        let attempt = &loaded.attempts[0];
        assert_eq!(
            (attempt.answers.as_deref(), attempt.score_percent, attempt.passed),
            (Some("[[1]]"), Some(80), true)
        );
        assert!(attempt.counts() && !attempt.is_open());

        assert_eq!(progress::void_attempts(&mut conn, "u1", "v1", "m1", "hr", 60).await.expect("void"), 1);
        let (owner, version, voided) =
            progress::attempt_by_id(&mut conn, "a1").await.expect("query").expect("found");
        assert_eq!(
            (owner.as_str(), version.as_str(), voided.voided, voided.counts()),
            ("u1", "v1", true, false),
            "{backend:?}"
        );
    }
}
