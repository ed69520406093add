//! The policies pages: a policy's details (summary, JSON, versions, entities, tags), creating a
//! customer managed policy, saving a new version and deleting with the console's cascade.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ConsoleError;

/// One row of a policy summary section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub service: String,
    pub access_level: String,
    pub resource: String,
    pub condition: String,
}

/// What a document allows and denies, per service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryView {
    pub explicit_deny: Vec<SummaryRow>,
    pub allow: Vec<SummaryRow>,
    pub uncategorized: Vec<String>,
    pub remaining: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionView {
    pub id: String,
    pub created: String,
    pub default: bool,
    pub document: String,
}

/// A user, group or role the policy is attached to or bounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedEntity {
    pub name: String,
    /// `User`, `Group` or `Role`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDetailView {
    pub name: String,
    pub arn: String,
    pub kind: String,
    pub aws_managed: bool,
    pub description: String,
    pub created: String,
    pub edited: String,
    pub default_version: String,
    /// The default version, indented.
    pub document: String,
    pub summary: SummaryView,
    pub versions: Result<Vec<VersionView>, String>,
    pub entities: Result<Vec<AttachedEntity>, String>,
    /// Users and roles that use the policy as their permissions boundary.
    pub boundary_entities: Result<Vec<AttachedEntity>, String>,
    pub tags: Result<Vec<(String, String)>, String>,
}

/// One change on a customer managed policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyChange {
    /// A new default version; `remove_first` makes room when five versions exist.
    SaveVersion {
        document: String,
        remove_first: Option<String>,
    },
    SetDefault(String),
    DeleteVersion(String),
    /// Attach to users, groups or roles: `(kind, name)`.
    Attach(Vec<(String, String)>),
    Detach {
        kind: String,
        name: String,
    },
    /// Use as the permissions boundary of users or roles: `(kind, name)`.
    SetBoundary(Vec<(String, String)>),
    SetTags(Vec<(String, String)>),
}

#[cfg(feature = "ssr")]
fn summary_view(document: &str) -> SummaryView {
    use iam::policy::{PolicyKind, parse_policy};
    let Ok(parsed) = parse_policy(document, PolicyKind::Managed) else {
        return SummaryView::default();
    };
    let summary = iam::policy_summary::summarize(&parsed);
    let rows = |rows: Vec<iam::policy_summary::ServiceSummary>| {
        rows.into_iter()
            .map(|r| SummaryRow {
                service: r.service,
                access_level: r.access_level,
                resource: r.resource,
                condition: r.condition,
            })
            .collect()
    };
    SummaryView {
        explicit_deny: rows(summary.explicit_deny),
        allow: rows(summary.allow),
        uncategorized: summary.uncategorized,
        remaining: summary.remaining,
    }
}

#[cfg(feature = "ssr")]
fn entity_kind(kind: &str) -> Result<iam::ops::attachments::EntityKind, ConsoleError> {
    use iam::ops::attachments::EntityKind;
    match kind {
        "User" => Ok(EntityKind::User),
        "Group" => Ok(EntityKind::Group),
        "Role" => Ok(EntityKind::Role),
        other => Err(ConsoleError::new(
            "ValidationError",
            format!("{other} is not a user, group or role."),
        )),
    }
}

/// The policy summary of a document being written (the review step).
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn summarize_policy(document: String) -> Result<SummaryView, ConsoleError> {
    crate::api::server::active_session().await?;
    Ok(summary_view(&document))
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn policy_detail(arn: String) -> Result<PolicyDetailView, ConsoleError> {
    use crate::api::display::date;
    use crate::api::server::{active_session, server_context};
    use iam::ops::{managed_policies, policies, tags};
    use iam::policy::json::pretty;
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let policy = policies::get_policy(ctx, who, &arn).await?;
    let default = policies::get_policy_version(ctx, who, &arn, &policy.default_version_id).await?;
    let aws_managed = arn.starts_with("arn:aws:iam::aws:");
    let versions = policies::list_policy_versions(ctx, who, &arn)
        .await
        .map(|versions| {
            versions
                .into_iter()
                .map(|v| VersionView {
                    id: v.version_id,
                    created: date(v.create_date),
                    default: v.is_default_version,
                    document: pretty(&v.document),
                })
                .collect()
        })
        .map_err(|e| e.message);
    let entities = managed_policies::list_entities_for_policy(ctx, who, &arn, None)
        .await
        .map(|found| {
            let named = |kind: &str, list: Vec<(String, String)>| {
                let kind = kind.to_owned();
                list.into_iter().map(move |(name, _)| AttachedEntity {
                    name,
                    kind: kind.clone(),
                })
            };
            named("User", found.users)
                .chain(named("Group", found.groups))
                .chain(named("Role", found.roles))
                .collect()
        })
        .map_err(|e| e.message);
    let boundary_entities = managed_policies::list_boundary_entities(ctx, who, &arn)
        .await
        .map(|(users, roles)| {
            let named = |kind: &'static str| {
                move |name: String| AttachedEntity {
                    name,
                    kind: kind.to_owned(),
                }
            };
            users
                .into_iter()
                .map(named("User"))
                .chain(roles.into_iter().map(named("Role")))
                .collect()
        })
        .map_err(|e| e.message);
    let tags = if aws_managed {
        Ok(Vec::new())
    } else {
        tags::list_policy_tags(ctx, who, &arn)
            .await
            .map(|tags| tags.into_iter().map(|t| (t.key, t.value)).collect())
            .map_err(|e| e.message)
    };
    Ok(PolicyDetailView {
        kind: crate::api::display::policy_type(&policy.arn, &policy.path).to_owned(),
        summary: summary_view(&default.document),
        document: pretty(&default.document),
        name: policy.policy_name,
        arn: policy.arn,
        aws_managed,
        description: policy.description.unwrap_or_default(),
        created: date(policy.create_date),
        edited: date(policy.update_date),
        default_version: policy.default_version_id,
        versions,
        entities,
        boundary_entities,
        tags,
    })
}

/// Creates a customer managed policy; answers its ARN.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn create_managed_policy(
    name: String,
    description: String,
    document: String,
    tags: Vec<(String, String)>,
) -> Result<String, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::model::tags::Tag;
    use iam::ops::managed_policies::{CreatePolicyRequest, create_policy};
    let server = server_context()?;
    let session = active_session().await?;
    let request = CreatePolicyRequest {
        policy_name: name,
        path: None,
        policy_document: document,
        description: (!description.is_empty()).then_some(description),
        tags: Tag::from_pairs(tags),
    };
    let policy = create_policy(&server.ctx, &session.principal, request).await?;
    Ok(policy.arn)
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn change_policy(arn: String, change: PolicyChange) -> Result<(), ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::model::tags::Tag;
    use iam::ops::attachments::EntityKind;
    use iam::ops::{
        attachments, boundaries, group_console, managed_policies, policy_console, roles, tags,
    };
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    match change {
        PolicyChange::SaveVersion {
            document,
            remove_first,
        } => {
            policy_console::save_policy_version(ctx, who, &arn, &document, remove_first.as_deref())
                .await?;
        }
        PolicyChange::SetDefault(version) => {
            managed_policies::set_default_policy_version(ctx, who, &arn, &version).await?
        }
        PolicyChange::DeleteVersion(version) => {
            managed_policies::delete_policy_version(ctx, who, &arn, &version).await?
        }
        PolicyChange::Attach(targets) => {
            for (kind, name) in targets {
                let kind = entity_kind(&kind)?;
                group_console::attach_policies(ctx, who, kind, &name, std::slice::from_ref(&arn))
                    .await?;
            }
        }
        PolicyChange::Detach { kind, name } => {
            attachments::detach_policy(ctx, who, entity_kind(&kind)?, &name, &arn).await?
        }
        PolicyChange::SetBoundary(targets) => {
            for (kind, name) in targets {
                match entity_kind(&kind)? {
                    EntityKind::User => {
                        boundaries::put_user_permissions_boundary(ctx, who, &name, &arn).await?
                    }
                    EntityKind::Role => {
                        roles::put_role_permissions_boundary(ctx, who, &name, &arn).await?
                    }
                    EntityKind::Group => {
                        return Err(ConsoleError::new(
                            "ValidationError",
                            "A permissions boundary is set on a user or a role, not a group.",
                        ));
                    }
                }
            }
        }
        PolicyChange::SetTags(wanted) => {
            tags::replace_tags(
                ctx,
                who,
                tags::TagSet::Policy(&arn),
                &Tag::from_pairs(wanted),
            )
            .await?
        }
    }
    Ok(())
}

/// Deletes customer managed policies with the console's cascade; each on its own.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn delete_policies(
    arns: Vec<String>,
) -> Result<Vec<crate::api::DeleteOutcome>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    let mut outcomes = Vec::with_capacity(arns.len());
    for arn in arns {
        let result = iam::ops::policy_console::delete_policy_and_dependents(
            &server.ctx,
            &session.principal,
            &arn,
        )
        .await;
        let name = arn.rsplit('/').next().unwrap_or(&arn);
        outcomes.push(crate::api::DeleteOutcome::of(name, result));
    }
    Ok(outcomes)
}
