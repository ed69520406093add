//! The policy simulator page: `SimulatePrincipalPolicy` for a user, group or role, or
//! `SimulateCustomPolicy` for pasted policies, over actions and one resource.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ConsoleError;

/// Who or what to simulate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SimulationSubject {
    /// `(User|Group|Role, name)`: the entity's own policies.
    Entity { kind: String, name: String },
    /// Pasted identity policies only.
    Policies(Vec<String>),
}

/// One action's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulationRow {
    pub action: String,
    pub resource: String,
    /// `allowed`, `explicitDeny` or `implicitDeny`, as the API answers.
    pub decision: String,
    /// The statements that decided it: policy and position.
    pub matched: Vec<String>,
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn run_simulation(
    subject: SimulationSubject,
    actions: Vec<String>,
    resource: String,
) -> Result<Vec<SimulationRow>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::paging::PageRequest;
    use iam::ops::simulation::{
        SimulationRequest, simulate_custom_policy, simulate_principal_policy,
    };
    use iam::ops::{groups, roles, users};
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let resource = if resource.trim().is_empty() {
        "*".to_owned()
    } else {
        resource.trim().to_owned()
    };
    let mut request = SimulationRequest {
        action_names: actions
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect(),
        resource_arns: vec![resource],
        ..SimulationRequest::default()
    };
    let page = PageRequest {
        marker: None,
        max_items: Some(1000),
    };
    let results = match subject {
        SimulationSubject::Entity { kind, name } => {
            let arn = match kind.as_str() {
                "User" => users::get_user(ctx, who, Some(&name)).await?.arn,
                "Group" => groups::get_group(ctx, who, &name, &page).await?.0.arn,
                "Role" => roles::get_role(ctx, who, &name).await?.arn,
                other => {
                    return Err(ConsoleError::new(
                        "ValidationError",
                        format!("{other} is not a user, group or role."),
                    ));
                }
            };
            request.policy_source_arn = Some(arn);
            simulate_principal_policy(ctx, who, request, &page).await?
        }
        SimulationSubject::Policies(policies) => {
            request.policy_inputs = policies;
            simulate_custom_policy(ctx, who, request, &page).await?
        }
    };
    Ok(results
        .items
        .into_iter()
        .map(|r| SimulationRow {
            action: r.action,
            resource: r.resource,
            decision: r.decision,
            matched: r
                .matched
                .into_iter()
                .map(|m| match (m.start, m.end) {
                    (Some(start), Some(end)) => format!(
                        "{} (line {}, column {} to line {}, column {})",
                        m.source_policy_id, start.line, start.column, end.line, end.column
                    ),
                    _ => m.source_policy_id,
                })
                .collect(),
        })
        .collect())
}
