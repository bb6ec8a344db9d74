//! Where course content comes from: the data directory when a center has put its own
//! course there, otherwise the course built into the binary.

use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::path::Path;

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/course");

/// The content files of a course: path relative to the course directory → text.
#[derive(Debug, Clone, Default)]
pub struct CourseFiles(pub BTreeMap<String, String>);

impl CourseFiles {
    pub fn built_in() -> Self {
        let mut files = BTreeMap::new();
        collect_built_in(&BUILT_IN, &mut files);
        Self(files)
    }

    /// Reads every `.md` and `.toml` file under `dir`.
    pub fn from_dir(dir: &Path) -> std::io::Result<Self> {
        let mut files = BTreeMap::new();
        collect_dir(dir, dir, &mut files)?;
        Ok(Self(files))
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }
}

fn is_content(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".toml")
}

fn collect_built_in(dir: &Dir<'static>, files: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let (true, Some(text)) = (is_content(&path), file.contents_utf8()) {
            files.insert(path, text.to_owned());
        }
    }
    for sub in dir.dirs() {
        collect_built_in(sub, files);
    }
}

fn collect_dir(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_dir(root, &path, files)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let name = relative.to_string_lossy().replace('\\', "/");
            if is_content(&name) {
                files.insert(name, std::fs::read_to_string(&path)?);
            }
        }
    }
    Ok(())
}
