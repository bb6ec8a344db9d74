//! Where course content comes from: the data directory when a center has put its own
//! course there, otherwise the course built into the binary.

use super::images::{IMAGE_DIR, MAX_IMAGE_BYTES};
use include_dir::{Dir, include_dir};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/course");

/// The content files of a course, by path relative to the course directory.
#[derive(Debug, Clone, Default)]
pub struct CourseFiles {
    /// Markdown and TOML.
    pub texts: BTreeMap<String, String>,
    /// Everything in `images/`, checked when the course loads. A file larger than
    /// [`MAX_IMAGE_BYTES`] is read only that far and one byte more: enough to refuse it.
    pub images: BTreeMap<String, Vec<u8>>,
}

impl CourseFiles {
    pub fn built_in() -> Self {
        let mut files = Self::default();
        collect_built_in(&BUILT_IN, &mut files);
        files
    }

    /// Reads every `.md` and `.toml` file under `dir`, and every file in its `images/`. A
    /// link to a file outside `dir` is refused: the course is what the folder holds.
    pub fn from_dir(dir: &Path) -> std::io::Result<Self> {
        let root = dir.canonicalize()?;
        let mut files = Self::default();
        collect_dir(&root, &root, &mut files)?;
        Ok(files)
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.texts.get(path).map(String::as_str)
    }

    /// Every file's path, texts and pictures.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.texts.keys().chain(self.images.keys())
    }
}

fn is_text(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".toml")
}

fn collect_built_in(dir: &Dir<'static>, files: &mut CourseFiles) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if path.starts_with(IMAGE_DIR) {
            files.images.insert(path, file.contents().to_vec());
        } else if let (true, Some(text)) = (is_text(&path), file.contents_utf8()) {
            files.texts.insert(path, text.to_owned());
        }
    }
    for sub in dir.dirs() {
        collect_built_in(sub, files);
    }
}

fn collect_dir(root: &Path, dir: &Path, files: &mut CourseFiles) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?.path();
        let path = entry.canonicalize()?;
        // A linked folder could lead back into the course and around for ever.
        if path.is_dir() && entry.is_symlink() {
            return Err(std::io::Error::other(format!(
                "{} links to a folder: copy the folder into the course instead",
                entry.display()
            )));
        }
        let Ok(relative) = path.strip_prefix(root) else {
            return Err(std::io::Error::other(format!(
                "{} links to a file outside the course folder: copy the file into the folder instead",
                entry.display()
            )));
        };
        let name = relative.to_string_lossy().replace('\\', "/");
        if path.is_dir() {
            collect_dir(root, &path, files)?;
        } else if name.starts_with(IMAGE_DIR) {
            let mut bytes = Vec::new();
            std::fs::File::open(&path)?.take(MAX_IMAGE_BYTES as u64 + 1).read_to_end(&mut bytes)?;
            files.images.insert(name, bytes);
        } else if is_text(&name) {
            files.texts.insert(name, std::fs::read_to_string(&path)?);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_course_folder_gives_its_texts_and_pictures_and_no_link_outside() {
        let outside = tempfile::tempdir().expect("tempdir");
        let course = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(course.path().join("images")).expect("mkdir");
        std::fs::write(course.path().join("course.toml"), "x = 1").expect("write");
        std::fs::write(course.path().join("notes.txt"), "ignored").expect("write");
        std::fs::write(course.path().join("images/big.png"), vec![0u8; MAX_IMAGE_BYTES * 2]).expect("write");
        let files = CourseFiles::from_dir(course.path()).expect("read");
        assert_eq!(files.paths().collect::<Vec<_>>(), ["course.toml", "images/big.png"]);
        assert_eq!(
            files.images["images/big.png"].len(),
            MAX_IMAGE_BYTES + 1,
            "read only far enough to refuse"
        );

        std::fs::write(outside.path().join("secret.png"), "x").expect("write");
        std::os::unix::fs::symlink(
            outside.path().join("secret.png"),
            course.path().join("images/secret.png"),
        )
        .expect("symlink");
        let refused = CourseFiles::from_dir(course.path()).expect_err("a link outside is refused");
        assert!(refused.to_string().contains("outside the course folder"), "{refused}");

        std::fs::remove_file(course.path().join("images/secret.png")).expect("rm");
        std::os::unix::fs::symlink(course.path(), course.path().join("images/loop")).expect("symlink");
        let refused = CourseFiles::from_dir(course.path()).expect_err("a linked folder is refused");
        assert!(refused.to_string().contains("links to a folder"), "{refused}");
    }
}
