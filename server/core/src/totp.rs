//! Time-based one-time passwords (RFC 6238, over RFC 4226's HOTP): HMAC-SHA1, 30-second
//! steps, six digits, which is what every authenticator app reads from an `otpauth://`
//! QR code. Pure rules; the second-factor service (`second_factor`) stores the secret and
//! the last step used.

use mamoru_seal::codes::Pin;
use rand::RngCore;
use ring::hmac;

pub const STEP_SECS: i64 = 30;
/// A code of the step before or after is accepted too: a phone's clock may be off a little.
pub const DRIFT_STEPS: i64 = 1;
const SECRET_BYTES: usize = 20;

/// A shared secret. Its `Debug` hides it: it must never reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret([u8; SECRET_BYTES]);

impl Secret {
    pub fn random() -> Self {
        let mut bytes = [0u8; SECRET_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// The secret as stored (hex); None for anything else.
    pub fn from_hex(text: &str) -> Option<Self> {
        hex::decode(text).ok()?.try_into().ok().map(Self)
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// The secret as authenticator apps take it typed in: RFC 4648 base32, no padding.
    pub fn base32(&self) -> String {
        base32(&self.0)
    }

    /// The HOTP value of counter `step` (RFC 4226 §5.3), six digits.
    pub(crate) fn code_at(&self, step: i64) -> u32 {
        let key = hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &self.0);
        let mac = hmac::sign(&key, &step.to_be_bytes());
        let mac = mac.as_ref();
        let offset = usize::from(mac[mac.len() - 1] & 0x0f);
        let word = u32::from_be_bytes([mac[offset], mac[offset + 1], mac[offset + 2], mac[offset + 3]]);
        (word & 0x7fff_ffff) % 1_000_000
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The time step that `now` (Unix seconds) falls in.
pub fn step(now: i64) -> i64 {
    now.div_euclid(STEP_SECS)
}

/// The step whose code `code` is, within [`DRIFT_STEPS`] of `now`, if any (the latest
/// when two match). The caller refuses a step not after the last one used: no replay.
pub fn matching_step(secret: &Secret, code: &Pin, now: i64) -> Option<i64> {
    let typed: u32 = code.expose().parse().ok()?;
    let current = step(now);
    (current - DRIFT_STEPS..=current + DRIFT_STEPS).rev().find(|&s| secret.code_at(s) == typed)
}

/// The `otpauth://` URI an authenticator app reads (from the QR code) to add the account
/// `account` of `issuer`.
pub fn otpauth_uri(secret: &Secret, issuer: &str, account: &str) -> String {
    let label = format!("{}:{}", percent(issuer), percent(account));
    format!(
        "otpauth://totp/{label}?secret={}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECS}",
        secret.base32(),
        percent(issuer)
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut block = [0u8; 5];
        block[..chunk.len()].copy_from_slice(chunk);
        let bits = block.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            let index = (bits >> (35 - 5 * i)) & 0x1f;
            out.push(char::from(ALPHABET[index as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret.
    fn rfc_secret() -> Secret {
        Secret(*b"12345678901234567890")
    }

    #[test]
    fn codes_match_rfc_6238s_test_vectors() {
        // The appendix gives eight digits; six are their last six.
        for (time, code) in [
            (59, 287_082),
            (1_111_111_109, 81_804),
            (1_111_111_111, 50_471),
            (1_234_567_890, 5_924),
            (2_000_000_000, 279_037),
            (20_000_000_000, 353_130),
        ] {
            assert_eq!(rfc_secret().code_at(step(time)), code, "at {time}");
        }
    }

    #[test]
    fn a_code_matches_its_own_step_and_its_neighbours_only() {
        let secret = rfc_secret();
        let pin = |time| Pin::from_number(secret.code_at(step(time)));
        let now = 1_111_111_111;
        assert_eq!(matching_step(&secret, &pin(now), now), Some(step(now)));
        assert_eq!(matching_step(&secret, &pin(now - 30), now), Some(step(now) - 1));
        assert_eq!(matching_step(&secret, &pin(now + 30), now), Some(step(now) + 1));
        assert_eq!(matching_step(&secret, &pin(now - 90), now), None);
        assert_eq!(matching_step(&secret, &Pin::parse("000000").expect("pin"), now), None);
    }

    #[test]
    fn base32_follows_rfc_4648_without_padding() {
        for (bytes, text) in
            [(&b""[..], ""), (b"f", "MY"), (b"fo", "MZXQ"), (b"foo", "MZXW6"), (b"foobar", "MZXW6YTBOI")]
        {
            assert_eq!(base32(bytes), text);
        }
        assert_eq!(rfc_secret().base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn the_uri_names_the_issuer_and_the_account_encoded() {
        let uri = otpauth_uri(&rfc_secret(), "Mamoru 本社", "hr@example.jp");
        assert_eq!(
            uri,
            "otpauth://totp/Mamoru%20%E6%9C%AC%E7%A4%BE:hr%40example.jp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Mamoru%20%E6%9C%AC%E7%A4%BE&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn the_secret_round_trips_as_stored_and_never_prints() {
        let secret = Secret::random();
        assert_eq!(Secret::from_hex(&secret.to_hex()), Some(secret.clone()));
        assert_eq!(Secret::from_hex("abcd"), None);
        assert_eq!(format!("{secret:?}"), "Secret(…)");
    }
}
