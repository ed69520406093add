//! Managed-policy attachments: `AttachUserPolicy`, `DetachUserPolicy`,
//! `ListAttachedUserPolicies` and the same for groups and roles.

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use crate::catalog;
use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::arn::{self, parse_policy_arn};
use crate::model::names::{NameKind, validate_name};
use crate::model::path::{ROOT_PATH, validate_path_prefix};
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::{Principal, authz, groups, roles, users};
use crate::store::{self, db_error};

/// AWS's quota of managed policies per user, group or role.
pub const POLICIES_PER_ENTITY: i64 = 10;

/// What a policy can be attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    User,
    Group,
    Role,
}

impl EntityKind {
    pub(crate) fn table_name(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Group => "group",
            Self::Role => "role",
        }
    }

    pub(crate) fn api_name(self) -> &'static str {
        match self {
            Self::User => "User",
            Self::Group => "Group",
            Self::Role => "Role",
        }
    }

    fn member(self) -> &'static str {
        match self {
            Self::User => "userName",
            Self::Group => "groupName",
            Self::Role => "roleName",
        }
    }
}

/// An attached policy as the `ListAttached*Policies` results show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

/// The user or group an operation acts on.
pub(crate) struct Entity {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) arn: String,
}

impl Entity {
    /// Refuses to change the policies of a service-linked role.
    pub(crate) fn ensure_modifiable(&self, kind: EntityKind) -> IamResult<()> {
        let service_linked = self
            .arn
            .split_once(":role")
            .is_some_and(|(_, path)| roles::is_service_linked(path));
        if kind == EntityKind::Role && service_linked {
            Err(roles::protected_role(&self.name))
        } else {
            Ok(())
        }
    }
}

pub(crate) async fn load_entity(
    conn: &mut SqliteConnection,
    account_id: &str,
    kind: EntityKind,
    name: &str,
) -> IamResult<Entity> {
    match kind {
        EntityKind::User => {
            validate_name(NameKind::ExistingUser, kind.member(), name)?;
            let user = users::load(conn, account_id, name).await?;
            Ok(Entity {
                arn: arn::user_arn(account_id, &user.path, &user.name),
                id: user.id,
                name: user.name,
            })
        }
        EntityKind::Group => {
            validate_name(NameKind::Group, kind.member(), name)?;
            let group = groups::load(conn, account_id, name).await?;
            Ok(Entity {
                arn: arn::group_arn(account_id, &group.path, &group.name),
                id: group.id,
                name: group.name,
            })
        }
        EntityKind::Role => {
            validate_name(NameKind::Role, kind.member(), name)?;
            let role = roles::load(conn, account_id, name).await?;
            Ok(Entity {
                arn: arn::role_arn(account_id, &role.path, &role.name),
                id: role.id,
                name: role.name,
            })
        }
    }
}

/// The user, group or role an ARN of this account names: `InvalidInput` for an ARN of another
/// kind, `NoSuchEntity` for one that names nothing here (another account, another path).
pub(crate) async fn load_entity_by_arn(
    conn: &mut SqliteConnection,
    account_id: &str,
    entity_arn: &str,
) -> IamResult<(EntityKind, Entity)> {
    let invalid = || IamError::invalid_input(format!("Invalid ARN: {entity_arn}"));
    let missing = || IamError::no_such_entity(format!("{entity_arn} does not exist."));
    let rest = entity_arn
        .strip_prefix("arn:aws:iam::")
        .ok_or_else(invalid)?;
    let (account, resource) = rest.split_once(':').ok_or_else(invalid)?;
    let (kind, path_and_name) = resource.split_once('/').ok_or_else(invalid)?;
    let kind = match kind {
        "user" => EntityKind::User,
        "group" => EntityKind::Group,
        "role" => EntityKind::Role,
        _ => return Err(invalid()),
    };
    if account != account_id {
        return Err(missing());
    }
    let name = path_and_name.rsplit('/').next().unwrap_or(path_and_name);
    let entity = load_entity(conn, account_id, kind, name)
        .await
        .map_err(|_| missing())?;
    if entity.arn != entity_arn {
        return Err(missing());
    }
    Ok((kind, entity))
}

/// Checks that `policy_arn` names a policy this account can attach, and returns its path and
/// name.
pub(crate) async fn attachable_policy(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy_arn: &str,
) -> IamResult<(String, String)> {
    let parsed = parse_policy_arn(policy_arn)?;
    let missing = || {
        IamError::no_such_entity(format!(
            "Policy {policy_arn} does not exist or is not attachable."
        ))
    };
    if parsed.is_aws_managed() {
        let policy = catalog::aws_managed_policy(policy_arn).ok_or_else(missing)?;
        if !policy.is_attachable() {
            return Err(IamError::new(
                ErrorCode::PolicyNotAttachable,
                format!("Policy {policy_arn} does not exist or is not attachable."),
            ));
        }
        return Ok((policy.path.clone(), policy.name.clone()));
    }
    if parsed.account != account_id {
        return Err(missing());
    }
    let policy = store::policies::find_by_arn(conn, policy_arn)
        .await
        .map_err(db_error)?
        .ok_or_else(missing)?;
    Ok((policy.path, policy.name))
}

pub async fn attach_policy(
    ctx: &Ctx,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    policy_arn: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    attach_policy_in(ctx, &mut tx, principal, kind, name, policy_arn).await?;
    tx.commit().await.map_err(db_error)
}

/// `attach_policy` within the caller's transaction.
pub(crate) async fn attach_policy_in(
    ctx: &Ctx,
    tx: &mut SqliteConnection,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    policy_arn: &str,
) -> IamResult<()> {
    let account_id = principal.account_id().to_owned();
    let entity = load_entity(&mut *tx, &account_id, kind, name).await?;
    authz::authorize_with(
        &mut *tx,
        principal,
        &account_id,
        &format!("iam:Attach{}Policy", kind.api_name()),
        &entity.arn,
        &[("iam:PolicyARN", vec![policy_arn.to_owned()])],
    )
    .await?;
    entity.ensure_modifiable(kind)?;
    attachable_policy(&mut *tx, &account_id, policy_arn).await?;
    let attached = store::attachments::attach_within_quota(
        &mut *tx,
        &account_id,
        kind.table_name(),
        &entity.id,
        policy_arn,
        ctx.now(),
        POLICIES_PER_ENTITY,
    )
    .await
    .map_err(db_error)?;
    if attached == store::attachments::Attached::OverQuota {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for PoliciesPer{}: {POLICIES_PER_ENTITY}",
            kind.api_name()
        )));
    }
    Ok(())
}

pub async fn detach_policy(
    ctx: &Ctx,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    policy_arn: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let entity = load_entity(&mut tx, principal.account_id(), kind, name).await?;
    if !detach_in(&mut tx, principal, kind, &entity, policy_arn).await? {
        return Err(IamError::no_such_entity(format!(
            "Policy {policy_arn} was not found."
        )));
    }
    tx.commit().await.map_err(db_error)
}

/// `Detach{Kind}Policy` on a loaded entity within the caller's transaction; whether the policy
/// was attached.
pub(crate) async fn detach_in(
    tx: &mut SqliteConnection,
    principal: &Principal,
    kind: EntityKind,
    entity: &Entity,
    policy_arn: &str,
) -> IamResult<bool> {
    authz::authorize_with(
        tx,
        principal,
        principal.account_id(),
        &format!("iam:Detach{}Policy", kind.api_name()),
        &entity.arn,
        &[("iam:PolicyARN", vec![policy_arn.to_owned()])],
    )
    .await?;
    entity.ensure_modifiable(kind)?;
    parse_policy_arn(policy_arn)?;
    store::attachments::detach(tx, kind.table_name(), &entity.id, policy_arn)
        .await
        .map_err(db_error)
}

/// Detaches every managed policy of an entity, each as its own `Detach{Kind}Policy`: a step of
/// the console's deletions.
pub(crate) async fn detach_all_in(
    tx: &mut SqliteConnection,
    principal: &Principal,
    kind: EntityKind,
    entity: &Entity,
) -> IamResult<()> {
    let attached = store::attachments::list_for(tx, kind.table_name(), &entity.id, None, 1000)
        .await
        .map_err(db_error)?;
    for policy_arn in attached {
        detach_in(tx, principal, kind, entity, &policy_arn).await?;
    }
    Ok(())
}

pub async fn list_attached_policies(
    ctx: &Ctx,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    path_prefix: Option<&str>,
    page: &PageRequest,
) -> IamResult<Page<AttachedPolicy>> {
    let prefix = path_prefix.unwrap_or(ROOT_PATH);
    validate_path_prefix(prefix)?;
    let limit = page.limit()?;
    let list = format!("attached-{}", kind.table_name());
    let after = page.after(&list)?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let entity = load_entity(&mut conn, account_id, kind, name).await?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        &format!("iam:ListAttached{}Policies", kind.api_name()),
        &entity.arn,
    )
    .await?;
    let arns = store::attachments::list_for(
        &mut conn,
        kind.table_name(),
        &entity.id,
        after.as_deref(),
        limit + 1,
    )
    .await
    .map_err(db_error)?;
    let mut rows = Vec::with_capacity(arns.len());
    for policy_arn in arns {
        if let Ok(parsed) = parse_policy_arn(&policy_arn)
            && parsed.path.starts_with(prefix)
        {
            rows.push(AttachedPolicy {
                policy_name: parsed.name,
                policy_arn,
            });
        }
    }
    Ok(paginate(
        rows,
        limit,
        &list,
        |p| p.policy_arn.clone(),
        |p| p,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::users::{CreateUserRequest, create_user, delete_user};
    use crate::store::test_support::{test_account, test_ctx};

    const ADMIN: &str = "arn:aws:iam::aws:policy/AdministratorAccess";

    #[tokio::test]
    async fn attach_list_detach_for_users_and_groups() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "ops".into(),
                path: None,
                permissions_boundary: None,
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
        groups::create_group(&ctx, &root, "devs", None)
            .await
            .unwrap();
        for kind in [EntityKind::User, EntityKind::Group] {
            let name = if kind == EntityKind::User {
                "ops"
            } else {
                "devs"
            };
            attach_policy(&ctx, &root, kind, name, ADMIN).await.unwrap();
            attach_policy(&ctx, &root, kind, name, ADMIN).await.unwrap();
            attach_policy(
                &ctx,
                &root,
                kind,
                name,
                "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
            )
            .await
            .unwrap();
            let listed =
                list_attached_policies(&ctx, &root, kind, name, None, &PageRequest::default())
                    .await
                    .unwrap();
            let names: Vec<_> = listed
                .items
                .iter()
                .map(|p| p.policy_name.as_str())
                .collect();
            assert_eq!(names, ["AdministratorAccess", "AmazonEC2FullAccess"]);
        }
        assert_eq!(
            delete_user(&ctx, &root, "ops").await.unwrap_err().message,
            "Cannot delete entity, must detach all policies first."
        );
        detach_policy(&ctx, &root, EntityKind::User, "ops", ADMIN)
            .await
            .unwrap();
        assert_eq!(
            detach_policy(&ctx, &root, EntityKind::User, "ops", ADMIN)
                .await
                .unwrap_err()
                .code,
            ErrorCode::NoSuchEntity
        );
    }

    #[tokio::test]
    async fn unknown_invalid_and_service_linked_policies_are_refused() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "u".into(),
                path: None,
                permissions_boundary: None,
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
        let missing = attach_policy(
            &ctx,
            &root,
            EntityKind::User,
            "u",
            "arn:aws:iam::aws:policy/Nope",
        )
        .await
        .unwrap_err();
        assert_eq!(
            (missing.code, missing.message.as_str()),
            (
                ErrorCode::NoSuchEntity,
                "Policy arn:aws:iam::aws:policy/Nope does not exist or is not attachable."
            )
        );
        let invalid = attach_policy(&ctx, &root, EntityKind::User, "u", "AdministratorAccess")
            .await
            .unwrap_err();
        assert_eq!(invalid.code, ErrorCode::InvalidInput);
        let linked = catalog::aws_managed_policies()
            .iter()
            .find(|p| !p.is_attachable())
            .unwrap();
        let err = attach_policy(&ctx, &root, EntityKind::User, "u", &linked.arn)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::PolicyNotAttachable);
    }

    #[tokio::test]
    async fn at_most_ten_policies_per_entity() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "many".into(),
                path: None,
                permissions_boundary: None,
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
        let arns: Vec<_> = catalog::aws_managed_policies()
            .iter()
            .filter(|p| p.is_attachable())
            .take(11)
            .map(|p| p.arn.clone())
            .collect();
        for arn in &arns[..10] {
            attach_policy(&ctx, &root, EntityKind::User, "many", arn)
                .await
                .unwrap();
        }
        let err = attach_policy(&ctx, &root, EntityKind::User, "many", &arns[10])
            .await
            .unwrap_err();
        assert_eq!(err.message, "Cannot exceed quota for PoliciesPerUser: 10");
        // Attaching one of the ten again, at the quota, is no change and no error.
        attach_policy(&ctx, &root, EntityKind::User, "many", &arns[3])
            .await
            .unwrap();
        let all = list_attached_policies(
            &ctx,
            &root,
            EntityKind::User,
            "many",
            None,
            &PageRequest::default(),
        )
        .await
        .unwrap();
        assert_eq!(
            all.items.len(),
            10,
            "the refused attachment was rolled back"
        );
    }
}
