//! The user groups pages: the list, "Create user group", the group page with its Users,
//! Permissions and Access Advisor tabs, rename and delete. Each change is one call of
//! `iam::ops`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{InlinePolicyView, NamedPolicy, ServiceAccess};
use crate::error::ConsoleError;

/// One row of the user groups list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRowView {
    pub name: String,
    pub users: i64,
    /// Whether any inline or attached policy defines the group's permissions.
    pub permissions_defined: bool,
    pub created: String,
}

/// A member on the group's Users tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMemberView {
    pub name: String,
    pub created: String,
}

/// Each section is `Err(message)` where the caller may not read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDetailView {
    pub name: String,
    pub arn: String,
    pub created: String,
    pub users: Vec<GroupMemberView>,
    pub attached: Result<Vec<NamedPolicy>, String>,
    pub inline: Result<Vec<InlinePolicyView>, String>,
    pub services: Vec<ServiceAccess>,
}

/// One change on the group page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupChange {
    Rename(String),
    AddUsers(Vec<String>),
    RemoveUser(String),
    AttachPolicies(Vec<String>),
    DetachPolicy(String),
    PutInlinePolicy { name: String, document: String },
    DeleteInlinePolicy(String),
}

/// The user groups list.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn groups_list() -> Result<Vec<GroupRowView>, ConsoleError> {
    use crate::api::display::date;
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    let groups =
        iam::ops::group_console::list_group_overview(&server.ctx, &session.principal).await?;
    Ok(groups
        .into_iter()
        .map(|g| GroupRowView {
            name: g.group_name,
            users: g.users,
            permissions_defined: g.policies > 0,
            created: date(g.create_date),
        })
        .collect())
}

/// "Create user group": the group, its users and its policies, all or nothing.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn create_group(
    name: String,
    users: Vec<String>,
    policy_arns: Vec<String>,
) -> Result<String, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::group_console::{NewGroup, create_group_with_members};
    let server = server_context()?;
    let session = active_session().await?;
    let request = NewGroup {
        group_name: name,
        user_names: users,
        policy_arns,
    };
    let group = create_group_with_members(&server.ctx, &session.principal, &request).await?;
    Ok(group.group_name)
}

/// Deletes groups with their memberships and policies; each group on its own.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn delete_groups(
    names: Vec<String>,
) -> Result<Vec<crate::api::DeleteOutcome>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    let mut outcomes = Vec::with_capacity(names.len());
    for name in names {
        let result = iam::ops::group_console::delete_group_and_dependents(
            &server.ctx,
            &session.principal,
            &name,
        )
        .await;
        outcomes.push(crate::api::DeleteOutcome::of(name, result));
    }
    Ok(outcomes)
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn group_detail(name: String) -> Result<GroupDetailView, ConsoleError> {
    use crate::api::display::date;
    use crate::api::server::{active_session, server_context};
    use crate::api::user_detail::services_allowed;
    use iam::ops::attachments::{EntityKind, list_attached_policies};
    use iam::ops::paging::PageRequest;
    use iam::ops::{access_keys, groups, inline_policies, policies};
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let all = PageRequest {
        marker: None,
        max_items: Some(1000),
    };
    let (group, members) = groups::get_group(ctx, who, &name, &all).await?;
    let mut documents: Vec<(String, String)> = Vec::new();
    let attached = match list_attached_policies(ctx, who, EntityKind::Group, &name, None, &all)
        .await
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
    let inline = match inline_policies::list_policies(ctx, who, EntityKind::Group, &name, &all)
        .await
    {
        Err(err) => Err(err.message),
        Ok(page) => {
            let mut out = Vec::with_capacity(page.items.len());
            for policy_name in page.items {
                let policy =
                    inline_policies::get_policy(ctx, who, EntityKind::Group, &name, &policy_name)
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
    // Access Advisor: the members' recorded key use, where the caller may read it.
    let mut last_used = Vec::new();
    for member in &members.items {
        let Ok(keys) = access_keys::list_access_keys(ctx, who, Some(&member.user_name)).await
        else {
            continue;
        };
        for key in keys {
            if let Ok(used) =
                access_keys::get_access_key_last_used(ctx, who, &key.access_key_id).await
            {
                last_used.push((used.service_name.clone(), used.last_used_date));
            }
        }
    }
    Ok(GroupDetailView {
        services: services_allowed(&documents, &last_used),
        name: group.group_name,
        arn: group.arn,
        created: date(group.create_date),
        users: members
            .items
            .into_iter()
            .map(|u| GroupMemberView {
                created: date(u.create_date),
                name: u.user_name,
            })
            .collect(),
        attached,
        inline,
    })
}

/// Applies one change; answers the group's name afterwards (a rename changes it).
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn change_group(group: String, change: GroupChange) -> Result<String, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::attachments::{self, EntityKind};
    use iam::ops::{group_console, groups, inline_policies};
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let kind = EntityKind::Group;
    match change {
        GroupChange::Rename(new_name) => {
            groups::update_group(ctx, who, &group, Some(&new_name), None).await?;
            return Ok(new_name);
        }
        GroupChange::AddUsers(users) => {
            group_console::add_users_to_group(ctx, who, &group, &users).await?
        }
        GroupChange::RemoveUser(user) => {
            groups::remove_user_from_group(ctx, who, &group, &user).await?
        }
        GroupChange::AttachPolicies(arns) => {
            group_console::attach_policies(ctx, who, kind, &group, &arns).await?
        }
        GroupChange::DetachPolicy(arn) => {
            attachments::detach_policy(ctx, who, kind, &group, &arn).await?
        }
        GroupChange::PutInlinePolicy { name, document } => {
            inline_policies::put_policy(ctx, who, kind, &group, &name, &document).await?
        }
        GroupChange::DeleteInlinePolicy(name) => {
            inline_policies::delete_policy(ctx, who, kind, &group, &name).await?
        }
    }
    Ok(group)
}

/// The names of the account's users, for choosing members.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn user_names() -> Result<Vec<String>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::paging::PageRequest;
    let server = server_context()?;
    let session = active_session().await?;
    let mut names = Vec::new();
    let mut marker = None;
    loop {
        let page = PageRequest {
            marker,
            max_items: Some(1000),
        };
        let listed =
            iam::ops::users::list_users(&server.ctx, &session.principal, None, &page).await?;
        names.extend(listed.items.into_iter().map(|u| u.user_name));
        match listed.marker {
            Some(next) => marker = Some(next),
            None => return Ok(names),
        }
    }
}
