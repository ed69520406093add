//! Names, paths, ARNs, identifiers and password rules: parsed and validated by AWS's rules.
//! Pure code with no I/O, shared by the server and the console.

pub mod account;
pub mod arn;
pub mod audit;
pub mod ids;
pub mod names;
pub mod password;
pub mod path;
pub mod saml_metadata;
pub mod switch_role;
pub mod tags;

pub use account::{AccountAlias, AccountId};
pub use names::{NameKind, validate_name};
pub use password::PasswordPolicy;
