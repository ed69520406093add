//! The console's error type: an AWS error code and message, carried from server functions to the
//! page that shows it in a flash banner.

use std::fmt;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The code that tells a page its session is gone and it should go to sign-in.
pub const NOT_SIGNED_IN: &str = "NotSignedIn";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleError {
    pub code: String,
    pub message: String,
}

impl ConsoleError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    pub fn not_signed_in() -> Self {
        Self::new(NOT_SIGNED_IN, "Your session has ended. Sign in again.")
    }

    pub fn is_not_signed_in(&self) -> bool {
        self.code == NOT_SIGNED_IN
    }
}

impl fmt::Display for ConsoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConsoleError {}

impl FromServerFnError for ConsoleError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::new("ServiceFailure", value.to_string())
    }
}

impl From<iam::IamError> for ConsoleError {
    fn from(err: iam::IamError) -> Self {
        Self {
            code: err.code.as_str().to_owned(),
            message: err.message,
        }
    }
}
