//! What a kiosk sends: the request signature header, public keys, pickup codes and PINs.
//! None of them panics on any input, and a signature verifies only for the exact request
//! that was signed.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mamoru_seal::codes::{Pin, parse_short_code};
use mamoru_seal::ed25519_dalek::SigningKey;
use mamoru_seal::kiosk::{decode_public_key, sign_request, verify_request};

#[derive(Debug, Arbitrary)]
struct Input {
    method: String,
    path: String,
    time: i64,
    nonce: String,
    body: Vec<u8>,
    /// Changes to the signed request before it is checked (None: checked as signed).
    tampered: Option<(String, String, i64, String, Vec<u8>)>,
    signature: Option<String>,
    text: String,
}

fuzz_target!(|input: Input| {
    let _ = parse_short_code(&input.text);
    let _ = Pin::parse(&input.text);
    let _ = decode_public_key(&input.text);
    let key = SigningKey::from_bytes(&[13; 32]);
    let signed = sign_request(&key, &input.method, &input.path, input.time, &input.nonce, &input.body);
    let signature = input.signature.clone().unwrap_or_else(|| signed.clone());
    let (method, path, time, nonce, body) = input.tampered.clone().unwrap_or_else(|| {
        (input.method.clone(), input.path.clone(), input.time, input.nonce.clone(), input.body.clone())
    });
    let verdict = verify_request(&key.verifying_key(), &signature, &method, &path, time, &nonce, &body);
    let same_request = (&method, &path, time, &nonce, &body)
        == (&input.method, &input.path, input.time, &input.nonce, &input.body);
    if verdict.is_ok() {
        // A message that differs only in a way the encoding cannot tell apart (a newline
        // moved between fields) is the same message: compare what was signed.
        let message =
            |m: &str, p: &str, t: i64, n: &str, b: &[u8]| mamoru_seal::kiosk::request_message(m, p, t, n, b);
        assert_eq!(
            message(&method, &path, time, &nonce, &body),
            message(&input.method, &input.path, input.time, &input.nonce, &input.body),
            "a tampered request verified"
        );
        assert_eq!(signature, signed, "another signature verified");
    } else {
        assert!(!same_request || signature != signed, "the signed request did not verify");
    }
});
