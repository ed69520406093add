//! HTTP-level protection of the console: page loads need a session in the right stage, and
//! state-changing server-function calls must come from the console's own origin.

use app::api::server::{SESSION_COOKIE, cookie_value};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use iam::ops::signin::{self, SessionStage};

use crate::state::AppState;

/// Where a page load has to go instead, if anywhere.
async fn redirect_for(state: &AppState, path: &str, token: Option<&str>) -> Option<&'static str> {
    let is_console = path == "/console" || path == "/iam" || path.starts_with("/iam/");
    let is_signin = path == "/signin" || path.starts_with("/signin/");
    let is_setup = path == "/create-account";
    if !(is_console || is_signin || is_setup) {
        return None;
    }
    let any_account = iam::ops::accounts::any_account(&state.ctx)
        .await
        .unwrap_or(true);
    if is_setup {
        return any_account.then_some("/signin");
    }
    if !any_account {
        return Some("/create-account");
    }
    let stage = match token {
        Some(token) => signin::session(&state.ctx, token)
            .await
            .ok()
            .flatten()
            .map(|s| s.stage),
        None => None,
    };
    match (stage, path) {
        (Some(SessionStage::Mfa), "/signin/mfa") => None,
        (Some(SessionStage::Mfa), _) if is_console => Some("/signin/mfa"),
        (_, "/signin/mfa") => Some("/signin"),
        (Some(SessionStage::PasswordChange), "/signin/change-password") => None,
        (Some(SessionStage::PasswordChange), _) => Some("/signin/change-password"),
        (_, "/signin/change-password") => Some("/signin"),
        (Some(SessionStage::Active), _) if is_signin => Some("/iam/dashboard"),
        (None, _) if is_console => Some("/signin"),
        _ => None,
    }
}

/// Sends page loads that need a session (or must not have one) where they belong.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() == Method::GET {
        let token = cookie_value(request.headers(), SESSION_COOKIE);
        if let Some(target) = redirect_for(&state, request.uri().path(), token.as_deref()).await {
            return Redirect::to(target).into_response();
        }
    }
    next.run(request).await
}

/// Refuses server-function calls from other sites: a browser marks cross-site requests with
/// `Sec-Fetch-Site`, and `Origin` must name the host the request was sent to.
pub async fn same_origin(request: Request, next: Next) -> Response {
    if request.method() != Method::GET
        && request.uri().path().starts_with("/api/")
        && !is_same_origin(&request)
    {
        return (
            StatusCode::FORBIDDEN,
            Body::from("Cross-site requests to the console are refused."),
        )
            .into_response();
    }
    next.run(request).await
}

fn is_same_origin(request: &Request) -> bool {
    let headers = request.headers();
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|site| site == "cross-site")
    {
        return false;
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}
