//! Server functions: thin adapters from the console to `iam::ops`. They read the session from
//! the cookie, call one operation and return its result or its AWS error.

pub mod account;
pub mod csrf;
pub mod dashboard;
pub mod event_history;
pub mod groups;
pub mod identity_providers;
pub mod own_credentials;
pub mod policies;
pub mod roles;
pub mod service_reference;
pub mod session;
pub mod signin;
pub mod simulator;
pub mod user_credentials;
pub mod user_detail;
pub mod users;

#[cfg(feature = "ssr")]
pub mod display;
#[cfg(feature = "ssr")]
pub mod server;

pub use account::*;
pub use dashboard::*;
pub use event_history::*;
pub use groups::*;
pub use identity_providers::*;
pub use own_credentials::*;
pub use policies::*;
pub use roles::*;
pub use service_reference::*;
pub use session::*;
pub use signin::*;
pub use simulator::*;
pub use user_credentials::{
    CredentialChange, CredentialKind, IssuedServiceCredential, OtherCredentialsView,
    ServiceCredentialView, UploadedCredentialView,
};
pub use user_detail::*;
pub use users::*;
