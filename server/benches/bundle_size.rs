//! Bundle-size benchmark (a measurement, not a test): what a browser downloads to run
//! Mamoru's pages (the WebAssembly and its JavaScript glue) beside a one-button Leptos app
//! (`server/benches/baseline`), built here the same way cargo-leptos builds Mamoru's:
//! the `wasm-release` profile, `wasm-bindgen --target web`, `wasm-opt -Oz`. Both are
//! compressed with brotli at its best quality, as the release build stores them.
//!
//!     cargo leptos build --release --precompress              # Mamoru's bundle in target/site
//!     cargo bench -p server --bench bundle_size               # builds the baseline, compares

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

const WORKSPACE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn main() {
    let workspace = Path::new(WORKSPACE);
    let site = workspace.join("target/site/pkg");
    let mamoru = [site.join("mamoru.wasm"), site.join("mamoru.js")];
    if let Some(missing) = mamoru.iter().find(|file| !file.exists()) {
        eprintln!("{} is missing: run `cargo leptos build --release` first.", missing.display());
        std::process::exit(2);
    }
    let baseline = build_baseline(workspace);
    println!("| bundle | WebAssembly raw | brotli | JavaScript raw | brotli | together, brotli |");
    println!("|---|---|---|---|---|---|");
    let mamoru_total = report("Mamoru (every page)", &mamoru);
    let baseline_total = report("one-button Leptos app", &baseline);
    println!(
        "\nMamoru downloads {:.2} times the one-button app's bytes.",
        mamoru_total as f64 / baseline_total as f64
    );
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

/// Prints one row; answers the brotli bytes of both files together.
fn report(name: &str, [wasm, js]: &[PathBuf; 2]) -> usize {
    let sizes = |file: &Path| {
        let bytes = std::fs::read(file).expect("bundle file");
        (bytes.len(), brotli_size(&bytes))
    };
    let ((wasm_raw, wasm_br), (js_raw, js_br)) = (sizes(wasm), sizes(js));
    let kb = |bytes: usize| format!("{:.1} KB", bytes as f64 / 1000.0);
    println!(
        "| {name} | {} | {} | {} | {} | {} |",
        kb(wasm_raw),
        kb(wasm_br),
        kb(js_raw),
        kb(js_br),
        kb(wasm_br + js_br)
    );
    wasm_br + js_br
}

fn brotli_size(bytes: &[u8]) -> usize {
    let mut compressed = Vec::new();
    let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
    writer.write_all(bytes).expect("in memory");
    drop(writer);
    compressed.len()
}
