//! The router's shared state.

use std::sync::Arc;

use axum::extract::FromRef;
use iam::context::Ctx;
use leptos::config::LeptosOptions;

/// Every middleware layer and handler takes the state by value, so it is one shared reference.
#[derive(Clone, Debug)]
pub struct AppState(Arc<StateParts>);

#[derive(Debug)]
pub struct StateParts {
    pub ctx: Ctx,
    pub leptos_options: LeptosOptions,
    pub secure_cookies: bool,
    /// Latchkey terminates TLS itself (`--tls-cert`).
    pub tls: bool,
    pub rate_limiter: Arc<crate::query::rate_limit::RateLimiter>,
    /// Outside identity providers' keys, for `AssumeRoleWithWebIdentity`.
    pub provider_keys: Arc<crate::oidc_keys::ProviderKeys>,
}

impl AppState {
    pub fn new(parts: StateParts) -> Self {
        Self(Arc::new(parts))
    }
}

impl std::ops::Deref for AppState {
    type Target = StateParts;

    fn deref(&self) -> &StateParts {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
