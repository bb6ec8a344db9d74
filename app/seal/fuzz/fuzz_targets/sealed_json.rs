//! A seal as JSON (the PDF's seal line, a bundle's `manifest.sig.json`), written by the
//! test key and then edited, or given raw: it opens only in exactly Mamoru's own form.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mamoru_seal::ed25519_dalek::SigningKey;
use mamoru_seal::{Purpose, Sealed};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Arbitrary)]
struct Record {
    version: u32,
    name: String,
    texts: Vec<String>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    record: Record,
    edits: Vec<(u16, u8)>,
    raw: Option<String>,
}

fuzz_target!(|input: Input| {
    let key = SigningKey::from_bytes(&[9; 32]);
    let open = |text: &str| {
        Sealed::from_json(text)
            .and_then(|sealed| sealed.open::<Record>(&key.verifying_key(), Purpose::NDA_EVIDENCE))
    };
    if let Some(raw) = &input.raw {
        if open(raw).is_ok() {
            // Whatever opened must be exactly what Mamoru writes for that record.
            let sealed = Sealed::from_json(raw).expect("opened, so it parses");
            assert_eq!(sealed.to_json(), *raw);
        }
        return;
    }
    let json = Sealed::seal(&key, Purpose::NDA_EVIDENCE, &input.record).to_json();
    let mut edited = json.clone().into_bytes();
    for (at, byte) in &input.edits {
        if let Some(slot) = edited.get_mut(usize::from(*at) % (json.len() + 1)) {
            *slot = *byte;
        } else {
            edited.push(*byte);
        }
    }
    let Ok(edited) = String::from_utf8(edited) else { return };
    match open(&edited) {
        Ok(record) => {
            assert_eq!(edited, json, "an edited seal opened");
            assert_eq!(record, input.record);
        }
        Err(_) => assert_ne!(edited, json, "Mamoru's own seal did not open"),
    }
});
