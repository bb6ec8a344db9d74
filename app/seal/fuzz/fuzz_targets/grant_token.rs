//! A grant token, sealed by the test key and then edited (or given raw): it opens only
//! when not a single byte differs from the token Mamoru wrote, and never panics.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use mamoru_seal::ed25519_dalek::SigningKey;
use mamoru_seal::kiosk::GrantClaims;
use mamoru_seal::{Purpose, Sealed};

#[derive(Debug, Arbitrary)]
struct Input {
    grant_id: String,
    employee_number: String,
    name: String,
    issued_at: i64,
    expires_at: i64,
    /// Byte edits to the token: (position, new byte).
    edits: Vec<(u16, u8)>,
    raw: Option<String>,
}

fuzz_target!(|input: Input| {
    let key = SigningKey::from_bytes(&[7; 32]);
    let now = input.issued_at;
    if let Some(raw) = &input.raw {
        let _ = GrantClaims::open(raw, &key.verifying_key(), now);
        return;
    }
    let claims = GrantClaims {
        grant_id: input.grant_id,
        employee_number: input.employee_number,
        name: input.name,
        issued_at: input.issued_at,
        expires_at: input.expires_at,
    };
    let token = Sealed::seal(&key, Purpose::CARD_GRANT, &claims).to_token();
    let mut edited = token.clone().into_bytes();
    for (at, byte) in &input.edits {
        if let Some(slot) = edited.get_mut(usize::from(*at) % (token.len() + 1)) {
            *slot = *byte;
        } else {
            edited.push(*byte);
        }
    }
    let Ok(edited) = String::from_utf8(edited) else { return };
    match GrantClaims::open(&edited, &key.verifying_key(), now) {
        Ok(opened) => {
            assert_eq!(edited, token, "an edited token opened");
            assert_eq!(opened, claims);
        }
        Err(_) => assert!(edited != token || now >= claims.expires_at, "Mamoru's own token did not open"),
    }
});
