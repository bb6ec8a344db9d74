//! Store tests: every test runs on SQLite, and on PostgreSQL when configured
//! (see `mamoru_core::testing`).

use mamoru_core::store::{
    api_tokens, audit, cards, grants, hires, invites, kiosks, sessions, setup, signatures, throttle, users,
};
use mamoru_core::testing::{TestBackend, TestDb, backends};
use mamoru_types::domain::{Email, PersonName, Role};
use mamoru_types::hires::HireState;
use std::collections::BTreeSet;

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
    }
}

/// A hire invitation `id` (its token hash is the id too), valid from 100 to 200.
async fn add_hire_invite(conn: &mut sqlx::AnyConnection, id: &str, address: &str) {
    let invite = invites::NewInvite {
        id,
        token_hash: id,
        email: &email(address),
        name: &name("新人 太郎"),
        role: Role::Hire,
        created_by: None,
        now: 100,
        expires_at: 200,
    };
    invites::insert(conn, invite).await.expect("invite");
}

fn hire(id: &str, invite_id: &str, number: &str) -> hires::Hire {
    hires::Hire {
        id: id.into(),
        invite_id: invite_id.into(),
        user_id: None,
        employee_number: number.into(),
        name: "新人 太郎".into(),
        kana: "シンジン タロウ".into(),
        email: format!("{id}@example.jp"),
        site: "本社".into(),
        start_date: "2026-12-01".into(),
        created_at: 100,
        search_text: format!("しんじん\n{number}").to_lowercase(),
    }
}

#[tokio::test]
async fn a_hire_has_a_unique_employee_number_and_links_to_one_account() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        for id in ["i1", "i2"] {
            add_hire_invite(&mut conn, id, &format!("{id}@example.jp")).await;
        }
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        let duplicate = hires::insert(&mut conn, &hire("h2", "i2", "E-1")).await.expect_err("same number");
        assert!(mamoru_core::store::is_duplicate(&duplicate), "{backend:?}: told apart from other failures");
        assert!(hires::employee_number_taken(&mut conn, "E-1").await.expect("query"));
        assert!(!hires::employee_number_taken(&mut conn, "E-2").await.expect("query"));
        add_user(&mut conn, "u1", "u1@example.jp").await;
        assert!(hires::link_user(&mut conn, "i1", "u1").await.expect("link"));
        assert!(!hires::link_user(&mut conn, "i1", "u1").await.expect("link"), "{backend:?}: once");
        let h1 = hires::by_id(&mut conn, "h1").await.expect("get").expect("h1").hire;
        assert_eq!(h1.user_id.as_deref(), Some("u1"));
        assert_eq!(
            hires::stale(&mut conn, "v1").await.expect("stale"),
            ["u1"],
            "{backend:?}: never computed"
        );
        let standing = hires::Standing {
            state: HireState::InTraining,
            modules_passed: 2,
            card: None,
            card_expires_at: None,
            signed_versions: "1".into(),
            course_version: "v1".into(),
            certified_at: None,
        };
        assert!(hires::set_standing(&mut conn, "u1", &standing).await.expect("set"));
        assert!(!hires::set_standing(&mut conn, "staff", &standing).await.expect("set"), "not a hire");
        assert!(hires::stale(&mut conn, "v1").await.expect("stale").is_empty());
        let query = |state, search| hires::Query {
            state,
            site: "",
            start_from: "2026-12-01",
            start_to: "",
            search,
            expired_if_certified_by: 5_000,
            limit: 10,
            offset: 0,
        };
        let (listed, total) =
            hires::page(&mut conn, &query(Some(HireState::InTraining), "e-1")).await.expect("page");
        assert_eq!((listed.len(), total), (1, 1), "{backend:?}");
        assert_eq!((&listed[0].hire, &listed[0].standing), (&h1, &standing));
        let (_, total) = hires::page(&mut conn, &query(Some(HireState::Invited), "")).await.expect("page");
        assert_eq!(total, 0, "{backend:?}: by state");
        let (_, total) = hires::page(&mut conn, &query(None, "e\\_1")).await.expect("page");
        assert_eq!(total, 0, "{backend:?}: an escaped _ is no wildcard");

        // A completed hire shows as expired when certified no later than the cut-off.
        for (at, completed, expired) in [(5_001, 1, 0), (5_000, 0, 1)] {
            let certified =
                hires::Standing { state: HireState::Completed, certified_at: Some(at), ..standing.clone() };
            hires::set_standing(&mut conn, "u1", &certified).await.expect("set");
            let (_, total) =
                hires::page(&mut conn, &query(Some(HireState::Completed), "")).await.expect("page");
            assert_eq!(total, completed, "{backend:?}: certified at {at}");
            let (listed, total) =
                hires::page(&mut conn, &query(Some(HireState::Expired), "")).await.expect("page");
            assert_eq!((listed.len() as i64, total), (expired, expired), "{backend:?}: certified at {at}");
        }
        let (listed, total) = hires::certified_between(&mut conn, 4_000, 5_000, 10).await.expect("between");
        assert_eq!((listed.len(), total), (1, 1), "{backend:?}: certified within the window");
        assert_eq!(listed[0].standing.certified_at, Some(5_000));
        for (after, until) in [(5_000, 9_000), (i64::MIN, 4_999)] {
            let total = hires::certified_count(&mut conn, after, until).await.expect("count");
            assert_eq!(total, 0, "{backend:?}: certified outside ({after}, {until}]");
        }
        // A state or card status this version does not know is an error, never a guess.
        for column in ["state", "card"] {
            let sql = format!("UPDATE hires SET {column} = 'Unheard' WHERE id = 'h1'");
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *conn).await.expect("plant");
            let read = hires::by_id(&mut conn, "h1").await;
            assert!(read.is_err_and(|e| e.to_string().contains("Unheard")), "{backend:?}: {column}");
            let read = hires::state_counts(&mut conn).await;
            assert_eq!(read.is_err(), column == "state", "{backend:?}: counts with an unknown {column}");
            hires::set_standing(&mut conn, "u1", &standing).await.expect("put back");
        }
    }
}

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
    let db = TestDb::new(mamoru_core::testing::TestBackend::Sqlite).await;
    let mut conn = db.store.pool().acquire().await.expect("conn");
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&mut *conn).await.expect("pragma");
    assert_eq!(mode, "wal");
    let orphan = sessions::insert(&mut conn, "hash", "no-such-user", 1).await;
    assert!(orphan.is_err(), "foreign keys are enforced");
}

#[tokio::test]
async fn progress_records_reads_once_and_submits_an_attempt_once() {
    use mamoru_core::store::progress;
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

#[tokio::test]
async fn a_new_round_counts_only_what_is_read_and_answered_from_then_on() {
    use mamoru_core::store::progress;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "hire@example.jp").await;
        let attempt = |id, now| progress::NewAttempt {
            id,
            user_id: "u1",
            version: "v1",
            module: "m1",
            served: "[]",
            now,
        };
        progress::mark_read(&mut conn, "u1", "v1", "m1", 0, 10).await.expect("read");
        progress::start_attempt(&mut conn, attempt("a1", 20)).await.expect("start");
        assert!(progress::submit(&mut conn, "a1", "[]", 100, true, 30).await.expect("submit"));

        users::start_round(&mut conn, "u1", 1_000).await.expect("new round");
        let loaded = progress::load(&mut conn, "u1", "v1").await.expect("load");
        assert!(loaded.reads.is_empty() && loaded.attempts.is_empty(), "{backend:?}: {loaded:?}");
        assert_eq!(progress::attempts_used(&mut conn, "u1", "v1", "m1").await.expect("used"), 0);

        progress::mark_read(&mut conn, "u1", "v1", "m1", 0, 1_010).await.expect("read again");
        progress::mark_read(&mut conn, "u1", "v1", "m1", 0, 1_020).await.expect("and again");
        progress::start_attempt(&mut conn, attempt("a2", 1_030)).await.expect("start");
        assert!(progress::submit(&mut conn, "a2", "[]", 0, false, 1_040).await.expect("submit"));
        let loaded = progress::load(&mut conn, "u1", "v1").await.expect("load");
        assert_eq!(loaded.reads, vec![("m1".to_owned(), 0)], "{backend:?}: read in this round");
        assert_eq!(loaded.attempts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a2"]);
        assert_eq!(progress::attempts_used(&mut conn, "u1", "v1", "m1").await.expect("used"), 1);
        assert_eq!(
            progress::void_attempts(&mut conn, "u1", "v1", "m1", "u1", 1_050).await.expect("void"),
            1,
            "{backend:?}: the earlier round's pass stays"
        );
        assert!(progress::attempt_by_id(&mut conn, "a1").await.expect("query").is_none(), "{backend:?}");
        let every = progress::every_attempt(&mut conn, "u1").await.expect("all");
        assert_eq!(every.len(), 2, "{backend:?}");
        assert!(every[0].1.passed && !every[0].1.voided, "{backend:?}: the earlier round's pass stays");
    }
}

fn signature(id: &str, user_id: &str, version: u32, code: &str) -> signatures::Signature {
    signatures::Signature {
        id: id.into(),
        user_id: user_id.into(),
        version,
        signed_at: 1_000,
        verification_code: code.into(),
        evidence: r#"{"sealed":"evidence"}"#.into(),
        drawing: Some("[[[1,2],[3,4]]]".into()),
    }
}

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
            signatures::this_round(&mut conn, "u1").await.expect("round"),
            [signed(1, 1_000, "AAAA-BBBB-CCCC"), signed(2, 1_000, "GGGG-HHHH-JJJJ")],
            "{backend:?}"
        );
        // A new round signs the current version again; the earlier copies stay.
        users::start_round(&mut conn, "u1", 2_000).await.expect("new round");
        assert!(signatures::this_round(&mut conn, "u1").await.expect("round").is_empty(), "{backend:?}");
        let again = signatures::Signature { signed_at: 2_500, ..signature("s3", "u1", 2, "KKKK-LLLL-MMMM") };
        signatures::insert(&mut conn, &again).await.expect("sign v2 again");
        assert_eq!(
            signatures::this_round(&mut conn, "u1").await.expect("round"),
            [signed(2, 2_500, "KKKK-LLLL-MMMM")]
        );
        let mine = signatures::for_user(&mut conn, "u1").await.expect("list");
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
            signatures::for_user(&mut conn, "u1").await.expect("list")[0].evidence,
            r#"{"sealed":"evidence"}"#
        );
    }
}

fn event<'a>(action: &str, subject: &'a str) -> audit::Event<'a> {
    audit::Event {
        at: 5,
        actor_id: Some("hr"),
        action: action.parse().expect("a known action"),
        subject_id: Some(subject),
        detail: serde_json::json!({ "version": 1 }),
        ip: Some("127.0.0.1".into()),
    }
}

#[tokio::test]
async fn audit_entries_chain_and_cannot_be_changed() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut tx = db.store.write().await.expect("tx");
        audit::append(&mut tx, event("nda.signed", "u1")).await.expect("append");
        audit::append(&mut tx, event("nda.pdf_downloaded", "u1")).await.expect("append");
        audit::append(&mut tx, event("nda.signed", "u2")).await.expect("append");
        tx.commit().await.expect("commit");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let about = audit::about(&mut conn, "u1").await.expect("about");
        assert_eq!(
            about.iter().map(|e| (e.seq, e.action.name())).collect::<Vec<_>>(),
            vec![(1, "nda.signed"), (2, "nda.pdf_downloaded")],
            "{backend:?}"
        );
        let hashes: Vec<(String, String)> =
            sqlx::query_as("SELECT prev_hash, hash FROM audit_log ORDER BY seq")
                .fetch_all(&mut *conn)
                .await
                .expect("hashes");
        assert_eq!(hashes[0].0, "0".repeat(64));
        assert_eq!(hashes[1].0, hashes[0].1, "{backend:?}: entry 2 names entry 1");
        assert_eq!(hashes[2].0, hashes[1].1, "{backend:?}: entry 3 names entry 2");
        let update =
            sqlx::query("UPDATE audit_log SET action = 'nothing' WHERE seq = 1").execute(&mut *conn).await;
        assert!(update.is_err(), "{backend:?}: update allowed");
        let delete = sqlx::query("DELETE FROM audit_log WHERE seq = 1").execute(&mut *conn).await;
        assert!(delete.is_err(), "{backend:?}: delete allowed");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_audit_writers_keep_one_chain() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let writers = (0..20).map(|i| {
            let store = db.store.clone();
            tokio::spawn(async move {
                let subject = format!("u{i}");
                let mut tx = store.write().await.expect("tx");
                audit::append(&mut tx, event("nda.signed", &subject)).await.expect("append");
                tx.commit().await.expect("commit");
            })
        });
        for writer in writers.collect::<Vec<_>>() {
            writer.await.expect("writer");
        }
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let rows: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq")
                .fetch_all(&mut *conn)
                .await
                .expect("rows");
        assert_eq!(rows.len(), 20, "{backend:?}");
        for pair in rows.windows(2) {
            assert_eq!(pair[1].0, pair[0].0 + 1, "{backend:?}: gap in the sequence");
            assert_eq!(pair[1].1, pair[0].2, "{backend:?}: fork in the chain at {}", pair[1].0);
        }
    }
}

fn grant(id: &str, user_id: &str, code: &str) -> grants::Grant {
    grants::Grant {
        id: id.into(),
        user_id: user_id.into(),
        short_code: code.into(),
        state: grants::GrantState::Granted,
        issued_at: 100,
        expires_at: 1_000,
        kiosk_id: None,
    }
}

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
            !grants::claim(&mut conn, "g1", "kiosk-a", 1_000, 0).await.expect("claim"),
            "{backend:?}: expired"
        );
        assert!(grants::claim(&mut conn, "g1", "kiosk-a", 999, 0).await.expect("claim"), "{backend:?}");
        assert!(
            !grants::claim(&mut conn, "g1", "kiosk-b", 999, 0).await.expect("claim"),
            "{backend:?}: claimed twice"
        );
        let mine = grants::for_user(&mut conn, "u1").await.expect("list");
        let g1 = mine.iter().find(|g| g.id == "g1").expect("g1");
        assert_eq!(
            (g1.state, g1.kiosk_id.as_deref()),
            (grants::GrantState::Claimed, Some("kiosk-a")),
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
                let kiosk = format!("kiosk-{i}");
                grants::claim(&mut conn, "g1", &kiosk, 500, 0).await.expect("claim").then_some(kiosk)
            })
        });
        let mut winners = Vec::new();
        for claim in claims.collect::<Vec<_>>() {
            winners.extend(claim.await.expect("task"));
        }
        assert_eq!(winners.len(), 1, "{backend:?}: {winners:?}");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let stored = grants::for_user(&mut conn, "u1").await.expect("list");
        assert_eq!(stored[0].kiosk_id.as_ref(), winners.first(), "{backend:?}");
    }
}

#[tokio::test]
async fn a_hire_has_at_most_one_open_attempt_per_module() {
    use mamoru_core::store::progress;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "hire@example.jp").await;
        let attempt = |id, module| progress::NewAttempt {
            id,
            user_id: "u1",
            version: "v1",
            module,
            served: "[]",
            now: 30,
        };
        progress::start_attempt(&mut conn, attempt("a1", "m1")).await.expect("first");
        let second = progress::start_attempt(&mut conn, attempt("a2", "m1")).await;
        assert!(second.is_err(), "{backend:?}: a second open attempt at the same module");
        progress::start_attempt(&mut conn, attempt("a3", "m2")).await.expect("another module");
        assert!(progress::submit(&mut conn, "a1", "[[1]]", 0, false, 40).await.expect("submit"));
        progress::start_attempt(&mut conn, attempt("a4", "m1")).await.expect("after submitting");
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
        assert!(grants::claim(&mut conn, "g1", "kiosk-a", 100, 0).await.expect("claim"));
        assert!(
            !grants::claim(&mut conn, "g1", "kiosk-b", 200, 100).await.expect("claim"),
            "{backend:?}: still held"
        );
        assert!(
            grants::claim(&mut conn, "g1", "kiosk-b", 500, 101).await.expect("claim"),
            "{backend:?}: stale"
        );
        assert!(
            !grants::finish_claim(&mut conn, "g1", "kiosk-a", grants::GrantState::Issued)
                .await
                .expect("finish"),
            "{backend:?}: kiosk-a lost its claim"
        );
        assert!(
            grants::finish_claim(&mut conn, "g1", "kiosk-b", grants::GrantState::Granted)
                .await
                .expect("finish")
        );
        let g1 = grants::by_id(&mut conn, "g1").await.expect("get").expect("g1");
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
        assert_eq!(grants::pin_hash(&mut conn, "g1").await.expect("pin"), None);
        assert!(grants::set_pin(&mut conn, "g1", "hash").await.expect("set"));
        assert_eq!(grants::pin_hash(&mut conn, "g1").await.expect("pin").as_deref(), Some("hash"));
        for expected in 1..=5 {
            assert_eq!(
                grants::record_pin_failure(&mut conn, "g1", 5).await.expect("fail"),
                Some(expected),
                "{backend:?}"
            );
        }
        let g1 = grants::by_id(&mut conn, "g1").await.expect("get").expect("g1");
        assert_eq!(g1.state, grants::GrantState::Locked, "{backend:?}");
        assert_eq!(grants::record_pin_failure(&mut conn, "g1", 5).await.expect("fail"), None, "{backend:?}");
        assert!(!grants::set_pin(&mut conn, "g1", "other").await.expect("set"), "{backend:?}: locked");
        assert!(
            !grants::claim(&mut conn, "g1", "kiosk-a", 500, 0).await.expect("claim"),
            "{backend:?}: locked"
        );

        // Guesses against a claimed grant cost attempts too (a stale claim can be taken over).
        add_user(&mut conn, "u2", "suzuki@example.jp").await;
        grants::insert(&mut conn, &grant("g2", "u2", "DDDD-EEEE-FFFF")).await.expect("insert");
        assert!(grants::claim(&mut conn, "g2", "kiosk-a", 500, 0).await.expect("claim"));
        assert_eq!(
            grants::record_pin_failure(&mut conn, "g2", 5).await.expect("fail"),
            Some(1),
            "{backend:?}"
        );
    }
}

fn kiosk(id: &str) -> kiosks::Kiosk {
    kiosks::Kiosk {
        id: id.into(),
        name: "1F".into(),
        public_key: format!("key-{id}"),
        enrolled_at: 100,
        disabled_at: None,
    }
}

#[tokio::test]
async fn enrollment_codes_and_request_nonces_are_single_use() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "admin", "admin@example.jp").await;
        kiosks::create_enrollment(&mut conn, "code-hash", "admin", 100, 200).await.expect("create");
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
            kiosks::insert(&mut conn, &kiosks::Kiosk { id: "k3".into(), ..kiosk("k1") }).await.is_err(),
            "{backend:?}: same key"
        );
        assert!(kiosks::record_nonce(&mut conn, "k1", "n1", 100).await.expect("nonce"));
        assert!(
            !kiosks::record_nonce(&mut conn, "k1", "n1", 101).await.expect("nonce"),
            "{backend:?}: replay"
        );
        assert!(
            kiosks::record_nonce(&mut conn, "k2", "n1", 101).await.expect("nonce"),
            "{backend:?}: another kiosk"
        );
        assert_eq!(kiosks::forget_nonces(&mut conn, 101).await.expect("forget"), 1);
        assert!(
            kiosks::record_nonce(&mut conn, "k1", "n1", 300).await.expect("nonce"),
            "{backend:?}: forgotten"
        );

        assert!(kiosks::disable(&mut conn, "k1", 400).await.expect("disable"));
        assert!(!kiosks::disable(&mut conn, "k1", 500).await.expect("disable"), "{backend:?}: once");
        let k1 = kiosks::by_id(&mut conn, "k1").await.expect("get").expect("k1");
        assert_eq!(k1.disabled_at, Some(400));
        assert_eq!(kiosks::list(&mut conn).await.expect("list").len(), 2);
    }
}

fn card(id: &str, user_id: &str, grant_id: &str, uid: &str) -> cards::Card {
    cards::Card {
        id: id.into(),
        user_id: user_id.into(),
        grant_id: grant_id.into(),
        uid: uid.into(),
        state: cards::CardState::Active,
        kiosk_id: "k1".into(),
        issued_at: 100,
        ended_at: None,
    }
}

#[tokio::test]
async fn a_card_uid_is_active_for_one_person_at_a_time() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_user(&mut conn, "u2", "suzuki@example.jp").await;
        add_hire_invite(&mut conn, "i2", "suzuki@example.jp").await;
        hires::insert(&mut conn, &hire("h2", "i2", "E-2")).await.expect("hire");
        assert!(hires::link_user(&mut conn, "i2", "u2").await.expect("link"));
        kiosks::insert(&mut conn, &kiosk("k1")).await.expect("kiosk");
        grants::insert(&mut conn, &grant("g1", "u1", "AAAA-BBBB-CCCC")).await.expect("grant");
        grants::insert(&mut conn, &grant("g2", "u2", "DDDD-EEEE-FFFF")).await.expect("grant");
        cards::insert(&mut conn, &card("c1", "u1", "g1", "DEADBEEF")).await.expect("card");
        assert!(
            cards::insert(&mut conn, &card("c2", "u2", "g2", "DEADBEEF")).await.is_err(),
            "{backend:?}: same UID"
        );
        assert!(
            cards::insert(&mut conn, &card("c3", "u1", "g1", "CAFEF00D")).await.is_err(),
            "{backend:?}: same grant"
        );
        assert_eq!(
            cards::active_by_uid(&mut conn, "DEADBEEF").await.expect("get").map(|c| c.user_id),
            Some("u1".into())
        );

        assert!(cards::end(&mut conn, "c1", cards::CardState::Lost, 200).await.expect("end"));
        assert!(
            !cards::end(&mut conn, "c1", cards::CardState::Returned, 300).await.expect("end"),
            "{backend:?}: once"
        );
        cards::insert(&mut conn, &card("c2", "u2", "g2", "DEADBEEF")).await.expect("the UID is free again");
        let active: Vec<_> = cards::active(&mut conn)
            .await
            .expect("active")
            .into_iter()
            .map(|(c, number)| (c.id, number))
            .collect();
        assert_eq!(active, [("c2".to_owned(), "E-2".to_owned())], "{backend:?}: with the employee number");
        let u1 = cards::for_user(&mut conn, "u1").await.expect("list");
        assert_eq!((u1[0].state, u1[0].ended_at), (cards::CardState::Lost, Some(200)), "{backend:?}");
        assert_eq!(cards::by_grant(&mut conn, "g2").await.expect("get").map(|c| c.id), Some("c2".into()));
    }
}

#[tokio::test]
async fn a_revoked_api_token_opens_nothing() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "admin", "admin@example.jp").await;
        let token =
            api_tokens::ApiToken { id: "t1".into(), name: "door".into(), created_at: 100, revoked_at: None };
        api_tokens::insert(&mut conn, &token, "hash-1", "admin").await.expect("insert");
        assert_eq!(api_tokens::active_by_hash(&mut conn, "hash-1").await.expect("get"), Some(token));
        assert!(api_tokens::revoke(&mut conn, "t1", 200).await.expect("revoke"));
        assert!(!api_tokens::revoke(&mut conn, "t1", 300).await.expect("revoke"), "{backend:?}: once");
        assert_eq!(api_tokens::active_by_hash(&mut conn, "hash-1").await.expect("get"), None, "{backend:?}");
        assert_eq!(api_tokens::list(&mut conn).await.expect("list")[0].revoked_at, Some(200));
    }
}

/// Changes the audit log as an intruder with direct database access would: past the
/// triggers that keep it append-only.
async fn tamper(conn: &mut sqlx::AnyConnection, backend: TestBackend, statements: &[&'static str]) {
    use sqlx::Executor;
    let (open, close): (&[&'static str], &[&'static str]) = match backend {
        TestBackend::Sqlite => {
            (&["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"], &[])
        }
        TestBackend::Postgres => {
            (&["ALTER TABLE audit_log DISABLE TRIGGER USER"], &["ALTER TABLE audit_log ENABLE TRIGGER USER"])
        }
    };
    for sql in open.iter().chain(statements).chain(close) {
        conn.execute(*sql).await.expect(sql);
    }
}

/// A fresh log of five entries.
async fn five_entries(db: &TestDb) -> sqlx::pool::PoolConnection<sqlx::Any> {
    let mut conn = db.store.pool().acquire().await.expect("conn");
    for action in ["auth.signed_in", "hire.viewed", "quiz.submitted", "nda.signed", "card.issued"] {
        audit::append(&mut conn, event(action, "u1")).await.expect("append");
    }
    conn
}

#[tokio::test]
async fn audit_verify_names_the_first_entry_changed_deleted_or_reordered_behind_the_databases_back() {
    use audit::{Break, Chain};
    let cases: [(&str, &[&'static str], i64, Break); 7] = [
        (
            "changed",
            &["UPDATE audit_log SET detail = '{\"grant\":\"forged\"}' WHERE seq = 3"],
            3,
            Break::Altered,
        ),
        ("deleted", &["DELETE FROM audit_log WHERE seq = 3"], 3, Break::Missing),
        (
            "reordered",
            &[
                "UPDATE audit_log SET seq = 100 WHERE seq = 2",
                "UPDATE audit_log SET seq = 2 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = 100",
            ],
            2,
            Break::Unlinked,
        ),
        ("last deleted", &["DELETE FROM audit_log WHERE seq = 5"], 5, Break::Truncated { head_seq: 5 }),
        (
            "added",
            &["INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash)
               SELECT 6, at, action, detail, hash, hash FROM audit_log WHERE seq = 5"],
            6,
            Break::Altered,
        ),
        (
            "added before the first entry",
            &["INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash)
               SELECT 0, at, action, detail, prev_hash, hash FROM audit_log WHERE seq = 1"],
            0,
            Break::OutsideChain,
        ),
        (
            "added far below",
            &["INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash)
               SELECT -9000000000, at, action, detail, prev_hash, hash FROM audit_log WHERE seq = 1"],
            -9_000_000_000,
            Break::OutsideChain,
        ),
    ];
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = five_entries(&db).await;
        assert!(
            matches!(audit::verify(&mut conn).await.expect("verify"), Chain::Intact { entries: 5, .. }),
            "{backend:?}"
        );
        drop(conn);
        for (name, statements, seq, problem) in cases.clone() {
            let db = TestDb::new(backend).await;
            let mut conn = five_entries(&db).await;
            tamper(&mut conn, backend, statements).await;
            assert_eq!(
                audit::verify(&mut conn).await.expect("verify"),
                Chain::Broken { seq, problem },
                "{backend:?}: {name}"
            );
        }
    }
}

#[tokio::test]
async fn an_invitation_is_re_pointed_voided_and_an_unregistered_hire_removed() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        for id in ["i1", "i2"] {
            add_hire_invite(&mut conn, id, "taro@example.jp").await;
        }
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        assert!(invites::void(&mut conn, "i1", 150).await.expect("void"));
        assert!(!invites::void(&mut conn, "i1", 160).await.expect("void"), "{backend:?}: once");
        assert!(invites::usable_by_token_hash(&mut conn, "i1", 150).await.expect("find").is_none());
        hires::set_invite(&mut conn, "h1", "i2").await.expect("re-point");
        let listed = hires::by_id(&mut conn, "h1").await.expect("get").expect("h1");
        assert_eq!(listed.hire.invite_id, "i2", "{backend:?}");
        add_user(&mut conn, "u1", "taro@example.jp").await;
        assert!(hires::link_user(&mut conn, "i2", "u1").await.expect("link"));
        assert!(
            !hires::delete_unregistered(&mut conn, "h1").await.expect("delete"),
            "{backend:?}: registered"
        );
        hires::insert(&mut conn, &hire("h2", "i1", "E-2")).await.expect("hire");
        assert!(hires::delete_unregistered(&mut conn, "h2").await.expect("delete"));
        assert!(hires::by_id(&mut conn, "h2").await.expect("get").is_none(), "{backend:?}");
    }
}

#[tokio::test]
async fn the_audit_screen_filters_by_kind_person_and_time_newest_first() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "hr", "hr@example.jp").await;
        let mut tx = db.store.write().await.expect("tx");
        for (at, actor, action) in [
            (10, Some("hr"), "card.lost"),
            (20, None, "auth.sign_in_failed"),
            (30, Some("hr"), "card.issued"),
        ] {
            let entry = audit::Event { at, actor_id: actor, ..event(action, "u1") };
            audit::append(&mut tx, entry).await.expect("append");
        }
        tx.commit().await.expect("commit");
        let query = |prefix: &str, actor: &str, from, until| audit::Query {
            action_prefix: prefix.into(),
            actor_email: actor.into(),
            from,
            until,
        };
        let seqs = |page: (Vec<(audit::Entry, Option<String>)>, i64)| {
            (page.0.iter().map(|(e, _)| e.seq).collect::<Vec<_>>(), page.1)
        };
        let all = audit::page(&mut conn, &query("", "", None, None), 2, 0).await.expect("page");
        assert_eq!(all.0[0].1.as_deref(), Some("佐藤 花子"), "{backend:?}: the actor's name");
        assert_eq!(seqs(all), (vec![3, 2], 3), "{backend:?}: newest first, two per page");
        let cards = audit::page(&mut conn, &query("card.", "", None, None), 10, 0).await.expect("page");
        assert_eq!(seqs(cards), (vec![3, 1], 2), "{backend:?}");
        let by_hr = audit::page(&mut conn, &query("", "hr@example.jp", Some(15), Some(30)), 10, 0)
            .await
            .expect("page");
        assert_eq!(seqs(by_hr), (vec![], 0), "{backend:?}: until is exclusive");
        let by_hr = audit::page(&mut conn, &query("", "hr@example.jp", Some(15), Some(31)), 10, 0)
            .await
            .expect("page");
        assert_eq!(seqs(by_hr), (vec![3], 1), "{backend:?}");
    }
}

#[tokio::test]
async fn the_training_register_lists_submitted_attempts_since_a_time() {
    use mamoru_core::store::progress;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_hire_invite(&mut conn, "i1", "taro@example.jp").await;
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        add_user(&mut conn, "u1", "taro@example.jp").await;
        hires::link_user(&mut conn, "i1", "u1").await.expect("link");
        for (id, now, version, module) in [
            ("a1", 10, "v1", "m1"),
            ("a2", 1000, "v2", "m1"),
            ("a3", 2000, "v2", "m2"),
            ("a4", 3000, "v2", "m3"),
        ] {
            let new = progress::NewAttempt { id, user_id: "u1", version, module, served: "[]", now };
            progress::start_attempt(&mut conn, new).await.expect("start");
            if id != "a4" {
                progress::submit(&mut conn, id, "[]", if id == "a3" { 100 } else { 50 }, id == "a3", now + 5)
                    .await
                    .expect("submit");
            }
        }
        add_user(&mut conn, "hr", "hr@example.jp").await;
        progress::void_attempts(&mut conn, "u1", "v2", "m1", "hr", 2500).await.expect("void");
        let every = progress::every_attempt(&mut conn, "u1").await.expect("all");
        let ids: Vec<(&str, &str)> = every.iter().map(|(v, a)| (v.as_str(), a.id.as_str())).collect();
        assert_eq!(ids, [("v1", "a1"), ("v2", "a2"), ("v2", "a3"), ("v2", "a4")], "{backend:?}");
        let register = hires::register(&mut conn, 500).await.expect("register");
        let rows: Vec<(&str, &str, i64, bool, bool)> = register
            .iter()
            .map(|r| {
                (r.employee_number.as_str(), r.module_slug.as_str(), r.score_percent, r.passed, r.voided)
            })
            .collect();
        assert_eq!(
            rows,
            [("E-1", "m1", 50, false, true), ("E-1", "m2", 100, true, false)],
            "{backend:?}: old and unsubmitted attempts are left out; a reset one is marked"
        );
    }
}

#[tokio::test]
async fn the_expiry_migration_keeps_signatures_sealed_and_recomputes_every_standing() {
    for backend in backends() {
        let db = TestDb::unmigrated(backend).await;
        db.store.migrate_to(20261128060000).await.expect("the schema before expiry");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_hire_invite(&mut conn, "i1", "sato@example.jp").await;
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        assert!(hires::link_user(&mut conn, "i1", "u1").await.expect("link"));
        sqlx::query("UPDATE hires SET course_version = 'v1'").execute(&mut *conn).await.expect("computed");
        signatures::insert(&mut conn, &signature("s1", "u1", 1, "AAAA-BBBB-CCCC")).await.expect("sign");
        drop(conn);

        db.store.migrate().await.expect("the expiry migration");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let kept = signatures::for_user(&mut conn, "u1").await.expect("list");
        assert_eq!(kept, [signature("s1", "u1", 1, "AAAA-BBBB-CCCC")], "{backend:?}");
        let update = sqlx::query("UPDATE nda_signatures SET evidence = 'forged'").execute(&mut *conn).await;
        assert!(update.is_err(), "{backend:?}: still append-only");
        let delete = sqlx::query("DELETE FROM nda_signatures").execute(&mut *conn).await;
        assert!(delete.is_err(), "{backend:?}: still append-only");
        let again = signatures::Signature { signed_at: 2_000, ..signature("s2", "u1", 1, "DDDD-EEEE-FFFF") };
        signatures::insert(&mut conn, &again).await.expect("the same version in a new round");
        assert_eq!(
            hires::stale(&mut conn, "v1").await.expect("stale"),
            ["u1"],
            "{backend:?}: recomputed at start"
        );
    }
}

#[tokio::test]
async fn the_runtime_role_appends_to_the_audit_log_and_signatures_but_never_changes_them() {
    use sqlx::{Connection, Executor};
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let Some(role) = db.runtime_role().await else { continue };
        let mut owner = db.store.pool().acquire().await.expect("conn");
        add_user(&mut owner, "u1", "sato@example.jp").await;
        owner
            .execute("INSERT INTO nda_signatures (id, user_id, version, signed_at, verification_code, evidence) VALUES ('s1', 'u1', 1, 1, 'c1', '{}')")
            .await
            .expect("a signature");
        drop(owner);
        let mut runtime = sqlx::AnyConnection::connect(&role.url).await.expect("connect as the runtime role");
        audit::append(&mut runtime, event("hire.viewed", "u1")).await.expect("the runtime role appends");
        add_user(&mut runtime, "u2", "suzuki@example.jp").await;
        for sql in [
            "UPDATE audit_log SET action = 'forged' WHERE seq = 1",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "ALTER TABLE audit_log DISABLE TRIGGER USER",
            "DROP TRIGGER audit_log_append_only ON audit_log",
            "UPDATE nda_signatures SET evidence = 'forged'",
            "DELETE FROM nda_signatures",
            "TRUNCATE nda_signatures",
            "ALTER TABLE nda_signatures DISABLE TRIGGER USER",
            "DELETE FROM _sqlx_migrations",
        ] {
            let error = runtime.execute(sql).await.expect_err(sql).to_string();
            assert!(
                error.contains("permission denied") || error.contains("must be owner"),
                "{backend:?}: {sql}: {error}"
            );
        }
        let store = mamoru_core::store::Store::connect(&role.url).await.expect("a store as the runtime role");
        store.migrate().await.expect("an up-to-date database needs no schema change");
        let mut conn = store.pool().acquire().await.expect("conn");
        assert!(matches!(
            audit::verify(&mut conn).await.expect("verify"),
            audit::Chain::Intact { entries: 1, .. }
        ));
        drop(conn);
        store.close().await;
        let _ = runtime.close().await;
    }
}

#[tokio::test]
async fn a_person_keeps_their_newest_known_browsers_and_no_more() {
    use mamoru_core::store::devices;
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        let kept = devices::KEPT_PER_PERSON;
        for i in 0..kept + 5 {
            devices::insert(&mut conn, &format!("t{i}"), "u1", 1000 + i, 10_000).await.expect("insert");
        }
        assert!(
            !devices::is_known(&mut conn, "t0", "u1", 2000).await.expect("query"),
            "{backend:?}: oldest forgotten"
        );
        assert!(devices::is_known(&mut conn, &format!("t{}", kept + 4), "u1", 2000).await.expect("query"));
        assert!(
            devices::is_known(&mut conn, "t5", "u1", 2000).await.expect("query"),
            "{backend:?}: the 20 newest kept"
        );
        assert!(!devices::is_known(&mut conn, "t5", "u2", 2000).await.expect("query"), "another person's");
        assert!(
            !devices::is_known(&mut conn, "t5", "u1", 10_000).await.expect("query"),
            "{backend:?}: expired"
        );
    }
}

/// A schema as both databases can describe it. Column types are compared as declared
/// (lower-cased); a primary-key column counts as NOT NULL (PostgreSQL makes it so, and
/// Mamoru never stores a NULL key on SQLite).
#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    /// (table, column, type, not null)
    columns: BTreeSet<(String, String, String, bool)>,
    /// (table, columns in order, unique, partial)
    indexes: BTreeSet<(String, String, bool, bool)>,
    /// (table, column, referenced table, referenced column)
    foreign_keys: BTreeSet<(String, String, String, String)>,
    /// (table, UPDATE or DELETE): changes a trigger refuses
    refused: BTreeSet<(String, String)>,
}

/// Differences the two migration sets are allowed, each with its reason: none yet. (Both
/// refuse UPDATE and DELETE on the evidence tables; PostgreSQL also refuses TRUNCATE,
/// which SQLite does not have, and its statement triggers are not listed here.)
const ALLOWED_DIFFERENCES: &[(&str, &str)] = &[];

async fn sqlite_schema(conn: &mut sqlx::AnyConnection) -> Schema {
    let mut schema = Schema::default();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("tables");
    for table in tables {
        let columns: Vec<(String, String, i64, i64)> =
            sqlx::query_as(r#"SELECT name, type, "notnull", pk FROM pragma_table_info($1)"#)
                .bind(&table)
                .fetch_all(&mut *conn)
                .await
                .expect("columns");
        for (column, kind, not_null, key) in columns {
            schema.columns.insert((table.clone(), column, kind.to_lowercase(), not_null != 0 || key != 0));
        }
        let indexes: Vec<(String, i64, i64)> =
            sqlx::query_as(r#"SELECT name, "unique", partial FROM pragma_index_list($1)"#)
                .bind(&table)
                .fetch_all(&mut *conn)
                .await
                .expect("indexes");
        for (index, unique, partial) in indexes {
            let columns: Vec<String> = sqlx::query_scalar(
                "SELECT COALESCE(name, '(expression)') FROM pragma_index_info($1) ORDER BY seqno",
            )
            .bind(&index)
            .fetch_all(&mut *conn)
            .await
            .expect("index columns");
            schema.indexes.insert((table.clone(), columns.join(","), unique != 0, partial != 0));
        }
        let keys: Vec<(String, String, String)> =
            sqlx::query_as(r#"SELECT "from", "table", "to" FROM pragma_foreign_key_list($1)"#)
                .bind(&table)
                .fetch_all(&mut *conn)
                .await
                .expect("foreign keys");
        for (column, target, target_column) in keys {
            schema.foreign_keys.insert((table.clone(), column, target, target_column));
        }
        let triggers: Vec<String> =
            sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $1")
                .bind(&table)
                .fetch_all(&mut *conn)
                .await
                .expect("triggers");
        for sql in triggers {
            for event in ["UPDATE", "DELETE"] {
                if sql.contains(&format!("BEFORE {event} ON")) {
                    schema.refused.insert((table.clone(), event.to_owned()));
                }
            }
        }
    }
    schema
}

async fn postgres_schema(conn: &mut sqlx::AnyConnection) -> Schema {
    let columns: Vec<(String, String, String, bool)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable = 'NO'
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("columns");
    let indexes: Vec<(String, String, bool, bool)> = sqlx::query_as(
        "SELECT t.relname::text, string_agg(COALESCE(a.attname::text, '(expression)'), ',' ORDER BY k.ord), ix.indisunique,
                ix.indpred IS NOT NULL
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_class i ON i.oid = ix.indexrelid
         CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
         LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE t.relnamespace = current_schema()::regnamespace AND t.relname <> '_sqlx_migrations'
         GROUP BY t.relname, i.relname, ix.indisunique, ix.indpred",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("indexes");
    let foreign_keys: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT c.conrelid::regclass::text, a.attname::text, c.confrelid::regclass::text, f.attname::text
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]
         WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("foreign keys");
    let refused: Vec<(String, String)> = sqlx::query_as(
        "SELECT DISTINCT event_object_table::text, event_manipulation::text FROM information_schema.triggers
         WHERE trigger_schema = current_schema()",
    )
    .fetch_all(&mut *conn)
    .await
    .expect("triggers");
    Schema {
        columns: columns.into_iter().collect(),
        indexes: indexes.into_iter().collect(),
        foreign_keys: foreign_keys.into_iter().collect(),
        refused: refused.into_iter().collect(),
    }
}

/// What is in `a` and not in `b`, one line each.
fn missing_from<T: Ord + std::fmt::Debug>(a: &BTreeSet<T>, b: &BTreeSet<T>, side: &str) -> Vec<String> {
    a.difference(b).map(|item| format!("only on {side}: {item:?}")).collect()
}

#[tokio::test]
async fn the_two_migration_sets_make_the_same_schema() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let files = |backend: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir.join(backend))
            .expect("migrations")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(files("sqlite"), files("postgres"), "the same migrations, by name, for both databases");

    if !backends().contains(&TestBackend::Postgres) {
        return;
    }
    let sqlite = TestDb::new(TestBackend::Sqlite).await;
    let postgres = TestDb::new(TestBackend::Postgres).await;
    let sqlite = sqlite_schema(&mut sqlite.store.pool().acquire().await.expect("conn")).await;
    let postgres = postgres_schema(&mut postgres.store.pool().acquire().await.expect("conn")).await;
    let mut differences = Vec::new();
    macro_rules! compare {
        ($part:ident) => {
            differences.extend(missing_from(&sqlite.$part, &postgres.$part, "SQLite"));
            differences.extend(missing_from(&postgres.$part, &sqlite.$part, "PostgreSQL"));
        };
    }
    compare!(columns);
    compare!(indexes);
    compare!(foreign_keys);
    compare!(refused);
    differences.retain(|d| !ALLOWED_DIFFERENCES.iter().any(|(allowed, _)| d == allowed));
    assert!(differences.is_empty(), "the schemas differ:\n{}", differences.join("\n"));
    assert!(sqlite.columns.len() > 50 && sqlite.refused.len() == 4, "the schema was read: {sqlite:?}");
}
