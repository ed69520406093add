//! The decision: explicit deny wins; then an identity-based allow is needed, capped by the
//! permissions boundary and by session policies. Root is decided before this is asked.

use serde::{Deserialize, Serialize};

use super::conditions::condition_holds;
use super::context::RequestContext;
use super::document::{Effect, Patterns, PolicyDocument, Statement};
use super::matching::{action_matches, arn_matches};
use super::variables::substitute;

/// What kind of policy a statement came from (the simulator's `SourcePolicyType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SourceKind {
    User,
    Group,
    Role,
    AwsManaged,
    UserManaged,
    Boundary,
    Session,
    Resource,
}

/// A policy taking part in a decision.
#[derive(Debug, Clone)]
pub struct PolicySource<'a> {
    /// The policy's name (inline) or ARN (managed).
    pub id: String,
    pub kind: SourceKind,
    pub document: &'a PolicyDocument,
}

/// A statement that matched the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedStatement {
    pub source_id: String,
    pub kind: SourceKind,
    pub index: usize,
    pub effect: Effect,
}

/// Why a request was refused without an explicit deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImplicitDenyReason {
    NoIdentityAllow,
    NoBoundaryAllow,
    NoSessionAllow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny(ImplicitDenyReason),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    pub decision: Decision,
    /// The statements that decided: the denies on an explicit deny, else the allows.
    pub matched: Vec<MatchedStatement>,
}

fn patterns_match(patterns: &Patterns, value: &str, matches: impl Fn(&str, &str) -> bool) -> bool {
    let any = patterns.values.iter().any(|p| matches(p, value));
    any != patterns.negated
}

/// Whether a statement applies to the request (action, resource, conditions).
pub fn statement_matches(
    statement: &Statement,
    document: &PolicyDocument,
    ctx: &RequestContext,
) -> bool {
    let variables = document.version.as_deref() == Some("2012-10-17");
    if !patterns_match(&statement.action, &ctx.action, action_matches) {
        return false;
    }
    if let Some(resource) = &statement.resource {
        let resource_match = |pattern: &str, arn: &str| {
            if variables {
                substitute(pattern, ctx).is_some_and(|p| arn_matches(&p, arn))
            } else {
                arn_matches(pattern, arn)
            }
        };
        if !patterns_match(resource, &ctx.resource, resource_match) {
            return false;
        }
    }
    statement
        .conditions
        .iter()
        .all(|c| condition_holds(c, ctx, variables))
}

/// The statements of `sources` with `effect` that match the request.
fn matching(
    sources: &[PolicySource<'_>],
    effect: Effect,
    ctx: &RequestContext,
) -> Vec<MatchedStatement> {
    sources
        .iter()
        .flat_map(|source| {
            source
                .document
                .statements
                .iter()
                .enumerate()
                .filter(move |(_, statement)| {
                    statement.effect == effect && statement_matches(statement, source.document, ctx)
                })
                .map(move |(index, _)| MatchedStatement {
                    source_id: source.id.clone(),
                    kind: source.kind,
                    index,
                    effect,
                })
        })
        .collect()
}

/// Decides a request of a user or a role session.
pub fn evaluate(
    identity: &[PolicySource<'_>],
    boundary: Option<&PolicySource<'_>>,
    session: &[PolicySource<'_>],
    ctx: &RequestContext,
) -> Evaluation {
    let boundary_slice: Vec<PolicySource<'_>> = boundary.cloned().into_iter().collect();
    let mut denies = matching(identity, Effect::Deny, ctx);
    denies.extend(matching(&boundary_slice, Effect::Deny, ctx));
    denies.extend(matching(session, Effect::Deny, ctx));
    if !denies.is_empty() {
        return Evaluation {
            decision: Decision::ExplicitDeny,
            matched: denies,
        };
    }
    let allows = matching(identity, Effect::Allow, ctx);
    if allows.is_empty() {
        return Evaluation {
            decision: Decision::ImplicitDeny(ImplicitDenyReason::NoIdentityAllow),
            matched: Vec::new(),
        };
    }
    if boundary.is_some() && matching(&boundary_slice, Effect::Allow, ctx).is_empty() {
        return Evaluation {
            decision: Decision::ImplicitDeny(ImplicitDenyReason::NoBoundaryAllow),
            matched: Vec::new(),
        };
    }
    if !session.is_empty() && matching(session, Effect::Allow, ctx).is_empty() {
        return Evaluation {
            decision: Decision::ImplicitDeny(ImplicitDenyReason::NoSessionAllow),
            matched: Vec::new(),
        };
    }
    Evaluation {
        decision: Decision::Allowed,
        matched: allows,
    }
}

#[cfg(test)]
mod tests;
