//! Latchkey's IAM engine.
//!
//! The pure parts (`model`, `error`) compile everywhere, including wasm32, so the console can
//! validate as the user types with the same rules the server enforces. The feature `server` adds
//! the operation layer (`ops`), the SQLite store and secret handling.

pub mod error;
pub mod model;
pub mod policy;

#[cfg(feature = "server")]
pub mod access_advisor;
#[cfg(feature = "server")]
pub mod audit;
#[cfg(feature = "server")]
pub mod cache;
#[cfg(feature = "server")]
pub mod catalog;
#[cfg(feature = "server")]
pub mod context;
#[cfg(feature = "server")]
pub mod durability;
#[cfg(feature = "server")]
pub mod ops;
#[cfg(feature = "server")]
pub mod policy_summary;
#[cfg(feature = "server")]
pub mod secrets;
#[cfg(feature = "server")]
pub mod service_reference;
#[cfg(feature = "server")]
pub mod store;
#[cfg(feature = "server")]
pub mod xmldsig;

pub use error::{ErrorCode, IamError, IamResult};
