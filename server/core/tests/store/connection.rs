//! The store itself (`mamoru_core::store::Store`): connection settings and write transactions.

use crate::common::{add_session, add_user};
use mamoru_core::store::{sessions, users};
use mamoru_core::testing::{TestDb, backends};

#[tokio::test]
async fn an_unfinished_write_transaction_leaves_nothing_behind() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        {
            let mut tx = db.store.write().await.expect("begin");
            add_user(&mut tx, "u1", "sato@example.jp").await;
            add_session(&mut tx, "hash", "u1", 1).await.expect("insert");
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
    let orphan = add_session(&mut conn, "hash", "no-such-user", 1).await;
    assert!(orphan.is_err(), "foreign keys are enforced");
}
