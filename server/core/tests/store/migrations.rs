//! The schema: the migrations on both databases, and what the runtime role may change.

use crate::common::{add_hire_invite, add_session, add_user, event, hire, iid, signature, uid};
use mamoru_core::store::{audit, hires, signatures};
use mamoru_core::testing::{TestBackend, TestDb, backends};
use std::collections::BTreeSet;

#[tokio::test]
async fn the_expiry_migration_keeps_signatures_sealed_and_recomputes_every_standing() {
    for backend in backends() {
        let db = TestDb::unmigrated(backend).await;
        db.store.migrate_to(20261128060000).await.expect("the schema before expiry");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_hire_invite(&mut conn, "i1", "sato@example.jp").await;
        hires::insert(&mut conn, &hire("h1", "i1", "E-1")).await.expect("hire");
        assert!(hires::link_user(&mut conn, &iid("i1"), &uid("u1")).await.expect("link"));
        sqlx::query("UPDATE hires SET course_version = 'v1'").execute(&mut *conn).await.expect("computed");
        signatures::insert(&mut conn, &signature("s1", "u1", 1, "AAAA-BBBB-CCCC")).await.expect("sign");
        drop(conn);

        db.store.migrate().await.expect("the expiry migration");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        let kept = signatures::for_user(&mut conn, &uid("u1")).await.expect("list");
        assert_eq!(kept, [signature("s1", "u1", 1, "AAAA-BBBB-CCCC")], "{backend:?}");
        let update = sqlx::query("UPDATE nda_signatures SET evidence = 'forged'").execute(&mut *conn).await;
        assert!(update.is_err(), "{backend:?}: still append-only");
        let delete = sqlx::query("DELETE FROM nda_signatures").execute(&mut *conn).await;
        assert!(delete.is_err(), "{backend:?}: still append-only");
        let again = signatures::Signature { signed_at: 2_000, ..signature("s2", "u1", 1, "DDDD-EEEE-FFFF") };
        signatures::insert(&mut conn, &again).await.expect("the same version in a new round");
        assert_eq!(
            hires::stale(&mut conn, "v1").await.expect("stale"),
            [uid("u1")],
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
    assert!(sqlite.columns.len() > 50 && sqlite.refused.len() == 6, "the schema was read: {sqlite:?}");
}

#[tokio::test]
async fn the_manager_migration_keeps_accounts_their_references_and_their_checks() {
    use mamoru_core::store::{devices, invites, sessions, users};
    use mamoru_types::domain::Role;
    for backend in backends() {
        let db = TestDb::unmigrated(backend).await;
        db.store.migrate_to(20261201010000).await.expect("the schema before managers");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        add_user(&mut conn, "u1", "sato@example.jp").await;
        add_hire_invite(&mut conn, "i1", "sato@example.jp").await;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES ('session-hash', 'u1', 10, 10)")
            .execute(&mut *conn)
            .await
            .expect("a session of the time");
        devices::insert(&mut conn, "device-hash", &uid("u1"), 10, 1_000).await.expect("device");
        drop(conn);

        db.store.migrate().await.expect("the manager migration");
        let mut conn = db.store.pool().acquire().await.expect("conn");
        assert!(users::by_id(&mut conn, &uid("u1")).await.expect("user").is_some(), "{backend:?}");
        assert!(
            sessions::by_token_hash(&mut conn, "session-hash").await.expect("session").is_none(),
            "{backend:?}: the sessions migration signs everyone out once"
        );
        assert!(
            devices::is_known(&mut conn, "device-hash", &uid("u1"), 20).await.expect("device"),
            "{backend:?}"
        );
        assert_eq!(
            invites::by_id(&mut conn, &iid("i1")).await.expect("invite").map(|i| i.role),
            Some(Role::Hire)
        );
        let orphan = add_session(&mut conn, "orphan", "nobody", 10).await;
        assert!(orphan.is_err(), "{backend:?}: foreign keys still hold");
        let root = sqlx::query("UPDATE users SET role = 'root' WHERE id = 'u1'").execute(&mut *conn).await;
        assert!(root.is_err(), "{backend:?}: the role check still holds");
        sqlx::query("UPDATE users SET role = 'manager' WHERE id = 'u1'")
            .execute(&mut *conn)
            .await
            .expect("a manager is a role now");
    }
}
