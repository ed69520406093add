//! The router's shared state.

use axum::extract::FromRef;
use iam::context::Ctx;
use leptos::config::LeptosOptions;

#[derive(Clone, Debug)]
pub struct AppState {
    pub ctx: Ctx,
    pub leptos_options: LeptosOptions,
    pub secure_cookies: bool,
    /// Latchkey terminates TLS itself (`--tls-cert`).
    pub tls: bool,
    pub rate_limiter: std::sync::Arc<crate::query::rate_limit::RateLimiter>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
