//! The roles pages: the list, the create-role wizard, the role page with its tabs, and
//! deletion with the console's cascade. Each change is one call of `iam::ops`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{InlinePolicyView, NamedPolicy, ServiceAccess};
use crate::error::ConsoleError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRowView {
    pub name: String,
    /// `AWS Service: ec2`, `Account: 123456789012`, `Identity Provider: …`, joined.
    pub trusted: String,
    pub last_activity: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleDetailView {
    pub name: String,
    pub arn: String,
    pub created: String,
    pub last_activity: String,
    pub description: String,
    pub max_session_duration: i64,
    /// The trust policy, indented.
    pub trust_policy: String,
    pub trusted: Vec<String>,
    pub instance_profile_arns: Vec<String>,
    pub attached: Result<Vec<NamedPolicy>, String>,
    pub inline: Result<Vec<InlinePolicyView>, String>,
    pub boundary: Option<String>,
    pub tags: Vec<(String, String)>,
    pub services: Vec<ServiceAccess>,
}

/// What the create-role wizard submits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRoleSubmission {
    pub name: String,
    pub description: String,
    pub trust_policy: String,
    pub policy_arns: Vec<String>,
    pub boundary: Option<String>,
    pub tags: Vec<(String, String)>,
    /// EC2: also an instance profile of the same name.
    pub instance_profile: bool,
}

/// One change on the role page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoleChange {
    UpdateTrustPolicy(String),
    SetMaxSessionDuration(i64),
    SetDescription(String),
    AttachPolicies(Vec<String>),
    DetachPolicy(String),
    PutInlinePolicy { name: String, document: String },
    DeleteInlinePolicy(String),
    SetBoundary(String),
    RemoveBoundary,
    SetTags(Vec<(String, String)>),
    RevokeSessions,
}

/// The entities a trust policy trusts, as the console lists them.
#[cfg(feature = "ssr")]
fn trusted_entities(trust_policy: &str) -> Vec<String> {
    use iam::policy::{Effect, PolicyKind, parse_policy};
    let Ok(parsed) = parse_policy(trust_policy, PolicyKind::Trust) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for statement in parsed
        .statements
        .iter()
        .filter(|s| s.effect == Effect::Allow)
    {
        let Some(principal) = &statement.principal else {
            continue;
        };
        for (kind, values) in &principal.entries {
            for value in values {
                let text = match kind.as_str() {
                    "Service" => {
                        format!("AWS Service: {}", value.trim_end_matches(".amazonaws.com"))
                    }
                    "Federated" => format!("Identity Provider: {value}"),
                    _ if value == "*" => "Anyone (*)".to_owned(),
                    _ => match value.strip_prefix("arn:aws:iam::") {
                        Some(rest) if rest.ends_with(":root") => {
                            format!("Account: {}", rest.trim_end_matches(":root"))
                        }
                        Some(_) => format!("AWS: {value}"),
                        None => format!("Account: {value}"),
                    },
                };
                if !out.contains(&text) {
                    out.push(text);
                }
            }
        }
    }
    out
}

/// The list's "Trusted entities": a service-linked role says so, as on AWS.
#[cfg(feature = "ssr")]
fn trusted_column(role: &iam::ops::roles::Role) -> String {
    let trusted = trusted_entities(&role.assume_role_policy_document).join(", ");
    if iam::ops::roles::is_service_linked(&role.path) {
        format!("{trusted} (Service-Linked role)")
    } else {
        trusted
    }
}

#[cfg(feature = "ssr")]
fn last_activity(role: &iam::ops::roles::Role, now: time::OffsetDateTime) -> String {
    crate::api::display::ago(
        role.role_last_used.as_ref().map(|u| u.last_used_date),
        now,
        "None",
    )
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn roles_list() -> Result<Vec<RoleRowView>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::paging::PageRequest;
    let server = server_context()?;
    let session = active_session().await?;
    let now = iam::ops::timestamp(server.ctx.now());
    let mut rows = Vec::new();
    let mut marker = None;
    loop {
        let page = PageRequest {
            marker,
            max_items: Some(1000),
        };
        let listed =
            iam::ops::roles::list_roles(&server.ctx, &session.principal, None, &page).await?;
        rows.extend(listed.items.iter().map(|role| RoleRowView {
            name: role.role_name.clone(),
            trusted: trusted_column(role),
            last_activity: last_activity(role, now),
        }));
        match listed.marker {
            Some(next) => marker = Some(next),
            None => return Ok(rows),
        }
    }
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn role_detail(name: String) -> Result<RoleDetailView, ConsoleError> {
    use crate::api::display::date;
    use crate::api::server::{active_session, server_context};
    use crate::api::user_detail::services_allowed;
    use iam::ops::attachments::{EntityKind, list_attached_policies};
    use iam::ops::paging::PageRequest;
    use iam::ops::{inline_policies, instance_profiles, policies, roles};
    use iam::policy::json::pretty;
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let all = PageRequest {
        marker: None,
        max_items: Some(1000),
    };
    let role = roles::get_role(ctx, who, &name).await?;
    let mut documents = Vec::new();
    let attached = match list_attached_policies(ctx, who, EntityKind::Role, &name, None, &all).await
    {
        Err(err) => Err(err.message),
        Ok(page) => {
            let mut out = Vec::with_capacity(page.items.len());
            for policy in page.items {
                if let Ok(text) = policies::default_document(ctx, who, &policy.policy_arn).await {
                    documents.push((policy.policy_name.clone(), text));
                }
                out.push(NamedPolicy {
                    name: policy.policy_name,
                    arn: policy.policy_arn,
                });
            }
            Ok(out)
        }
    };
    let inline = match inline_policies::list_policies(ctx, who, EntityKind::Role, &name, &all).await
    {
        Err(err) => Err(err.message),
        Ok(page) => {
            let mut out = Vec::with_capacity(page.items.len());
            for policy_name in page.items {
                let policy =
                    inline_policies::get_policy(ctx, who, EntityKind::Role, &name, &policy_name)
                        .await?;
                documents.push((policy.policy_name.clone(), policy.policy_document.clone()));
                out.push(InlinePolicyView {
                    name: policy.policy_name,
                    document: policy.policy_document,
                });
            }
            Ok(out)
        }
    };
    let instance_profile_arns =
        instance_profiles::list_instance_profiles_for_role(ctx, who, &name, &all)
            .await
            .map(|page| page.items.into_iter().map(|p| p.arn).collect())
            .unwrap_or_default();
    let last_used = role
        .role_last_used
        .as_ref()
        .map(|u| vec![("sts".to_owned(), Some(u.last_used_date))])
        .unwrap_or_default();
    Ok(RoleDetailView {
        last_activity: last_activity(&role, iam::ops::timestamp(ctx.now())),
        services: services_allowed(&documents, &last_used),
        trusted: trusted_entities(&role.assume_role_policy_document),
        trust_policy: pretty(&role.assume_role_policy_document),
        created: date(role.create_date),
        description: role.description.clone().unwrap_or_default(),
        max_session_duration: role.max_session_duration,
        boundary: role.permissions_boundary.clone(),
        tags: role
            .tags
            .iter()
            .map(|t| (t.key.clone(), t.value.clone()))
            .collect(),
        name: role.role_name,
        arn: role.arn,
        instance_profile_arns,
        attached,
        inline,
    })
}

/// Creates the wizard's role with its policies (and instance profile), all or nothing.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn create_role(submission: NewRoleSubmission) -> Result<String, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::model::tags::Tag;
    use iam::ops::role_console::{NewRole, create_role_with_permissions};
    use iam::ops::roles::CreateRoleRequest;
    let server = server_context()?;
    let session = active_session().await?;
    let request = NewRole {
        role: CreateRoleRequest {
            role_name: submission.name,
            path: None,
            assume_role_policy_document: submission.trust_policy,
            description: (!submission.description.is_empty()).then_some(submission.description),
            max_session_duration: None,
            permissions_boundary: submission.boundary,
            tags: Tag::from_pairs(submission.tags),
        },
        policy_arns: submission.policy_arns,
        instance_profile: submission.instance_profile,
    };
    let role = create_role_with_permissions(&server.ctx, &session.principal, request).await?;
    Ok(role.role_name)
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn delete_roles(
    names: Vec<String>,
) -> Result<Vec<crate::api::DeleteOutcome>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    let mut outcomes = Vec::with_capacity(names.len());
    for name in names {
        let result = iam::ops::role_console::delete_role_and_dependents(
            &server.ctx,
            &session.principal,
            &name,
        )
        .await;
        outcomes.push(crate::api::DeleteOutcome::of(name, result));
    }
    Ok(outcomes)
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn change_role(role: String, change: RoleChange) -> Result<(), ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::model::tags::Tag;
    use iam::ops::attachments::{self, EntityKind};
    use iam::ops::{group_console, inline_policies, role_console, roles};
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let kind = EntityKind::Role;
    match change {
        RoleChange::UpdateTrustPolicy(document) => {
            roles::update_assume_role_policy(ctx, who, &role, &document).await?
        }
        RoleChange::SetMaxSessionDuration(seconds) => {
            roles::update_role(ctx, who, &role, None, Some(seconds)).await?
        }
        RoleChange::SetDescription(description) => {
            roles::update_role_description(ctx, who, &role, &description).await?;
        }
        RoleChange::AttachPolicies(arns) => {
            group_console::attach_policies(ctx, who, kind, &role, &arns).await?
        }
        RoleChange::DetachPolicy(arn) => {
            attachments::detach_policy(ctx, who, kind, &role, &arn).await?
        }
        RoleChange::PutInlinePolicy { name, document } => {
            inline_policies::put_policy(ctx, who, kind, &role, &name, &document).await?
        }
        RoleChange::DeleteInlinePolicy(name) => {
            inline_policies::delete_policy(ctx, who, kind, &role, &name).await?
        }
        RoleChange::SetBoundary(arn) => {
            roles::put_role_permissions_boundary(ctx, who, &role, &arn).await?
        }
        RoleChange::RemoveBoundary => {
            roles::delete_role_permissions_boundary(ctx, who, &role).await?
        }
        RoleChange::SetTags(wanted) => {
            iam::ops::tags::replace_tags(
                ctx,
                who,
                iam::ops::tags::TagSet::Role(&role),
                &Tag::from_pairs(wanted),
            )
            .await?
        }
        RoleChange::RevokeSessions => role_console::revoke_role_sessions(ctx, who, &role).await?,
    }
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn trusted_entities_read_like_the_console() {
        let trust = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole"},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"},
            {"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}"#;
        assert_eq!(
            trusted_entities(trust),
            [
                "AWS Service: ec2",
                "AWS Service: lambda",
                "Account: 123456789012",
                "Identity Provider: accounts.google.com"
            ]
        );
    }

    #[test]
    fn service_linked_roles_say_so_in_the_list() {
        let role = |path: &str| {
            iam::ops::roles::Role {
            path: path.to_owned(),
            role_name: "r".to_owned(),
            role_id: "AROAEXAMPLE".to_owned(),
            arn: String::new(),
            create_date: time::OffsetDateTime::UNIX_EPOCH,
            assume_role_policy_document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"autoscaling.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.to_owned(),
            description: None,
            max_session_duration: 3600,
            permissions_boundary: None,
            tags: Vec::new(),
            role_last_used: None,
        }
        };
        assert_eq!(
            trusted_column(&role("/aws-service-role/autoscaling.amazonaws.com/")),
            "AWS Service: autoscaling (Service-Linked role)"
        );
        assert_eq!(trusted_column(&role("/")), "AWS Service: autoscaling");
    }
}
