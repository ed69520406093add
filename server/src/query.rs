//! The AWS Query API on `POST /`: IAM (`2010-05-08`) and STS (`2011-06-15`) on one endpoint.
//! Authenticates the request (SigV4), decodes `Action` and parameters, calls the operation layer
//! and renders AWS's XML. No business rule lives here.

pub mod auth;
pub mod iam_actions;
pub mod rate_limit;
pub mod sts_actions;
pub mod xml;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, Uri, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

pub use latchkey_wire::{error, form, sigv4};

use crate::state::AppState;
use error::ApiError;
use form::Params;

pub const IAM_VERSION: &str = "2010-05-08";
pub const STS_VERSION: &str = "2011-06-15";

/// Which API a request speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Iam,
    Sts,
}

impl Service {
    /// The signing name in the SigV4 scope.
    pub fn signing_name(self) -> &'static str {
        match self {
            Self::Iam => "iam",
            Self::Sts => "sts",
        }
    }

    pub fn version(self) -> &'static str {
        match self {
            Self::Iam => IAM_VERSION,
            Self::Sts => STS_VERSION,
        }
    }
}

/// Decides the API from `Version`, else from the credential scope's service.
fn service_of(params: &Params, headers: &HeaderMap) -> Service {
    match params.get("Version") {
        Some(STS_VERSION) => Service::Sts,
        Some(IAM_VERSION) => Service::Iam,
        _ => {
            let scoped_sts = headers
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("/sts/aws4_request"));
            if scoped_sts {
                Service::Sts
            } else {
                Service::Iam
            }
        }
    }
}

/// The handler of `POST /` (and `GET /?Action=…`).
pub async fn handle(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = iam::context::current_request()
        .request_id
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let query = uri.query().unwrap_or("");
    let params = if method == Method::GET {
        Params::decode(query.as_bytes())
    } else {
        Params::decode(&body)
    };
    let service = service_of(&params, &headers);
    let action = params.get("Action").unwrap_or("");
    if service == Service::Sts && sts_actions::UNSIGNED_ACTIONS.contains(&action) {
        let outcome = match checked_action(service, &params) {
            Ok(action) => {
                sts_actions::dispatch_unsigned(&state.ctx, &state.provider_keys, action, &params)
                    .await
            }
            Err(err) => Err(err),
        };
        return respond(service, action, outcome, &request_id, peer);
    }
    let request = auth::SignedRequest {
        method: method.as_str(),
        path: uri.path(),
        query,
        headers: &headers,
        body: &body,
    };
    let outcome = match auth::authenticate(&state.ctx, &state.rate_limiter, &request, service).await
    {
        Ok(auth::Caller {
            principal,
            temporary: Some(credential),
        }) => {
            iam::context::with_temporary_credential(
                credential,
                dispatch(&state, &principal, service, &params),
            )
            .await
        }
        Ok(auth::Caller { principal, .. }) => dispatch(&state, &principal, service, &params).await,
        Err(err) => Err(err),
    };
    respond(service, action, outcome, &request_id, peer)
}

/// Renders an action's outcome as AWS's XML.
fn respond(
    service: Service,
    action: &str,
    outcome: Result<Option<xml::Xml>, ApiError>,
    request_id: &str,
    peer: SocketAddr,
) -> Response {
    let (status, body) = match outcome {
        Ok(result) => (
            axum::http::StatusCode::OK,
            xml::success(service, action, result, request_id),
        ),
        Err(err) => {
            tracing::info!(action, code = %err.code, peer = %peer, "query API error");
            (err.status_code(), xml::error(service, &err, request_id))
        }
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    response
}

/// The request's action, once its `Version` is the service's.
fn checked_action(service: Service, params: &Params) -> Result<&str, ApiError> {
    let Some(action) = params.get("Action") else {
        return Err(ApiError::new("MissingAction", 400, "Missing Action"));
    };
    match params.get("Version") {
        Some(v) if v == service.version() => {}
        Some(v) => return Err(ApiError::invalid_action(action, v)),
        None => {
            return Err(ApiError::new(
                "MissingParameter",
                400,
                "The request must contain the parameter Version.",
            ));
        }
    }
    Ok(action)
}

async fn dispatch(
    state: &AppState,
    principal: &iam::ops::Principal,
    service: Service,
    params: &Params,
) -> Result<Option<xml::Xml>, ApiError> {
    let action = checked_action(service, params)?;
    match service {
        Service::Iam => iam_actions::dispatch(&state.ctx, principal, action, params).await,
        Service::Sts => sts_actions::dispatch(&state.ctx, principal, action, params).await,
    }
}
