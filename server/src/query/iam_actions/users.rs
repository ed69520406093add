//! Users and their console passwords.

use iam::ops::login_profiles;
use iam::ops::users::{self, CreateUserRequest, UpdateUserRequest, User};
use iam::secrets::SecretString;

use iam::context::Ctx;
use iam::ops::Principal;

use super::page;
use super::tags::tags_xml;
use super::{ActionResult, empty};
use crate::query::form::Params;
use crate::query::xml::Xml;

pub(super) fn user_xml(x: &mut Xml, user: &User) {
    x.leaf("Path", &user.path)
        .leaf("UserName", &user.user_name)
        .leaf("UserId", &user.user_id)
        .leaf("Arn", &user.arn)
        .time("CreateDate", user.create_date)
        .opt_time("PasswordLastUsed", user.password_last_used);
}

/// `PermissionsBoundary` of `GetUser` and `CreateUser` (lists leave it out).
pub(super) fn boundary_xml(x: &mut Xml, user: &User) {
    if let Some(arn) = &user.permissions_boundary {
        x.open("PermissionsBoundary")
            .leaf("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
            .leaf("PermissionsBoundaryArn", arn)
            .close("PermissionsBoundary");
    }
}

pub(super) async fn create_user(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let req = CreateUserRequest {
        user_name: p.required("UserName")?.to_owned(),
        path: p.get("Path").map(str::to_owned),
        permissions_boundary: p.get("PermissionsBoundary").map(str::to_owned),
        tags: p.tags()?,
    };
    let user = users::create_user(ctx, principal, req).await?;
    let mut x = Xml::new();
    x.open("User");
    user_xml(&mut x, &user);
    boundary_xml(&mut x, &user);
    tags_xml(&mut x, &user.tags);
    x.close("User");
    Ok(Some(x))
}

pub(super) async fn get_user(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let user = users::get_user(ctx, principal, p.get("UserName")).await?;
    let mut x = Xml::new();
    x.open("User");
    if user.user_name.is_empty() {
        // The root user: AWS reports its ID, ARN and dates but no name or path.
        x.leaf("UserId", &user.user_id)
            .leaf("Arn", &user.arn)
            .time("CreateDate", user.create_date)
            .opt_time("PasswordLastUsed", user.password_last_used);
    } else {
        user_xml(&mut x, &user);
        boundary_xml(&mut x, &user);
        tags_xml(&mut x, &user.tags);
    }
    x.close("User");
    Ok(Some(x))
}

pub(super) async fn list_users(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let page = users::list_users(ctx, principal, p.get("PathPrefix"), &page(p)?).await?;
    let mut x = Xml::new();
    x.list("Users", &page.items, user_xml);
    x.pagination(page.marker.as_deref());
    Ok(Some(x))
}

pub(super) async fn update_user(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let req = UpdateUserRequest {
        user_name: p.required("UserName")?.to_owned(),
        new_user_name: p.get("NewUserName").map(str::to_owned),
        new_path: p.get("NewPath").map(str::to_owned),
    };
    empty(users::update_user(ctx, principal, req).await)
}

fn login_profile_xml(profile: &login_profiles::LoginProfile) -> Xml {
    let mut x = Xml::new();
    x.open("LoginProfile")
        .leaf("UserName", &profile.user_name)
        .time("CreateDate", profile.create_date)
        .bool("PasswordResetRequired", profile.password_reset_required)
        .close("LoginProfile");
    x
}

pub(super) async fn create_login_profile(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let password = SecretString::new(p.required("Password")?);
    let reset = p.bool("PasswordResetRequired")?.unwrap_or(false);
    let profile = login_profiles::create_login_profile(
        ctx,
        principal,
        p.required("UserName")?,
        &password,
        reset,
    )
    .await?;
    Ok(Some(login_profile_xml(&profile)))
}

pub(super) async fn get_login_profile(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let profile =
        login_profiles::get_login_profile(ctx, principal, p.required("UserName")?).await?;
    Ok(Some(login_profile_xml(&profile)))
}

pub(super) async fn update_login_profile(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
    let password = p.get("Password").map(SecretString::new);
    let reset = p.bool("PasswordResetRequired")?;
    empty(
        login_profiles::update_login_profile(
            ctx,
            principal,
            p.required("UserName")?,
            password.as_ref(),
            reset,
        )
        .await,
    )
}
