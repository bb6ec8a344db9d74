use crate::common::{add_user, event};
use mamoru_core::store::audit;
use mamoru_core::testing::{TestBackend, TestDb, backends};

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
