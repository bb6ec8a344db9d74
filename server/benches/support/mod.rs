//! Shared by the benchmarks: the configuration of a throwaway Mamoru, and hires to sign
//! in with. Each benchmark uses what it needs of this module.
#![allow(dead_code)]

use mamoru_core::{Core, session, store, tokens};
use mamoru_types::domain::{Email, PersonName, Role, UserId};
use server::config::{Config, RawConfig};
use sqlx::AnyConnection;
use std::path::Path;

/// A server on a free loopback port with its data in `data_dir`, on SQLite there unless
/// `database_url` names another database. Static files come from the workspace's
/// `target/site` (built by `cargo leptos build --release`).
pub fn config(data_dir: &Path, database_url: Option<&str>) -> Config {
    let mut vars = vec![
        ("MAMORU_ADDR", "127.0.0.1:0".to_owned()),
        ("MAMORU_DATA_DIR", data_dir.display().to_string()),
        ("MAMORU_COOKIE_SECURE", "false".to_owned()),
        ("MAMORU_LOG_FORMAT", "json".to_owned()),
        ("MAMORU_SITE_DIR", concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_owned()),
    ];
    vars.extend(database_url.map(|url| ("MAMORU_DATABASE_URL", url.to_owned())));
    RawConfig::load(None, |k| vars.iter().find(|(v, _)| *v == k).map(|(_, value)| value.clone()))
        .and_then(RawConfig::validate)
        .expect("config")
}

/// A hire account without a password: benchmarks sign hires in through the store.
pub async fn insert_hire(conn: &mut AnyConnection, id: &UserId, email: &Email, name: &PersonName, now: i64) {
    let user = store::users::NewUser { id, email, name, role: Role::Hire, password_hash: "-", now };
    store::users::insert(conn, user).await.expect("user");
}

/// Creates `hires` signed-in hires who have read every lesson of `module`; returns their
/// session cookies. Written straight to the store: no password hashing.
pub async fn hires_who_read(state: &Core, hires: usize, module: &str) -> Vec<String> {
    let version = state.course.version.clone();
    let lessons = state.course.modules.iter().find(|m| m.slug == module).expect("module").lessons.len();
    let name = PersonName::parse("負荷 試験").expect("name");
    let now = state.now();
    let mut tx = state.store.write().await.expect("tx");
    let mut cookies = Vec::with_capacity(hires);
    for i in 0..hires {
        let id = UserId::new(tokens::new_id());
        let email = Email::parse(&format!("load{i}@example.jp")).expect("email");
        insert_hire(&mut tx, &id, &email, &name, now).await;
        for lesson in 0..lessons {
            store::progress::mark_read(&mut tx, &id, &version, module, lesson, now).await.expect("read");
        }
        let token = session::start(&mut tx, &id, now, &Default::default()).await.expect("session");
        cookies.push(format!("{}={token}", state.settings.session_cookie_name()));
    }
    tx.commit().await.expect("commit");
    cookies
}
