//! Roles and instance profiles.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::instance_profiles::{self, InstanceProfile};
use iam::ops::roles::{self, CreateRoleRequest, Role};
use iam::ops::service_linked_roles;

use super::tags::{tag_page_xml, tags_xml};
use super::{ActionResult, page};
use crate::query::form::Params;
use crate::query::xml::{Xml, url_encode_document};

/// A role's members as `GetRole` shows them; lists leave out tags and last use.
pub(super) fn role_xml(x: &mut Xml, role: &Role, full: bool) {
    x.leaf("Path", &role.path)
        .leaf("RoleName", &role.role_name)
        .leaf("RoleId", &role.role_id)
        .leaf("Arn", &role.arn)
        .time("CreateDate", role.create_date)
        .leaf(
            "AssumeRolePolicyDocument",
            &url_encode_document(&role.assume_role_policy_document),
        )
        .opt_leaf("Description", role.description.as_deref())
        .leaf("MaxSessionDuration", &role.max_session_duration.to_string());
    if let Some(arn) = &role.permissions_boundary {
        x.open("PermissionsBoundary")
            .leaf("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
            .leaf("PermissionsBoundaryArn", arn)
            .close("PermissionsBoundary");
    }
    if full {
        tags_xml(x, &role.tags);
        x.open("RoleLastUsed");
        if let Some(used) = &role.role_last_used {
            x.time("LastUsedDate", used.last_used_date)
                .opt_leaf("Region", used.region.as_deref());
        }
        x.close("RoleLastUsed");
    }
}

fn single_role(role: &Role) -> Xml {
    let mut x = Xml::new();
    x.open("Role");
    role_xml(&mut x, role, true);
    x.close("Role");
    x
}

pub(super) async fn create_role(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let req = CreateRoleRequest {
        role_name: p.required("RoleName")?.to_owned(),
        path: p.get("Path").map(str::to_owned),
        assume_role_policy_document: p.required("AssumeRolePolicyDocument")?.to_owned(),
        description: p.get("Description").map(str::to_owned),
        max_session_duration: p.i64("MaxSessionDuration")?,
        permissions_boundary: p.get("PermissionsBoundary").map(str::to_owned),
        tags: p.tags()?,
    };
    let role = roles::create_role(ctx, principal, req).await?;
    Ok(Some(single_role(&role)))
}

pub(super) async fn get_role(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let role = roles::get_role(ctx, principal, p.required("RoleName")?).await?;
    Ok(Some(single_role(&role)))
}

pub(super) async fn list_roles(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let listed = roles::list_roles(ctx, principal, p.get("PathPrefix"), &page(p)?).await?;
    let mut x = Xml::new();
    x.list("Roles", &listed.items, |x, role| role_xml(x, role, false));
    x.pagination(listed.marker.as_deref());
    Ok(Some(x))
}

/// `UpdateRole` answers with an empty `UpdateRoleResult` element, which clients expect.
pub(super) async fn update_role(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    roles::update_role(
        ctx,
        principal,
        p.required("RoleName")?,
        p.get("Description"),
        p.i64("MaxSessionDuration")?,
    )
    .await?;
    Ok(Some(Xml::new()))
}

pub(super) async fn update_role_description(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let role = roles::update_role_description(
        ctx,
        principal,
        p.required("RoleName")?,
        p.required("Description")?,
    )
    .await?;
    Ok(Some(single_role(&role)))
}

pub(super) async fn create_service_linked_role(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let role = service_linked_roles::create_service_linked_role(
        ctx,
        principal,
        p.required("AWSServiceName")?,
        p.get("Description"),
        p.get("CustomSuffix"),
    )
    .await?;
    Ok(Some(single_role(&role)))
}

pub(super) async fn delete_service_linked_role(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let task_id =
        service_linked_roles::delete_service_linked_role(ctx, principal, p.required("RoleName")?)
            .await?;
    let mut x = Xml::new();
    x.leaf("DeletionTaskId", &task_id);
    Ok(Some(x))
}

pub(super) async fn get_service_linked_role_deletion_status(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let status =
        service_linked_roles::get_deletion_status(ctx, principal, p.required("DeletionTaskId")?)
            .await?;
    let mut x = Xml::new();
    x.leaf("Status", status.as_str());
    Ok(Some(x))
}

pub(super) async fn list_role_tags(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let listed = roles::list_role_tags(ctx, principal, p.required("RoleName")?, &page(p)?).await?;
    let mut x = Xml::new();
    x.list("Tags", &listed.items, |x, tag| {
        x.leaf("Key", &tag.key).leaf("Value", &tag.value);
    });
    x.pagination(listed.marker.as_deref());
    Ok(Some(x))
}

pub(super) fn instance_profile_xml(x: &mut Xml, profile: &InstanceProfile) {
    x.leaf("Path", &profile.path)
        .leaf("InstanceProfileName", &profile.instance_profile_name)
        .leaf("InstanceProfileId", &profile.instance_profile_id)
        .leaf("Arn", &profile.arn)
        .time("CreateDate", profile.create_date)
        .list("Roles", &profile.roles, |x, role| role_xml(x, role, false));
    tags_xml(x, &profile.tags);
}

fn single_profile(profile: &InstanceProfile) -> Xml {
    let mut x = Xml::new();
    x.open("InstanceProfile");
    instance_profile_xml(&mut x, profile);
    x.close("InstanceProfile");
    x
}

pub(super) async fn create_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let profile = instance_profiles::create_instance_profile(
        ctx,
        principal,
        p.required("InstanceProfileName")?,
        p.get("Path"),
        &p.tags()?,
    )
    .await?;
    Ok(Some(single_profile(&profile)))
}

pub(super) async fn get_instance_profile(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let profile =
        instance_profiles::get_instance_profile(ctx, principal, p.required("InstanceProfileName")?)
            .await?;
    Ok(Some(single_profile(&profile)))
}

fn profiles_page(listed: &iam::ops::paging::Page<InstanceProfile>) -> Xml {
    let mut x = Xml::new();
    x.list("InstanceProfiles", &listed.items, instance_profile_xml);
    x.pagination(listed.marker.as_deref());
    x
}

pub(super) async fn list_instance_profiles(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let listed =
        instance_profiles::list_instance_profiles(ctx, principal, p.get("PathPrefix"), &page(p)?)
            .await?;
    Ok(Some(profiles_page(&listed)))
}

pub(super) async fn list_instance_profiles_for_role(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let listed = instance_profiles::list_instance_profiles_for_role(
        ctx,
        principal,
        p.required("RoleName")?,
        &page(p)?,
    )
    .await?;
    Ok(Some(profiles_page(&listed)))
}

pub(super) async fn list_instance_profile_tags(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let listed = instance_profiles::list_instance_profile_tags(
        ctx,
        principal,
        p.required("InstanceProfileName")?,
        &page(p)?,
    )
    .await?;
    tag_page_xml(&listed)
}
