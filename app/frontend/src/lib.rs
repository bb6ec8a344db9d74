//! The browser's entry point. The page is server-rendered HTML; `hydrate()` starts the
//! reactive runtime, then Leptos's loader fetches and hydrates each island (the parts that
//! react), each in its own WebAssembly chunk.
#![cfg(target_arch = "wasm32")]

// Links the app, whose islands export their own hydration functions.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // End-to-end tests wait for `data-hydrated` instead of sleeping: each island counts itself
    // as it starts (`app::components::island_ready`) and the last one sets it; a page without
    // islands has nothing to wait for.
    let document = leptos::prelude::document();
    let islands = document.get_elements_by_tag_name("leptos-island").length();
    if let Some(body) = document.body() {
        let data = body.dataset();
        let _ = data.set("islands", &islands.to_string());
        if islands == 0 {
            let _ = data.set("hydrated", "true");
        }
    }
}
