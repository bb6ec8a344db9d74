//! The kiosk protocol, shared by the server and `mamoru-kiosk`: what a card grant carries,
//! how a kiosk signs its requests, and the JSON bodies of `/api/kiosk/v1`.
//!
//! A kiosk request is signed with the kiosk's device key over
//! `mamoru-kiosk-request/1 \n METHOD \n path \n time \n nonce \n sha256(body)`, sent in the
//! `x-mamoru-*` headers. The server refuses unknown or disabled kiosks, times more than
//! [`MAX_CLOCK_SKEW_SECS`] away from its own, and nonces it has seen.

use crate::card_uid::CardUid;
use crate::{Purpose, SealError, Sealed, sha256_hex};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// Where the kiosk API lives on the server.
pub const API_PREFIX: &str = "/api/kiosk/v1";
/// How far a kiosk's clock may be from the server's.
pub const MAX_CLOCK_SKEW_SECS: i64 = 60;

pub const HEADER_KIOSK: &str = "x-mamoru-kiosk";
pub const HEADER_TIME: &str = "x-mamoru-time";
pub const HEADER_NONCE: &str = "x-mamoru-nonce";
pub const HEADER_SIGNATURE: &str = "x-mamoru-signature";

/// What a card grant token says: this person may collect one staff card until `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantClaims {
    /// 128 random bits, hex.
    pub grant_id: String,
    /// The company's employee number (HR's record of the hire).
    pub employee_number: String,
    pub name: String,
    /// Unix seconds, UTC.
    pub issued_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("this is not a card grant from this server: {0}")]
    Seal(#[from] SealError),
    #[error("the card grant expired")]
    Expired,
}

impl GrantClaims {
    /// Reads a grant token and checks its seal against `key` and its expiry against `now`.
    pub fn open(token: &str, key: &VerifyingKey, now: i64) -> Result<GrantClaims, GrantError> {
        let claims: GrantClaims =
            Sealed::from_token(Purpose::CARD_GRANT, token)?.open(key, Purpose::CARD_GRANT)?;
        if now >= claims.expires_at {
            return Err(GrantError::Expired);
        }
        Ok(claims)
    }
}

/// The bytes a kiosk signs for one request.
pub fn request_message(method: &str, path: &str, time: i64, nonce: &str, body: &[u8]) -> Vec<u8> {
    format!("mamoru-kiosk-request/1\n{method}\n{path}\n{time}\n{nonce}\n{}", sha256_hex(body)).into_bytes()
}

/// The signature header value for one request.
pub fn sign_request(
    key: &SigningKey,
    method: &str,
    path: &str,
    time: i64,
    nonce: &str,
    body: &[u8],
) -> String {
    URL_SAFE_NO_PAD.encode(key.sign(&request_message(method, path, time, nonce, body)).to_bytes())
}

/// Checks a request signature with `verify_strict`; weak keys never verify.
pub fn verify_request(
    key: &VerifyingKey,
    signature: &str,
    method: &str,
    path: &str,
    time: i64,
    nonce: &str,
    body: &[u8],
) -> Result<(), SealError> {
    if key.is_weak() {
        return Err(SealError::WeakKey);
    }
    let bytes: [u8; 64] = URL_SAFE_NO_PAD
        .decode(signature)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(SealError::Malformed)?;
    key.verify_strict(&request_message(method, path, time, nonce, body), &Signature::from_bytes(&bytes))
        .map_err(|_| SealError::BadSignature)
}

/// A public key as Mamoru writes it: base64url without padding.
pub fn encode_public_key(key: &VerifyingKey) -> String {
    URL_SAFE_NO_PAD.encode(key.as_bytes())
}

/// Reads a key written by [`encode_public_key`]; weak keys are refused.
pub fn decode_public_key(text: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(text.trim()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok().filter(|key| !key.is_weak())
}

/// `POST /api/kiosk/v1/enroll` (not signed: the one-time code is the credential).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrollRequest {
    pub code: String,
    pub name: String,
    pub public_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrollResponse {
    pub kiosk_id: String,
    pub server_key_id: String,
    pub server_public_key: String,
}

/// `GET /api/kiosk/v1/keys`: the key moves a kiosk follows from the key it pinned
/// (see [`crate::keys::KeyMove`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyMovesResponse {
    pub moves: Vec<crate::Sealed>,
}

/// `POST /api/kiosk/v1/lookup`: the token for a typed short code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LookupRequest {
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LookupResponse {
    pub token: String,
}

/// `POST /api/kiosk/v1/claims`: claims a verified grant for this kiosk with the hire's PIN.
/// Claiming again from the same kiosk succeeds, so a retry after a network fault is safe.
#[derive(Clone, Serialize, Deserialize)]
pub struct ClaimRequest {
    pub grant_id: String,
    pub pin: String,
}

/// The PIN never reaches a log through `{:?}`.
impl std::fmt::Debug for ClaimRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClaimRequest").field("grant_id", &self.grant_id).field("pin", &"******").finish()
    }
}

/// `POST /api/kiosk/v1/claims/{grant_id}/confirm`: the card read; binds its UID. Confirming
/// again with the same UID succeeds and issues nothing new.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfirmRequest {
    pub card_uid: CardUid,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConfirmResponse {
    pub card_id: String,
}

/// `POST /api/kiosk/v1/claims/{grant_id}/abort` has an empty body; `GET /api/kiosk/v1/status`
/// answers [`KioskStatus`] and tells the kiosk that the server knows and accepts it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KioskStatus {
    pub kiosk_id: String,
    pub name: String,
}

/// Why the server refused a kiosk request; the kiosk words it for the person in front of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusalCode {
    /// The request is not signed by an enrolled, enabled kiosk, is stale, or was replayed.
    KioskRefused,
    /// The enrollment code is unknown, used or expired.
    EnrollmentInvalid,
    /// No grant has this code.
    UnknownGrant,
    /// The grant was collected, revoked or is being collected at another kiosk.
    NotClaimable,
    Expired,
    /// The hire has not asked for a PIN on their home screen yet.
    PinNotSet,
    PinWrong,
    /// Too many wrong PINs: HR must re-issue the grant.
    Locked,
    /// The card is already active for someone.
    CardInUse,
    BadRequest,
    /// The server is too busy to check the PIN now: try again in a few seconds.
    Busy,
    Internal,
}

/// The body of every refusal.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refusal {
    pub error: RefusalCode,
    /// Wrong PINs left before the grant locks, with [`RefusalCode::PinWrong`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn grant_token(claims: &GrantClaims, key: &SigningKey) -> String {
        Sealed::seal(key, Purpose::CARD_GRANT, claims).to_token()
    }

    fn claims() -> GrantClaims {
        GrantClaims {
            grant_id: "00112233445566778899aabbccddeeff".into(),
            employee_number: "E-0001".into(),
            name: "山田 太郎".into(),
            issued_at: 1_000,
            expires_at: 2_000,
        }
    }

    #[test]
    fn a_grant_token_opens_with_its_key_until_it_expires() {
        let token = grant_token(&claims(), &key(1));
        assert_eq!(GrantClaims::open(&token, &key(1).verifying_key(), 1_999), Ok(claims()));
        assert_eq!(GrantClaims::open(&token, &key(1).verifying_key(), 2_000), Err(GrantError::Expired));
    }

    #[test]
    fn forged_grant_tokens_are_refused() {
        let server = key(1).verifying_key();
        let other = grant_token(&claims(), &key(2));
        assert!(matches!(
            GrantClaims::open(&other, &server, 1_500),
            Err(GrantError::Seal(SealError::WrongKey { .. }))
        ));
        // Same key id, another payload: the signature no longer matches.
        let token = grant_token(&claims(), &key(1));
        let longer = grant_token(&GrantClaims { expires_at: 9_999_999, ..claims() }, &key(2));
        let (head, _) = token.split_once('.').expect("token");
        let forged_payload = longer.split('.').nth(1).expect("payload");
        let signature = token.rsplit('.').next().expect("signature");
        let tampered = format!("{head}.{forged_payload}.{signature}");
        assert_eq!(
            GrantClaims::open(&tampered, &server, 1_500),
            Err(GrantError::Seal(SealError::BadSignature))
        );
        // An NDA seal is not a grant, even from the right key.
        let nda = Sealed::seal(&key(1), Purpose::NDA_EVIDENCE, &claims()).to_token();
        let sealed = Sealed::from_token(Purpose::NDA_EVIDENCE, &nda).expect("token");
        assert!(sealed.open::<GrantClaims>(&server, Purpose::CARD_GRANT).is_err());
        assert_eq!(GrantClaims::open(&nda, &server, 1_500), Err(GrantError::Seal(SealError::BadSignature)));
        assert_eq!(
            GrantClaims::open("not a token", &server, 1_500),
            Err(GrantError::Seal(SealError::Malformed))
        );
    }

    #[test]
    fn a_weak_key_verifies_nothing() {
        // The identity point: any "signature" would verify under non-strict rules.
        let weak = VerifyingKey::from_bytes(&[
            1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ])
        .expect("a curve point");
        assert!(weak.is_weak());
        let signature = URL_SAFE_NO_PAD.encode([0u8; 64]);
        assert_eq!(verify_request(&weak, &signature, "GET", "/", 1, "n", b""), Err(SealError::WeakKey));
        assert!(decode_public_key(&encode_public_key(&weak)).is_none());
        assert!(GrantClaims::open(&grant_token(&claims(), &key(1)), &weak, 1_500).is_err());
    }

    #[test]
    fn request_signatures_cover_every_part() {
        let device = key(3);
        let public = device.verifying_key();
        let signature = sign_request(&device, "POST", "/api/kiosk/v1/claims", 100, "n1", b"{}");
        assert_eq!(
            verify_request(&public, &signature, "POST", "/api/kiosk/v1/claims", 100, "n1", b"{}"),
            Ok(())
        );
        for (method, path, time, nonce, body) in [
            ("GET", "/api/kiosk/v1/claims", 100, "n1", &b"{}"[..]),
            ("POST", "/api/kiosk/v1/lookup", 100, "n1", b"{}"),
            ("POST", "/api/kiosk/v1/claims", 101, "n1", b"{}"),
            ("POST", "/api/kiosk/v1/claims", 100, "n2", b"{}"),
            ("POST", "/api/kiosk/v1/claims", 100, "n1", b"{ }"),
        ] {
            assert_eq!(
                verify_request(&public, &signature, method, path, time, nonce, body),
                Err(SealError::BadSignature),
                "{method} {path} {time} {nonce}"
            );
        }
        assert_eq!(
            verify_request(
                &key(4).verifying_key(),
                &signature,
                "POST",
                "/api/kiosk/v1/claims",
                100,
                "n1",
                b"{}"
            ),
            Err(SealError::BadSignature)
        );
        assert_eq!(verify_request(&public, "!!", "POST", "/", 100, "n1", b""), Err(SealError::Malformed));
    }

    #[test]
    fn public_keys_round_trip() {
        let public = key(5).verifying_key();
        assert_eq!(decode_public_key(&encode_public_key(&public)), Some(public));
        assert_eq!(decode_public_key("short"), None);
    }

    #[test]
    fn refusals_have_stable_wire_names() {
        let body = serde_json::to_string(&Refusal { error: RefusalCode::PinWrong, attempts_left: Some(3) })
            .expect("serialises");
        assert_eq!(body, r#"{"error":"pin_wrong","attempts_left":3}"#);
    }
}
