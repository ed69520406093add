//! The public endpoints of each account's web identity token issuer, which services outside
//! Latchkey fetch to verify tokens from `GetWebIdentityToken`:
//! `GET /oidc/{issuer}/.well-known/openid-configuration` and `…/.well-known/jwks.json`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use iam::error::IamResult;
use serde_json::Value;

use crate::state::AppState;

fn answer(document: IamResult<Option<Value>>) -> Response {
    match document {
        Ok(Some(document)) => {
            let mut response = Json(document).into_response();
            // Verifiers may cache keys briefly; a key set never shrinks.
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=300"),
            );
            response
        }
        Ok(None) => (StatusCode::NOT_FOUND, "No such issuer.").into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub async fn openid_configuration(
    State(state): State<AppState>,
    Path(issuer_id): Path<String>,
) -> Response {
    answer(iam::ops::outbound_federation::discovery_document(&state.ctx, &issuer_id).await)
}

pub async fn jwks(State(state): State<AppState>, Path(issuer_id): Path<String>) -> Response {
    answer(iam::ops::outbound_federation::key_set(&state.ctx, &issuer_id).await)
}
