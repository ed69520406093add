//! The `latchkey` server: command line, HTTP router, console protection and the AWS Query API.
//! The binary in `main.rs` is a thin entry point; the benchmark reuses the SigV4 signer.

// The console's views are deeply nested types.
#![recursion_limit = "512"]

pub mod backup;
pub mod cli;
pub mod console;
pub mod event_export;
pub mod executor;
pub mod oidc_issuer;
pub mod oidc_keys;
pub mod query;
pub mod request_meta;
pub mod router;
pub mod security_headers;
pub mod serve;
pub mod state;
