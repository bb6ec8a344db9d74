//! Evidence bundles: one ZIP per hire that an auditor can check offline.
//!
//! A bundle holds the evidence files, then `manifest.json` (each file's path, size and
//! SHA-256, pretty-printed for people) and `manifest.sig.json` (the same manifest as a
//! [`Sealed`] record under [`Purpose::EVIDENCE_BUNDLE`]). [`verify`] trusts only the sealed
//! copy: the readable one must say the same, every listed file must be there unchanged, and
//! nothing else may be in the ZIP. The same input always gives the same bytes.

use crate::keys::KeyRing;
use crate::{Purpose, SealError, Sealed, canonical, sha256_hex};
use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read, Write};
use zip::{CompressionMethod, DateTime, System, ZipArchive, ZipWriter, write::SimpleFileOptions};

/// The `format` of every manifest this version writes and checks.
pub const FORMAT: &str = "mamoru-evidence-bundle/1";
/// The readable manifest.
pub const MANIFEST: &str = "manifest.json";
/// The sealed manifest.
pub const MANIFEST_SEAL: &str = "manifest.sig.json";
/// The largest file a bundle may hold, compressed or not: a guard against zip bombs.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// The most entries a bundle may hold, the two manifests included.
pub const MAX_ENTRIES: usize = 10_000;
/// Longer names are no evidence file's and break extraction on some systems.
const MAX_PATH_BYTES: usize = 1024;

/// What a bundle contains, as sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    pub subject: Subject,
    /// Unix seconds, UTC.
    pub created_at: i64,
    /// In the order they were given to [`write`].
    pub files: Vec<FileEntry>,
}

/// The hire the bundle is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub employee_number: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative, '/'-separated, e.g. `nda/2025-04-01.pdf`.
    pub path: String,
    pub bytes: u64,
    /// Lowercase hex.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("this is not a ZIP file, or it is too damaged to read")]
    NotAZip,
    #[error("the bundle has more than {MAX_ENTRIES} entries and is refused unread")]
    TooManyEntries,
    #[error("{0:?} is not a safe file name for a bundle (it must be relative, '/'-separated, without '..')")]
    BadPath(String),
    #[error("{0} appears twice in the bundle")]
    Duplicate(String),
    #[error("{0} is larger than the {max} MiB a bundle file may be", max = MAX_FILE_BYTES >> 20)]
    TooLarge(String),
    #[error("{0} cannot be read: it is damaged, encrypted or compressed in an unsupported way")]
    Unreadable(String),
    #[error("the bundle has no {0}: it was not made by Mamoru, or the file was removed")]
    MissingManifest(&'static str),
    #[error("the manifest's seal is not valid for this key: {0}")]
    BadSeal(#[from] SealError),
    #[error("the sealed manifest is in format {0:?}, which this version cannot check")]
    UnsupportedFormat(String),
    #[error("manifest.json differs from the sealed manifest: it was edited after sealing")]
    ManifestMismatch,
    #[error("{0} is listed in the manifest but missing from the bundle")]
    MissingFile(String),
    #[error("{0} does not match the size or SHA-256 in the manifest: it was altered")]
    Altered(String),
    #[error("{0} is in the bundle but not in the manifest: it was added after sealing")]
    Unlisted(String),
    #[error("the bundle could not be written: {0}")]
    Write(String),
}

/// How far [`verify`] goes before refusing; smaller in tests so they stay fast.
#[derive(Debug, Clone, Copy)]
struct Limits {
    file_bytes: u64,
    entries: usize,
}

const LIMITS: Limits = Limits { file_bytes: MAX_FILE_BYTES, entries: MAX_ENTRIES };

/// Builds a bundle: each file, then `manifest.json` and `manifest.sig.json`. Refuses unsafe,
/// reserved or repeated paths and files over [`MAX_FILE_BYTES`], so whatever it writes verifies.
pub fn write(
    key: &SigningKey,
    subject: Subject,
    created_at: i64,
    files: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, BundleError> {
    if files.len() > MAX_ENTRIES - 2 {
        return Err(BundleError::TooManyEntries);
    }
    // Case-insensitively, because Windows and macOS would extract "A.pdf" over "a.pdf".
    let mut seen = HashSet::new();
    for (path, bytes) in files {
        check_path(path)?;
        if !seen.insert(path.to_lowercase()) {
            return Err(BundleError::Duplicate(path.clone()));
        }
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(BundleError::TooLarge(path.clone()));
        }
    }
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        subject,
        created_at,
        files: files
            .iter()
            .map(|(path, bytes)| FileEntry {
                path: path.clone(),
                bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect(),
    };
    let mut readable =
        serde_json::to_vec_pretty(&manifest).expect("a manifest is plain data and always serialises");
    readable.push(b'\n');
    let seal = Sealed::seal(key, Purpose::EVIDENCE_BUNDLE, &manifest).to_json();

    // A fixed date, system and mode: the bytes depend on the input only, not on when or where.
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let entries = files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice()));
    for (path, bytes) in entries.chain([(MANIFEST, &readable[..]), (MANIFEST_SEAL, seal.as_bytes())]) {
        zip.start_file(path, options).map_err(write_failed)?;
        zip.write_all(bytes).map_err(write_failed)?;
    }
    Ok(zip.finish().map_err(write_failed)?.into_inner())
}

/// Checks a bundle offline against the platform keys and returns its sealed manifest.
pub fn verify(zip_bytes: &[u8], keys: &KeyRing) -> Result<Manifest, BundleError> {
    verify_within(zip_bytes, keys, LIMITS)
}

fn verify_within(zip_bytes: &[u8], keys: &KeyRing, limits: Limits) -> Result<Manifest, BundleError> {
    let mut archive = ZipArchive::new(Cursor::new(zip_bytes)).map_err(|_| BundleError::NotAZip)?;
    if archive.len() > limits.entries {
        return Err(BundleError::TooManyEntries);
    }
    refuse_repeated_names(zip_bytes, archive.central_directory_start(), limits)?;

    // Every entry is read, hashed and dropped; only the two manifests are kept.
    let mut found: BTreeMap<String, (u64, String)> = BTreeMap::new();
    let (mut readable, mut seal) = (None, None);
    for index in 0..archive.len() {
        let name = archive.name_for_index(index).unwrap_or_default().to_owned();
        let mut entry = archive.by_index(index).map_err(|_| BundleError::Unreadable(name.clone()))?;
        let reserved = name == MANIFEST || name == MANIFEST_SEAL;
        if !reserved {
            check_path(&name)?;
        }
        if entry.enclosed_name().is_none() || !entry.is_file() {
            return Err(BundleError::BadPath(name));
        }
        if entry.size() > limits.file_bytes {
            return Err(BundleError::TooLarge(name));
        }
        // The declared size can lie: never read more than the limit.
        let mut bytes = Vec::new();
        (&mut entry)
            .take(limits.file_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| BundleError::Unreadable(name.clone()))?;
        if bytes.len() as u64 > limits.file_bytes {
            return Err(BundleError::TooLarge(name));
        }
        match name.as_str() {
            MANIFEST => readable = Some(bytes),
            MANIFEST_SEAL => seal = Some(bytes),
            _ => {
                found.insert(name, (bytes.len() as u64, sha256_hex(&bytes)));
            }
        }
    }

    let seal = seal.ok_or(BundleError::MissingManifest(MANIFEST_SEAL))?;
    let readable = readable.ok_or(BundleError::MissingManifest(MANIFEST))?;
    let sealed = std::str::from_utf8(&seal).map_err(|_| SealError::Malformed).and_then(Sealed::from_json)?;
    let manifest: Manifest = sealed.open_with(keys, Purpose::EVIDENCE_BUNDLE)?;
    if manifest.format != FORMAT {
        return Err(BundleError::UnsupportedFormat(manifest.format));
    }
    // Compared as JSON values, so layout does not matter but any added or changed field does.
    let shown: serde_json::Value =
        serde_json::from_slice(&readable).map_err(|_| BundleError::ManifestMismatch)?;
    let signed: serde_json::Value =
        serde_json::from_slice(&canonical(&manifest)).expect("a manifest is plain data and always parses");
    if shown != signed {
        return Err(BundleError::ManifestMismatch);
    }

    for file in &manifest.files {
        match found.remove(&file.path) {
            None => return Err(BundleError::MissingFile(file.path.clone())),
            Some((bytes, sha256)) if bytes != file.bytes || sha256 != file.sha256 => {
                return Err(BundleError::Altered(file.path.clone()));
            }
            Some(_) => {}
        }
    }
    if let Some(path) = found.into_keys().next() {
        return Err(BundleError::Unlisted(path));
    }
    Ok(manifest)
}

/// Writing to memory fails only on a bug or an archive past the ZIP format's limits.
fn write_failed(error: impl std::fmt::Display) -> BundleError {
    BundleError::Write(error.to_string())
}

/// A safe bundle path: relative, '/'-separated, no empty, `.` or `..` parts, no backslash,
/// colon or control character (which other systems read as separators, drives or worse),
/// and not a manifest's name in any case.
fn check_path(path: &str) -> Result<(), BundleError> {
    let bad = path.is_empty()
        || path.len() > MAX_PATH_BYTES
        || path.split('/').any(|part| part.is_empty() || part == "." || part == "..")
        || path.chars().any(|c| c.is_control() || c == '\\' || c == ':')
        || path.eq_ignore_ascii_case(MANIFEST)
        || path.eq_ignore_ascii_case(MANIFEST_SEAL);
    if bad { Err(BundleError::BadPath(path.to_owned())) } else { Ok(()) }
}

/// The zip crate keeps one entry per name, so a second entry with a name already seen would
/// go unchecked here yet be extracted by other tools. Walk the central directory ourselves
/// (46-byte headers, then name, extra field and comment) and refuse repeated names.
fn refuse_repeated_names(zip_bytes: &[u8], start: u64, limits: Limits) -> Result<(), BundleError> {
    let mut names = HashSet::new();
    let mut at = usize::try_from(start).map_err(|_| BundleError::NotAZip)?;
    while zip_bytes.get(at..at + 4) == Some(b"PK\x01\x02") {
        let length = |offset: usize| {
            zip_bytes
                .get(at + offset..at + offset + 2)
                .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
                .ok_or(BundleError::NotAZip)
        };
        let (name_len, extra_len, comment_len) = (length(28)?, length(30)?, length(32)?);
        let name = zip_bytes.get(at + 46..at + 46 + name_len).ok_or(BundleError::NotAZip)?;
        if names.len() >= limits.entries {
            return Err(BundleError::TooManyEntries);
        }
        if !names.insert(name) {
            return Err(BundleError::Duplicate(String::from_utf8_lossy(name).into_owned()));
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn subject() -> Subject {
        Subject { employee_number: "E-0042".into(), name: "山田 花子".into() }
    }

    fn files() -> Vec<(String, Vec<u8>)> {
        vec![
            ("nda/秘密保持契約.pdf".into(), b"%PDF-1.7 agreement".to_vec()),
            ("quiz.json".into(), br#"[{"attempt":1,"score":9}]"#.to_vec()),
            ("audit.json".into(), b"[]".to_vec()),
        ]
    }

    fn bundle() -> Vec<u8> {
        write(&key(1), subject(), 1_700_000_000, &files()).expect("test input is valid")
    }

    fn entries(zip_bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut archive = ZipArchive::new(Cursor::new(zip_bytes)).expect("test input is valid");
        (0..archive.len())
            .map(|index| {
                let mut entry = archive.by_index(index).expect("test input is valid");
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).expect("test input is valid");
                (entry.name().to_owned(), bytes)
            })
            .collect()
    }

    /// A plain ZIP of these entries, as a forger would make it.
    fn zip_of(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            zip.start_file(name.as_str(), SimpleFileOptions::default()).expect("test input is valid");
            zip.write_all(bytes).expect("test input is valid");
        }
        zip.finish().expect("test input is valid").into_inner()
    }

    /// The bundle's entries, changed by `change`, zipped again.
    fn rebuilt(change: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
        let mut entries = entries(&bundle());
        change(&mut entries);
        zip_of(&entries)
    }

    fn check(zip_bytes: &[u8]) -> Result<Manifest, BundleError> {
        verify(zip_bytes, &key(1).verifying_key().into())
    }

    #[test]
    fn a_bundle_round_trips() {
        let manifest = check(&bundle()).expect("a fresh bundle verifies");
        assert_eq!(manifest.format, FORMAT);
        assert_eq!(manifest.subject, subject());
        assert_eq!(manifest.created_at, 1_700_000_000);
        let expected: Vec<FileEntry> = files()
            .iter()
            .map(|(path, bytes)| FileEntry {
                path: path.clone(),
                bytes: bytes.len() as u64,
                sha256: sha256_hex(bytes),
            })
            .collect();
        assert_eq!(manifest.files, expected);
        assert_eq!(manifest.files[1].bytes, 25);
        assert_eq!(manifest.files[2].sha256, sha256_hex(b"[]"));

        // The files, then the two manifests; the readable one says what the sealed one says.
        let names: Vec<String> = entries(&bundle()).into_iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["nda/秘密保持契約.pdf", "quiz.json", "audit.json", MANIFEST, MANIFEST_SEAL]);
        let readable: Manifest = serde_json::from_slice(&entries(&bundle())[3].1).expect("manifest parses");
        assert_eq!(readable, manifest);
    }

    #[test]
    fn an_empty_bundle_round_trips() {
        let zip_bytes = write(&key(1), subject(), 0, &[]).expect("test input is valid");
        assert_eq!(check(&zip_bytes).expect("verifies").files, []);
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        assert_eq!(bundle(), bundle());
        let later = write(&key(1), subject(), 1_700_000_001, &files()).expect("test input is valid");
        assert_ne!(bundle(), later);
        // No entry carries the time it was written.
        let mut archive = ZipArchive::new(Cursor::new(bundle())).expect("test input is valid");
        for index in 0..archive.len() {
            let entry = archive.by_index(index).expect("test input is valid");
            assert_eq!(entry.last_modified(), Some(DateTime::DEFAULT), "{}", entry.name());
        }
    }

    #[test]
    fn an_altered_file_is_named() {
        let zip_bytes = rebuilt(|entries| entries[1].1 = br#"[{"attempt":1,"score":10}]"#.to_vec());
        assert_eq!(check(&zip_bytes), Err(BundleError::Altered("quiz.json".into())));
        // Same size, one byte changed.
        let zip_bytes = rebuilt(|entries| entries[0].1[0] = b'#');
        assert_eq!(check(&zip_bytes), Err(BundleError::Altered("nda/秘密保持契約.pdf".into())));
    }

    #[test]
    fn a_removed_file_is_named() {
        let zip_bytes = rebuilt(|entries| {
            entries.remove(2);
        });
        assert_eq!(check(&zip_bytes), Err(BundleError::MissingFile("audit.json".into())));
    }

    #[test]
    fn an_added_file_is_named() {
        let zip_bytes = rebuilt(|entries| entries.push(("extra.txt".into(), b"hello".to_vec())));
        assert_eq!(check(&zip_bytes), Err(BundleError::Unlisted("extra.txt".into())));
    }

    #[test]
    fn an_edited_readable_manifest_is_refused() {
        let edit = |change: fn(&mut serde_json::Value)| {
            rebuilt(|entries| {
                let mut value: serde_json::Value = serde_json::from_slice(&entries[3].1).expect("parses");
                change(&mut value);
                entries[3].1 = serde_json::to_vec(&value).expect("serialises");
            })
        };
        assert_eq!(
            check(&edit(|value| value["subject"]["name"] = "山田 太郎".into())),
            Err(BundleError::ManifestMismatch)
        );
        assert_eq!(check(&edit(|value| value["note"] = "added".into())), Err(BundleError::ManifestMismatch));
        // Layout alone is not a change.
        assert!(check(&edit(|_| {})).is_ok());
        let zip_bytes = rebuilt(|entries| entries[3].1 = b"not json".to_vec());
        assert_eq!(check(&zip_bytes), Err(BundleError::ManifestMismatch));
    }

    #[test]
    fn a_missing_manifest_is_named() {
        let zip_bytes = rebuilt(|entries| {
            entries.remove(4);
        });
        assert_eq!(check(&zip_bytes), Err(BundleError::MissingManifest(MANIFEST_SEAL)));
        let zip_bytes = rebuilt(|entries| {
            entries.remove(3);
        });
        assert_eq!(check(&zip_bytes), Err(BundleError::MissingManifest(MANIFEST)));
    }

    #[test]
    fn another_key_or_purpose_is_a_bad_seal() {
        let other = write(&key(2), subject(), 1_700_000_000, &files()).expect("test input is valid");
        assert!(matches!(check(&other), Err(BundleError::BadSeal(SealError::WrongKey { .. }))));

        // A manifest sealed by the right key for another purpose is no bundle manifest.
        let manifest = check(&bundle()).expect("verifies");
        let zip_bytes = rebuilt(|entries| {
            entries[4].1 = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &manifest).to_json().into_bytes();
        });
        assert!(matches!(check(&zip_bytes), Err(BundleError::BadSeal(SealError::WrongPurpose { .. }))));

        // A forger who edits both manifests and claims the platform's key id still needs the key.
        let forged = Manifest { subject: Subject { name: "山田 太郎".into(), ..subject() }, ..manifest };
        let zip_bytes = rebuilt(|entries| {
            let sealed = Sealed::seal(&key(2), Purpose::EVIDENCE_BUNDLE, &forged);
            let claimed = Sealed { key_id: crate::key_id(&key(1).verifying_key()), ..sealed };
            entries[3].1 = serde_json::to_vec_pretty(&forged).expect("serialises");
            entries[4].1 = claimed.to_json().into_bytes();
        });
        assert_eq!(check(&zip_bytes), Err(BundleError::BadSeal(SealError::BadSignature)));

        let zip_bytes = rebuilt(|entries| entries[4].1 = b"{}".to_vec());
        assert_eq!(check(&zip_bytes), Err(BundleError::BadSeal(SealError::Malformed)));
    }

    #[test]
    fn not_a_zip_is_refused() {
        assert_eq!(check(b""), Err(BundleError::NotAZip));
        assert_eq!(check(b"%PDF-1.7 not a zip at all"), Err(BundleError::NotAZip));
        let mut truncated = bundle();
        truncated.truncate(truncated.len() / 2);
        assert_eq!(check(&truncated), Err(BundleError::NotAZip));
    }

    #[test]
    fn bad_paths_are_refused_when_writing() {
        for bad in [
            "",
            "../x",
            "a/../x",
            "/x",
            "a//b",
            "a/",
            "./a",
            "a\\b",
            "C:x",
            "a\0b",
            "manifest.json",
            "Manifest.JSON",
            "manifest.sig.json",
        ] {
            let files = vec![(bad.to_owned(), b"x".to_vec())];
            assert_eq!(
                write(&key(1), subject(), 0, &files),
                Err(BundleError::BadPath(bad.to_owned())),
                "{bad:?}"
            );
        }
        // Reserved only at the top: a manifest.json inside a folder is just a file.
        let files = vec![("quiz/manifest.json".to_owned(), b"{}".to_vec())];
        assert!(check(&write(&key(1), subject(), 0, &files).expect("valid")).is_ok());
    }

    #[test]
    fn repeated_paths_are_refused_when_writing() {
        for second in ["a.pdf", "A.pdf"] {
            let files = vec![("a.pdf".to_owned(), b"1".to_vec()), (second.to_owned(), b"2".to_vec())];
            assert_eq!(
                write(&key(1), subject(), 0, &files),
                Err(BundleError::Duplicate(second.to_owned())),
                "{second}"
            );
        }
    }

    #[test]
    fn unsafe_entry_names_are_refused_when_verifying() {
        for bad in ["../evil.sh", "/etc/passwd", "nda\\..\\x"] {
            let zip_bytes = rebuilt(|entries| entries.push((bad.into(), b"x".to_vec())));
            assert_eq!(check(&zip_bytes), Err(BundleError::BadPath(bad.into())), "{bad}");
        }
    }

    #[test]
    fn a_repeated_entry_is_refused_when_verifying() {
        // The zip crate refuses to write a repeated name, so write "quiz.jsom" and rename it
        // in the headers (names are stored uncompressed; the contents are compressed).
        let mut zip_bytes = rebuilt(|entries| {
            entries.insert(2, ("quiz.jsom".into(), br#"[{"attempt":1,"score":10}]"#.to_vec()))
        });
        let mut renamed = 0;
        for at in 0..zip_bytes.len() - 9 {
            if &zip_bytes[at..at + 9] == b"quiz.jsom" {
                zip_bytes[at + 8] = b'n';
                renamed += 1;
            }
        }
        assert_eq!(renamed, 2, "one local and one central header");
        assert_eq!(check(&zip_bytes), Err(BundleError::Duplicate("quiz.json".into())));
    }

    #[test]
    fn oversized_entries_and_too_many_entries_are_refused() {
        let small = Limits { file_bytes: 20, entries: MAX_ENTRIES };
        assert_eq!(
            verify_within(&bundle(), &key(1).verifying_key().into(), small),
            Err(BundleError::TooLarge("quiz.json".into()))
        );
        let few = Limits { file_bytes: MAX_FILE_BYTES, entries: 4 };
        assert_eq!(
            verify_within(&bundle(), &key(1).verifying_key().into(), few),
            Err(BundleError::TooManyEntries)
        );

        let huge = vec![("big.bin".to_owned(), vec![0u8; MAX_FILE_BYTES as usize + 1])];
        assert_eq!(write(&key(1), subject(), 0, &huge), Err(BundleError::TooLarge("big.bin".into())));
    }
}
