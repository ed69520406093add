//! The console's group operations: the list with member and policy counts, "Create user group"
//! with its users and policies, adding several users at once, and "Delete" with everything that
//! hangs on the group. Each composite change is one transaction, every step authorized as its
//! own API action, so it happens entirely or not at all.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::context::Ctx;
use crate::error::IamResult;
use crate::model::arn;
use crate::model::names::{NameKind, validate_name};
use crate::ops::attachments::{self, Entity, EntityKind, attach_policy_in};
use crate::ops::groups::{Group, add_user_to_group_in, create_group_in, load};
use crate::ops::inline_policies;
use crate::ops::{Principal, authz, timestamp};
use crate::store::{self, db_error};

/// A row of the user groups list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupOverview {
    pub group_name: String,
    pub arn: String,
    pub create_date: OffsetDateTime,
    pub users: i64,
    /// Inline and attached policies together.
    pub policies: i64,
}

/// Every group of the account with its counts; needs `iam:ListGroups`.
pub async fn list_group_overview(
    ctx: &Ctx,
    principal: &Principal,
) -> IamResult<Vec<GroupOverview>> {
    let account_id = principal.account_id();
    authz::authorize_now(ctx, principal, account_id, "iam:ListGroups", "*").await?;
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let rows = store::groups::list_with_counts(&mut conn, account_id)
        .await
        .map_err(db_error)?;
    Ok(rows
        .into_iter()
        .map(|row| GroupOverview {
            arn: arn::group_arn(&row.account_id, &row.path, &row.name),
            group_name: row.name,
            create_date: timestamp(row.created_at),
            users: row.members,
            policies: row.policies,
        })
        .collect())
}

/// What "Create user group" asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGroup {
    pub group_name: String,
    pub user_names: Vec<String>,
    pub policy_arns: Vec<String>,
}

/// Creates the group, adds its users and attaches its policies, all or nothing.
pub async fn create_group_with_members(
    ctx: &Ctx,
    principal: &Principal,
    request: &NewGroup,
) -> IamResult<Group> {
    let mut tx = ctx.begin().await?;
    let name = &request.group_name;
    let group = create_group_in(ctx, &mut tx, principal, name, None).await?;
    for user in &request.user_names {
        add_user_to_group_in(ctx, &mut tx, principal, name, user).await?;
    }
    for arn in &request.policy_arns {
        attach_policy_in(ctx, &mut tx, principal, EntityKind::Group, name, arn).await?;
    }
    tx.commit().await.map_err(db_error)?;
    Ok(group)
}

/// Adds several users to a group, all or nothing.
pub async fn add_users_to_group(
    ctx: &Ctx,
    principal: &Principal,
    group_name: &str,
    user_names: &[String],
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    for user in user_names {
        add_user_to_group_in(ctx, &mut tx, principal, group_name, user).await?;
    }
    tx.commit().await.map_err(db_error)
}

/// Attaches several managed policies to a user, group or role, all or nothing.
pub async fn attach_policies(
    ctx: &Ctx,
    principal: &Principal,
    kind: EntityKind,
    name: &str,
    policy_arns: &[String],
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    for arn in policy_arns {
        attach_policy_in(ctx, &mut tx, principal, kind, name, arn).await?;
    }
    tx.commit().await.map_err(db_error)
}

/// The console's delete: removes the members, the inline policies and the attached policies,
/// then the group.
pub async fn delete_group_and_dependents(
    ctx: &Ctx,
    principal: &Principal,
    group_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::Group, "groupName", group_name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let group = load(&mut tx, &account_id, group_name).await?;
    let group_arn = arn::group_arn(&account_id, &group.path, &group.name);
    for user in store::groups::members(&mut tx, &group.id, None, u32::MAX)
        .await
        .map_err(db_error)?
    {
        authz::authorize(
            &mut tx,
            principal,
            &account_id,
            "iam:RemoveUserFromGroup",
            &group_arn,
        )
        .await?;
        store::groups::remove_member(&mut tx, &group.id, &user.id)
            .await
            .map_err(db_error)?;
    }
    let entity = Entity {
        id: group.id.clone(),
        name: group.name.clone(),
        arn: group_arn.clone(),
    };
    inline_policies::delete_all_in(&mut tx, principal, EntityKind::Group, &entity).await?;
    attachments::detach_all_in(&mut tx, principal, EntityKind::Group, &entity).await?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:DeleteGroup",
        &group_arn,
    )
    .await?;
    store::groups::delete(&mut tx, &group.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::groups::get_group;
    use crate::ops::inline_policies::put_policy;
    use crate::ops::paging::PageRequest;
    use crate::ops::users::{CreateUserRequest, create_user, get_user};
    use crate::store::test_support::{test_account, test_ctx};

    const READ_ONLY: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    async fn user(ctx: &Ctx, root: &Principal, name: &str) {
        create_user(
            ctx,
            root,
            CreateUserRequest {
                user_name: name.into(),
                path: None,
                permissions_boundary: None,
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn creates_lists_and_deletes_with_everything_attached() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        user(&ctx, &root, "ann").await;
        user(&ctx, &root, "bob").await;
        let request = NewGroup {
            group_name: "Readers".into(),
            user_names: vec!["ann".into(), "bob".into()],
            policy_arns: vec![READ_ONLY.into()],
        };
        create_group_with_members(&ctx, &root, &request)
            .await
            .unwrap();
        put_policy(
            &ctx,
            &root,
            EntityKind::Group,
            "Readers",
            "inline",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}"#,
        )
        .await
        .unwrap();
        let listed = list_group_overview(&ctx, &root).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!((listed[0].users, listed[0].policies), (2, 2));

        delete_group_and_dependents(&ctx, &root, "Readers")
            .await
            .unwrap();
        assert!(list_group_overview(&ctx, &root).await.unwrap().is_empty());
        // The users stay; only their membership went.
        get_user(&ctx, &root, Some("ann")).await.unwrap();
    }

    #[tokio::test]
    async fn a_failing_step_leaves_nothing_behind() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        user(&ctx, &root, "ann").await;
        let request = NewGroup {
            group_name: "Half".into(),
            user_names: vec!["ann".into(), "nobody".into()],
            policy_arns: Vec::new(),
        };
        let err = create_group_with_members(&ctx, &root, &request)
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::NoSuchEntity);
        let page = PageRequest::default();
        let missing = get_group(&ctx, &root, "Half", &page).await.unwrap_err();
        assert_eq!(missing.code, ErrorCode::NoSuchEntity);

        create_group_with_members(
            &ctx,
            &root,
            &NewGroup {
                group_name: "Kept".into(),
                user_names: vec!["ann".into()],
                policy_arns: vec![READ_ONLY.into()],
            },
        )
        .await
        .unwrap();
        let err = attach_policies(
            &ctx,
            &root,
            EntityKind::Group,
            "Kept",
            &[
                "arn:aws:iam::aws:policy/AmazonS3FullAccess".into(),
                "arn:aws:iam::aws:policy/NoSuchPolicyAtAll".into(),
            ],
        )
        .await
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::NoSuchEntity);
        let listed = list_group_overview(&ctx, &root).await.unwrap();
        assert_eq!(listed[0].policies, 1);
    }

    #[tokio::test]
    async fn deleting_needs_every_step_allowed() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        user(&ctx, &root, "ann").await;
        create_group_with_members(
            &ctx,
            &root,
            &NewGroup {
                group_name: "Ops".into(),
                user_names: vec!["ann".into()],
                policy_arns: Vec::new(),
            },
        )
        .await
        .unwrap();
        put_policy(
            &ctx,
            &root,
            EntityKind::User,
            "ann",
            "all-but-membership",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:RemoveUserFromGroup","Resource":"*"}]}"#,
        )
        .await
        .unwrap();
        let ann = get_user(&ctx, &root, Some("ann")).await.unwrap();
        let as_ann = Principal::User {
            account_id: root.account_id().to_owned(),
            user_id: ann.user_id,
            name: ann.user_name,
            path: ann.path,
        };
        let err = delete_group_and_dependents(&ctx, &as_ann, "Ops")
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::AccessDenied);
        assert_eq!(list_group_overview(&ctx, &root).await.unwrap().len(), 1);
    }
}
