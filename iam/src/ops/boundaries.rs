//! Permissions boundaries of users: `PutUserPermissionsBoundary`,
//! `DeleteUserPermissionsBoundary`. A boundary is a managed policy (AWS or customer), never an
//! inline one.

use sqlx::SqliteConnection;

use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::arn;
use crate::model::names::{NameKind, validate_name};
use crate::ops::{Principal, attachments, authz, users};
use crate::store::{self, db_error};

/// Checks that `policy_arn` names a managed policy that can serve as a boundary.
pub(crate) async fn check_boundary(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy_arn: &str,
) -> IamResult<()> {
    attachments::attachable_policy(conn, account_id, policy_arn).await.map(|_| ()).map_err(|err| {
        if err.code == crate::error::ErrorCode::InvalidInput {
            err
        } else {
            IamError::invalid_input(format!("ARN {policy_arn} is not valid: the permissions boundary must be an existing managed policy."))
        }
    })
}

pub async fn put_user_permissions_boundary(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
    policy_arn: &str,
) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let user = users::load(&mut tx, &account_id, user_name).await?;
    authz::authorize_with(
        &mut tx,
        principal,
        &account_id,
        "iam:PutUserPermissionsBoundary",
        &arn::user_arn(&account_id, &user.path, &user.name),
        &[("iam:PermissionsBoundary", vec![policy_arn.to_owned()])],
    )
    .await?;
    check_boundary(&mut tx, &account_id, policy_arn).await?;
    store::users::set_boundary(&mut tx, &user.id, Some(policy_arn))
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn delete_user_permissions_boundary(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let user = users::load(&mut tx, &account_id, user_name).await?;
    authz::authorize(
        &mut tx,
        principal,
        &account_id,
        "iam:DeleteUserPermissionsBoundary",
        &arn::user_arn(&account_id, &user.path, &user.name),
    )
    .await?;
    if user.permissions_boundary.is_none() {
        return Err(IamError::no_such_entity(format!(
            "The user {} has no permissions boundary.",
            user.name
        )));
    }
    store::users::set_boundary(&mut tx, &user.id, None)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::policies::get_policy;
    use crate::ops::users::{CreateUserRequest, create_user, get_user};
    use crate::store::test_support::{test_account, test_ctx};

    const READ_ONLY: &str = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    #[tokio::test]
    async fn set_replace_and_remove_a_boundary() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let req = CreateUserRequest {
            user_name: "bounded".into(),
            permissions_boundary: Some(READ_ONLY.into()),
            ..Default::default()
        };
        assert_eq!(
            create_user(&ctx, &root, req)
                .await
                .unwrap()
                .permissions_boundary
                .as_deref(),
            Some(READ_ONLY)
        );
        assert_eq!(
            get_policy(&ctx, &root, READ_ONLY)
                .await
                .unwrap()
                .permissions_boundary_usage_count,
            1
        );
        put_user_permissions_boundary(
            &ctx,
            &root,
            "bounded",
            "arn:aws:iam::aws:policy/PowerUserAccess",
        )
        .await
        .unwrap();
        assert_eq!(
            get_policy(&ctx, &root, READ_ONLY)
                .await
                .unwrap()
                .permissions_boundary_usage_count,
            0
        );
        let missing =
            put_user_permissions_boundary(&ctx, &root, "bounded", "arn:aws:iam::aws:policy/Nope")
                .await
                .unwrap_err();
        assert_eq!(missing.code, ErrorCode::InvalidInput);
        delete_user_permissions_boundary(&ctx, &root, "bounded")
            .await
            .unwrap();
        assert!(
            get_user(&ctx, &root, Some("bounded"))
                .await
                .unwrap()
                .permissions_boundary
                .is_none()
        );
        assert_eq!(
            delete_user_permissions_boundary(&ctx, &root, "bounded")
                .await
                .unwrap_err()
                .code,
            ErrorCode::NoSuchEntity
        );
    }
}
