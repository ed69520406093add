//! The IAM policy language: parsing and validating documents by the grammar AWS enforces. Pure
//! code, shared by the server and the console's JSON editor.

pub mod document;
pub mod json;
pub mod validate;

pub use document::{Effect, PolicyDocument, Statement};
pub use validate::{PolicyKind, non_whitespace_len, parse_policy};
