//! Records the facts of each request that policy conditions read (`aws:SourceIp`,
//! `aws:UserAgent`, `aws:RequestedRegion`, `aws:SecureTransport`) and the audit trail keeps
//! (request ID, API or console), for the operations it runs.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use iam::context::{RequestMeta, with_request};
use iam::model::audit::Channel;

use crate::query::sigv4;
use crate::state::AppState;

/// The header every response carries its request ID in, as AWS's do.
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";

pub async fn attach(
    State(state): State<AppState>,
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
    // The Query API lives on `/`: POSTed forms, or GETs with an `Action`.
    let is_api = request.uri().path() == "/"
        && (request.method() == Method::POST
            || request.uri().query().is_some_and(|q| q.contains("Action=")));
    let request_id = uuid::Uuid::new_v4().to_string();
    let meta = RequestMeta {
        source_ip: Some(peer.ip().to_string()),
        // True only when Latchkey terminates TLS itself: a proxy in front is not trusted blindly.
        secure_transport: state.tls,
        user_agent: text(header::USER_AGENT).map(str::to_owned),
        requested_region: text(header::AUTHORIZATION)
            .and_then(|a| sigv4::parse_authorization(a).ok())
            .map(|a| a.region),
        temporary_credential: None,
        request_id: Some(request_id.clone()),
        channel: Some(if is_api {
            Channel::Api
        } else {
            Channel::Console
        }),
        audit: Some(state.ctx.audit.clone()),
        caches: Some(state.ctx.caches.clone()),
    };
    let mut response = with_request(meta, next.run(request)).await;
    if let Ok(id) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, id);
    }
    response
}
