//! Errors of the Query API: the engine's AWS errors plus the authentication and protocol errors
//! only the HTTP layer knows, rendered in AWS's Query error envelope.

use http::StatusCode;
use iam::IamError;

/// An error as the Query API answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub status: u16,
}

impl ApiError {
    pub fn new(code: &str, status: u16, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            status,
        }
    }

    pub fn incomplete_signature(message: impl Into<String>) -> Self {
        Self::new("IncompleteSignature", 400, message)
    }

    pub fn signature_does_not_match(message: impl Into<String>) -> Self {
        Self::new("SignatureDoesNotMatch", 403, message)
    }

    pub fn invalid_client_token_id() -> Self {
        Self::new(
            "InvalidClientTokenId",
            403,
            "The security token included in the request is invalid.",
        )
    }

    pub fn missing_authentication_token() -> Self {
        Self::new(
            "MissingAuthenticationToken",
            403,
            "Request is missing Authentication Token",
        )
    }

    pub fn invalid_action(action: &str, version: &str) -> Self {
        Self::new(
            "InvalidAction",
            400,
            format!("Could not find operation {action} for version {version}"),
        )
    }

    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// `Sender` for client errors, `Receiver` for server errors.
    pub fn fault(&self) -> &'static str {
        if self.status >= 500 {
            "Receiver"
        } else {
            "Sender"
        }
    }
}

impl From<IamError> for ApiError {
    fn from(err: IamError) -> Self {
        Self {
            code: err.code.as_str().to_owned(),
            status: err.code.http_status(),
            message: err.message,
        }
    }
}
