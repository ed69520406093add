//! Groups and membership.

use iam::ops::groups::{self, Group};

use iam::context::Ctx;
use iam::ops::Principal;

use super::users::user_xml;
use super::{ActionResult, empty, page};
use crate::query::form::Params;
use crate::query::xml::Xml;

pub(super) fn group_xml(x: &mut Xml, group: &Group) {
    x.leaf("Path", &group.path)
        .leaf("GroupName", &group.group_name)
        .leaf("GroupId", &group.group_id)
        .leaf("Arn", &group.arn)
        .time("CreateDate", group.create_date);
}

pub(super) async fn create_group(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let group =
        groups::create_group(ctx, principal, p.required("GroupName")?, p.get("Path")).await?;
    let mut x = Xml::new();
    x.open("Group");
    group_xml(&mut x, &group);
    x.close("Group");
    Ok(Some(x))
}

pub(super) async fn get_group(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let (group, users) =
        groups::get_group(ctx, principal, p.required("GroupName")?, &page(p)?).await?;
    let mut x = Xml::new();
    x.open("Group");
    group_xml(&mut x, &group);
    x.close("Group");
    x.list("Users", &users.items, user_xml);
    x.pagination(users.marker.as_deref());
    Ok(Some(x))
}

pub(super) async fn list_groups(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let groups = groups::list_groups(ctx, principal, p.get("PathPrefix"), &page(p)?).await?;
    let mut x = Xml::new();
    x.list("Groups", &groups.items, group_xml);
    x.pagination(groups.marker.as_deref());
    Ok(Some(x))
}

pub(super) async fn list_groups_for_user(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let groups =
        groups::list_groups_for_user(ctx, principal, p.required("UserName")?, &page(p)?).await?;
    let mut x = Xml::new();
    x.list("Groups", &groups.items, group_xml);
    x.pagination(groups.marker.as_deref());
    Ok(Some(x))
}

pub(super) async fn update_group(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    empty(
        groups::update_group(
            ctx,
            principal,
            p.required("GroupName")?,
            p.get("NewGroupName"),
            p.get("NewPath"),
        )
        .await,
    )
}

/// `AddUserToGroup` (`add`) or `RemoveUserFromGroup`.
pub(super) async fn membership(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
    add: bool,
) -> ActionResult {
    let (group, user) = (p.required("GroupName")?, p.required("UserName")?);
    if add {
        empty(groups::add_user_to_group(ctx, principal, group, user).await)
    } else {
        empty(groups::remove_user_from_group(ctx, principal, group, user).await)
    }
}
