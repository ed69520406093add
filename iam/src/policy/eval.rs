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

/// The decision `evaluate` reaches, without naming the statements that reached it: a request's
/// authorization needs only the verdict, so this stops at the first explicit deny and checks
/// no further allows of a kind of policy once one of them allows.
pub fn decision<'a>(
    identity: impl IntoIterator<Item = &'a PolicyDocument>,
    boundary: Option<&'a PolicyDocument>,
    session: impl IntoIterator<Item = &'a PolicyDocument>,
    ctx: &RequestContext,
) -> Decision {
    let mut candidates = Vec::new();
    let Some(identity_allows) = scan(identity, ctx, &mut candidates) else {
        return Decision::ExplicitDeny;
    };
    let Some(boundary_allows) = scan(boundary, ctx, &mut candidates) else {
        return Decision::ExplicitDeny;
    };
    let Some(session_allows) = scan(session, ctx, &mut candidates) else {
        return Decision::ExplicitDeny;
    };
    if identity_allows != Some(true) {
        Decision::ImplicitDeny(ImplicitDenyReason::NoIdentityAllow)
    } else if boundary_allows == Some(false) {
        Decision::ImplicitDeny(ImplicitDenyReason::NoBoundaryAllow)
    } else if session_allows == Some(false) {
        Decision::ImplicitDeny(ImplicitDenyReason::NoSessionAllow)
    } else {
        Decision::Allowed
    }
}

/// Looks through one kind of policy: `None` on an explicit deny, else whether any statement
/// allows (`None` inside when there was no document at all).
fn scan<'a>(
    documents: impl IntoIterator<Item = &'a PolicyDocument>,
    ctx: &RequestContext,
    candidates: &mut Vec<u32>,
) -> Option<Option<bool>> {
    let mut allowed = None;
    for document in documents {
        let mut found = allowed == Some(true);
        let mut check = |index: usize| -> bool {
            let Some(statement) = document.statements.get(index) else {
                return true;
            };
            match statement.effect {
                Effect::Deny => !statement_matches(statement, document, ctx),
                Effect::Allow => {
                    found = found || statement_matches(statement, document, ctx);
                    true
                }
            }
        };
        let no_deny = match document.index.candidates(&ctx.resource, candidates) {
            Some(()) => candidates.iter().all(|&i| check(i as usize)),
            None => (0..document.statements.len()).all(check),
        };
        if !no_deny {
            return None;
        }
        allowed = Some(found);
    }
    Some(allowed)
}

#[cfg(test)]
mod tests;
