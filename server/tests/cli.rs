//! The `mamoru` command line, run as a process against a temporary data directory.

use mamoru_types::audit::AuditAction;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn mamoru(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mamoru"))
        .args(args)
        .env_clear()
        .env("MAMORU_DATA_DIR", data_dir)
        .env("MAMORU_PUBLIC_URL", "https://mamoru.example.jp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mamoru");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("run mamoru")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn accounts_and_invitations_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();

    let out = mamoru(data, &["migrate"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(data.join("platform-ed25519.key").exists());

    let out = mamoru(
        data,
        &["user", "create", "--role", "hr", "--email", "hr@example.jp", "--name", "人事 一郎"],
        "correct horse battery staple\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("created hr account for hr@example.jp"));
    assert!(!text(&out.stdout).contains("correct horse"), "the password is never echoed");

    let out = mamoru(
        data,
        &["user", "create", "--role", "hr", "--email", "x@example.jp", "--name", "x"],
        "short\n",
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("shorter than 12"), "{}", text(&out.stderr));

    let out = mamoru(
        data,
        &["user", "create", "--role", "hire", "--email", "h@example.jp", "--name", "h"],
        "correct horse battery staple\n",
    );
    assert!(!out.status.success() && text(&out.stderr).contains("mamoru invite"), "{}", text(&out.stderr));

    let hire = [
        "invite",
        "--email",
        "new@example.jp",
        "--name",
        "新人 花子",
        "--kana",
        "しんじん はなこ",
        "--employee-number",
        "E-0001",
        "--site",
        "本社",
        "--start-date",
        "2026-12-01",
    ];
    let out = mamoru(data, &hire, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("https://mamoru.example.jp/invite/"), "{}", text(&out.stdout));
    assert!(!text(&out.stderr).contains("/invite/"), "the link goes to the operator, not to the log");

    let out = mamoru(data, &["user", "reset-mfa", "--email", "hr@example.jp"], "");
    assert!(
        !out.status.success() && text(&out.stderr).contains("has no authenticator"),
        "{}",
        text(&out.stderr)
    );
    let out = mamoru(data, &["user", "reset-mfa", "--email", "nobody@example.jp"], "");
    assert!(text(&out.stderr).contains("no account for nobody@example.jp"), "{}", text(&out.stderr));

    let out = mamoru(data, &["user", "disable", "--email", "hr@example.jp"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = mamoru(data, &["user", "disable", "--email", "hr@example.jp"], "");
    assert!(!out.status.success(), "disabling twice is reported");
}

#[test]
fn a_bad_setting_is_named_and_stops_start_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(env!("CARGO_BIN_EXE_mamoru"))
        .arg("migrate")
        .env_clear()
        .env("MAMORU_DATA_DIR", dir.path())
        .env("MAMORU_ADDR", "not-an-address")
        .output()
        .expect("run mamoru");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("MAMORU_ADDR") && stderr.contains("127.0.0.1:3000"), "{stderr}");
}

#[test]
fn course_check_lists_the_modules_and_names_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = mamoru(dir.path(), &["course", "check"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listing = text(&out.stdout);
    assert!(listing.contains("built-in course") && listing.contains("OK: 8 modules"), "{listing}");
    assert!(listing.contains("01-personal-information") && listing.contains("ja en"), "{listing}");

    // A center's own copy with one broken file and one missing file.
    let course = dir.path().join("mycourse");
    std::fs::create_dir_all(course.join("modules")).expect("mkdir");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("core/course");
    std::fs::copy(source.join("course.toml"), course.join("course.toml")).expect("copy");
    for entry in std::fs::read_dir(source.join("modules")).expect("modules") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, course.join("modules").join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::remove_file(course.join("modules/02-confidentiality.en.md")).expect("remove");
    std::fs::write(course.join("modules/04-screens-and-sound.quiz.ja.toml"), "questions = 3").expect("write");
    let out = mamoru(dir.path(), &["course", "check", course.to_str().expect("utf-8")], "");
    assert!(!out.status.success());
    let errors = text(&out.stderr);
    assert!(errors.contains("02-confidentiality.en.md: missing"), "{errors}");
    assert!(errors.contains("04-screens-and-sound.quiz.ja.toml"), "{errors}");
}

/// A signed agreement PDF sealed with the platform key in `data` (created if missing).
fn signed_pdf(data: &std::path::Path) -> Vec<u8> {
    use mamoru_core::PlatformKey;
    use mamoru_core::nda::{document, pdf};
    let key =
        PlatformKey::load_or_generate(&data.join(mamoru_core::PlatformKey::FILE_NAME)).expect("platform key");
    let (agreement, evidence, drawing) = pdf::sample(mamoru_types::i18n::Lang::Ja);
    let url = "https://mamoru.example.jp/verify?code=7KQM-4TXR-9HWC";
    let sealed = key.seal(mamoru_seal::Purpose::NDA_EVIDENCE, &evidence);
    let body = pdf::render(&pdf::Signed {
        agreement: &agreement,
        evidence: &evidence,
        seal: &sealed,
        drawing: Some(&drawing),
        verify_url: url,
    })
    .expect("render");
    document::seal_pdf(body, sealed, &key)
}

#[test]
fn verify_pdf_tells_genuine_from_altered_and_unknown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let bytes = signed_pdf(data);
    let file = |name: &str, bytes: &[u8]| {
        let path = data.join(name);
        std::fs::write(&path, bytes).expect("write pdf");
        path.display().to_string()
    };

    let genuine = file("genuine.pdf", &bytes);
    let out = mamoru(data, &["verify-pdf", &genuine], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("GENUINE") && text(&out.stdout).contains("山田 花子"),
        "{}",
        text(&out.stdout)
    );

    for at in [100, bytes.len() / 2, bytes.len() - 20] {
        let mut altered = bytes.clone();
        altered[at] ^= 0x20;
        let out = mamoru(data, &["verify-pdf", &file("altered.pdf", &altered)], "");
        assert!(!out.status.success(), "byte {at} changed, still genuine");
        assert!(text(&out.stderr).contains("ALTERED"), "byte {at}: {}", text(&out.stderr));
    }

    let other = tempfile::tempdir().expect("tempdir");
    let other_key =
        mamoru_core::PlatformKey::load_or_generate(&other.path().join(mamoru_core::PlatformKey::FILE_NAME))
            .expect("key")
            .public_key_base64();
    let out = mamoru(other.path(), &["verify-pdf", &genuine, "--public-key", &other_key], "");
    assert!(!out.status.success() && text(&out.stderr).contains("ALTERED"), "{}", text(&out.stderr));
    let own_key = mamoru_core::PlatformKey::load_or_generate(&data.join(mamoru_core::PlatformKey::FILE_NAME))
        .expect("key")
        .public_key_base64();
    let out = mamoru(other.path(), &["verify-pdf", &genuine, "--public-key", &own_key], "");
    assert!(out.status.success(), "{}", text(&out.stderr));

    // The same seal in another form (spaces in its JSON, bytes after its line) is not
    // Mamoru's writing: altered, never genuine.
    let marker = b"\n%mamoru-seal ";
    let at = bytes.windows(marker.len()).rposition(|w| w == marker).expect("seal line") + marker.len();
    let seal_line = std::str::from_utf8(&bytes[at..]).expect("utf-8");
    let respaced = [&bytes[..at], seal_line.replacen("\",\"", "\", \"", 1).as_bytes()].concat();
    let trailing = [&bytes[..], b" "].concat();
    for (name, reformed) in [("respaced", respaced), ("trailing", trailing)] {
        let out = mamoru(data, &["verify-pdf", &file("reformed.pdf", &reformed)], "");
        assert!(
            !out.status.success() && text(&out.stderr).contains("ALTERED"),
            "{name}: {}",
            text(&out.stderr)
        );
    }

    let out = mamoru(data, &["verify-pdf", &file("other.pdf", b"%PDF-1.4 not ours")], "");
    assert!(!out.status.success() && text(&out.stderr).contains("UNKNOWN"), "{}", text(&out.stderr));
    let empty = tempfile::tempdir().expect("tempdir");
    let out = mamoru(empty.path(), &["verify-pdf", &genuine], "");
    assert!(
        !out.status.success() && text(&out.stderr).contains("platform-ed25519.key"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn verify_bundle_passes_a_sealed_bundle_and_names_what_was_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let key = mamoru_core::PlatformKey::load_or_generate(&data.join(mamoru_core::PlatformKey::FILE_NAME))
        .expect("platform key");
    let subject =
        mamoru_seal::bundle::Subject { employee_number: "E-0001".into(), name: "新人 太郎".into() };
    let files =
        [("hire.json".to_owned(), b"{}\n".to_vec()), ("quiz-attempts.json".to_owned(), b"[]\n".to_vec())];
    let bundle = key.seal_bundle(subject.clone(), 1_800_000_000, &files).expect("bundle");
    let path = data.join("bundle.zip");
    std::fs::write(&path, &bundle).expect("write");
    let out = mamoru(data, &["verify-bundle", &path.display().to_string()], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("GENUINE") && report.contains("E-0001") && report.contains("quiz-attempts.json"),
        "{report}"
    );

    let altered = [files[0].clone(), ("quiz-attempts.json".to_owned(), b"[1]\n".to_vec())];
    let other = key.seal_bundle(subject, 1_800_000_000, &altered).expect("bundle");
    // The altered file with the original manifests: what someone editing the ZIP produces.
    let spliced = splice(&bundle, &other, "quiz-attempts.json");
    std::fs::write(&path, spliced).expect("write");
    let out = mamoru(data, &["verify-bundle", &path.display().to_string()], "");
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("quiz-attempts.json"), "{}", text(&out.stderr));

    // Rewriting the archive leaves a bundle that verifies; the manifest's seal reformatted
    // (same content, other layout) does not.
    std::fs::write(&path, rewrite(&bundle, mamoru_seal::bundle::MANIFEST_SEAL, <[u8]>::to_vec))
        .expect("write");
    assert!(mamoru(data, &["verify-bundle", &path.display().to_string()], "").status.success());
    let reformatted = rewrite(&bundle, mamoru_seal::bundle::MANIFEST_SEAL, |seal| {
        let text = std::str::from_utf8(seal).expect("utf-8");
        format!("{{\n  {}\n}}", &text[1..text.len() - 1]).into_bytes()
    });
    std::fs::write(&path, reformatted).expect("write");
    let out = mamoru(data, &["verify-bundle", &path.display().to_string()], "");
    assert!(!out.status.success() && text(&out.stderr).contains("NOT VERIFIED"), "{}", text(&out.stderr));

    let stranger = tempfile::tempdir().expect("tempdir");
    let stranger_key = mamoru_core::PlatformKey::load_or_generate(
        &stranger.path().join(mamoru_core::PlatformKey::FILE_NAME),
    )
    .expect("key")
    .public_key_base64();
    std::fs::write(&path, &bundle).expect("write");
    let out =
        mamoru(data, &["verify-bundle", &path.display().to_string(), "--public-key", &stranger_key], "");
    assert!(!out.status.success() && text(&out.stderr).contains("NOT VERIFIED"), "{}", text(&out.stderr));
}

/// `original` with the entry `name` taken from `donor` (both written by the same code, so
/// the ZIP crate can copy the raw entry).
fn splice(original: &[u8], donor: &[u8], name: &str) -> Vec<u8> {
    use std::io::Cursor;
    let mut source = zip::ZipArchive::new(Cursor::new(original)).expect("zip");
    let mut donor = zip::ZipArchive::new(Cursor::new(donor)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..source.len() {
        let entry = source.by_index_raw(i).expect("entry");
        if entry.name() == name {
            drop(entry);
            out.raw_copy_file(donor.by_name(name).expect("donor entry")).expect("copy");
        } else {
            out.raw_copy_file(entry).expect("copy");
        }
    }
    out.finish().expect("finish").into_inner()
}

/// `original` with the entry `name`'s bytes replaced by `change` of them.
fn rewrite(original: &[u8], name: &str, change: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut source = zip::ZipArchive::new(Cursor::new(original)).expect("zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..source.len() {
        let mut entry = source.by_index(i).expect("entry");
        let entry_name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        let bytes = if entry_name == name { change(&bytes) } else { bytes };
        out.start_file(entry_name, zip::write::SimpleFileOptions::default()).expect("start");
        out.write_all(&bytes).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// Appends `count` audit entries to the SQLite database in `data`, then runs `sql` on it
/// directly, past the triggers that keep the log append-only.
fn write_audit_log(data: &std::path::Path, count: usize, tamper: Option<&'static str>) {
    use mamoru_core::store::{Store, audit};
    use sqlx::Executor;
    let url = format!("sqlite://{}?mode=rwc", data.join("mamoru.db").display());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let store = Store::connect(&url).await.expect("open the database");
        let mut conn = store.pool().acquire().await.expect("conn");
        for _ in 0..count {
            let event = audit::Event {
                at: 1_795_824_000,
                actor_id: Some("hr"),
                action: AuditAction::HireViewed,
                subject_id: Some("u1"),
                detail: serde_json::json!({}),
                ip: None,
            };
            audit::append(&mut conn, event).await.expect("append");
        }
        if let Some(sql) = tamper {
            conn.execute("DROP TRIGGER audit_log_no_update").await.expect("drop trigger");
            conn.execute(sql).await.expect("tamper");
        }
    });
}

#[test]
fn audit_verify_passes_an_intact_log_and_names_a_changed_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    assert!(mamoru(data, &["migrate"], "").status.success());
    let out = mamoru(data, &["audit", "verify"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("intact: 0 entries"), "{}", text(&out.stdout));

    write_audit_log(data, 3, None);
    let out = mamoru(data, &["audit", "verify"], "");
    assert!(out.status.success() && text(&out.stdout).contains("intact: 3 entries"), "{}", text(&out.stdout));

    write_audit_log(data, 0, Some("UPDATE audit_log SET actor_id = 'someone-else' WHERE seq = 2"));
    let out = mamoru(data, &["audit", "verify"], "");
    assert!(!out.status.success(), "a changed entry passed");
    assert!(text(&out.stderr).contains("entry #2 was changed"), "{}", text(&out.stderr));
}

#[test]
fn audit_verify_counts_a_row_numbered_before_the_chain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    assert!(mamoru(data, &["migrate"], "").status.success());
    write_audit_log(data, 3, None);
    let forged = "INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash)
                  SELECT 0, at, 'card.issued', detail, prev_hash, hash FROM audit_log WHERE seq = 1";
    write_audit_log(data, 0, Some(forged));
    let out = mamoru(data, &["audit", "verify"], "");
    assert!(!out.status.success(), "a row outside the chain passed: {}", text(&out.stdout));
    assert!(text(&out.stderr).contains("numbered 0"), "{}", text(&out.stderr));
}

/// Rewrites the whole audit log as the database's owner could: every entry replaced by
/// new ones whose hashes are recomputed into a valid chain.
fn rewrite_audit_log(data: &std::path::Path, count: usize) {
    use mamoru_core::store::{Store, audit};
    use sqlx::Executor;
    let url = format!("sqlite://{}?mode=rwc", data.join("mamoru.db").display());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    runtime.block_on(async {
        let store = Store::connect(&url).await.expect("open the database");
        let mut conn = store.pool().acquire().await.expect("conn");
        for sql in [
            "DROP TRIGGER audit_log_no_delete",
            "DELETE FROM audit_log",
            "UPDATE audit_head SET seq = 0, hash = '0000000000000000000000000000000000000000000000000000000000000000'",
        ] {
            conn.execute(sql).await.expect(sql);
        }
        for _ in 0..count {
            let event = audit::Event {
                at: 1_795_824_000,
                actor_id: Some("intruder"),
                action: AuditAction::HireViewed,
                subject_id: Some("u1"),
                detail: serde_json::json!({}),
                ip: None,
            };
            audit::append(&mut conn, event).await.expect("append");
        }
    });
}

#[test]
fn a_checkpoint_kept_outside_catches_a_log_rewritten_with_recomputed_hashes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    assert!(mamoru(data, &["migrate"], "").status.success());
    write_audit_log(data, 3, None);
    let out = mamoru(data, &["audit", "checkpoint"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let checkpoint = data.join("checkpoint.json");
    std::fs::write(&checkpoint, &out.stdout).expect("write checkpoint");
    let checkpoint = checkpoint.display().to_string();

    write_audit_log(data, 2, None);
    let out = mamoru(data, &["audit", "verify", "--checkpoint", &checkpoint], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("extends the checkpoint") && text(&out.stdout).contains("#3"),
        "{}",
        text(&out.stdout)
    );

    // An edited checkpoint is no checkpoint.
    let edited = data.join("edited.json");
    std::fs::write(
        &edited,
        text(&std::fs::read(&checkpoint).expect("read")).replacen("\"key_id\"", " \"key_id\"", 1),
    )
    .expect("write");
    let out = mamoru(data, &["audit", "verify", "--checkpoint", &edited.display().to_string()], "");
    assert!(
        !out.status.success() && text(&out.stderr).contains("NOT a genuine checkpoint"),
        "{}",
        text(&out.stderr)
    );

    rewrite_audit_log(data, 6);
    let out = mamoru(data, &["audit", "verify"], "");
    assert!(out.status.success(), "the rewritten chain is consistent by itself: {}", text(&out.stderr));
    let out = mamoru(data, &["audit", "verify", "--checkpoint", &checkpoint], "");
    assert!(!out.status.success(), "a rewritten log passed: {}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("REWRITTEN") && text(&out.stderr).contains("entry #3"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn keys_rotate_makes_a_new_key_and_earlier_agreements_still_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let key_file = data.join(mamoru_core::PlatformKey::FILE_NAME);
    let pdf = data.join("signed.pdf");
    std::fs::write(&pdf, signed_pdf(data)).expect("write pdf");
    let old = mamoru_core::PlatformKey::load(&key_file).expect("key").public_key_base64();
    assert!(mamoru(data, &["migrate"], "").status.success());

    let out = mamoru(data, &["keys", "rotate"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("now seals with key"), "{}", text(&out.stdout));
    let new = mamoru_core::PlatformKey::load(&key_file).expect("key").public_key_base64();
    assert_ne!(old, new, "the key file holds the new key");

    let pdf = pdf.display().to_string();
    let out = mamoru(data, &["verify-pdf", &pdf], "");
    assert!(out.status.success(), "the retired key still verifies: {}", text(&out.stderr));
    let out = mamoru(data, &["verify-pdf", &pdf, "--public-key", &new], "");
    assert!(!out.status.success() && text(&out.stderr).contains("ALTERED"), "{}", text(&out.stderr));
    let out = mamoru(data, &["verify-pdf", &pdf, "--public-key", &new, "--public-key", &old], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(mamoru(data, &["audit", "verify"], "").status.success());
}
