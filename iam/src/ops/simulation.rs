//! The policy simulator: `SimulatePrincipalPolicy`, `SimulateCustomPolicy`,
//! `GetContextKeysForPrincipalPolicy`, `GetContextKeysForCustomPolicy` (spec §4.8). The same
//! evaluation as every real request, over the policies of a user (with its groups), a group
//! or a role, or over policies given in the request; nothing is called or changed.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::ops::Principal;
use crate::ops::attachments::{EntityKind, load_entity_by_arn};
use crate::ops::authz::{self, Loaded, PrincipalPolicies};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::policy::context::RequestContext;
use crate::policy::eval::{Decision, SourceKind, evaluate};
use crate::policy::positions::{Position, statement_spans};
use crate::policy::trust::{Caller, applicable_statements};
use crate::policy::{PolicyDocument, PolicyKind, parse_policy};
use crate::store::db_error;

/// A `ContextEntries` member: a key, its values and its declared type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextEntry {
    pub key: String,
    pub values: Vec<String>,
    pub value_type: String,
}

const CONTEXT_TYPES: &[&str] = &[
    "string",
    "stringList",
    "numeric",
    "numericList",
    "boolean",
    "booleanList",
    "ip",
    "ipList",
    "binary",
    "binaryList",
    "date",
    "dateList",
];

#[derive(Debug, Clone, Default)]
pub struct SimulationRequest {
    /// `PolicySourceArn` (principal simulation only).
    pub policy_source_arn: Option<String>,
    /// `PolicyInputList`: extra identity policies, or the only ones (custom simulation).
    pub policy_inputs: Vec<String>,
    /// `PermissionsBoundaryPolicyInputList`: replaces the entity's boundary.
    pub boundary_inputs: Vec<String>,
    pub action_names: Vec<String>,
    pub resource_arns: Vec<String>,
    pub context_entries: Vec<ContextEntry>,
    /// `ResourcePolicy`: a resource-based policy of the simulated resource.
    pub resource_policy: Option<String>,
    /// `CallerArn`: who the resource policy is evaluated for (defaults to a user source).
    pub caller_arn: Option<String>,
}

/// A statement that decided a result, with where it is in its policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulatedStatement {
    pub source_policy_id: String,
    pub source_policy_type: String,
    pub start: Option<Position>,
    pub end: Option<Position>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationResult {
    pub action: String,
    pub resource: String,
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub decision: String,
    pub matched: Vec<SimulatedStatement>,
    pub missing_context_values: Vec<String>,
    /// Set when a permissions boundary took part.
    pub allowed_by_boundary: Option<bool>,
}

/// A resource policy and the caller it is evaluated for.
struct ResourcePolicy {
    loaded: Loaded,
    caller_arn: String,
    caller_account: String,
}

/// The policies a simulation evaluates.
struct Inputs {
    policies: PrincipalPolicies,
    resource: Option<ResourcePolicy>,
    /// Keys referenced by every policy, for `MissingContextValues`.
    referenced: Vec<String>,
}

fn parse_input(text: &str, id: String, kind: SourceKind) -> IamResult<Loaded> {
    let document = parse_policy(text, PolicyKind::Inline)
        .map_err(|err| IamError::invalid_input(format!("{id}: {}", err.message)))?;
    Ok(Loaded::new(id, kind, Arc::new(document), Arc::from(text)))
}

/// Every condition key and policy variable a document refers to, once each.
pub fn referenced_keys(document: &PolicyDocument, into: &mut Vec<String>) {
    let mut add = |key: &str| {
        if !into.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            into.push(key.to_owned());
        }
    };
    for statement in &document.statements {
        let mut texts: Vec<&str> = Vec::new();
        if let Some(resource) = &statement.resource {
            texts.extend(resource.values.iter().map(String::as_str));
        }
        for condition in &statement.conditions {
            add(&condition.key);
            texts.extend(condition.values.iter().map(String::as_str));
        }
        for text in texts {
            let mut rest = text;
            while let Some(start) = rest.find("${") {
                let after = &rest[start + 2..];
                let Some(end) = after.find('}') else { break };
                let inner = after[..end].split(',').next().unwrap_or("").trim();
                if inner.contains(':') {
                    add(inner);
                }
                rest = &after[end + 1..];
            }
        }
    }
}

fn validate_actions(actions: &[String]) -> IamResult<()> {
    if actions.is_empty() {
        return Err(IamError::missing("actionNames"));
    }
    for action in actions {
        let valid = (3..=128).contains(&action.len())
            && action
                .split_once(':')
                .is_some_and(|(service, name)| !service.is_empty() && !name.is_empty());
        if !valid {
            return Err(IamError::invalid_input(format!(
                "Actions must be of the form service:action; {action} is not."
            )));
        }
    }
    Ok(())
}

fn validate_context(entries: &[ContextEntry]) -> IamResult<()> {
    for entry in entries {
        if !CONTEXT_TYPES.contains(&entry.value_type.as_str()) {
            return Err(IamError::constraint(
                "contextKeyType",
                &entry.value_type,
                "Member must satisfy enum value set: [string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList]",
            ));
        }
        if entry.key.is_empty() || entry.key.len() > 256 {
            return Err(IamError::constraint(
                "contextKeyName",
                &entry.key,
                "Member must have length less than or equal to 256 and greater than or equal to 5",
            ));
        }
    }
    Ok(())
}

/// The user, group or role a `PolicySourceArn` names, and its policies.
async fn principal_policies(
    conn: &mut SqliteConnection,
    caller: &Principal,
    source_arn: &str,
    action: &str,
) -> IamResult<PrincipalPolicies> {
    let account_id = caller.account_id();
    let rest = source_arn.strip_prefix("arn:aws:iam::");
    if rest.is_none_or(|rest| !rest.contains(':')) {
        return Err(IamError::invalid_input(format!(
            "Invalid ARN: {source_arn}"
        )));
    }
    authz::authorize(conn, caller, account_id, action, source_arn).await?;
    let (kind, entity) = load_entity_by_arn(conn, account_id, source_arn).await?;
    match kind {
        EntityKind::User => PrincipalPolicies::load_user(conn, &entity.id).await,
        EntityKind::Group => {
            let mut policies = PrincipalPolicies::default();
            policies
                .add_entity(conn, "group", &entity.id, SourceKind::Group)
                .await?;
            Ok(policies)
        }
        EntityKind::Role => PrincipalPolicies::load_role(conn, &entity.id).await,
    }
}

/// Adds the request's extra policies and boundary to `policies`.
fn with_inputs(mut policies: PrincipalPolicies, req: &SimulationRequest) -> IamResult<Inputs> {
    for (i, text) in req.policy_inputs.iter().enumerate() {
        policies.identity.push(parse_input(
            text,
            format!("PolicyInputList.{}", i + 1),
            SourceKind::Resource,
        )?);
    }
    match req.boundary_inputs.as_slice() {
        [] => {}
        [text] => {
            policies.boundary = Some(parse_input(
                text,
                "PermissionsBoundaryPolicyInputList.1".to_owned(),
                SourceKind::Boundary,
            )?)
        }
        _ => {
            return Err(IamError::invalid_input(
                "Only one permissions boundary policy may be simulated.",
            ));
        }
    }
    let resource = match &req.resource_policy {
        None => None,
        Some(text) => {
            let caller_arn = req
                .caller_arn
                .clone()
                .or_else(|| {
                    req.policy_source_arn
                        .clone()
                        .filter(|arn| arn.contains(":user/"))
                })
                .ok_or_else(|| {
                    IamError::invalid_input(
                        "CallerArn must be given to simulate a ResourcePolicy for this source.",
                    )
                })?;
            let caller_account = caller_arn
                .split(':')
                .nth(4)
                .filter(|a| a.len() == 12)
                .ok_or_else(|| IamError::invalid_input(format!("Invalid ARN: {caller_arn}")))?
                .to_owned();
            let document = parse_policy(text, PolicyKind::Resource).map_err(|err| {
                IamError::invalid_input(format!("ResourcePolicy: {}", err.message))
            })?;
            Some(ResourcePolicy {
                loaded: Loaded::new(
                    "ResourcePolicy".to_owned(),
                    SourceKind::Resource,
                    Arc::new(document),
                    Arc::from(text.as_str()),
                ),
                caller_arn,
                caller_account,
            })
        }
    };
    let mut referenced = Vec::new();
    for loaded in policies
        .identity
        .iter()
        .chain(policies.boundary.iter())
        .chain(policies.session.iter())
        .chain(resource.as_ref().map(|r| &r.loaded))
    {
        referenced_keys(&loaded.document, &mut referenced);
    }
    Ok(Inputs {
        policies,
        resource,
        referenced,
    })
}

/// A matched statement with its place in its policy's text.
fn simulated(loaded: &Loaded, index: usize) -> SimulatedStatement {
    let span = statement_spans(&loaded.text).get(index).copied();
    SimulatedStatement {
        source_policy_id: loaded.id.clone(),
        source_policy_type: type_name(loaded).to_owned(),
        start: span.map(|s| s.0),
        end: span.map(|s| s.1),
    }
}

/// The simulator's name of a policy's type.
fn type_name(loaded: &Loaded) -> &'static str {
    match loaded.kind {
        SourceKind::User => "user",
        SourceKind::Group => "group",
        SourceKind::Role => "role",
        SourceKind::AwsManaged => "aws-managed",
        SourceKind::UserManaged => "user-managed",
        SourceKind::Boundary if loaded.id.starts_with("arn:aws:iam::aws:") => "aws-managed",
        SourceKind::Boundary if loaded.id.starts_with("arn:") => "user-managed",
        SourceKind::Session => "session",
        SourceKind::Resource if loaded.id == "ResourcePolicy" => "resource",
        SourceKind::Boundary | SourceKind::Resource => "none",
    }
}

fn simulate(inputs: &Inputs, req: &SimulationRequest) -> Vec<EvaluationResult> {
    let resources: Vec<String> = if req.resource_arns.is_empty() {
        vec!["*".to_owned()]
    } else {
        req.resource_arns.clone()
    };
    let supplied = |key: &str| {
        req.context_entries
            .iter()
            .any(|e| e.key.eq_ignore_ascii_case(key))
    };
    let missing: Vec<String> = inputs
        .referenced
        .iter()
        .filter(|k| !supplied(k))
        .cloned()
        .collect();
    let all: Vec<&Loaded> = inputs
        .policies
        .identity
        .iter()
        .chain(inputs.policies.boundary.iter())
        .collect();
    let mut results = Vec::new();
    for action in &req.action_names {
        for resource in &resources {
            let mut ctx = RequestContext::new(action.clone(), resource.clone());
            for entry in &req.context_entries {
                ctx.set_all(&entry.key, entry.values.clone());
            }
            let evaluation = inputs.policies.evaluate(&ctx);
            let mut decision = evaluation.decision;
            let mut matched: Vec<SimulatedStatement> = evaluation
                .matched
                .iter()
                .filter_map(|m| {
                    let loaded = all
                        .iter()
                        .find(|l| l.id == m.source_id && l.kind == m.kind)?;
                    Some(simulated(loaded, m.index))
                })
                .collect();
            if let Some(resource) = &inputs.resource {
                let caller = Caller {
                    account_id: &resource.caller_account,
                    arn: &resource.caller_arn,
                    role_arn: None,
                };
                let (denies, allows) =
                    applicable_statements(&resource.loaded.document, &caller, &ctx);
                let resource_matched = |indices: Vec<usize>| {
                    indices.into_iter().map(|i| simulated(&resource.loaded, i))
                };
                if !denies.is_empty() {
                    if decision != Decision::ExplicitDeny {
                        matched.clear();
                    }
                    decision = Decision::ExplicitDeny;
                    matched.extend(resource_matched(denies));
                } else if !allows.is_empty() && decision != Decision::ExplicitDeny {
                    // Same account: a resource policy's allow suffices on its own.
                    decision = Decision::Allowed;
                    matched.extend(resource_matched(
                        allows.into_iter().map(|(i, _)| i).collect(),
                    ));
                }
            }
            let decision = match decision {
                Decision::Allowed => "allowed",
                Decision::ExplicitDeny => "explicitDeny",
                Decision::ImplicitDeny(_) => "implicitDeny",
            };
            let allowed_by_boundary = inputs.policies.boundary.as_ref().map(|boundary| {
                evaluate(&[boundary.source()], None, &[], &ctx).decision == Decision::Allowed
            });
            results.push(EvaluationResult {
                action: action.clone(),
                resource: resource.clone(),
                decision: decision.to_owned(),
                matched,
                missing_context_values: missing.clone(),
                allowed_by_boundary,
            });
        }
    }
    results
}

fn page_of(
    results: Vec<EvaluationResult>,
    page: &PageRequest,
) -> IamResult<Page<EvaluationResult>> {
    let limit = page.limit()?;
    let after: Option<usize> = page
        .after("simulation")?
        .map(|n| {
            n.parse()
                .map_err(|_| IamError::invalid_input("Invalid Marker."))
        })
        .transpose()?;
    let start = after.map_or(0, |n| n + 1);
    let rows: Vec<(usize, EvaluationResult)> = results
        .into_iter()
        .enumerate()
        .skip(start)
        .take(limit as usize + 1)
        .collect();
    Ok(paginate(
        rows,
        limit,
        "simulation",
        |(i, _)| format!("{i:010}"),
        |(_, r)| r,
    ))
}

pub async fn simulate_principal_policy(
    ctx: &Ctx,
    principal: &Principal,
    req: SimulationRequest,
    page: &PageRequest,
) -> IamResult<Page<EvaluationResult>> {
    validate_actions(&req.action_names)?;
    validate_context(&req.context_entries)?;
    let source = req
        .policy_source_arn
        .clone()
        .ok_or_else(|| IamError::missing("policySourceArn"))?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let policies =
        principal_policies(&mut conn, principal, &source, "iam:SimulatePrincipalPolicy").await?;
    let inputs = with_inputs(policies, &req)?;
    page_of(simulate(&inputs, &req), page)
}

pub async fn simulate_custom_policy(
    ctx: &Ctx,
    principal: &Principal,
    req: SimulationRequest,
    page: &PageRequest,
) -> IamResult<Page<EvaluationResult>> {
    validate_actions(&req.action_names)?;
    validate_context(&req.context_entries)?;
    if req.policy_inputs.is_empty() {
        return Err(IamError::missing("policyInputList"));
    }
    authz::authorize_now(
        ctx,
        principal,
        principal.account_id(),
        "iam:SimulateCustomPolicy",
        "*",
    )
    .await?;
    let inputs = with_inputs(PrincipalPolicies::default(), &req)?;
    page_of(simulate(&inputs, &req), page)
}

pub async fn get_context_keys_for_principal_policy(
    ctx: &Ctx,
    principal: &Principal,
    source_arn: &str,
    policy_inputs: &[String],
) -> IamResult<Vec<String>> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let policies = principal_policies(
        &mut conn,
        principal,
        source_arn,
        "iam:GetContextKeysForPrincipalPolicy",
    )
    .await?;
    let req = SimulationRequest {
        policy_inputs: policy_inputs.to_vec(),
        ..Default::default()
    };
    Ok(with_inputs(policies, &req)?.referenced)
}

pub async fn get_context_keys_for_custom_policy(
    ctx: &Ctx,
    principal: &Principal,
    policy_inputs: &[String],
) -> IamResult<Vec<String>> {
    if policy_inputs.is_empty() {
        return Err(IamError::missing("policyInputList"));
    }
    authz::authorize_now(
        ctx,
        principal,
        principal.account_id(),
        "iam:GetContextKeysForCustomPolicy",
        "*",
    )
    .await?;
    let req = SimulationRequest {
        policy_inputs: policy_inputs.to_vec(),
        ..Default::default()
    };
    Ok(with_inputs(PrincipalPolicies::default(), &req)?.referenced)
}
