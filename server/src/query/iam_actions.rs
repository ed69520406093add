//! IAM actions: decode each action's parameters, call `iam::ops`, render the result as AWS does.

use iam::IamError;
use iam::context::Ctx;
use iam::model::PasswordPolicy;
use iam::ops::access_keys::{self, KeyStatus};
use iam::ops::paging::PageRequest;
use iam::ops::users::{self, CreateUserRequest, UpdateUserRequest, User};
use iam::ops::{Principal, accounts, login_profiles, password_policy};
use iam::secrets::SecretString;

use super::IAM_VERSION;
use super::error::ApiError;
use super::form::Params;
use super::xml::Xml;

type ActionResult = Result<Option<Xml>, ApiError>;

pub async fn dispatch(ctx: &Ctx, principal: &Principal, action: &str, p: &Params) -> ActionResult {
    match action {
        "CreateUser" => create_user(ctx, principal, p).await,
        "GetUser" => get_user(ctx, principal, p).await,
        "ListUsers" => list_users(ctx, principal, p).await,
        "UpdateUser" => update_user(ctx, principal, p).await,
        "DeleteUser" => empty(users::delete_user(ctx, principal, p.required("UserName")?).await),
        "CreateLoginProfile" => create_login_profile(ctx, principal, p).await,
        "GetLoginProfile" => get_login_profile(ctx, principal, p).await,
        "UpdateLoginProfile" => update_login_profile(ctx, principal, p).await,
        "DeleteLoginProfile" => empty(
            login_profiles::delete_login_profile(ctx, principal, p.required("UserName")?).await,
        ),
        "ChangePassword" => {
            let old = SecretString::new(p.required("OldPassword")?);
            let new = SecretString::new(p.required("NewPassword")?);
            empty(login_profiles::change_password(ctx, principal, &old, &new).await)
        }
        "CreateAccessKey" => create_access_key(ctx, principal, p).await,
        "ListAccessKeys" => list_access_keys(ctx, principal, p).await,
        "UpdateAccessKey" => {
            let status = KeyStatus::parse(p.required("Status")?)?;
            let result = access_keys::update_access_key(
                ctx,
                principal,
                p.get("UserName"),
                p.required("AccessKeyId")?,
                status,
            )
            .await;
            empty(result)
        }
        "DeleteAccessKey" => empty(
            access_keys::delete_access_key(
                ctx,
                principal,
                p.get("UserName"),
                p.required("AccessKeyId")?,
            )
            .await,
        ),
        "GetAccessKeyLastUsed" => get_access_key_last_used(ctx, principal, p).await,
        "GetAccountPasswordPolicy" => get_password_policy(ctx, principal).await,
        "UpdateAccountPasswordPolicy" => update_password_policy(ctx, principal, p).await,
        "DeleteAccountPasswordPolicy" => {
            empty(password_policy::delete_account_password_policy(ctx, principal).await)
        }
        "GetAccountSummary" => get_account_summary(ctx, principal).await,
        other => Err(ApiError::invalid_action(other, IAM_VERSION)),
    }
}

fn empty(result: Result<(), IamError>) -> ActionResult {
    result.map(|()| None).map_err(ApiError::from)
}

fn page(p: &Params) -> Result<PageRequest, IamError> {
    Ok(PageRequest {
        marker: p.get("Marker").map(str::to_owned),
        max_items: p.u32("MaxItems")?,
    })
}

/// Members this adapter does not accept yet are refused rather than silently dropped.
fn refuse_unsupported(p: &Params, members: &[&str]) -> Result<(), ApiError> {
    match members.iter().find(|m| p.has_prefix(m)) {
        Some(member) => Err(ApiError::new(
            "InvalidInput",
            400,
            format!("The parameter {member} is not supported by this server yet."),
        )),
        None => Ok(()),
    }
}

fn user_xml(x: &mut Xml, user: &User) {
    x.leaf("Path", &user.path)
        .leaf("UserName", &user.user_name)
        .leaf("UserId", &user.user_id)
        .leaf("Arn", &user.arn)
        .time("CreateDate", user.create_date)
        .opt_time("PasswordLastUsed", user.password_last_used);
}

async fn create_user(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    refuse_unsupported(p, &["Tags.", "PermissionsBoundary"])?;
    let req = CreateUserRequest {
        user_name: p.required("UserName")?.to_owned(),
        path: p.get("Path").map(str::to_owned),
    };
    let user = users::create_user(ctx, principal, req).await?;
    let mut x = Xml::new();
    x.open("User");
    user_xml(&mut x, &user);
    x.close("User");
    Ok(Some(x))
}

async fn get_user(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
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
    }
    x.close("User");
    Ok(Some(x))
}

async fn list_users(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let page = users::list_users(ctx, principal, p.get("PathPrefix"), &page(p)?).await?;
    let mut x = Xml::new();
    x.list("Users", &page.items, |x, user| user_xml(x, user));
    x.pagination(page.marker.as_deref());
    Ok(Some(x))
}

async fn update_user(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
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

async fn create_login_profile(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
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

async fn get_login_profile(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let profile =
        login_profiles::get_login_profile(ctx, principal, p.required("UserName")?).await?;
    Ok(Some(login_profile_xml(&profile)))
}

async fn update_login_profile(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
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

async fn create_access_key(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
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

async fn list_access_keys(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
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

async fn get_access_key_last_used(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
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

async fn get_password_policy(ctx: &Ctx, principal: &Principal) -> ActionResult {
    let policy = password_policy::get_account_password_policy(ctx, principal).await?;
    let mut x = Xml::new();
    x.open("PasswordPolicy")
        .leaf(
            "MinimumPasswordLength",
            &policy.minimum_password_length.to_string(),
        )
        .bool("RequireSymbols", policy.require_symbols)
        .bool("RequireNumbers", policy.require_numbers)
        .bool(
            "RequireUppercaseCharacters",
            policy.require_uppercase_characters,
        )
        .bool(
            "RequireLowercaseCharacters",
            policy.require_lowercase_characters,
        )
        .bool(
            "AllowUsersToChangePassword",
            policy.allow_users_to_change_password,
        )
        .bool("ExpirePasswords", policy.max_password_age.is_some());
    if let Some(age) = policy.max_password_age {
        x.leaf("MaxPasswordAge", &age.to_string());
    }
    if let Some(reuse) = policy.password_reuse_prevention {
        x.leaf("PasswordReusePrevention", &reuse.to_string());
    }
    x.bool("HardExpiry", policy.hard_expiry)
        .close("PasswordPolicy");
    Ok(Some(x))
}

async fn update_password_policy(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let defaults = PasswordPolicy::default();
    let policy = PasswordPolicy {
        minimum_password_length: p
            .u32("MinimumPasswordLength")?
            .unwrap_or(defaults.minimum_password_length),
        require_symbols: p.bool("RequireSymbols")?.unwrap_or(false),
        require_numbers: p.bool("RequireNumbers")?.unwrap_or(false),
        require_uppercase_characters: p.bool("RequireUppercaseCharacters")?.unwrap_or(false),
        require_lowercase_characters: p.bool("RequireLowercaseCharacters")?.unwrap_or(false),
        allow_users_to_change_password: p.bool("AllowUsersToChangePassword")?.unwrap_or(false),
        max_password_age: p.u32("MaxPasswordAge")?,
        password_reuse_prevention: p.u32("PasswordReusePrevention")?,
        hard_expiry: p.bool("HardExpiry")?.unwrap_or(false),
    };
    empty(password_policy::update_account_password_policy(ctx, principal, policy).await)
}

async fn get_account_summary(ctx: &Ctx, principal: &Principal) -> ActionResult {
    let summary = accounts::get_account_summary(ctx, principal).await?;
    let mut x = Xml::new();
    x.open("SummaryMap");
    for (key, value) in summary {
        x.open("entry")
            .leaf("key", key)
            .leaf("value", &value.to_string())
            .close("entry");
    }
    x.close("SummaryMap");
    Ok(Some(x))
}
