//! Door events in the store: append-only, chained, and every change behind Mamoru's back
//! named by the walk.

use crate::common::{add_user, uid};
use mamoru_core::store::chain::{Break, Chain};
use mamoru_core::store::door_events::{self, Kind, NewEvent};
use mamoru_core::testing::{TestBackend, TestDb, backends};
use sqlx::Executor;

async fn three_events(conn: &mut sqlx::AnyConnection) {
    add_user(conn, "u1", "u1@example.jp").await;
    conn.execute("INSERT INTO api_tokens (id, name, token_hash, created_by, created_at) VALUES ('t1', 'door', 'h', 'u1', 1)")
        .await
        .expect("token");
    door_events::lock_head(conn).await.expect("head");
    for (i, kind) in [Kind::Entry, Kind::DeskLock, Kind::Exit].into_iter().enumerate() {
        let id = format!("e-{i}");
        let holder = uid("u1");
        let event = NewEvent {
            token_id: "t1",
            event_id: &id,
            kind,
            card_uid: "04A1B2C3",
            point: "3F",
            at: 100 + i64::try_from(i).expect("small"),
            received_at: 200,
            user_id: Some(&holder),
        };
        door_events::append(conn, &event).await.expect("append");
    }
}

#[tokio::test]
async fn door_events_chain_and_a_change_behind_the_databases_back_is_named() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let mut conn = db.store.pool().acquire().await.expect("conn");
        three_events(&mut conn).await;
        assert!(door_events::recorded(&mut conn, "t1", "e-1").await.expect("recorded"), "{backend:?}");
        assert!(matches!(
            door_events::verify(&mut conn).await.expect("walk"),
            Chain::Intact { entries: 3, .. }
        ));
        let listed = door_events::for_user(&mut conn, &uid("u1"), 10).await.expect("list");
        assert_eq!(
            listed.iter().map(|e| e.kind).collect::<Vec<_>>(),
            [Kind::Exit, Kind::DeskLock, Kind::Entry]
        );

        assert!(conn.execute("DELETE FROM door_events").await.is_err(), "{backend:?}: append-only");
        let (open, close): (&[&str], &[&str]) = match backend {
            TestBackend::Sqlite => (&["DROP TRIGGER door_events_no_update"], &[]),
            TestBackend::Postgres => (
                &["ALTER TABLE door_events DISABLE TRIGGER USER"],
                &["ALTER TABLE door_events ENABLE TRIGGER USER"],
            ),
        };
        for sql in open.iter().chain(&["UPDATE door_events SET point = '1F' WHERE seq = 2"]).chain(close) {
            conn.execute(*sql).await.expect(sql);
        }
        assert_eq!(
            door_events::verify(&mut conn).await.expect("walk"),
            Chain::Broken { seq: 2, problem: Break::Altered },
            "{backend:?}"
        );
    }
}
