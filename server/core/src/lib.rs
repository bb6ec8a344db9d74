//! Mamoru's server core, without HTTP and without Leptos: the store and the rules it keeps.
//! It depends on `mamoru-types` and the database driver only; the UI crate, the server
//! functions and the `mamoru` binary depend on it.

pub mod store;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod throttle;
pub mod tokens;
