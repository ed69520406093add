//! Accounts: creation on first start (or by bootstrap flags), look-up by ID or alias, and
//! `GetAccountSummary`.

use serde::{Deserialize, Serialize};

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::password::EffectivePasswordPolicy;
use crate::model::{AccountAlias, AccountId};
use crate::ops::{Principal, access_keys, authz};
use crate::secrets::SecretString;
use crate::store::{self, db_error};

/// What the console shows about an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub account_id: String,
    pub alias: Option<String>,
}

impl AccountInfo {
    /// The alias when there is one, else the account ID: how AWS names the account in the
    /// console header and the sign-in URL.
    pub fn label(&self) -> &str {
        self.alias.as_deref().unwrap_or(&self.account_id)
    }
}

#[derive(Debug, Clone)]
pub struct CreateAccountRequest {
    pub email: String,
    pub password: SecretString,
    pub alias: Option<String>,
}

/// Whether any account exists yet (while none does, the console offers "Create your account").
pub async fn any_account(ctx: &Ctx) -> IamResult<bool> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    store::accounts::any_exists(&mut conn)
        .await
        .map_err(db_error)
}

/// Validates a root email address: one `@` with text on both sides, at most 128 characters.
fn validate_email(email: &str) -> IamResult<()> {
    let ok = email.len() <= 128
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        })
        && !email.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(IamError::validation("Enter a valid email address."))
    }
}

/// Creates the first account and its root user. Sign-up closes once an account exists.
pub async fn create_first_account(ctx: &Ctx, req: CreateAccountRequest) -> IamResult<AccountInfo> {
    if any_account(ctx).await? {
        return Err(IamError::access_denied(
            "Sign-up is closed: this Latchkey already has an account. Sign in instead.",
        ));
    }
    create_account(ctx, req).await
}

/// Creates an account (random 12-digit ID unless the settings fix one) with its root user.
pub async fn create_account(ctx: &Ctx, req: CreateAccountRequest) -> IamResult<AccountInfo> {
    let email = req.email.trim().to_owned();
    validate_email(&email)?;
    let alias = match req
        .alias
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        Some(alias) => Some(AccountAlias::parse(alias)?.as_str().to_owned()),
        None => None,
    };
    EffectivePasswordPolicy::IamDefault.check(req.password.expose(), &[&email])?;
    let account_id = match &ctx.settings.fixed_account_id {
        Some(id) => AccountId::parse(id)?.as_str().to_owned(),
        None => random_account_id(ctx),
    };
    let hash = ctx.hash_password(req.password.expose()).await?;

    let now = ctx.now();
    let mut tx = ctx.begin().await?;
    if store::accounts::find_root_by_email(&mut tx, &email)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(IamError::already_exists(
            "An account with this root email address already exists.",
        ));
    }
    if store::accounts::find(&mut tx, &account_id)
        .await
        .map_err(db_error)?
        .is_some()
    {
        return Err(IamError::already_exists(format!(
            "Account {account_id} already exists."
        )));
    }
    if let Some(alias) = &alias
        && store::accounts::find_by_alias(&mut tx, alias)
            .await
            .map_err(db_error)?
            .is_some()
    {
        return Err(IamError::already_exists(format!(
            "The account alias {alias} already exists."
        )));
    }
    store::accounts::insert(&mut tx, &account_id, alias.as_deref(), now)
        .await
        .map_err(db_error)?;
    store::accounts::insert_root(&mut tx, &account_id, &email, &hash, now)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    tracing::info!(account_id = %account_id, "account created");
    Ok(AccountInfo { account_id, alias })
}

fn random_account_id(ctx: &Ctx) -> String {
    ctx.random_bytes::<12>()
        .iter()
        .enumerate()
        // A leading zero reads oddly and some tools strip it: start with 1–9.
        .map(|(i, b)| {
            if i == 0 {
                char::from(b'1' + b % 9)
            } else {
                char::from(b'0' + b % 10)
            }
        })
        .collect()
}

/// Settings that give an installation a root user (and optionally a root access key) without
/// the console, for automation. Each part applies only when it does not exist yet.
#[derive(Debug, Clone)]
pub struct Bootstrap {
    pub email: String,
    pub password: SecretString,
    pub access_key: Option<(String, SecretString)>,
}

/// Applies bootstrap settings; returns the account they refer to.
pub async fn bootstrap(ctx: &Ctx, boot: Bootstrap) -> IamResult<AccountInfo> {
    let existing = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        store::accounts::find_root_by_email(&mut conn, boot.email.trim())
            .await
            .map_err(db_error)?
    };
    let account = match existing {
        Some(root) => account_info(ctx, &root.account_id).await?,
        None => {
            let req = CreateAccountRequest {
                email: boot.email.clone(),
                password: boot.password.clone(),
                alias: None,
            };
            create_account(ctx, req).await?
        }
    };
    if let Some((key_id, secret)) = boot.access_key {
        access_keys::import_root_key(ctx, &account.account_id, &key_id, &secret).await?;
    }
    Ok(account)
}

/// The account's ID and alias.
pub async fn account_info(ctx: &Ctx, account_id: &str) -> IamResult<AccountInfo> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = store::accounts::find(&mut conn, account_id)
        .await
        .map_err(db_error)?
        .ok_or_else(|| {
            IamError::no_such_entity(format!("Account {account_id} cannot be found."))
        })?;
    Ok(AccountInfo {
        account_id: row.id,
        alias: row.alias,
    })
}

/// Resolves what a user typed as "Account ID (12 digits) or account alias".
pub async fn resolve_account(ctx: &Ctx, id_or_alias: &str) -> IamResult<Option<String>> {
    let value = id_or_alias.trim();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = if AccountId::parse(value).is_ok() {
        store::accounts::find(&mut conn, value).await
    } else {
        store::accounts::find_by_alias(&mut conn, &value.to_ascii_lowercase()).await
    };
    Ok(row.map_err(db_error)?.map(|r| r.id))
}

/// `GetAccountSummary`: usage and quotas, as AWS's `SummaryMap` keys.
pub async fn get_account_summary(
    ctx: &Ctx,
    principal: &Principal,
) -> IamResult<Vec<(&'static str, i64)>> {
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:GetAccountSummary", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let usage = store::summary::usage(&mut conn, account_id)
        .await
        .map_err(db_error)?;
    Ok(vec![
        ("Users", usage.users),
        ("UsersQuota", i64::from(ctx.settings.users_quota)),
        ("Groups", usage.groups),
        ("GroupsQuota", 300),
        ("Roles", usage.roles),
        ("RolesQuota", 1000),
        ("Policies", usage.policies),
        ("PoliciesQuota", 1500),
        ("PolicySizeQuota", 6144),
        ("PolicyVersionsInUse", usage.policy_versions_in_use),
        ("PolicyVersionsInUseQuota", 10000),
        ("VersionsPerPolicyQuota", 5),
        ("GroupsPerUserQuota", 10),
        ("AttachedPoliciesPerUserQuota", 10),
        ("AttachedPoliciesPerGroupQuota", 10),
        ("AttachedPoliciesPerRoleQuota", 10),
        ("AccessKeysPerUserQuota", 2),
        ("UserPolicySizeQuota", 2048),
        ("GroupPolicySizeQuota", 5120),
        ("RolePolicySizeQuota", 10240),
        ("AssumeRolePolicySizeQuota", 2048),
        ("InstanceProfiles", usage.instance_profiles),
        ("InstanceProfilesQuota", 1000),
        ("ServerCertificates", usage.server_certificates),
        (
            "ServerCertificatesQuota",
            crate::ops::server_certificates::CERTIFICATES_PER_ACCOUNT,
        ),
        (
            "SigningCertificatesPerUserQuota",
            crate::ops::signing_certificates::CERTIFICATES_PER_USER as i64,
        ),
        ("MFADevices", usage.mfa_devices),
        ("MFADevicesInUse", usage.mfa_devices_in_use),
        ("Providers", usage.providers),
        ("AccountMFAEnabled", i64::from(usage.root_mfa)),
        (
            "AccountAccessKeysPresent",
            i64::from(usage.root_access_keys > 0),
        ),
        ("AccountPasswordPresent", i64::from(usage.root_has_password)),
        (
            "AccountSigningCertificatesPresent",
            i64::from(usage.root_signing_certificates > 0),
        ),
        (
            "GlobalEndpointTokenVersion",
            usage.global_endpoint_token_version,
        ),
    ])
}

/// `SetSecurityTokenServicePreferences`: which session tokens STS's global endpoint issues,
/// `v1Token` (valid in the regions enabled by default) or `v2Token` (valid everywhere). Latchkey
/// has one endpoint and its tokens work in every region either way; the setting is kept and
/// reported by `GetAccountSummary` as `GlobalEndpointTokenVersion`.
pub async fn set_security_token_service_preferences(
    ctx: &Ctx,
    principal: &Principal,
    global_endpoint_token_version: &str,
) -> IamResult<()> {
    let version = match global_endpoint_token_version {
        "v1Token" => 1,
        "v2Token" => 2,
        other => {
            return Err(IamError::constraint(
                "globalEndpointTokenVersion",
                other,
                "Member must satisfy enum value set: [v1Token, v2Token]",
            ));
        }
    };
    let account_id = principal.account_id();
    let action = "iam:SetSecurityTokenServicePreferences";
    authz::authorize_now(ctx, principal, account_id, action, "*").await?;
    let mut tx = ctx.begin().await?;
    store::accounts::set_global_endpoint_token_version(&mut tx, account_id, version)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::{server_certificates, signing_certificates};
    use crate::store::test_support::{test_ctx, test_root_and_user};

    async fn summary_value(ctx: &Ctx, principal: &Principal, key: &str) -> i64 {
        get_account_summary(ctx, principal)
            .await
            .unwrap()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .unwrap()
    }

    #[tokio::test]
    async fn the_summary_counts_certificates_and_keeps_the_token_version() {
        let (ctx, _, _dir) = test_ctx().await;
        let (root, dev) = test_root_and_user(&ctx, "dev").await;
        assert_eq!(summary_value(&ctx, &root, "ServerCertificates").await, 0);
        assert_eq!(
            summary_value(&ctx, &root, "AccountSigningCertificatesPresent").await,
            0
        );
        server_certificates::upload_server_certificate(
            &ctx,
            &root,
            server_certificates::NewServerCertificate {
                name: "www",
                path: None,
                body: include_str!("../../testdata/rsa-cert.pem"),
                private_key: include_str!("../../testdata/rsa-key.pem"),
                chain: None,
                tags: &[],
            },
        )
        .await
        .unwrap();
        // A user's certificate is not the root user's.
        signing_certificates::upload_signing_certificate(
            &ctx,
            &root,
            Some("dev"),
            include_str!("../../testdata/ec-cert.pem"),
        )
        .await
        .unwrap();
        assert_eq!(
            summary_value(&ctx, &root, "AccountSigningCertificatesPresent").await,
            0
        );
        signing_certificates::upload_signing_certificate(
            &ctx,
            &root,
            None,
            include_str!("../../testdata/rsa-cert.pem"),
        )
        .await
        .unwrap();
        assert_eq!(summary_value(&ctx, &root, "ServerCertificates").await, 1);
        assert_eq!(
            summary_value(&ctx, &root, "AccountSigningCertificatesPresent").await,
            1
        );

        assert_eq!(
            summary_value(&ctx, &root, "GlobalEndpointTokenVersion").await,
            1
        );
        let denied = set_security_token_service_preferences(&ctx, &dev, "v2Token")
            .await
            .unwrap_err();
        assert_eq!(denied.code, ErrorCode::AccessDenied);
        let invalid = set_security_token_service_preferences(&ctx, &root, "v3Token")
            .await
            .unwrap_err();
        assert_eq!(invalid.code, ErrorCode::ValidationError);
        set_security_token_service_preferences(&ctx, &root, "v2Token")
            .await
            .unwrap();
        assert_eq!(
            summary_value(&ctx, &root, "GlobalEndpointTokenVersion").await,
            2
        );
    }
}
