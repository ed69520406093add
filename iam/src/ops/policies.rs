//! Managed policies, read side: `GetPolicy`, `GetPolicyVersion`, `ListPolicies`,
//! `ListPolicyVersions` over the AWS managed catalog and the account's customer managed
//! policies.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::catalog::{self, AwsManagedPolicy};
use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn::parse_policy_arn;
use crate::model::path::{ROOT_PATH, validate_path_prefix};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::{Principal, authz, timestamp};
use crate::store::{self, db_error};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub policy_name: String,
    pub policy_id: String,
    pub arn: String,
    pub path: String,
    pub default_version_id: String,
    pub attachment_count: i64,
    pub permissions_boundary_usage_count: i64,
    pub is_attachable: bool,
    pub description: Option<String>,
    pub create_date: OffsetDateTime,
    pub update_date: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersion {
    pub document: String,
    pub version_id: String,
    pub is_default_version: bool,
    pub create_date: OffsetDateTime,
}

/// Which policies `ListPolicies` returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    Aws,
    Local,
}

impl Scope {
    pub fn parse(value: &str) -> IamResult<Self> {
        match value {
            "All" => Ok(Self::All),
            "AWS" => Ok(Self::Aws),
            "Local" => Ok(Self::Local),
            other => Err(IamError::constraint(
                "scope",
                other,
                "Member must satisfy enum value set: [All, AWS, Local]",
            )),
        }
    }
}

/// `PolicyUsageFilter`: permissions policies or permissions boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageFilter {
    PermissionsPolicy,
    PermissionsBoundary,
}

impl UsageFilter {
    pub fn parse(value: &str) -> IamResult<Self> {
        match value {
            "PermissionsPolicy" => Ok(Self::PermissionsPolicy),
            "PermissionsBoundary" => Ok(Self::PermissionsBoundary),
            other => Err(IamError::constraint(
                "policyUsageFilter",
                other,
                "Member must satisfy enum value set: [PermissionsPolicy, PermissionsBoundary]",
            )),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ListPoliciesRequest {
    pub scope: Scope,
    pub only_attached: bool,
    pub path_prefix: Option<String>,
    pub usage_filter: Option<UsageFilter>,
}

fn from_aws(policy: &AwsManagedPolicy, attachment_count: i64) -> Policy {
    Policy {
        policy_name: policy.name.clone(),
        policy_id: policy.policy_id.clone(),
        arn: policy.arn.clone(),
        path: policy.path.clone(),
        default_version_id: policy.default_version_id.clone(),
        attachment_count,
        permissions_boundary_usage_count: 0,
        is_attachable: policy.is_attachable(),
        description: None,
        create_date: policy.create_date,
        update_date: policy.update_date,
    }
}

fn from_row(row: store::policies::PolicyRow, attachment_count: i64) -> Policy {
    Policy {
        policy_name: row.name,
        policy_id: row.id,
        arn: row.arn,
        path: row.path,
        default_version_id: format!("v{}", row.default_version),
        attachment_count,
        permissions_boundary_usage_count: 0,
        is_attachable: true,
        description: row.description,
        create_date: timestamp(row.created_at),
        update_date: timestamp(row.updated_at),
    }
}

fn not_found(arn: &str) -> IamError {
    IamError::no_such_entity(format!("Policy {arn} was not found."))
}

pub async fn get_policy(ctx: &Ctx, principal: &Principal, policy_arn: &str) -> IamResult<Policy> {
    let account_id = principal.account_id();
    parse_policy_arn(policy_arn)?;
    authz::authorize_now(ctx, principal, account_id, "iam:GetPolicy", policy_arn).await?;
    describe(ctx, account_id, policy_arn).await
}

/// A managed policy as `account_id` sees it, without authorization: for operations that
/// authorized their own action already.
pub(crate) async fn describe(ctx: &Ctx, account_id: &str, policy_arn: &str) -> IamResult<Policy> {
    let parsed = parse_policy_arn(policy_arn)?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let count = store::attachments::count_for_policy(&mut conn, account_id, policy_arn)
        .await
        .map_err(db_error)?;
    let (users, roles) =
        store::policies::boundary_users_and_roles(&mut conn, account_id, policy_arn)
            .await
            .map_err(db_error)?;
    let boundaries = (users.len() + roles.len()) as i64;
    let with_usage = |policy: Policy| Policy {
        permissions_boundary_usage_count: boundaries,
        ..policy
    };
    if parsed.is_aws_managed() {
        return catalog::aws_managed_policy(policy_arn)
            .map(|p| with_usage(from_aws(p, count)))
            .ok_or_else(|| not_found(policy_arn));
    }
    store::policies::find_by_arn(&mut conn, policy_arn)
        .await
        .map_err(db_error)?
        .filter(|row| row.account_id == account_id)
        .map(|row| with_usage(from_row(row, count)))
        .ok_or_else(|| not_found(policy_arn))
}

/// The document of a managed policy's default version (authorized as `GetPolicy` and
/// `GetPolicyVersion`).
pub async fn default_document(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
) -> IamResult<String> {
    let policy = get_policy(ctx, principal, policy_arn).await?;
    let version =
        get_policy_version(ctx, principal, policy_arn, &policy.default_version_id).await?;
    Ok(version.document)
}

pub async fn get_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
    version_id: &str,
) -> IamResult<PolicyVersion> {
    let account_id = principal.account_id();
    let parsed = parse_policy_arn(policy_arn)?;
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:GetPolicyVersion",
        policy_arn,
    )
    .await?;
    let version_missing = || {
        IamError::no_such_entity(format!(
            "Policy {policy_arn} version {version_id} does not exist or is not attachable."
        ))
    };
    if parsed.is_aws_managed() {
        let policy =
            catalog::aws_managed_policy(policy_arn).ok_or_else(|| not_found(policy_arn))?;
        // Only the default version's document ships with Latchkey.
        if policy.default_version_id != version_id {
            return Err(version_missing());
        }
        return Ok(PolicyVersion {
            document: policy.document.clone(),
            version_id: policy.default_version_id.clone(),
            is_default_version: true,
            create_date: policy.update_date,
        });
    }
    let (policy, versions) = customer_versions(ctx, account_id, policy_arn).await?;
    versions
        .into_iter()
        .map(|v| to_version(v, policy.default_version))
        .find(|v| v.version_id == version_id)
        .ok_or_else(version_missing)
}

/// A customer managed policy of the account and its versions.
async fn customer_versions(
    ctx: &Ctx,
    account_id: &str,
    policy_arn: &str,
) -> IamResult<(store::policies::PolicyRow, Vec<store::policies::VersionRow>)> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let policy = store::policies::find_by_arn(&mut conn, policy_arn)
        .await
        .map_err(db_error)?
        .filter(|row| row.account_id == account_id)
        .ok_or_else(|| not_found(policy_arn))?;
    let versions = store::policies::versions(&mut conn, &policy.id)
        .await
        .map_err(db_error)?;
    Ok((policy, versions))
}

fn to_version(row: store::policies::VersionRow, default_version: i64) -> PolicyVersion {
    PolicyVersion {
        document: row.document,
        version_id: format!("v{}", row.version),
        is_default_version: row.version == default_version,
        create_date: timestamp(row.created_at),
    }
}

pub async fn list_policy_versions(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
) -> IamResult<Vec<PolicyVersion>> {
    let account_id = principal.account_id();
    let parsed = parse_policy_arn(policy_arn)?;
    authz::authorize_now(
        ctx,
        principal,
        account_id,
        "iam:ListPolicyVersions",
        policy_arn,
    )
    .await?;
    if parsed.is_aws_managed() {
        let policy =
            catalog::aws_managed_policy(policy_arn).ok_or_else(|| not_found(policy_arn))?;
        return Ok(vec![PolicyVersion {
            document: String::new(),
            version_id: policy.default_version_id.clone(),
            is_default_version: true,
            create_date: policy.update_date,
        }]);
    }
    let (policy, versions) = customer_versions(ctx, account_id, policy_arn).await?;
    Ok(versions
        .into_iter()
        .map(|v| to_version(v, policy.default_version))
        .collect())
}

/// `ListPolicies`: AWS managed and customer managed policies in name order.
pub async fn list_policies(
    ctx: &Ctx,
    principal: &Principal,
    req: &ListPoliciesRequest,
    page: &PageRequest,
) -> IamResult<Page<Policy>> {
    let account_id = principal.account_id();
    let prefix = req.path_prefix.as_deref().unwrap_or(ROOT_PATH);
    validate_path_prefix(prefix)?;
    let limit = page.limit()?;
    let after = page.after("policies")?.unwrap_or_default();
    authz::authorize_now(ctx, principal, account_id, "iam:ListPolicies", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let attached = store::attachments::attached_arns(&mut conn, account_id)
        .await
        .map_err(db_error)?;
    let count_of =
        |arn: &str| i64::try_from(attached.iter().filter(|a| *a == arn).count()).unwrap_or(0);
    // Boundaries are not in use yet, so a PermissionsBoundary filter keeps what a boundary may
    // be: every managed policy. Attachability decides the PermissionsPolicy filter.
    let usage_ok = |attachable: bool| {
        !matches!(req.usage_filter, Some(UsageFilter::PermissionsPolicy)) || attachable
    };
    let mut rows: Vec<Policy> = Vec::new();
    if req.scope != Scope::Local {
        rows.extend(
            catalog::aws_managed_policies()
                .iter()
                .filter(|p| p.path.starts_with(prefix) && usage_ok(p.is_attachable()))
                .filter(|p| p.name.to_ascii_lowercase() > after)
                .map(|p| from_aws(p, count_of(&p.arn))),
        );
    }
    if req.scope != Scope::Aws {
        let local = store::policies::list(&mut conn, account_id, prefix, &after)
            .await
            .map_err(db_error)?;
        rows.extend(local.into_iter().map(|row| {
            let count = count_of(&row.arn);
            from_row(row, count)
        }));
    }
    if req.only_attached {
        rows.retain(|p| p.attachment_count > 0);
    }
    rows.sort_by_key(|p| (p.policy_name.to_ascii_lowercase(), p.arn.clone()));
    rows.truncate(limit as usize + 1);
    Ok(paginate(
        rows,
        limit,
        "policies",
        |p| p.policy_name.to_ascii_lowercase(),
        |p| p,
    ))
}

/// Every version of a managed policy with its document, without authorization (AWS managed
/// policies ship their default version only).
pub(crate) async fn versions_with_documents(
    ctx: &Ctx,
    account_id: &str,
    policy_arn: &str,
) -> IamResult<Vec<PolicyVersion>> {
    if parse_policy_arn(policy_arn)?.is_aws_managed() {
        let policy =
            catalog::aws_managed_policy(policy_arn).ok_or_else(|| not_found(policy_arn))?;
        return Ok(vec![PolicyVersion {
            document: policy.document.clone(),
            version_id: policy.default_version_id.clone(),
            is_default_version: true,
            create_date: policy.update_date,
        }]);
    }
    let (policy, versions) = customer_versions(ctx, account_id, policy_arn).await?;
    Ok(versions
        .into_iter()
        .map(|v| to_version(v, policy.default_version))
        .collect())
}
