//! Customer managed policies, write side: `CreatePolicy`, `DeletePolicy`, `CreatePolicyVersion`,
//! `DeletePolicyVersion`, `SetDefaultPolicyVersion`, and `ListEntitiesForPolicy`.
//! AWS managed policies are read-only.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn::{self, parse_policy_arn};
use crate::model::ids::{IdPrefix, encode_id};
use crate::model::names::{NameKind, validate_name};
use crate::model::path::{ROOT_PATH, validate_path};
use crate::model::tags::{Tag, validate_tags};
use crate::ops::policies::{Policy, PolicyVersion, describe};
use crate::ops::{Principal, authz, tags};
use crate::policy::{PolicyKind, non_whitespace_len, parse_policy};
use crate::store::{self, db_error, policies::PolicyRow};

pub const POLICIES_PER_ACCOUNT: i64 = 1500;
pub const MANAGED_POLICY_SIZE: usize = 6144;
pub const VERSIONS_PER_POLICY: usize = 5;
pub const POLICY_TAGS: &str = "policy";

/// Validates the `PolicyDocument` request member and the document itself.
pub fn validate_document(
    member: &str,
    document: &str,
    kind: PolicyKind,
    max_size: Option<usize>,
) -> IamResult<()> {
    let len = document.chars().count();
    if len == 0 || len > 131_072 {
        return Err(IamError::constraint(
            member,
            "…",
            "Member must have length less than or equal to 131072 and greater than or equal to 1",
        ));
    }
    if !document
        .chars()
        .all(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{ff}'))
    {
        return Err(IamError::constraint(
            member,
            "…",
            "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
        ));
    }
    parse_policy(document, kind)?;
    if let Some(max) = max_size
        && non_whitespace_len(document) > max
    {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for PolicySize: {max}"
        )));
    }
    Ok(())
}

#[derive(Debug, Clone, Default)]
pub struct CreatePolicyRequest {
    pub policy_name: String,
    pub path: Option<String>,
    pub policy_document: String,
    pub description: Option<String>,
    pub tags: Vec<Tag>,
}

pub async fn create_policy(
    ctx: &Ctx,
    principal: &Principal,
    req: CreatePolicyRequest,
) -> IamResult<Policy> {
    let path = req.path.clone().unwrap_or_else(|| ROOT_PATH.to_owned());
    validate_name(NameKind::Policy, "policyName", &req.policy_name)?;
    validate_path("path", &path)?;
    if req
        .description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 1000)
    {
        return Err(IamError::constraint(
            "description",
            "…",
            "Member must have length less than or equal to 1000",
        ));
    }
    validate_document(
        "policyDocument",
        &req.policy_document,
        PolicyKind::Managed,
        Some(MANAGED_POLICY_SIZE),
    )?;
    validate_tags(&req.tags, false)?;
    let account_id = principal.account_id().to_owned();
    let policy_arn = arn::policy_arn(&account_id, &path, &req.policy_name);
    authz::authorize_now(ctx, principal, &account_id, "iam:CreatePolicy", &policy_arn).await?;
    let exists = || {
        IamError::already_exists(format!(
            "A policy called {} already exists. Duplicate names are not allowed.",
            req.policy_name
        ))
    };
    let mut tx = ctx.begin().await?;
    if store::policies::exists_named(&mut tx, &account_id, &req.policy_name)
        .await
        .map_err(db_error)?
    {
        return Err(exists());
    }
    if store::policies::count(&mut tx, &account_id)
        .await
        .map_err(db_error)?
        >= POLICIES_PER_ACCOUNT
    {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for PoliciesPerAccount: {POLICIES_PER_ACCOUNT}"
        )));
    }
    let now = ctx.now();
    let row = PolicyRow {
        id: encode_id(IdPrefix::ManagedPolicy, &ctx.random_bytes::<17>()),
        account_id: account_id.clone(),
        arn: policy_arn.clone(),
        name: req.policy_name.clone(),
        path,
        description: req.description.clone(),
        default_version: 1,
        created_at: now,
        updated_at: now,
    };
    store::policies::insert(&mut tx, &row, &req.policy_document)
        .await
        .map_err(|e| {
            if store::is_unique_violation(&e) {
                exists()
            } else {
                db_error(e)
            }
        })?;
    tags::merge_tags(&mut tx, &account_id, POLICY_TAGS, &row.id, &req.tags, false).await?;
    tx.commit().await.map_err(db_error)?;
    describe(ctx, &account_id, &policy_arn).await
}

/// Loads a customer managed policy of the caller's account for a write; AWS managed policies
/// cannot be changed.
async fn writable(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy_arn: &str,
) -> IamResult<PolicyRow> {
    let parsed = parse_policy_arn(policy_arn)?;
    if parsed.is_aws_managed() {
        return Err(IamError::invalid_input(format!(
            "Policy {policy_arn} is an AWS managed policy: it cannot be changed or deleted."
        )));
    }
    store::policies::find_by_arn(conn, policy_arn)
        .await
        .map_err(db_error)?
        .filter(|row| row.account_id == account_id)
        .ok_or_else(|| IamError::no_such_entity(format!("Policy {policy_arn} was not found.")))
}

/// Parses a `VersionId` (`v1`, `v2`, …).
fn version_number(version_id: &str) -> IamResult<i64> {
    version_id
        .strip_prefix('v')
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            IamError::constraint(
                "versionId",
                version_id,
                "Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?",
            )
        })
}

pub async fn delete_policy(ctx: &Ctx, principal: &Principal, policy_arn: &str) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    delete_policy_in(&mut tx, principal, policy_arn).await?;
    tx.commit().await.map_err(db_error)
}

/// `delete_policy` within the caller's transaction.
pub(crate) async fn delete_policy_in(
    tx: &mut SqliteConnection,
    principal: &Principal,
    policy_arn: &str,
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    authz::authorize(
        &mut *tx,
        principal,
        &account_id,
        "iam:DeletePolicy",
        policy_arn,
    )
    .await?;
    let policy = writable(&mut *tx, &account_id, policy_arn).await?;
    if store::attachments::count_for_policy(&mut *tx, &account_id, policy_arn)
        .await
        .map_err(db_error)?
        > 0
    {
        return Err(IamError::delete_conflict(
            "Cannot delete a policy attached to entities.",
        ));
    }
    if store::policies::versions(&mut *tx, &policy.id)
        .await
        .map_err(db_error)?
        .len()
        > 1
    {
        return Err(IamError::delete_conflict(
            "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
        ));
    }
    store::tags::remove_all(&mut *tx, POLICY_TAGS, &policy.id)
        .await
        .map_err(db_error)?;
    store::policies::delete(&mut *tx, &policy.id)
        .await
        .map_err(db_error)
}

pub async fn create_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
    document: &str,
    set_as_default: bool,
) -> IamResult<PolicyVersion> {
    let mut tx = ctx.begin().await?;
    let version = create_policy_version_in(
        ctx,
        &mut tx,
        principal,
        policy_arn,
        document,
        set_as_default,
    )
    .await?;
    tx.commit().await.map_err(db_error)?;
    Ok(version)
}

/// `create_policy_version` within the caller's transaction.
pub(crate) async fn create_policy_version_in(
    ctx: &Ctx,
    tx: &mut SqliteConnection,
    principal: &Principal,
    policy_arn: &str,
    document: &str,
    set_as_default: bool,
) -> IamResult<PolicyVersion> {
    let account_id = principal.account_id().to_owned();
    authz::authorize(
        &mut *tx,
        principal,
        &account_id,
        "iam:CreatePolicyVersion",
        policy_arn,
    )
    .await?;
    validate_document(
        "policyDocument",
        document,
        PolicyKind::Managed,
        Some(MANAGED_POLICY_SIZE),
    )?;
    let policy = writable(&mut *tx, &account_id, policy_arn).await?;
    if store::policies::versions(&mut *tx, &policy.id)
        .await
        .map_err(db_error)?
        .len()
        >= VERSIONS_PER_POLICY
    {
        return Err(IamError::limit_exceeded(
            "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
        ));
    }
    let now = ctx.now();
    let version = store::policies::add_version(&mut *tx, &policy.id, document, now)
        .await
        .map_err(db_error)?;
    if set_as_default {
        store::policies::set_default(&mut *tx, &policy.id, version, now)
            .await
            .map_err(db_error)?;
    }
    Ok(PolicyVersion {
        document: document.to_owned(),
        version_id: format!("v{version}"),
        is_default_version: set_as_default,
        create_date: crate::ops::timestamp(now),
    })
}

pub async fn delete_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
    version_id: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    delete_policy_version_in(&mut tx, principal, policy_arn, version_id).await?;
    tx.commit().await.map_err(db_error)
}

/// `delete_policy_version` within the caller's transaction.
pub(crate) async fn delete_policy_version_in(
    tx: &mut SqliteConnection,
    principal: &Principal,
    policy_arn: &str,
    version_id: &str,
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    let number = version_number(version_id)?;
    authz::authorize(
        &mut *tx,
        principal,
        &account_id,
        "iam:DeletePolicyVersion",
        policy_arn,
    )
    .await?;
    let policy = writable(&mut *tx, &account_id, policy_arn).await?;
    let versions = store::policies::versions(&mut *tx, &policy.id)
        .await
        .map_err(db_error)?;
    if !versions.iter().any(|v| v.version == number) {
        return Err(IamError::no_such_entity(format!(
            "Policy {policy_arn} version {version_id} does not exist or is not deletable."
        )));
    }
    if policy.default_version == number {
        return Err(IamError::delete_conflict(
            "Cannot delete the default version of a policy.",
        ));
    }
    store::policies::delete_version(&mut *tx, &policy.id, number)
        .await
        .map_err(db_error)
}

pub async fn set_default_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
    version_id: &str,
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    let number = version_number(version_id)?;
    authz::authorize_now(
        ctx,
        principal,
        &account_id,
        "iam:SetDefaultPolicyVersion",
        policy_arn,
    )
    .await?;
    let mut tx = ctx.begin().await?;
    let policy = writable(&mut tx, &account_id, policy_arn).await?;
    let versions = store::policies::versions(&mut tx, &policy.id)
        .await
        .map_err(db_error)?;
    if !versions.iter().any(|v| v.version == number) {
        return Err(IamError::no_such_entity(format!(
            "Policy {policy_arn} version {version_id} does not exist."
        )));
    }
    store::policies::set_default(&mut tx, &policy.id, number, ctx.now())
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// The users, groups and roles a policy is attached to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyEntities {
    /// `(name, unique ID)` pairs.
    pub groups: Vec<(String, String)>,
    pub users: Vec<(String, String)>,
    pub roles: Vec<(String, String)>,
}

pub async fn list_entities_for_policy(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
    filter: Option<&str>,
) -> IamResult<PolicyEntities> {
    let account_id = principal.account_id().to_owned();
    authz::authorize_now(
        ctx,
        principal,
        &account_id,
        "iam:ListEntitiesForPolicy",
        policy_arn,
    )
    .await?;
    let policy = describe(ctx, &account_id, policy_arn).await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let (users, groups, roles) =
        store::attachments::entities_for_policy(&mut conn, &account_id, &policy.arn)
            .await
            .map_err(db_error)?;
    let wants = |kind: &str| filter.is_none_or(|f| f == kind);
    Ok(PolicyEntities {
        users: if wants("User") { users } else { Vec::new() },
        groups: if wants("Group") { groups } else { Vec::new() },
        roles: if wants("Role") { roles } else { Vec::new() },
    })
}

/// The users and roles that use a policy as their permissions boundary: `(users, roles)` names.
/// Authorized as `iam:ListEntitiesForPolicy`, whose `PermissionsBoundary` usage filter it
/// answers.
pub async fn list_boundary_entities(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
) -> IamResult<(Vec<String>, Vec<String>)> {
    let account_id = principal.account_id().to_owned();
    authz::authorize_now(
        ctx,
        principal,
        &account_id,
        "iam:ListEntitiesForPolicy",
        policy_arn,
    )
    .await?;
    let policy = describe(ctx, &account_id, policy_arn).await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    store::policies::boundary_users_and_roles(&mut conn, &account_id, &policy.arn)
        .await
        .map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::attachments::{EntityKind, attach_policy, detach_policy};
    use crate::ops::policies::{get_policy_version, list_policy_versions};
    use crate::ops::users::{CreateUserRequest, create_user};
    use crate::store::test_support::{test_account, test_ctx};

    fn doc(action: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#
        )
    }

    #[tokio::test]
    async fn boundary_use_counts_users_and_roles() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let boundary = "arn:aws:iam::aws:policy/PowerUserAccess";
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "bounded".into(),
                path: None,
                permissions_boundary: Some(boundary.into()),
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
        crate::ops::roles::create_role(
            &ctx,
            &root,
            crate::ops::roles::CreateRoleRequest {
                role_name: "bounded-role".into(),
                assume_role_policy_document: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#.into(),
                permissions_boundary: Some(boundary.into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let policy = crate::ops::policies::get_policy(&ctx, &root, boundary)
            .await
            .unwrap();
        assert_eq!(policy.permissions_boundary_usage_count, 2);
        let (users, roles) = list_boundary_entities(&ctx, &root, boundary).await.unwrap();
        assert_eq!(
            (users, roles),
            (vec!["bounded".to_owned()], vec!["bounded-role".to_owned()])
        );
    }

    #[tokio::test]
    async fn versions_lifecycle_and_delete_rules() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let req = CreatePolicyRequest {
            policy_name: "p1".into(),
            policy_document: doc("s3:*"),
            description: Some("mine".into()),
            ..Default::default()
        };
        let policy = create_policy(&ctx, &root, req.clone()).await.unwrap();
        assert_eq!(
            (
                policy.default_version_id.as_str(),
                policy.description.as_deref()
            ),
            ("v1", Some("mine"))
        );
        assert_eq!(
            create_policy(&ctx, &root, req).await.unwrap_err().code,
            ErrorCode::EntityAlreadyExists
        );

        for i in 2..=5 {
            let v = create_policy_version(
                &ctx,
                &root,
                &policy.arn,
                &doc(&format!("ec2:Action{i}")),
                i == 3,
            )
            .await
            .unwrap();
            assert_eq!(v.version_id, format!("v{i}"));
        }
        let sixth = create_policy_version(&ctx, &root, &policy.arn, &doc("iam:*"), false)
            .await
            .unwrap_err();
        assert_eq!(sixth.code, ErrorCode::LimitExceeded);
        assert!(
            get_policy_version(&ctx, &root, &policy.arn, "v3")
                .await
                .unwrap()
                .is_default_version
        );
        assert_eq!(
            delete_policy_version(&ctx, &root, &policy.arn, "v3")
                .await
                .unwrap_err()
                .message,
            "Cannot delete the default version of a policy."
        );
        delete_policy_version(&ctx, &root, &policy.arn, "v5")
            .await
            .unwrap();
        let v6 = create_policy_version(&ctx, &root, &policy.arn, &doc("iam:*"), false)
            .await
            .unwrap();
        assert_eq!(v6.version_id, "v6", "version numbers are never reused");
        set_default_policy_version(&ctx, &root, &policy.arn, "v6")
            .await
            .unwrap();

        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "holder".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        attach_policy(&ctx, &root, EntityKind::User, "holder", &policy.arn)
            .await
            .unwrap();
        let entities = list_entities_for_policy(&ctx, &root, &policy.arn, None)
            .await
            .unwrap();
        assert_eq!(entities.users.len(), 1);
        assert_eq!(
            delete_policy(&ctx, &root, &policy.arn)
                .await
                .unwrap_err()
                .message,
            "Cannot delete a policy attached to entities."
        );
        detach_policy(&ctx, &root, EntityKind::User, "holder", &policy.arn)
            .await
            .unwrap();
        assert_eq!(
            delete_policy(&ctx, &root, &policy.arn)
                .await
                .unwrap_err()
                .code,
            ErrorCode::DeleteConflict
        );
        for v in list_policy_versions(&ctx, &root, &policy.arn)
            .await
            .unwrap()
        {
            if !v.is_default_version {
                delete_policy_version(&ctx, &root, &policy.arn, &v.version_id)
                    .await
                    .unwrap();
            }
        }
        delete_policy(&ctx, &root, &policy.arn).await.unwrap();
    }

    #[tokio::test]
    async fn documents_are_validated_and_sized() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let bad = CreatePolicyRequest {
            policy_name: "bad".into(),
            policy_document: r#"{"Version":"2022-05-11","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#.into(),
            ..Default::default()
        };
        let err = create_policy(&ctx, &root, bad).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedPolicyDocument);
        assert!(err.message.contains("2012-10-17"));
        let huge = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:*","Resource":["{}"]}}]}}"#,
            "x".repeat(6200)
        );
        let big = CreatePolicyRequest {
            policy_name: "big".into(),
            policy_document: huge,
            ..Default::default()
        };
        assert_eq!(
            create_policy(&ctx, &root, big).await.unwrap_err().message,
            "Cannot exceed quota for PolicySize: 6144"
        );
        let aws = delete_policy(&ctx, &root, "arn:aws:iam::aws:policy/AdministratorAccess")
            .await
            .unwrap_err();
        assert_eq!(aws.code, ErrorCode::InvalidInput);
    }
}
