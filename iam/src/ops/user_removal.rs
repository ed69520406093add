//! The console's user deletion: what the console removes before `DeleteUser` (group
//! memberships, the console password, access keys, service-specific credentials, SSH public
//! keys, signing certificates, inline policies, attached policies, MFA devices), in one
//! transaction, each step authorized as its own API action.

use crate::context::Ctx;
use crate::error::IamResult;
use crate::model::arn;
use crate::model::names::{NameKind, validate_name};
use crate::ops::attachments::{self, Entity, EntityKind};
use crate::ops::{Principal, authz, inline_policies, tags, users};
use crate::store::{self, db_error};

pub async fn delete_user_and_dependents(
    ctx: &Ctx,
    principal: &Principal,
    user_name: &str,
) -> IamResult<()> {
    validate_name(NameKind::ExistingUser, "userName", user_name)?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let user = users::load(&mut tx, &account_id, user_name).await?;
    let user_arn = arn::user_arn(&account_id, &user.path, &user.name);
    for group in store::groups::list_for_user(&mut tx, &user.id, None, 1000)
        .await
        .map_err(db_error)?
    {
        let group_arn = arn::group_arn(&account_id, &group.path, &group.name);
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
    if store::login_profiles::find(&mut tx, &user.id)
        .await
        .map_err(db_error)?
        .is_some()
    {
        authz::authorize(
            &mut tx,
            principal,
            &account_id,
            "iam:DeleteLoginProfile",
            &user_arn,
        )
        .await?;
        store::login_profiles::delete(&mut tx, &user.id)
            .await
            .map_err(db_error)?;
    }
    for key in store::access_keys::list_for(&mut tx, &account_id, Some(&user.id))
        .await
        .map_err(db_error)?
    {
        authz::authorize(
            &mut tx,
            principal,
            &account_id,
            "iam:DeleteAccessKey",
            &user_arn,
        )
        .await?;
        store::access_keys::delete(&mut tx, &key.id)
            .await
            .map_err(db_error)?;
    }
    let credentials = store::service_credentials::list_for(&mut tx, &user.id)
        .await
        .map_err(db_error)?;
    let action = "iam:DeleteServiceSpecificCredential";
    authorize_if_any(&mut tx, principal, action, &user_arn, credentials.len()).await?;
    for credential in credentials {
        store::service_credentials::delete(&mut tx, &credential.id)
            .await
            .map_err(db_error)?;
    }
    let ssh_keys = store::ssh_public_keys::list_for(&mut tx, &user.id)
        .await
        .map_err(db_error)?;
    let action = "iam:DeleteSSHPublicKey";
    authorize_if_any(&mut tx, principal, action, &user_arn, ssh_keys.len()).await?;
    for key in ssh_keys {
        store::ssh_public_keys::delete(&mut tx, &key.id)
            .await
            .map_err(db_error)?;
    }
    let certificates = store::signing_certificates::list_for(&mut tx, &account_id, Some(&user.id))
        .await
        .map_err(db_error)?;
    let action = "iam:DeleteSigningCertificate";
    authorize_if_any(&mut tx, principal, action, &user_arn, certificates.len()).await?;
    for certificate in certificates {
        store::signing_certificates::delete(&mut tx, &certificate.id)
            .await
            .map_err(db_error)?;
    }
    let entity = Entity {
        id: user.id.clone(),
        name: user.name.clone(),
        arn: user_arn.clone(),
    };
    inline_policies::delete_all_in(&mut tx, principal, EntityKind::User, &entity).await?;
    attachments::detach_all_in(&mut tx, principal, EntityKind::User, &entity).await?;
    for device in store::mfa_devices::enabled_for(&mut tx, &account_id, Some(&user.id))
        .await
        .map_err(db_error)?
    {
        authz::authorize(
            &mut tx,
            principal,
            &account_id,
            "iam:DeactivateMFADevice",
            &user_arn,
        )
        .await?;
        authz::authorize(
            &mut tx,
            principal,
            &account_id,
            "iam:DeleteVirtualMFADevice",
            &device.serial_number,
        )
        .await?;
        store::mfa_devices::delete(&mut tx, &device.serial_number)
            .await
            .map_err(db_error)?;
    }
    authz::authorize(&mut tx, principal, &account_id, "iam:DeleteUser", &user_arn).await?;
    store::tags::remove_all(&mut tx, tags::USER, &user.id)
        .await
        .map_err(db_error)?;
    store::users::delete(&mut tx, &user.id)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// Authorizes removing the user's credentials of one kind, when there are any: the action's
/// resource is the user whichever credential it removes.
async fn authorize_if_any(
    conn: &mut sqlx::SqliteConnection,
    principal: &Principal,
    action: &str,
    user_arn: &str,
    count: usize,
) -> IamResult<()> {
    if count == 0 {
        return Ok(());
    }
    authz::authorize(conn, principal, principal.account_id(), action, user_arn).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::user_setup::{ConsoleAccess, NewUsersRequest, PasswordChoice, create_users};
    use crate::store::test_support::{test_account, test_ctx};

    #[tokio::test]
    async fn removes_everything_then_the_user_or_nothing() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        crate::ops::groups::create_group(&ctx, &root, "g", None)
            .await
            .unwrap();
        let req = NewUsersRequest {
            user_names: vec!["full".into(), "kept".into()],
            programmatic: true,
            console: Some(ConsoleAccess {
                password: PasswordChoice::Autogenerated,
                reset_required: false,
            }),
            permissions: crate::ops::user_setup::Permissions::Groups(vec!["g".into()]),
            ..Default::default()
        };
        let made = create_users(&ctx, &root, req).await.unwrap();
        assert!(made.iter().all(|m| m.result.is_ok()));
        crate::ops::ssh_public_keys::upload_ssh_public_key(
            &ctx,
            &root,
            "full",
            include_str!("../../testdata/ssh-rsa.pub"),
        )
        .await
        .unwrap();
        crate::ops::signing_certificates::upload_signing_certificate(
            &ctx,
            &root,
            Some("full"),
            include_str!("../../testdata/rsa-cert.pem"),
        )
        .await
        .unwrap();
        crate::ops::attachments::attach_policy(
            &ctx,
            &root,
            crate::ops::attachments::EntityKind::User,
            "full",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        )
        .await
        .unwrap();
        crate::ops::inline_policies::put_policy(
            &ctx,
            &root,
            crate::ops::attachments::EntityKind::User,
            "full",
            "inline",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
        )
        .await
        .unwrap();

        // A user who may delete users but not detach policies removes nothing.
        let kept = users::get_user(&ctx, &root, Some("kept")).await.unwrap();
        crate::ops::inline_policies::put_policy(
            &ctx,
            &root,
            crate::ops::attachments::EntityKind::User,
            "kept",
            "p",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:DetachUserPolicy","Resource":"*"}]}"#,
        )
        .await
        .unwrap();
        let as_kept = Principal::User {
            account_id: root.account_id().to_owned(),
            user_id: kept.user_id,
            name: kept.user_name,
            path: kept.path,
        };
        let err = delete_user_and_dependents(&ctx, &as_kept, "full")
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::AccessDenied);
        assert!(
            err.message.contains("iam:DetachUserPolicy"),
            "{}",
            err.message
        );
        assert!(
            crate::ops::groups::list_groups_for_user(&ctx, &root, "full", &Default::default())
                .await
                .unwrap()
                .items
                .len()
                == 1
        );
        let inline = || async {
            crate::ops::inline_policies::list_policies(
                &ctx,
                &root,
                crate::ops::attachments::EntityKind::User,
                "full",
                &Default::default(),
            )
            .await
            .unwrap()
            .items
        };
        assert_eq!(inline().await, vec!["inline".to_owned()], "rolled back");

        // Nor does one who may not delete inline policies.
        crate::ops::inline_policies::put_policy(
            &ctx,
            &root,
            crate::ops::attachments::EntityKind::User,
            "kept",
            "p",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:DeleteUserPolicy","Resource":"*"}]}"#,
        )
        .await
        .unwrap();
        let err = delete_user_and_dependents(&ctx, &as_kept, "full")
            .await
            .unwrap_err();
        assert!(
            err.message.contains("iam:DeleteUserPolicy"),
            "{}",
            err.message
        );
        assert_eq!(inline().await, vec!["inline".to_owned()]);

        delete_user_and_dependents(&ctx, &root, "full")
            .await
            .unwrap();
        let gone = users::get_user(&ctx, &root, Some("full"))
            .await
            .unwrap_err();
        assert_eq!(gone.code, ErrorCode::NoSuchEntity);
    }
}
