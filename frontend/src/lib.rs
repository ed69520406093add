//! The browser entry point: hydrates the server-rendered console.

// Deeply nested view types of the console need more than the default depth.
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The page's own code is a lazy chunk (see `app::lazy_pages`): hydration waits for it.
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::prelude::document().body();
        let Some(body) = body else { return };
        leptos::mount::hydrate_from_async(body.clone(), app::App)
            .await
            .forget();
        // Tells tests (and anyone curious) that the page is interactive now.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
