//! The IAM policy language: parsing and validating documents by the grammar AWS enforces. Pure
//! code, shared by the server and the console's JSON editor.

pub mod conditions;
pub mod context;
pub mod document;
pub mod eval;
pub mod index;
pub mod json;
pub mod matching;
pub mod positions;
pub mod trust;
pub mod validate;
pub mod variables;

pub use document::{Effect, PolicyDocument, Statement};
pub use validate::{PolicyKind, non_whitespace_len, parse_policy};
