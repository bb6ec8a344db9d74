//! The kiosk's side of `/api/kiosk/v1`: enrollment (unsigned) and the signed calls.
//! Every signed request carries a fresh nonce and the time, and signs the exact body bytes
//! it sends (see [`mamoru_seal::kiosk`]).

use crate::clock::Clock;
use crate::reader::CardUid;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use mamoru_seal::ed25519_dalek::SigningKey;
use mamoru_seal::kiosk::{
    API_PREFIX, ClaimRequest, ConfirmRequest, ConfirmResponse, EnrollRequest, EnrollResponse, HEADER_KIOSK,
    HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIME, KioskStatus, LookupRequest, LookupResponse, Refusal,
    sign_request,
};
use rand::RngCore;
use reqwest::{Method, StatusCode, header};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use std::{fmt, sync::Arc, time::Duration};
use url::Url;

/// A closed network with a fixed server: if it does not answer quickly, it is down.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Confirm is idempotent, so a network fault is retried this many times in all.
const CONFIRM_ATTEMPTS: u32 = 3;
const CONFIRM_RETRY_PAUSE: Duration = Duration::from_millis(500);

/// The server's base address: `http(s)://host[:port]`, nothing else. Kiosk requests sign
/// their path, so a server behind a path prefix could not verify them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl(Url);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the server address must look like https://mamoru.example or http://127.0.0.1:3100 (no path)")]
pub struct ServerUrlError;

impl ServerUrl {
    pub fn parse(text: &str) -> Result<ServerUrl, ServerUrlError> {
        let url = Url::parse(text.trim()).map_err(|_| ServerUrlError)?;
        let plain = matches!(url.scheme(), "http" | "https")
            && url.host().is_some()
            && url.username().is_empty()
            && url.password().is_none()
            && url.path() == "/"
            && url.query().is_none()
            && url.fragment().is_none();
        plain.then_some(ServerUrl(url)).ok_or(ServerUrlError)
    }

    fn endpoint(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        url.set_path(path);
        url
    }
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Without the trailing slash `Url` adds: this is how people write it.
        f.write_str(self.0.as_str().trim_end_matches('/'))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("cannot reach the Mamoru server: {0}")]
    Unreachable(#[source] reqwest::Error),
    #[error("the server refused the request: {:?}", .0.error)]
    Refused(Refusal),
    #[error("the server answered HTTP {status} with a body that is not the kiosk protocol")]
    BadAnswer { status: u16 },
    #[error("cannot set up the HTTP client: {0}")]
    Setup(#[source] reqwest::Error),
}

/// `{}`: the body of a successful claim or abort.
#[derive(Deserialize)]
struct Accepted {}

fn http_client() -> Result<reqwest::Client, ClientError> {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(REQUEST_TIMEOUT)
        // A redirect would change the signed path; the server address is fixed, no proxies.
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .map_err(ClientError::Setup)
}

/// Pairs this kiosk with a server using a one-time code (the request is not signed: the
/// code is the credential).
pub async fn enroll(server: &ServerUrl, request: &EnrollRequest) -> Result<EnrollResponse, ClientError> {
    let body = serde_json::to_vec(request).expect("request bodies are plain data and always serialise");
    let response = http_client()?
        .post(server.endpoint(&format!("{API_PREFIX}/enroll")))
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(ClientError::Unreachable)?;
    read_answer(response).await
}

/// Signed calls from an enrolled kiosk.
pub struct KioskClient {
    http: reqwest::Client,
    server: ServerUrl,
    kiosk_id: String,
    device_key: SigningKey,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for KioskClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KioskClient").field("server", &self.server).field("kiosk_id", &self.kiosk_id).finish()
    }
}

impl KioskClient {
    pub fn new(
        server: ServerUrl,
        kiosk_id: String,
        device_key: SigningKey,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, ClientError> {
        Ok(Self { http: http_client()?, server, kiosk_id, device_key, clock })
    }

    pub fn server(&self) -> &ServerUrl {
        &self.server
    }

    /// Whether the server knows and accepts this kiosk.
    pub async fn status(&self) -> Result<KioskStatus, ClientError> {
        self.call(Method::GET, &format!("{API_PREFIX}/status"), None::<&()>).await
    }

    /// The server's key moves (see `mamoru_seal::keys::KeyMove`); the kiosk checks them.
    pub async fn key_moves(&self) -> Result<Vec<mamoru_seal::Sealed>, ClientError> {
        let answer: mamoru_seal::kiosk::KeyMovesResponse =
            self.call(Method::GET, &format!("{API_PREFIX}/keys"), None::<&()>).await?;
        Ok(answer.moves)
    }

    /// The grant token for a typed pickup code.
    pub async fn lookup(&self, code: &str) -> Result<String, ClientError> {
        let request = LookupRequest { code: code.to_owned() };
        let answer: LookupResponse =
            self.call(Method::POST, &format!("{API_PREFIX}/lookup"), Some(&request)).await?;
        Ok(answer.token)
    }

    /// Claims a grant for this kiosk with the hire's PIN. Not retried here: a lost answer to
    /// a wrong PIN would cost the hire a second attempt.
    pub async fn claim(&self, grant_id: &str, pin: &str) -> Result<(), ClientError> {
        let request = ClaimRequest { grant_id: grant_id.to_owned(), pin: pin.to_owned() };
        let _: Accepted = self.call(Method::POST, &format!("{API_PREFIX}/claims"), Some(&request)).await?;
        Ok(())
    }

    /// Binds the card to the claimed grant; answers the new card's id. Retried after a
    /// network fault (the server answers a repeat with the same card and issues nothing new).
    pub async fn confirm(&self, grant_id: &str, uid: &CardUid) -> Result<String, ClientError> {
        let path = format!("{API_PREFIX}/claims/{grant_id}/confirm");
        let request = ConfirmRequest { card_uid: uid.clone() };
        let mut attempt = 1;
        loop {
            match self.call::<ConfirmResponse>(Method::POST, &path, Some(&request)).await {
                Err(ClientError::Unreachable(error)) if attempt < CONFIRM_ATTEMPTS => {
                    tracing::warn!(%error, attempt, "confirm did not reach the server; retrying");
                    tokio::time::sleep(CONFIRM_RETRY_PAUSE * attempt).await;
                    attempt += 1;
                }
                other => return other.map(|answer| answer.card_id),
            }
        }
    }

    /// Gives a claimed grant back, so the hire can try again.
    pub async fn abort(&self, grant_id: &str) -> Result<(), ClientError> {
        let _: Accepted =
            self.call(Method::POST, &format!("{API_PREFIX}/claims/{grant_id}/abort"), None::<&()>).await?;
        Ok(())
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T, ClientError> {
        let body = match body {
            Some(body) => {
                serde_json::to_vec(body).expect("request bodies are plain data and always serialise")
            }
            None => Vec::new(),
        };
        let time = self.clock.unix_seconds();
        let nonce = new_nonce();
        let signature = sign_request(&self.device_key, method.as_str(), path, time, &nonce, &body);
        let mut request = self
            .http
            .request(method, self.server.endpoint(path))
            .header(HEADER_KIOSK, &self.kiosk_id)
            .header(HEADER_TIME, time.to_string())
            .header(HEADER_NONCE, nonce)
            .header(HEADER_SIGNATURE, signature);
        if !body.is_empty() {
            request = request.header(header::CONTENT_TYPE, "application/json").body(body);
        }
        read_answer(request.send().await.map_err(ClientError::Unreachable)?).await
    }
}

/// 16 random bytes, base64url: the server refuses a nonce it has seen.
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

async fn read_answer<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, ClientError> {
    let status = response.status();
    let bytes = response.bytes().await.map_err(ClientError::Unreachable)?;
    decode_answer(status, &bytes)
}

fn decode_answer<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<T, ClientError> {
    let bad_answer = || ClientError::BadAnswer { status: status.as_u16() };
    if status.is_success() {
        return serde_json::from_slice(bytes).map_err(|_| bad_answer());
    }
    match serde_json::from_slice::<Refusal>(bytes) {
        Ok(refusal) => Err(ClientError::Refused(refusal)),
        Err(_) => Err(bad_answer()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamoru_seal::kiosk::RefusalCode;

    #[test]
    fn server_addresses_are_plain_origins() {
        for good in ["http://127.0.0.1:3100", "https://mamoru.example.jp/", " https://m.example "] {
            assert!(ServerUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "127.0.0.1:3100",
            "ftp://m.example",
            "https://m.example/mamoru",
            "https://m.example/?x=1",
            "https://user:pw@m.example",
            "https://m.example/#top",
        ] {
            assert_eq!(ServerUrl::parse(bad), Err(ServerUrlError), "{bad}");
        }
        let url = ServerUrl::parse("http://127.0.0.1:3100").expect("valid");
        assert_eq!(url.to_string(), "http://127.0.0.1:3100");
        assert_eq!(
            url.endpoint("/api/kiosk/v1/claims").as_str(),
            "http://127.0.0.1:3100/api/kiosk/v1/claims"
        );
    }

    #[test]
    fn answers_are_decoded_or_named_for_what_they_are() {
        let ok: Result<LookupResponse, _> = decode_answer(StatusCode::OK, br#"{"token":"t"}"#);
        assert_eq!(ok.expect("decodes").token, "t");
        let accepted: Result<Accepted, _> = decode_answer(StatusCode::OK, b"{}");
        assert!(accepted.is_ok());
        let refused: Result<Accepted, _> =
            decode_answer(StatusCode::FORBIDDEN, br#"{"error":"pin_wrong","attempts_left":2}"#);
        assert!(matches!(
            refused,
            Err(ClientError::Refused(Refusal { error: RefusalCode::PinWrong, attempts_left: Some(2) }))
        ));
        let garbled: Result<Accepted, _> = decode_answer(StatusCode::BAD_GATEWAY, b"<html>");
        assert!(matches!(garbled, Err(ClientError::BadAnswer { status: 502 })));
        let wrong_shape: Result<LookupResponse, _> = decode_answer(StatusCode::OK, b"{}");
        assert!(matches!(wrong_shape, Err(ClientError::BadAnswer { status: 200 })));
    }

    #[test]
    fn nonces_are_16_fresh_bytes() {
        let nonce = new_nonce();
        assert_eq!(URL_SAFE_NO_PAD.decode(&nonce).expect("base64url").len(), 16);
        assert_ne!(new_nonce(), nonce);
    }
}
