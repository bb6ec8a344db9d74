//! The browser's entry point. The page is server-rendered HTML; `hydrate()` starts the
//! reactive runtime, then Leptos's loader hydrates each island (the parts that react).
#![cfg(target_arch = "wasm32")]

// Links the app, whose islands export their own hydration functions.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // The loader hydrates the islands right after this returns, in the same task, so by the
    // time anything else runs (a person's click, a test's check) they are interactive.
    // End-to-end tests wait for this mark instead of sleeping.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
