//! An evidence bundle written by the test key and then edited byte by byte, or raw bytes:
//! verification never panics, stays within its limits, and passes the unedited bundle.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mamoru_seal::bundle::{self, Subject};
use mamoru_seal::ed25519_dalek::SigningKey;

#[derive(Debug, Arbitrary)]
struct Input {
    files: Vec<(String, Vec<u8>)>,
    edits: Vec<(u32, u8)>,
    raw: Option<Vec<u8>>,
}

fuzz_target!(|input: Input| {
    let key = SigningKey::from_bytes(&[11; 32]);
    if let Some(raw) = &input.raw {
        let _ = bundle::verify(raw, &key.verifying_key().into());
        return;
    }
    let subject = Subject { employee_number: "E-0001".into(), name: "新人 太郎".into() };
    let Ok(written) = bundle::write(&key, subject, 1_800_000_000, &input.files) else { return };
    if input.edits.is_empty() {
        assert!(
            bundle::verify(&written, &key.verifying_key().into()).is_ok(),
            "Mamoru's own bundle did not verify"
        );
        return;
    }
    let mut edited = written.clone();
    for (at, byte) in &input.edits {
        let at = *at as usize % edited.len().max(1);
        if let Some(slot) = edited.get_mut(at) {
            *slot = *byte;
        }
    }
    let _ = bundle::verify(&edited, &key.verifying_key().into());
});
