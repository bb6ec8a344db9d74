//! Mamoru, the full-stack app: pages and components (both sides), server functions and
//! the types they share. Server-only code (store, auth, keys) lives in [`server`] behind
//! the `ssr` feature; the `hydrate` feature builds the WebAssembly front end.

pub mod api;
pub mod app;
pub mod components;
pub mod pages;
// The shared types, where the UI and the server functions have always found them.
pub use mamoru_types::{domain, errors, i18n};
#[cfg(feature = "ssr")]
pub mod server;

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
