//! Inline policies of users and groups.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::attachments::EntityKind;
use iam::ops::inline_policies;

use super::{ActionResult, empty, entity_member, page};
use crate::query::form::Params;
use crate::query::xml::{Xml, url_encode_document};

pub(super) async fn put(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
    kind: EntityKind,
) -> ActionResult {
    let name = p.required(entity_member(kind))?;
    empty(
        inline_policies::put_policy(
            ctx,
            principal,
            kind,
            name,
            p.required("PolicyName")?,
            p.required("PolicyDocument")?,
        )
        .await,
    )
}

pub(super) async fn get(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
    kind: EntityKind,
) -> ActionResult {
    let name = p.required(entity_member(kind))?;
    let policy =
        inline_policies::get_policy(ctx, principal, kind, name, p.required("PolicyName")?).await?;
    let mut x = Xml::new();
    x.leaf(entity_member(kind), &policy.entity_name)
        .leaf("PolicyName", &policy.policy_name)
        .leaf(
            "PolicyDocument",
            &url_encode_document(&policy.policy_document),
        );
    Ok(Some(x))
}

pub(super) async fn list(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
    kind: EntityKind,
) -> ActionResult {
    let name = p.required(entity_member(kind))?;
    let names = inline_policies::list_policies(ctx, principal, kind, name, &page(p)?).await?;
    let mut x = Xml::new();
    x.list("PolicyNames", &names.items, |x, n| {
        x.push_text(n);
    });
    x.pagination(names.marker.as_deref());
    Ok(Some(x))
}

pub(super) async fn delete(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
    kind: EntityKind,
) -> ActionResult {
    let name = p.required(entity_member(kind))?;
    empty(
        inline_policies::delete_policy(ctx, principal, kind, name, p.required("PolicyName")?).await,
    )
}
