//! The parsed form of a policy document.

use serde::{Deserialize, Serialize};

use super::index::ResourceIndex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    Allow,
    Deny,
}

/// `Action` or `NotAction` (and likewise for resources and principals): the patterns and
/// whether the block is negated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Patterns {
    pub negated: bool,
    pub values: Vec<String>,
}

/// A principal block: `"*"` or a map of principal types (`AWS`, `Service`, `Federated`, …) to
/// values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrincipalBlock {
    pub negated: bool,
    /// `(type, values)`; `"*"` alone is `("AWS", ["*"])`.
    pub entries: Vec<(String, Vec<String>)>,
}

/// One condition: `operator: { key: values }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub sid: Option<String>,
    pub effect: Effect,
    pub principal: Option<PrincipalBlock>,
    pub action: Patterns,
    pub resource: Option<Patterns>,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    pub version: Option<String>,
    pub id: Option<String>,
    pub statements: Vec<Statement>,
    /// Built by the parser; decisions use it to skip statements that cannot match.
    #[serde(skip)]
    pub index: ResourceIndex,
}
