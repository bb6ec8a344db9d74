//! How a refused request answers over HTTP, the same for server functions and plain
//! routes: the status an [`AppError`] names, and the retry hint of a busy answer.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use mamoru_types::errors::AppError;

/// The HTTP status that answers `error`.
pub fn status_of(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A busy answer asks the client to come back in 2 seconds (the hashing bound's wait).
pub fn ask_to_retry(headers: &mut HeaderMap) {
    headers.insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
}
