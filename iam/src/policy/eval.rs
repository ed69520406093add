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

/// The statements of `sources` that match the request: `(denies, allows)`. Each document's
/// resource index narrows the statements looked at to those that can match the resource.
fn matching(
    sources: &[PolicySource<'_>],
    ctx: &RequestContext,
) -> (Vec<MatchedStatement>, Vec<MatchedStatement>) {
    let (mut denies, mut allows) = (Vec::new(), Vec::new());
    let mut candidates = Vec::new();
    for source in sources {
        let statements = &source.document.statements;
        let mut check = |index: usize| {
            let Some(statement) = statements.get(index) else {
                return;
            };
            if statement_matches(statement, source.document, ctx) {
                let matched = MatchedStatement {
                    source_id: source.id.clone(),
                    kind: source.kind,
                    index,
                    effect: statement.effect,
                };
                match statement.effect {
                    Effect::Deny => denies.push(matched),
                    Effect::Allow => allows.push(matched),
                }
            }
        };
        match source
            .document
            .index
            .candidates(&ctx.resource, &mut candidates)
        {
            Some(()) => candidates.iter().for_each(|&i| check(i as usize)),
            None => (0..statements.len()).for_each(&mut check),
        }
    }
    (denies, allows)
}

/// Decides a request of a user or a role session.
pub fn evaluate(
    identity: &[PolicySource<'_>],
    boundary: Option<&PolicySource<'_>>,
    session: &[PolicySource<'_>],
    ctx: &RequestContext,
) -> Evaluation {
    let (mut denies, allows) = matching(identity, ctx);
    let boundary_slice: Vec<PolicySource<'_>> = boundary.cloned().into_iter().collect();
    let (boundary_denies, boundary_allows) = matching(&boundary_slice, ctx);
    let (session_denies, session_allows) = matching(session, ctx);
    denies.extend(boundary_denies);
    denies.extend(session_denies);
    let refuse = |reason| Evaluation {
        decision: Decision::ImplicitDeny(reason),
        matched: Vec::new(),
    };
    if !denies.is_empty() {
        return Evaluation {
            decision: Decision::ExplicitDeny,
            matched: denies,
        };
    }
    if allows.is_empty() {
        return refuse(ImplicitDenyReason::NoIdentityAllow);
    }
    if boundary.is_some() && boundary_allows.is_empty() {
        return refuse(ImplicitDenyReason::NoBoundaryAllow);
    }
    if !session.is_empty() && session_allows.is_empty() {
        return refuse(ImplicitDenyReason::NoSessionAllow);
    }
    Evaluation {
        decision: Decision::Allowed,
        matched: allows,
    }
}

#[cfg(test)]
mod tests;
