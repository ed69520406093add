//! Managed policies and their attachments.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::attachments::{self, EntityKind};
use iam::ops::policies::{self, ListPoliciesRequest, Policy, Scope, UsageFilter};

use super::{ActionResult, empty, page};
use crate::query::form::Params;
use crate::query::xml::{Xml, url_encode_document};

/// The request member naming the entity of an attachment call.
fn entity_member(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::User => "UserName",
        EntityKind::Group => "GroupName",
    }
}

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

fn policy_xml(x: &mut Xml, policy: &Policy) {
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
