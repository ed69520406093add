//! Tags.

use iam::context::Ctx;
use iam::model::tags::Tag;
use iam::ops::paging::Page;
use iam::ops::{Principal, tags};

use super::{ActionResult, empty, page};
use crate::query::form::Params;
use crate::query::xml::Xml;

/// `<Tags>` with one member per tag, left out when there are none.
pub(super) fn tags_xml(x: &mut Xml, tags: &[Tag]) {
    if !tags.is_empty() {
        x.list("Tags", tags, |x, tag| {
            x.leaf("Key", &tag.key).leaf("Value", &tag.value);
        });
    }
}

/// A page of a resource's tags, as every `List*Tags` answers it.
pub(super) fn tag_page_xml(listed: &Page<Tag>) -> ActionResult {
    let mut x = Xml::new();
    x.list("Tags", &listed.items, |x, tag| {
        x.leaf("Key", &tag.key).leaf("Value", &tag.value);
    });
    x.pagination(listed.marker.as_deref());
    Ok(Some(x))
}

pub(super) async fn tag_user(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    empty(tags::tag_user(ctx, principal, p.required("UserName")?, &p.tags()?).await)
}

pub(super) async fn untag_user(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let keys: Vec<String> = p.list("TagKeys").into_iter().map(str::to_owned).collect();
    empty(tags::untag_user(ctx, principal, p.required("UserName")?, &keys).await)
}

pub(super) async fn list_user_tags(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let listed = tags::list_user_tags(ctx, principal, p.required("UserName")?, &page(p)?).await?;
    tag_page_xml(&listed)
}

pub(super) async fn tag_policy(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    empty(tags::tag_policy(ctx, principal, p.required("PolicyArn")?, &p.tags()?).await)
}

pub(super) async fn untag_policy(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let keys: Vec<String> = p.list("TagKeys").into_iter().map(str::to_owned).collect();
    empty(tags::untag_policy(ctx, principal, p.required("PolicyArn")?, &keys).await)
}

pub(super) async fn list_policy_tags(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let listed = tags::list_policy_tags(ctx, principal, p.required("PolicyArn")?).await?;
    let mut x = Xml::new();
    x.list("Tags", &listed, |x, tag| {
        x.leaf("Key", &tag.key).leaf("Value", &tag.value);
    });
    x.pagination(None);
    Ok(Some(x))
}
