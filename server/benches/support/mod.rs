//! Shared by the benchmarks: the configuration of a throwaway Mamoru.

use server::config::{Config, RawConfig};
use std::path::Path;

/// A server on a free loopback port with its data in `data_dir`, on SQLite there unless
/// `database_url` names another database.
pub fn config(data_dir: &Path, database_url: Option<&str>) -> Config {
    let mut vars = vec![
        ("MAMORU_ADDR", "127.0.0.1:0".to_owned()),
        ("MAMORU_DATA_DIR", data_dir.display().to_string()),
        ("MAMORU_COOKIE_SECURE", "false".to_owned()),
        ("MAMORU_LOG_FORMAT", "json".to_owned()),
    ];
    vars.extend(database_url.map(|url| ("MAMORU_DATABASE_URL", url.to_owned())));
    RawConfig::load(None, |k| vars.iter().find(|(v, _)| *v == k).map(|(_, value)| value.clone()))
        .and_then(RawConfig::validate)
        .expect("config")
}
