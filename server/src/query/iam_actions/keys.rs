//! Access keys.

use iam::ops::access_keys;

use iam::context::Ctx;
use iam::ops::Principal;

use super::ActionResult;
use crate::query::form::Params;
use crate::query::xml::Xml;

pub(super) async fn create_access_key(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let key = access_keys::create_access_key(ctx, principal, p.get("UserName")).await?;
    let mut x = Xml::new();
    x.open("AccessKey")
        .leaf("UserName", &key.user_name)
        .leaf("AccessKeyId", &key.access_key_id)
        .leaf("Status", key.status.as_str())
        .leaf("SecretAccessKey", key.secret_access_key.expose())
        .time("CreateDate", key.create_date)
        .close("AccessKey");
    Ok(Some(x))
}

pub(super) async fn list_access_keys(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let keys = access_keys::list_access_keys(ctx, principal, p.get("UserName")).await?;
    let mut x = Xml::new();
    x.list("AccessKeyMetadata", &keys, |x, key| {
        x.leaf("UserName", &key.user_name)
            .leaf("AccessKeyId", &key.access_key_id)
            .leaf("Status", key.status.as_str())
            .time("CreateDate", key.create_date);
    });
    x.pagination(None);
    Ok(Some(x))
}

pub(super) async fn get_access_key_last_used(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let used =
        access_keys::get_access_key_last_used(ctx, principal, p.required("AccessKeyId")?).await?;
    let mut x = Xml::new();
    x.leaf("UserName", &used.user_name)
        .open("AccessKeyLastUsed")
        .opt_time("LastUsedDate", used.last_used_date)
        .leaf("ServiceName", &used.service_name)
        .leaf("Region", &used.region)
        .close("AccessKeyLastUsed");
    Ok(Some(x))
}
