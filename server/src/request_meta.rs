//! Records the facts of each request that policy conditions read (`aws:SourceIp`,
//! `aws:UserAgent`, `aws:RequestedRegion`, `aws:SecureTransport`) for the operations it runs.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use iam::context::{RequestMeta, with_request};

use crate::query::sigv4;

pub async fn attach(
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
    };
    let meta = RequestMeta {
        source_ip: Some(peer.ip().to_string()),
        // Latchkey serves plain HTTP; TLS termination in front of it is not trusted blindly.
        secure_transport: false,
        user_agent: text(header::USER_AGENT).map(str::to_owned),
        requested_region: text(header::AUTHORIZATION)
            .and_then(|a| sigv4::parse_authorization(a).ok())
            .map(|a| a.region),
        temporary_credential: None,
    };
    with_request(meta, next.run(request)).await
}
