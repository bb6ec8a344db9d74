//! Bundle-size benchmark (a measurement, not a test): what a browser downloads to run each
//! kind of Mamoru page (the WebAssembly and its JavaScript) beside a one-button Leptos app
//! (`server/benches/baseline`), built here the same way cargo-leptos builds Mamoru's:
//! the `wasm-release` profile, `wasm-bindgen --target web`, `wasm-opt -Oz`. Both are
//! compressed with brotli at its best quality, as the release build stores them.
//!
//!     cargo leptos build --release --precompress --split      # Mamoru's chunks in target/site
//!     cargo bench -p server --bench bundle_size               # builds the baseline, compares

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The islands on each kind of page, as the split manifest names their loaders
/// (`#[island(lazy)]`, snake case). A page loads the entry (`mamoru.wasm`, `mamoru.js`),
/// and, if it has islands, the split loader and every chunk its islands need.
const PAGES: &[(&str, &[&str])] = &[
    ("sign-in, a hire's home, a lesson, a quiz (no island)", &[]),
    ("a hire's agreement", &["signing_form"]),
    ("HR's list", &["hire_desk", "invite_form", "import_form", "remind"]),
    ("a hire's record (HR)", &["resend"]),
    ("the administrator's page", &["staff_invite_form", "new_enrollment", "new_door_token", "new_webhook"]),
    ("/verify", &["pdf_check"]),
];

fn main() {
    let workspace = Path::new(WORKSPACE);
    let pkg = workspace.join("target/site/pkg");
    let manifest = pkg.join("__wasm_split_manifest.json");
    if !manifest.exists() {
        eprintln!("{} is missing: run `cargo leptos build --release --split` first.", manifest.display());
        std::process::exit(2);
    }
    let manifest: HashMap<String, Vec<String>> =
        serde_json::from_slice(&std::fs::read(&manifest).expect("the split manifest"))
            .expect("manifest JSON");
    let baseline = build_baseline(workspace);
    println!(
        "| what a page loads | WebAssembly raw | brotli | JavaScript raw | brotli | together, brotli | × the one-button app |"
    );
    println!("|---|---|---|---|---|---|---|");
    let baseline_total = report("one-button Leptos app", &baseline, None);
    for (page, islands) in PAGES {
        report(page, &page_files(&pkg, &manifest, islands), Some(baseline_total));
    }
}

/// The files a page with `islands` downloads.
fn page_files(pkg: &Path, manifest: &HashMap<String, Vec<String>>, islands: &[&str]) -> Vec<PathBuf> {
    let mut files = vec![pkg.join("mamoru.wasm"), pkg.join("mamoru.js")];
    if islands.is_empty() {
        return files;
    }
    files.push(pkg.join("__wasm_split.______________________.js"));
    let mut chunks = BTreeSet::new();
    for island in islands {
        let loader = format!("{island}_loader_");
        let needs = manifest
            .iter()
            .find(|(key, _)| key.starts_with(&loader))
            .unwrap_or_else(|| panic!("no island {island} in the split manifest: update PAGES"));
        chunks.extend(needs.1.iter().cloned());
    }
    files.extend(chunks.into_iter().map(|chunk| pkg.join(format!("{chunk}.wasm"))));
    files
}

/// Builds the baseline app into `target/bundle-baseline` and answers its wasm and JS files.
fn build_baseline(workspace: &Path) -> [PathBuf; 2] {
    let target = workspace.join("target/front");
    run(Command::new(env!("CARGO"))
        .current_dir(workspace)
        .args([
            "build",
            "--package=mamoru-bundle-baseline",
            "--lib",
            "--target=wasm32-unknown-unknown",
            "--profile=wasm-release",
        ])
        .arg(format!("--target-dir={}", target.display())));
    let out = workspace.join("target/bundle-baseline");
    let built = target.join("wasm32-unknown-unknown/wasm-release/mamoru_bundle_baseline.wasm");
    run(Command::new("wasm-bindgen")
        .args(["--target=web", "--out-name=baseline"])
        .arg(format!("--out-dir={}", out.display()))
        .arg(&built));
    let wasm = out.join("baseline.wasm");
    std::fs::rename(out.join("baseline_bg.wasm"), &wasm).expect("the wasm-bindgen output");
    run(Command::new("wasm-opt")
        .args(["-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int"])
        .arg(&wasm)
        .arg("-o")
        .arg(&wasm));
    [wasm, out.join("baseline.js")]
}

fn run(command: &mut Command) {
    let status = command
        .status()
        .unwrap_or_else(|e| panic!("{command:?}: {e} (wasm-bindgen and wasm-opt come with `make tools`)"));
    assert!(status.success(), "{command:?} failed");
}

/// Prints one row; answers the brotli bytes of all `files`, each compressed on its own as
/// the release build stores it.
fn report(name: &str, files: &[PathBuf], baseline: Option<usize>) -> usize {
    let (mut wasm, mut js) = ((0, 0), (0, 0));
    for file in files {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let sum = if file.extension().is_some_and(|e| e == "wasm") { &mut wasm } else { &mut js };
        sum.0 += bytes.len();
        sum.1 += brotli_size(&bytes);
    }
    let kb = |bytes: usize| format!("{:.1} KB", bytes as f64 / 1000.0);
    let total = wasm.1 + js.1;
    let ratio = baseline.map_or_else(|| "1".to_owned(), |b| format!("{:.2}", total as f64 / b as f64));
    println!(
        "| {name} | {} | {} | {} | {} | {} | {ratio} |",
        kb(wasm.0),
        kb(wasm.1),
        kb(js.0),
        kb(js.1),
        kb(total)
    );
    total
}

fn brotli_size(bytes: &[u8]) -> usize {
    let mut compressed = Vec::new();
    let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
    writer.write_all(bytes).expect("in memory");
    drop(writer);
    compressed.len()
}
