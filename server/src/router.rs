//! The HTTP surface: the Query API on `POST /`, `/healthz`, the token issuers' discovery
//! documents under `/oidc/`, the console pages and server functions, and the static site.

use app::api::server::ServerContext;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::response::Redirect;
use axum::routing::get;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{LeptosRoutes, generate_route_list};

use crate::security_headers::CspNonce;
use crate::state::AppState;
use crate::{console, event_export, oidc_issuer, query};

/// The largest request body accepted (policy documents are at most 131,072 characters).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn build(state: AppState) -> Router {
    crate::executor::install();
    let routes = generate_route_list(app::App);
    let server_ctx = ServerContext {
        ctx: state.ctx.clone(),
        secure_cookies: state.secure_cookies,
    };
    // The page renderer stamps the response's CSP nonce on the hydration scripts.
    let provide = move || {
        provide_context(server_ctx.clone());
        if let Some(nonce) = use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
        {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    };
    let options = state.leptos_options.clone();
    Router::new()
        .route(
            "/",
            get(|| async { Redirect::to("/iam/dashboard") }).post(query::handle),
        )
        .route("/healthz", get(|| async { "ok" }))
        .route("/iam/event-history/export", get(event_export::export))
        .route(
            "/oidc/{issuer}/.well-known/openid-configuration",
            get(oidc_issuer::openid_configuration),
        )
        .route(
            "/oidc/{issuer}/.well-known/jwks.json",
            get(oidc_issuer::jwks),
        )
        .leptos_routes_with_context(&state, routes, provide.clone(), move || {
            app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide, app::shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            console::guard,
        ))
        .layer(middleware::from_fn(console::same_origin))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::request_meta::attach,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::security_headers::attach,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

#[cfg(test)]
mod tests;
