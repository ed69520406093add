//! The policy simulator and context keys.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::simulation::{self, ContextEntry, EvaluationResult, SimulationRequest};

use super::{ActionResult, page};
use crate::query::form::Params;
use crate::query::xml::Xml;

fn owned(items: Vec<&str>) -> Vec<String> {
    items.into_iter().map(str::to_owned).collect()
}

fn context_entries(p: &Params) -> Vec<ContextEntry> {
    (1..)
        .map_while(|i| {
            let prefix = format!("ContextEntries.member.{i}");
            let key = p.get(&format!("{prefix}.ContextKeyName"))?;
            Some(ContextEntry {
                key: key.to_owned(),
                values: owned(p.list(&format!("{prefix}.ContextKeyValues"))),
                value_type: p
                    .get(&format!("{prefix}.ContextKeyType"))
                    .unwrap_or("string")
                    .to_owned(),
            })
        })
        .collect()
}

fn request(p: &Params) -> SimulationRequest {
    SimulationRequest {
        policy_source_arn: p.get("PolicySourceArn").map(str::to_owned),
        policy_inputs: owned(p.list("PolicyInputList")),
        boundary_inputs: owned(p.list("PermissionsBoundaryPolicyInputList")),
        action_names: owned(p.list("ActionNames")),
        resource_arns: owned(p.list("ResourceArns")),
        context_entries: context_entries(p),
        resource_policy: p.get("ResourcePolicy").map(str::to_owned),
        caller_arn: p.get("CallerArn").map(str::to_owned),
    }
}

fn result_xml(x: &mut Xml, result: &EvaluationResult) {
    x.leaf("EvalActionName", &result.action)
        .leaf("EvalResourceName", &result.resource)
        .leaf("EvalDecision", &result.decision)
        .list("MatchedStatements", &result.matched, |x, statement| {
            x.leaf("SourcePolicyId", &statement.source_policy_id)
                .leaf("SourcePolicyType", &statement.source_policy_type);
            if let (Some(start), Some(end)) = (statement.start, statement.end) {
                x.open("StartPosition")
                    .leaf("Line", &start.line.to_string())
                    .leaf("Column", &start.column.to_string())
                    .close("StartPosition")
                    .open("EndPosition")
                    .leaf("Line", &end.line.to_string())
                    .leaf("Column", &end.column.to_string())
                    .close("EndPosition");
            }
        })
        .list(
            "MissingContextValues",
            &result.missing_context_values,
            |x, key| {
                x.push_text(key);
            },
        )
        .open("EvalDecisionDetails")
        .close("EvalDecisionDetails");
    if let Some(allowed) = result.allowed_by_boundary {
        x.open("PermissionsBoundaryDecisionDetail")
            .bool("AllowedByPermissionsBoundary", allowed)
            .close("PermissionsBoundaryDecisionDetail");
    }
}

fn results_xml(listed: &iam::ops::paging::Page<EvaluationResult>) -> Xml {
    let mut x = Xml::new();
    x.list("EvaluationResults", &listed.items, result_xml);
    x.pagination(listed.marker.as_deref());
    x
}

pub(super) async fn simulate_principal_policy(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    p.required("PolicySourceArn")?;
    let listed =
        simulation::simulate_principal_policy(ctx, principal, request(p), &page(p)?).await?;
    Ok(Some(results_xml(&listed)))
}

pub(super) async fn simulate_custom_policy(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let listed = simulation::simulate_custom_policy(ctx, principal, request(p), &page(p)?).await?;
    Ok(Some(results_xml(&listed)))
}

fn keys_xml(keys: &[String]) -> Xml {
    let mut x = Xml::new();
    x.list("ContextKeyNames", keys, |x, key| {
        x.push_text(key);
    });
    x
}

pub(super) async fn get_context_keys_for_principal_policy(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let keys = simulation::get_context_keys_for_principal_policy(
        ctx,
        principal,
        p.required("PolicySourceArn")?,
        &owned(p.list("PolicyInputList")),
    )
    .await?;
    Ok(Some(keys_xml(&keys)))
}

pub(super) async fn get_context_keys_for_custom_policy(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let keys = simulation::get_context_keys_for_custom_policy(
        ctx,
        principal,
        &owned(p.list("PolicyInputList")),
    )
    .await?;
    Ok(Some(keys_xml(&keys)))
}
