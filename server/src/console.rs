//! HTTP-level protection of the console: page loads need a session in the right stage, and
//! state-changing server-function calls must come from the console's own origin and, within a
//! session, carry the session's anti-forgery token.

use app::api::csrf::{CSRF_COOKIE, CSRF_HEADER};
use app::api::server::{SESSION_COOKIE, cookie_value, csrf_cookie};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use iam::context::with_temporary_credential;
use iam::ops::signin::{self, SessionStage};

use crate::state::AppState;

/// Where a page load has to go instead, if anywhere, given the session's stage.
async fn redirect_for(
    state: &AppState,
    path: &str,
    stage: Option<SessionStage>,
) -> Option<&'static str> {
    let (is_console, is_signin) = (is_console_page(path), is_signin_page(path));
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

fn is_console_page(path: &str) -> bool {
    path == "/console" || path == "/iam" || path.starts_with("/iam/")
}

fn is_signin_page(path: &str) -> bool {
    path == "/signin" || path.starts_with("/signin/")
}

/// Sends page loads that need a session (or must not have one) where they belong, and refuses
/// server-function calls of a live session that lack its anti-forgery token. An IAM user's
/// console requests run with the session's credential (the sign-in's, with its MFA, or the role
/// session's after Switch role), so policy conditions see them as they would an API call signed
/// with temporary credentials; the Query API, which authenticates each request by its
/// signature, never gets it.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let token = cookie_value(request.headers(), SESSION_COOKIE);
    let path = request.uri().path();
    let is_server_function = path.starts_with("/api/");
    // One lookup serves the redirect, the anti-forgery check and the credential.
    let looked_up = is_server_function || is_console_page(path) || is_signin_page(path);
    let session = match token.as_deref() {
        Some(token) if looked_up => signin::session(&state.ctx, token).await.ok().flatten(),
        _ => None,
    };
    let credential = session
        .as_ref()
        .filter(|_| is_server_function || is_console_page(path))
        .and_then(signin::ConsoleSession::credential);
    let run = |request: Request| async move {
        match credential {
            Some(credential) => with_temporary_credential(credential, next.run(request)).await,
            None => next.run(request).await,
        }
    };
    if request.method() == Method::GET {
        let stage = session.as_ref().map(|s| s.stage);
        if let Some(target) = redirect_for(&state, path, stage).await {
            return Redirect::to(target).into_response();
        }
        let csrf_in_step = match (&token, cookie_value(request.headers(), CSRF_COOKIE)) {
            (Some(token), Some(csrf)) => signin::csrf_token_matches(token, &csrf),
            (Some(_), None) => false,
            (None, _) => true,
        };
        let mut response = run(request).await;
        if !csrf_in_step {
            let live = match token.as_deref() {
                Some(_) if looked_up => session.is_some(),
                Some(token) => live_session(&state, token).await,
                None => false,
            };
            if live {
                restore_csrf_cookie(&state, token.as_deref(), &mut response);
            }
        }
        return response;
    }
    if is_server_function
        && session.is_some()
        && let Some(token) = token.as_deref()
    {
        let presented = request
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !signin::csrf_token_matches(token, presented) {
            return (
                StatusCode::FORBIDDEN,
                Body::from(
                    "The request is missing the console's anti-forgery token. Reload the page and try again.",
                ),
            )
                .into_response();
        }
    }
    run(request).await
}

async fn live_session(state: &AppState, token: &str) -> bool {
    matches!(signin::session(&state.ctx, token).await, Ok(Some(_)))
}

/// Gives a page load of a live session its anti-forgery cookie when the browser lacks it (a
/// session begun before the cookie existed, or a cookie the user deleted).
fn restore_csrf_cookie(state: &AppState, token: Option<&str>, response: &mut Response) {
    let Some(token) = token else { return };
    if !response.status().is_success() {
        return;
    }
    let cookie = csrf_cookie(
        token,
        state.secure_cookies,
        state.ctx.settings.session_absolute_secs,
    );
    if let Ok(value) = header::HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
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
