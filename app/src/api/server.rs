//! Server-side helpers for server functions: the engine context, the session cookie.

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, request::Parts};
use iam::context::Ctx;
use iam::ops::signin::{self, ConsoleSession, SessionStage};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::api::csrf::CSRF_COOKIE;
use crate::error::ConsoleError;

/// The name of the console session cookie.
pub const SESSION_COOKIE: &str = "latchkey-session";

/// What the server gives every page render and server function.
#[derive(Clone, Debug)]
pub struct ServerContext {
    pub ctx: Ctx,
    /// Mark cookies `Secure` (when served over TLS or behind a TLS proxy).
    pub secure_cookies: bool,
}

pub fn server_context() -> Result<ServerContext, ConsoleError> {
    use_context::<ServerContext>()
        .ok_or_else(|| ConsoleError::new("ServiceFailure", "The server context is missing."))
}

/// Reads the session token from the request's cookies.
pub fn session_token() -> Option<String> {
    let parts = use_context::<Parts>()?;
    cookie_value(&parts.headers, SESSION_COOKIE)
}

/// Finds cookie `name` in the `Cookie` headers.
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// The `Host` the browser used, for links such as the IAM users' sign-in URL.
pub fn request_host() -> Option<String> {
    let parts = use_context::<Parts>()?;
    parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
}

/// The IAM users' sign-in URL of the session's account, on the host the browser used.
pub fn sign_in_url(server: &ServerContext, session: &ConsoleSession) -> String {
    let scheme = if server.secure_cookies {
        "https"
    } else {
        "http"
    };
    let host = request_host().unwrap_or_else(|| "127.0.0.1:4566".into());
    format!(
        "{scheme}://{host}/signin?account={}",
        session.account.label()
    )
}

/// The live session of this request, in any stage.
pub async fn current_session() -> Result<Option<ConsoleSession>, ConsoleError> {
    let server = server_context()?;
    let Some(token) = session_token() else {
        return Ok(None);
    };
    Ok(signin::session(&server.ctx, &token).await?)
}

/// The signed-in principal's session; `NotSignedIn` unless it is fully signed in.
pub async fn active_session() -> Result<ConsoleSession, ConsoleError> {
    match current_session().await? {
        Some(session) if session.stage == SessionStage::Active => Ok(session),
        _ => Err(ConsoleError::not_signed_in()),
    }
}

/// The active session, for what belongs to whoever signed in (their own password, keys and
/// MFA); refused while a role is in use (`ConsoleSession::credentials_owner`).
pub async fn own_session() -> Result<ConsoleSession, ConsoleError> {
    let session = active_session().await?;
    session.credentials_owner()?;
    Ok(session)
}

fn set_cookie(value: &str) {
    if let (Some(response), Ok(header)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        response.append_header(SET_COOKIE, header);
    }
}

/// Sets the session cookie (HttpOnly, SameSite=Lax, Secure when configured) and the session's
/// anti-forgery token cookie (readable by the console's script, SameSite=Strict).
pub fn set_session_cookie(server: &ServerContext, token: &str) {
    let secure = secure_attribute(server);
    let max_age = server.ctx.settings.session_absolute_secs;
    set_cookie(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ));
    set_cookie(&csrf_cookie(token, server.secure_cookies, max_age));
}

/// The `Set-Cookie` value carrying the anti-forgery token of `session_token`.
pub fn csrf_cookie(session_token: &str, secure: bool, max_age: i64) -> String {
    let csrf = signin::csrf_token(session_token);
    let secure = if secure { "; Secure" } else { "" };
    format!("{CSRF_COOKIE}={csrf}; Path=/; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// Removes the session and anti-forgery cookies from the browser.
pub fn clear_session_cookie(server: &ServerContext) {
    let secure = secure_attribute(server);
    set_cookie(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ));
    set_cookie(&format!(
        "{CSRF_COOKIE}=; Path=/; SameSite=Strict; Max-Age=0{secure}"
    ));
}

fn secure_attribute(server: &ServerContext) -> &'static str {
    if server.secure_cookies {
        "; Secure"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = http::HeaderMap::new();
        headers.append(
            COOKIE,
            HeaderValue::from_static("theme=dark; latchkey-session=abc123"),
        );
        headers.append(COOKIE, HeaderValue::from_static("other=1"));
        assert_eq!(
            cookie_value(&headers, SESSION_COOKIE).as_deref(),
            Some("abc123")
        );
        assert_eq!(cookie_value(&headers, "missing"), None);
        let empty = http::HeaderMap::new();
        assert_eq!(cookie_value(&empty, SESSION_COOKIE), None);
    }
}
