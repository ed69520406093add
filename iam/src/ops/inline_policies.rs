//! Inline policies of users and groups: `Put*Policy`, `Get*Policy`, `List*Policies`,
//! `Delete*Policy`. The documents of one entity share a size quota (whitespace not counted).

use sqlx::SqliteConnection;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::names::{NameKind, validate_name};
use crate::ops::attachments::{Entity, EntityKind, load_entity};
use crate::ops::managed_policies::validate_document;
use crate::ops::paging::{Page, PageRequest, paginate};
use crate::ops::{Principal, authz};
use crate::policy::{PolicyKind, non_whitespace_len};
use crate::store::{self, db_error};

/// The aggregate inline policy size quotas.
pub const USER_POLICY_SIZE: usize = 2048;
pub const GROUP_POLICY_SIZE: usize = 5120;
pub const ROLE_POLICY_SIZE: usize = 10240;

/// An inline policy and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlinePolicy {
    pub entity_name: String,
    pub policy_name: String,
    pub policy_document: String,
}

impl EntityKind {
    fn size_quota(self) -> usize {
        match self {
            Self::User => USER_POLICY_SIZE,
            Self::Group => GROUP_POLICY_SIZE,
            Self::Role => ROLE_POLICY_SIZE,
        }
    }
}

pub async fn put_policy(
    ctx: &Ctx,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    policy_name: &str,
    document: &str,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    put_policy_in(&mut tx, principal, kind, name, policy_name, document).await?;
    tx.commit().await.map_err(db_error)
}

/// `put_policy` within the caller's transaction.
pub(crate) async fn put_policy_in(
    tx: &mut sqlx::SqliteConnection,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    policy_name: &str,
    document: &str,
) -> IamResult<()> {
    validate_name(NameKind::Policy, "policyName", policy_name)?;
    validate_document("policyDocument", document, PolicyKind::Inline, None)?;
    let account_id = principal.account_id().to_owned();
    let entity = load_entity(&mut *tx, &account_id, kind, name).await?;
    authz::authorize(
        &mut *tx,
        principal,
        &account_id,
        &format!("iam:Put{}Policy", kind.api_name()),
        &entity.arn,
    )
    .await?;
    entity.ensure_modifiable(kind)?;
    let others: usize = store::inline_policies::all(&mut *tx, kind.table_name(), &entity.id)
        .await
        .map_err(db_error)?
        .iter()
        .filter(|(n, _)| n != policy_name)
        .map(|(_, d)| non_whitespace_len(d))
        .sum();
    if others + non_whitespace_len(document) > kind.size_quota() {
        return Err(IamError::limit_exceeded(format!(
            "Maximum policy size of {} bytes exceeded for {} {}",
            kind.size_quota(),
            kind.table_name(),
            entity.name
        )));
    }
    store::inline_policies::put(
        &mut *tx,
        &account_id,
        kind.table_name(),
        &entity.id,
        policy_name,
        document,
    )
    .await
    .map_err(db_error)?;
    Ok(())
}

pub async fn get_policy(
    ctx: &Ctx,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    policy_name: &str,
) -> IamResult<InlinePolicy> {
    validate_name(NameKind::Policy, "policyName", policy_name)?;
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let entity = load_entity(&mut conn, account_id, kind, name).await?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        &format!("iam:Get{}Policy", kind.api_name()),
        &entity.arn,
    )
    .await?;
    let document =
        store::inline_policies::find(&mut conn, kind.table_name(), &entity.id, policy_name)
            .await
            .map_err(db_error)?
            .ok_or_else(|| {
                IamError::no_such_entity(format!(
                    "The {} policy with name {policy_name} cannot be found.",
                    kind.table_name()
                ))
            })?;
    Ok(InlinePolicy {
        entity_name: entity.name,
        policy_name: policy_name.to_owned(),
        policy_document: document,
    })
}

pub async fn list_policies(
    ctx: &Ctx,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    page: &PageRequest,
) -> IamResult<Page<String>> {
    let limit = page.limit()?;
    let list = format!("inline-{}", kind.table_name());
    let after = page.after(&list)?.unwrap_or_default();
    let account_id = principal.account_id();
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let entity = load_entity(&mut conn, account_id, kind, name).await?;
    authz::authorize(
        &mut conn,
        principal,
        account_id,
        &format!("iam:List{}Policies", kind.api_name()),
        &entity.arn,
    )
    .await?;
    let mut names: Vec<String> =
        store::inline_policies::all(&mut conn, kind.table_name(), &entity.id)
            .await
            .map_err(db_error)?
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| *n > after)
            .collect();
    names.truncate(limit as usize + 1);
    Ok(paginate(names, limit, &list, Clone::clone, |n| n))
}

pub async fn delete_policy(
    ctx: &Ctx,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    policy_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::Policy, "policyName", policy_name)?;
    let mut tx = ctx.begin().await?;
    let entity = load_entity(&mut tx, principal.account_id(), kind, name).await?;
    if !delete_in(&mut tx, principal, kind, &entity, policy_name).await? {
        return Err(IamError::no_such_entity(format!(
            "The {} policy with name {policy_name} cannot be found.",
            kind.table_name()
        )));
    }
    tx.commit().await.map_err(db_error)
}

/// `Delete{Kind}Policy` on a loaded entity within the caller's transaction; whether the policy
/// existed.
pub(crate) async fn delete_in(
    tx: &mut SqliteConnection,
    principal: &Principal,
    kind: EntityKind,
    entity: &Entity,
    policy_name: &str,
) -> IamResult<bool> {
    authz::authorize(
        tx,
        principal,
        principal.account_id(),
        &format!("iam:Delete{}Policy", kind.api_name()),
        &entity.arn,
    )
    .await?;
    entity.ensure_modifiable(kind)?;
    store::inline_policies::delete(tx, kind.table_name(), &entity.id, policy_name)
        .await
        .map_err(db_error)
}

/// Deletes every inline policy of an entity, each as its own `Delete{Kind}Policy`: a step of
/// the console's deletions.
pub(crate) async fn delete_all_in(
    tx: &mut SqliteConnection,
    principal: &Principal,
    kind: EntityKind,
    entity: &Entity,
) -> IamResult<()> {
    let policies = store::inline_policies::all(tx, kind.table_name(), &entity.id)
        .await
        .map_err(db_error)?;
    for (name, _) in policies {
        delete_in(tx, principal, kind, entity, &name).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::users::{CreateUserRequest, create_user, delete_user};
    use crate::store::test_support::{test_account, test_ctx};

    const DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;

    #[tokio::test]
    async fn put_get_list_delete_and_quota() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "inl".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        put_policy(&ctx, &root, EntityKind::User, "inl", "read", DOC)
            .await
            .unwrap();
        put_policy(&ctx, &root, EntityKind::User, "inl", "read", DOC)
            .await
            .unwrap();
        assert_eq!(
            get_policy(&ctx, &root, EntityKind::User, "inl", "read")
                .await
                .unwrap()
                .policy_document,
            DOC
        );
        assert_eq!(
            list_policies(
                &ctx,
                &root,
                EntityKind::User,
                "inl",
                &PageRequest::default()
            )
            .await
            .unwrap()
            .items,
            ["read"]
        );
        assert_eq!(
            delete_user(&ctx, &root, "inl").await.unwrap_err().message,
            "Cannot delete entity, must delete policies first."
        );

        let big = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"s3:GetObject","Resource":["{}"]}}]}}"#,
            "a".repeat(2000)
        );
        let err = put_policy(&ctx, &root, EntityKind::User, "inl", "big", &big)
            .await
            .unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (
                ErrorCode::LimitExceeded,
                "Maximum policy size of 2048 bytes exceeded for user inl"
            )
        );
        let bad = put_policy(
            &ctx,
            &root,
            EntityKind::User,
            "inl",
            "bad",
            r#"{"Version":"2022-05-11","Statement":[]}"#,
        )
        .await
        .unwrap_err();
        assert_eq!(bad.code, ErrorCode::MalformedPolicyDocument);

        delete_policy(&ctx, &root, EntityKind::User, "inl", "read")
            .await
            .unwrap();
        assert_eq!(
            delete_policy(&ctx, &root, EntityKind::User, "inl", "read")
                .await
                .unwrap_err()
                .code,
            ErrorCode::NoSuchEntity
        );
        delete_user(&ctx, &root, "inl").await.unwrap();
    }
}
