//! The HTTP surface: the Query API on `POST /`, `/healthz`, the console pages and server
//! functions, and the static site.

use app::api::server::ServerContext;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::response::Redirect;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};

use crate::state::AppState;
use crate::{console, query};

/// The largest request body accepted (policy documents are at most 131,072 characters).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let server_ctx = ServerContext {
        ctx: state.ctx.clone(),
        secure_cookies: state.secure_cookies,
    };
    let provide = move || provide_context(server_ctx.clone());
    let options = state.leptos_options.clone();
    Router::new()
        .route(
            "/",
            get(|| async { Redirect::to("/iam/dashboard") }).post(query::handle),
        )
        .route("/healthz", get(|| async { "ok" }))
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
        .layer(middleware::from_fn(crate::request_meta::attach))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}

#[cfg(test)]
mod tests;
