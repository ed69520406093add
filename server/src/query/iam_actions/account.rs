//! The account: password policy and summary.

use iam::model::PasswordPolicy;
use iam::ops::{accounts, password_policy};

use iam::context::Ctx;
use iam::ops::Principal;

use super::{ActionResult, empty};
use crate::query::form::Params;
use crate::query::xml::Xml;

pub(super) async fn get_password_policy(ctx: &Ctx, principal: &Principal) -> ActionResult {
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

pub(super) async fn update_password_policy(
    ctx: &Ctx,
    principal: &Principal,
    p: &Params,
) -> ActionResult {
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

pub(super) async fn get_account_summary(ctx: &Ctx, principal: &Principal) -> ActionResult {
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

pub(super) async fn enable_outbound_web_identity_federation(
    ctx: &Ctx,
    principal: &Principal,
) -> ActionResult {
    let issuer = iam::ops::outbound_federation::enable(ctx, principal).await?;
    let mut x = Xml::new();
    x.leaf("IssuerIdentifier", &issuer);
    Ok(Some(x))
}

pub(super) async fn get_outbound_web_identity_federation_info(
    ctx: &Ctx,
    principal: &Principal,
) -> ActionResult {
    let info = iam::ops::outbound_federation::info(ctx, principal).await?;
    let mut x = Xml::new();
    x.leaf("IssuerIdentifier", &info.issuer_identifier)
        .bool("JwtVendingEnabled", info.jwt_vending_enabled);
    Ok(Some(x))
}

pub(super) async fn list_account_aliases(ctx: &Ctx, principal: &Principal) -> ActionResult {
    let aliases = iam::ops::account_alias::list_account_aliases(ctx, principal).await?;
    let mut x = Xml::new();
    x.list("AccountAliases", &aliases, |x, alias| {
        x.push_text(alias);
    });
    x.pagination(None);
    Ok(Some(x))
}

pub(super) async fn generate_credential_report(ctx: &Ctx, principal: &Principal) -> ActionResult {
    let state = iam::ops::credential_report::generate_credential_report(ctx, principal).await?;
    let mut x = Xml::new();
    x.leaf("State", state.as_str())
        .leaf("Description", state.description());
    Ok(Some(x))
}

pub(super) async fn get_credential_report(ctx: &Ctx, principal: &Principal) -> ActionResult {
    use base64::Engine;
    let report = iam::ops::credential_report::get_credential_report(ctx, principal).await?;
    let mut x = Xml::new();
    x.leaf(
        "Content",
        &base64::engine::general_purpose::STANDARD.encode(report.content.as_bytes()),
    )
    .leaf("ReportFormat", "text/csv")
    .time("GeneratedTime", report.generated_time);
    Ok(Some(x))
}
