//! Sealed records: the one place where Mamoru decides how a signed thing is encoded.
//!
//! A record is serialised canonically (compact JSON, fields in declaration order, no floats),
//! and the seal is an Ed25519 signature over a domain-separated message:
//! `mamoru-seal/1 \n <purpose> \n <canonical bytes>`. A seal made for one purpose never
//! verifies as another, and verification uses `verify_strict` and refuses weak keys.
//! The server (NDA evidence, PDFs, card grants) and the kiosk both use this crate.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

pub mod bundle;
pub mod card_uid;
pub mod codes;
pub mod keys;
pub mod kiosk;

pub use ed25519_dalek;

/// What a seal is for. The name carries its own version, so a format change is a new purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purpose(&'static str);

impl Purpose {
    /// The evidence of a signed confidentiality agreement, sealed when it is signed.
    pub const NDA_EVIDENCE: Purpose = Purpose("mamoru/nda-evidence/1");
    /// A rendered NDA PDF: binds the file's bytes to its sealed evidence.
    pub const NDA_DOCUMENT: Purpose = Purpose("mamoru/nda-document/1");
    /// A card grant: lets a kiosk issue a staff IC card to one person, once.
    pub const CARD_GRANT: Purpose = Purpose("mamoru/card-grant/1");
    /// The manifest of an evidence bundle: the files HR hands an auditor for one hire.
    pub const EVIDENCE_BUNDLE: Purpose = Purpose("mamoru/evidence-bundle/1");
    /// How far the audit log reached at a moment: its last entry's number and hash.
    pub const AUDIT_CHECKPOINT: Purpose = Purpose("mamoru/audit-checkpoint/1");
    /// A key rotation: the old key names the new one (see [`keys::KeyMove`]).
    pub const KEY_MOVE: Purpose = Purpose("mamoru/key-move/1");
    /// A manager's decision on a device or media exception (the permit's record).
    pub const EXCEPTION_DECISION: Purpose = Purpose("mamoru/exception-decision/1");
    /// A manager's revocation of an approved exception.
    pub const EXCEPTION_REVOCATION: Purpose = Purpose("mamoru/exception-revocation/1");

    pub fn name(self) -> &'static str {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the seal is for {found}, not {expected}")]
    WrongPurpose { expected: &'static str, found: String },
    #[error("the seal was made with key {found}, not with key {expected}")]
    WrongKey { expected: String, found: String },
    #[error("the public key is weak and cannot be trusted")]
    WeakKey,
    #[error("the sealed record is not well formed")]
    Malformed,
    #[error("the seal does not match the record: it was altered or sealed by someone else")]
    BadSignature,
}

/// A record and its seal, as stored and as embedded in documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub purpose: String,
    pub key_id: String,
    /// The canonical bytes of the record, base64url without padding.
    pub payload: String,
    /// The Ed25519 signature, base64url without padding.
    pub signature: String,
}

/// The canonical encoding of a record. Records are plain structs of strings, integers and
/// lists, so serde's compact JSON (fields in declaration order) is deterministic.
pub fn canonical<T: Serialize>(record: &T) -> Vec<u8> {
    serde_json::to_vec(record).expect("records are plain data and always serialise")
}

/// A short, stable name for a public key: the first 8 bytes of its SHA-256, in hex.
pub fn key_id(key: &VerifyingKey) -> String {
    hex::encode(&Sha256::digest(key.as_bytes())[..8])
}

/// The SHA-256 of some bytes, in lowercase hex: how Mamoru names texts, drawings and files.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn message(purpose: Purpose, payload: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(payload.len() + 64);
    message.extend_from_slice(b"mamoru-seal/1\n");
    message.extend_from_slice(purpose.0.as_bytes());
    message.push(b'\n');
    message.extend_from_slice(payload);
    message
}

impl Sealed {
    pub fn seal<T: Serialize>(key: &SigningKey, purpose: Purpose, record: &T) -> Sealed {
        let payload = canonical(record);
        let signature = key.sign(&message(purpose, &payload));
        Sealed {
            purpose: purpose.0.to_owned(),
            key_id: key_id(&key.verifying_key()),
            payload: URL_SAFE_NO_PAD.encode(&payload),
            signature: URL_SAFE_NO_PAD.encode(signature.to_bytes()),
        }
    }

    /// Checks the seal and returns the record. Refuses another purpose, another key, a weak
    /// key, a bad signature and a payload that is not in canonical form.
    pub fn open<T: Serialize + DeserializeOwned>(
        &self,
        key: &VerifyingKey,
        purpose: Purpose,
    ) -> Result<T, SealError> {
        if self.purpose != purpose.0 {
            return Err(SealError::WrongPurpose { expected: purpose.0, found: self.purpose.clone() });
        }
        if key.is_weak() {
            return Err(SealError::WeakKey);
        }
        let expected = key_id(key);
        if self.key_id != expected {
            return Err(SealError::WrongKey { expected, found: self.key_id.clone() });
        }
        let payload = URL_SAFE_NO_PAD.decode(&self.payload).map_err(|_| SealError::Malformed)?;
        let signature: [u8; 64] = URL_SAFE_NO_PAD
            .decode(&self.signature)
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or(SealError::Malformed)?;
        key.verify_strict(&message(purpose, &payload), &Signature::from_bytes(&signature))
            .map_err(|_| SealError::BadSignature)?;
        let record: T = serde_json::from_slice(&payload).map_err(|_| SealError::Malformed)?;
        if canonical(&record) != payload {
            return Err(SealError::Malformed);
        }
        Ok(record)
    }

    /// The sealed record as one line of JSON, for embedding in files.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a seal always serialises")
    }

    /// Reads a seal written by [`Sealed::to_json`], byte for byte: any other form of the
    /// same content (another field, whitespace, key order, a duplicate key, trailing
    /// bytes) is malformed, never genuine.
    pub fn from_json(text: &str) -> Result<Sealed, SealError> {
        let sealed: Sealed = serde_json::from_str(text).map_err(|_| SealError::Malformed)?;
        if sealed.to_json() != text {
            return Err(SealError::Malformed);
        }
        Ok(sealed)
    }

    /// The sealed record as one URL-safe line, for QR codes: `key id.payload.signature`.
    /// The purpose is not written: whoever reads a token knows what it must be.
    pub fn to_token(&self) -> String {
        format!("{}.{}.{}", self.key_id, self.payload, self.signature)
    }

    /// Reads a token made by [`Sealed::to_token`] for `purpose`, exactly as written (no
    /// surrounding whitespace); [`Sealed::open`] checks it.
    pub fn from_token(purpose: Purpose, token: &str) -> Result<Sealed, SealError> {
        let mut parts = token.split('.');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(key_id), Some(payload), Some(signature), None)
                if [key_id, payload, signature].iter().all(|p| !p.is_empty()) =>
            {
                Ok(Sealed {
                    purpose: purpose.0.to_owned(),
                    key_id: key_id.to_owned(),
                    payload: payload.to_owned(),
                    signature: signature.to_owned(),
                })
            }
            _ => Err(SealError::Malformed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Record {
        version: u32,
        name: String,
        text_sha256: String,
    }

    fn record() -> Record {
        Record { version: 1, name: "山田 花子".into(), text_sha256: sha256_hex(b"agreement") }
    }

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn canonical_encoding_is_stable() {
        // A golden value: if this changes, every seal ever made stops verifying.
        assert_eq!(
            String::from_utf8(canonical(&record())).expect("test input is valid"),
            r#"{"version":1,"name":"山田 花子","text_sha256":"46a81739c6ee7c1d5ed084e7de843a7ed79435cd445513e4dd5c4e5ac395fb4b"}"#
        );
    }

    #[test]
    fn seal_verifies_and_returns_the_record() {
        let sealed = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record());
        let opened: Record =
            sealed.open(&key(1).verifying_key(), Purpose::NDA_EVIDENCE).expect("test input is valid");
        assert_eq!(opened, record());
        let again = Sealed::from_json(&sealed.to_json()).expect("test input is valid");
        assert_eq!(again, sealed);
    }

    #[test]
    fn sealing_is_deterministic() {
        // Ed25519 is deterministic, so the seal of a fixed record and key is a golden value too.
        let sealed = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record());
        assert_eq!(
            sealed.signature,
            "nYA-2FcMrW2A9ISy23KJDo9dnX8vfXfpmT9AikKXT23DNvLKs27mvK0ekTYuUBcaNGMQbfqc4FYyxy12rj3pDg"
        );
    }

    fn resealed_payload(sealed: &Sealed, change: impl FnOnce(&mut Record)) -> Sealed {
        let mut record: Record =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&sealed.payload).expect("test input is valid"))
                .expect("test input is valid");
        change(&mut record);
        Sealed { payload: URL_SAFE_NO_PAD.encode(canonical(&record)), ..sealed.clone() }
    }

    #[test]
    fn a_changed_field_fails() {
        let sealed = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record());
        let changed = resealed_payload(&sealed, |r| r.name = "山田 太郎".into());
        assert_eq!(
            changed.open::<Record>(&key(1).verifying_key(), Purpose::NDA_EVIDENCE),
            Err(SealError::BadSignature)
        );
    }

    #[test]
    fn a_changed_text_fails() {
        let sealed = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record());
        let changed = resealed_payload(&sealed, |r| r.text_sha256 = sha256_hex(b"agreement."));
        assert_eq!(
            changed.open::<Record>(&key(1).verifying_key(), Purpose::NDA_EVIDENCE),
            Err(SealError::BadSignature)
        );
    }

    #[test]
    fn another_key_fails() {
        let sealed = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record());
        assert!(matches!(
            sealed.open::<Record>(&key(2).verifying_key(), Purpose::NDA_EVIDENCE),
            Err(SealError::WrongKey { .. })
        ));
        // Even when the key id is forged to match, the signature gives it away.
        let forged = Sealed { key_id: key_id(&key(2).verifying_key()), ..sealed };
        assert_eq!(
            forged.open::<Record>(&key(2).verifying_key(), Purpose::NDA_EVIDENCE),
            Err(SealError::BadSignature)
        );
    }

    #[test]
    fn another_purpose_fails() {
        let sealed = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record());
        assert!(matches!(
            sealed.open::<Record>(&key(1).verifying_key(), Purpose::NDA_DOCUMENT),
            Err(SealError::WrongPurpose { .. })
        ));
        // Relabelling the purpose does not help: the purpose is part of the signed message.
        let relabelled = Sealed { purpose: Purpose::NDA_DOCUMENT.name().into(), ..sealed };
        assert_eq!(
            relabelled.open::<Record>(&key(1).verifying_key(), Purpose::NDA_DOCUMENT),
            Err(SealError::BadSignature)
        );
    }

    #[test]
    fn a_weak_key_is_refused() {
        // The identity point: any signature "verifies" under it with plain verify.
        let weak = VerifyingKey::from_bytes(&{
            let mut bytes = [0u8; 32];
            bytes[0] = 1;
            bytes
        })
        .expect("test input is valid");
        let sealed = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record());
        assert_eq!(sealed.open::<Record>(&weak, Purpose::NDA_EVIDENCE), Err(SealError::WeakKey));
    }

    #[test]
    fn a_non_canonical_payload_is_refused() {
        let signer = key(1);
        let payload = br#"{ "version":1,"name":"x","text_sha256":"y"}"#;
        let signature = signer.sign(&message(Purpose::NDA_EVIDENCE, payload));
        let sealed = Sealed {
            purpose: Purpose::NDA_EVIDENCE.name().into(),
            key_id: key_id(&signer.verifying_key()),
            payload: URL_SAFE_NO_PAD.encode(payload),
            signature: URL_SAFE_NO_PAD.encode(signature.to_bytes()),
        };
        assert_eq!(
            sealed.open::<Record>(&signer.verifying_key(), Purpose::NDA_EVIDENCE),
            Err(SealError::Malformed)
        );
    }

    #[test]
    fn tokens_round_trip_and_keep_the_purpose_separate() {
        let sealed = Sealed::seal(&key(1), Purpose::CARD_GRANT, &record());
        let token = sealed.to_token();
        assert!(token.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{token}");
        let read = Sealed::from_token(Purpose::CARD_GRANT, &token).expect("token parses");
        assert_eq!(read.open::<Record>(&key(1).verifying_key(), Purpose::CARD_GRANT), Ok(record()));
        // The same bytes read as another purpose do not verify.
        let misread = Sealed::from_token(Purpose::NDA_EVIDENCE, &token).expect("token parses");
        assert_eq!(
            misread.open::<Record>(&key(1).verifying_key(), Purpose::NDA_EVIDENCE),
            Err(SealError::BadSignature)
        );
        for bad in ["", "a.b", "a.b.c.d", "a..c", &format!("{token}.x")] {
            assert_eq!(Sealed::from_token(Purpose::CARD_GRANT, bad), Err(SealError::Malformed), "{bad}");
        }
        // The token with whitespace around it is not the token: it never opens.
        for spaced in [format!(" {token}"), format!("{token}\n"), format!("{token} ")] {
            let opened = Sealed::from_token(Purpose::CARD_GRANT, &spaced)
                .and_then(|sealed| sealed.open::<Record>(&key(1).verifying_key(), Purpose::CARD_GRANT));
            assert!(opened.is_err(), "{spaced:?}");
        }
    }

    #[test]
    fn a_seal_in_any_other_form_than_its_own_is_malformed() {
        let sealed = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record());
        let json = sealed.to_json();
        assert_eq!(Sealed::from_json(&json), Ok(sealed.clone()));
        let Sealed { purpose, key_id, payload, signature } = &sealed;
        let reordered = format!(
            r#"{{"key_id":"{key_id}","purpose":"{purpose}","payload":"{payload}","signature":"{signature}"}}"#
        );
        let duplicated = json.replacen('{', &format!(r#"{{"purpose":"{purpose}","#), 1);
        let extra = json.replacen('}', r#","note":"x"}"#, 1);
        let spaced = json.replace("\",\"", "\", \"");
        for (name, text) in [
            ("reordered keys", reordered),
            ("a duplicate key", duplicated),
            ("another field", extra),
            ("whitespace", spaced),
            ("a leading space", format!(" {json}")),
            ("trailing bytes", format!("{json}\n")),
            ("trailing garbage", format!("{json}x")),
        ] {
            assert_eq!(Sealed::from_json(&text), Err(SealError::Malformed), "{name}: {text}");
        }
    }

    #[test]
    fn a_payload_in_any_other_form_than_the_canonical_one_is_malformed() {
        // Signed correctly, but not in the canonical form of the record: never genuine.
        let signing = key(1);
        let sign = |payload: &str| Sealed {
            purpose: Purpose::NDA_EVIDENCE.0.to_owned(),
            key_id: key_id(&signing.verifying_key()),
            payload: URL_SAFE_NO_PAD.encode(payload),
            signature: URL_SAFE_NO_PAD
                .encode(signing.sign(&message(Purpose::NDA_EVIDENCE, payload.as_bytes())).to_bytes()),
        };
        let canonical = String::from_utf8(canonical(&record())).expect("utf-8");
        assert!(sign(&canonical).open::<Record>(&signing.verifying_key(), Purpose::NDA_EVIDENCE).is_ok());
        for other in [
            canonical.replacen(',', ", ", 1),
            canonical.replacen('}', r#","extra":1}"#, 1),
            canonical.replacen('{', r#"{"version":1,"#, 1),
            format!("{canonical} "),
            r#"{"name":"山田 花子","version":1,"text_sha256":"x"}"#.to_owned(),
        ] {
            assert_eq!(
                sign(&other).open::<Record>(&signing.verifying_key(), Purpose::NDA_EVIDENCE),
                Err(SealError::Malformed),
                "{other}"
            );
        }
    }

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(Sealed::from_json("{not json"), Err(SealError::Malformed));
        let sealed =
            Sealed { signature: "!!".into(), ..Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &record()) };
        assert_eq!(
            sealed.open::<Record>(&key(1).verifying_key(), Purpose::NDA_EVIDENCE),
            Err(SealError::Malformed)
        );
    }
}
