//! Response headers that tell browsers what the console may do: a Content-Security-Policy that
//! runs only the console's own scripts (the hydration script carries a per-response nonce, and
//! the WebAssembly module needs `'wasm-unsafe-eval'`), no framing, no MIME sniffing, no referrer
//! to other sites, and HSTS when served over TLS.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::state::AppState;

/// The nonce of one response, handed to the page renderer through the request's extensions.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// The Content-Security-Policy for a response whose inline scripts carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// One year, the HSTS lifetime browsers' preload lists expect.
const HSTS: &str = "max-age=31536000; includeSubDomains";

pub async fn attach(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let nonce = URL_SAFE_NO_PAD.encode(state.ctx.random_bytes::<16>());
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if state.tls {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_only_own_and_nonced_scripts() {
        let csp = content_security_policy("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
}
