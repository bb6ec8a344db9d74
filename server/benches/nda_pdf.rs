//! The signed agreement PDF: size, and the time to render and seal it (what a download
//! costs the server), for the Japanese and the English text.
//!
//!     cargo bench -p server --bench nda_pdf            # 50 renders per language
//!     cargo bench -p server --bench nda_pdf -- 200     # any count
//!
//! It also writes the Japanese sample to target/nda-sample.pdf (for the README picture).

#![allow(clippy::print_stdout)] // a benchmark reports on standard output

use mamoru_core::PlatformKey;
use mamoru_core::nda::{document, pdf};
use mamoru_seal::Purpose;
use mamoru_types::i18n::Lang;
use std::time::Instant;

fn main() {
    let runs: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(50);
    let key = PlatformKey::from_seed([7; 32]);
    let url = "https://mamoru.example.jp/verify?code=7KQM-4TXR-9HWC";
    println!("language | size KB | first ms | p50 ms | p95 ms | max ms | runs");
    for lang in [Lang::Ja, Lang::En] {
        let (agreement, evidence, drawing) = pdf::sample(lang);
        let sealed = key.seal(Purpose::NDA_EVIDENCE, &evidence);
        let signed = pdf::Signed {
            agreement: &agreement,
            evidence: &evidence,
            seal: &sealed,
            drawing: Some(&drawing),
            verify_url: url,
        };
        let render = || {
            let body = pdf::render(&signed).expect("render");
            document::seal_pdf(body, sealed.clone(), &key)
        };
        let start = Instant::now();
        let bytes = render();
        let first = start.elapsed().as_secs_f64() * 1e3;
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(render());
                start.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "{:<8} | {:>7.1} | {:>8.1} | {:>6.1} | {:>6.1} | {:>6.1} | {runs}",
            lang.code(),
            bytes.len() as f64 / 1024.0,
            first,
            at(0.5),
            at(0.95),
            at(1.0)
        );
        if lang == Lang::Ja {
            std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/nda-sample.pdf"), &bytes)
                .expect("write target/nda-sample.pdf");
        }
    }
}
