//! Managed policies and their attachments.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::attachments::{self, EntityKind};
use iam::ops::managed_policies::{self, CreatePolicyRequest};
use iam::ops::policies::{self, ListPoliciesRequest, Policy, Scope, UsageFilter};

use super::tags::tags_xml;

use super::{ActionResult, empty, entity_member, page};
use crate::query::form::Params;
use crate::query::xml::{Xml, url_encode_document};

pub(super) async fn attach(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
    kind: EntityKind,
) -> ActionResult {
    let name = p.required(entity_member(kind))?;
    empty(attachments::attach_policy(ctx, principal, kind, name, p.required("PolicyArn")?).await)
}

pub(super) async fn detach(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
    kind: EntityKind,
) -> ActionResult {
    let name = p.required(entity_member(kind))?;
    empty(attachments::detach_policy(ctx, principal, kind, name, p.required("PolicyArn")?).await)
}

pub(super) async fn list_attached(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
    kind: EntityKind,
) -> ActionResult {
    let name = p.required(entity_member(kind))?;
    let attached = attachments::list_attached_policies(
        ctx,
        principal,
        kind,
        name,
        p.get("PathPrefix"),
        &page(p)?,
    )
    .await?;
    let mut x = Xml::new();
    x.list("AttachedPolicies", &attached.items, |x, policy| {
        x.leaf("PolicyName", &policy.policy_name)
            .leaf("PolicyArn", &policy.policy_arn);
    });
    x.pagination(attached.marker.as_deref());
    Ok(Some(x))
}

pub(super) fn policy_xml(x: &mut Xml, policy: &Policy) {
    x.leaf("PolicyName", &policy.policy_name)
        .leaf("PolicyId", &policy.policy_id)
        .leaf("Arn", &policy.arn)
        .leaf("Path", &policy.path)
        .leaf("DefaultVersionId", &policy.default_version_id)
        .leaf("AttachmentCount", &policy.attachment_count.to_string())
        .leaf(
            "PermissionsBoundaryUsageCount",
            &policy.permissions_boundary_usage_count.to_string(),
        )
        .bool("IsAttachable", policy.is_attachable)
        .opt_leaf("Description", policy.description.as_deref())
        .time("CreateDate", policy.create_date)
        .time("UpdateDate", policy.update_date);
}

pub(super) async fn get_policy(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let policy = policies::get_policy(ctx, principal, p.required("PolicyArn")?).await?;
    let mut x = Xml::new();
    x.open("Policy");
    policy_xml(&mut x, &policy);
    x.close("Policy");
    Ok(Some(x))
}

pub(super) async fn get_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let version = policies::get_policy_version(
        ctx,
        principal,
        p.required("PolicyArn")?,
        p.required("VersionId")?,
    )
    .await?;
    let mut x = Xml::new();
    x.open("PolicyVersion")
        .leaf("Document", &url_encode_document(&version.document))
        .leaf("VersionId", &version.version_id)
        .bool("IsDefaultVersion", version.is_default_version)
        .time("CreateDate", version.create_date)
        .close("PolicyVersion");
    Ok(Some(x))
}

pub(super) async fn list_policy_versions(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let versions = policies::list_policy_versions(ctx, principal, p.required("PolicyArn")?).await?;
    let mut x = Xml::new();
    // AWS leaves the documents out of this list.
    x.list("Versions", &versions, |x, v| {
        x.leaf("VersionId", &v.version_id)
            .bool("IsDefaultVersion", v.is_default_version)
            .time("CreateDate", v.create_date);
    });
    x.pagination(None);
    Ok(Some(x))
}

pub(super) async fn list_policies(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let req = ListPoliciesRequest {
        scope: p
            .get("Scope")
            .map(Scope::parse)
            .transpose()?
            .unwrap_or_default(),
        only_attached: p.bool("OnlyAttached")?.unwrap_or(false),
        path_prefix: p.get("PathPrefix").map(str::to_owned),
        usage_filter: p
            .get("PolicyUsageFilter")
            .map(UsageFilter::parse)
            .transpose()?,
    };
    let listed = policies::list_policies(ctx, principal, &req, &page(p)?).await?;
    let mut x = Xml::new();
    x.list("Policies", &listed.items, policy_xml);
    x.pagination(listed.marker.as_deref());
    Ok(Some(x))
}

pub(super) async fn create_policy(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let req = CreatePolicyRequest {
        policy_name: p.required("PolicyName")?.to_owned(),
        path: p.get("Path").map(str::to_owned),
        policy_document: p.required("PolicyDocument")?.to_owned(),
        description: p.get("Description").map(str::to_owned),
        tags: p.tags()?,
    };
    let tags = req.tags.clone();
    let policy = managed_policies::create_policy(ctx, principal, req).await?;
    let mut x = Xml::new();
    x.open("Policy");
    policy_xml(&mut x, &policy);
    tags_xml(&mut x, &tags);
    x.close("Policy");
    Ok(Some(x))
}

pub(super) async fn create_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let set_as_default = p.bool("SetAsDefault")?.unwrap_or(false);
    let version = managed_policies::create_policy_version(
        ctx,
        principal,
        p.required("PolicyArn")?,
        p.required("PolicyDocument")?,
        set_as_default,
    )
    .await?;
    let mut x = Xml::new();
    x.open("PolicyVersion")
        .leaf("VersionId", &version.version_id)
        .bool("IsDefaultVersion", version.is_default_version)
        .time("CreateDate", version.create_date)
        .close("PolicyVersion");
    Ok(Some(x))
}

pub(super) async fn delete_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    empty(
        managed_policies::delete_policy_version(
            ctx,
            principal,
            p.required("PolicyArn")?,
            p.required("VersionId")?,
        )
        .await,
    )
}

pub(super) async fn set_default_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    empty(
        managed_policies::set_default_policy_version(
            ctx,
            principal,
            p.required("PolicyArn")?,
            p.required("VersionId")?,
        )
        .await,
    )
}

pub(super) async fn list_entities_for_policy(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let entities = managed_policies::list_entities_for_policy(
        ctx,
        principal,
        p.required("PolicyArn")?,
        p.get("EntityFilter"),
    )
    .await?;
    let mut x = Xml::new();
    let member = |prefix: &'static str| {
        move |x: &mut Xml, (name, id): &(String, String)| {
            x.leaf(&format!("{prefix}Name"), name)
                .leaf(&format!("{prefix}Id"), id);
        }
    };
    x.list("PolicyGroups", &entities.groups, member("Group"));
    x.list("PolicyUsers", &entities.users, member("User"));
    x.list("PolicyRoles", &entities.roles, member("Role"));
    x.pagination(None);
    Ok(Some(x))
}

pub(super) async fn list_policies_granting_service_access(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    use iam::ops::service_access;
    let namespaces: Vec<String> = p
        .list("ServiceNamespaces")
        .into_iter()
        .map(str::to_owned)
        .collect();
    let grants = service_access::list_policies_granting_service_access(
        ctx,
        principal,
        p.required("Arn")?,
        &namespaces,
    )
    .await?;
    let mut x = Xml::new();
    x.list("PoliciesGrantingServiceAccess", &grants, |x, service| {
        x.leaf("ServiceNamespace", &service.namespace);
        x.list("Policies", &service.policies, |x, policy| {
            x.leaf("PolicyName", &policy.policy_name)
                .leaf("PolicyType", policy.policy_type.as_str())
                .opt_leaf("PolicyArn", policy.policy_arn.as_deref());
            if let Some((kind, name)) = &policy.entity {
                let entity_type = match kind {
                    EntityKind::User => "USER",
                    EntityKind::Group => "GROUP",
                    EntityKind::Role => "ROLE",
                };
                x.leaf("EntityType", entity_type).leaf("EntityName", name);
            }
        });
    });
    x.pagination(None);
    Ok(Some(x))
}
