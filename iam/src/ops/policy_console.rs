//! The console's customer managed policy operations: "Save changes" of the policy editor (a new
//! default version, making room first by deleting the version the user chose when five exist)
//! and "Delete" (detach from every entity, delete the other versions, then the policy). Each is
//! one transaction with every step authorized as its own API action.

use crate::context::Ctx;
use crate::error::IamResult;
use crate::ops::Principal;
use crate::ops::attachments::{EntityKind, detach_in, load_entity};
use crate::ops::managed_policies::{
    create_policy_version_in, delete_policy_in, delete_policy_version_in,
};
use crate::ops::policies::{PolicyVersion, list_policy_versions};
use crate::store::{self, db_error};

/// Creates a new default version, deleting `remove_first` in the same transaction.
pub async fn save_policy_version(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
    document: &str,
    remove_first: Option<&str>,
) -> IamResult<PolicyVersion> {
    let mut tx = ctx.begin().await?;
    if let Some(version_id) = remove_first {
        delete_policy_version_in(&mut tx, principal, policy_arn, version_id).await?;
    }
    let version =
        create_policy_version_in(ctx, &mut tx, principal, policy_arn, document, true).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(version)
}

/// Detaches the policy from every user, group and role, deletes its non-default versions,
/// then the policy.
pub async fn delete_policy_and_dependents(
    ctx: &Ctx,
    principal: &Principal,
    policy_arn: &str,
) -> IamResult<()> {
    let versions = list_policy_versions(ctx, principal, policy_arn).await?;
    let account_id = principal.account_id().to_owned();
    let mut tx = ctx.begin().await?;
    let (users, groups, roles) =
        store::attachments::entities_for_policy(&mut tx, &account_id, policy_arn)
            .await
            .map_err(db_error)?;
    let attached = [
        (EntityKind::User, users),
        (EntityKind::Group, groups),
        (EntityKind::Role, roles),
    ];
    for (kind, entities) in attached {
        for (name, _) in entities {
            let entity = load_entity(&mut tx, &account_id, kind, &name).await?;
            detach_in(&mut tx, principal, kind, &entity, policy_arn).await?;
        }
    }
    for version in versions.iter().filter(|v| !v.is_default_version) {
        delete_policy_version_in(&mut tx, principal, policy_arn, &version.version_id).await?;
    }
    delete_policy_in(&mut tx, principal, policy_arn).await?;
    tx.commit().await.map_err(db_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::ops::attachments::attach_policy;
    use crate::ops::managed_policies::{CreatePolicyRequest, create_policy, create_policy_version};
    use crate::ops::policies::get_policy;
    use crate::ops::users::{CreateUserRequest, create_user};
    use crate::store::test_support::{test_account, test_ctx};

    fn doc(action: &str) -> String {
        format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"{action}","Resource":"*"}}]}}"#
        )
    }

    #[tokio::test]
    async fn a_sixth_version_replaces_the_chosen_one_or_nothing_changes() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        let policy = create_policy(
            &ctx,
            &root,
            CreatePolicyRequest {
                policy_name: "full".into(),
                policy_document: doc("s3:GetObject"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        for i in 2..=5 {
            create_policy_version(&ctx, &root, &policy.arn, &doc(&format!("s3:A{i}")), false)
                .await
                .unwrap();
        }
        let full = save_policy_version(&ctx, &root, &policy.arn, &doc("s3:New"), None)
            .await
            .unwrap_err();
        assert_eq!(full.code, ErrorCode::LimitExceeded);
        // A bad document leaves the chosen version in place.
        let bad = save_policy_version(&ctx, &root, &policy.arn, "{", Some("v2"))
            .await
            .unwrap_err();
        assert_eq!(bad.code, ErrorCode::MalformedPolicyDocument);
        assert_eq!(
            list_policy_versions(&ctx, &root, &policy.arn)
                .await
                .unwrap()
                .len(),
            5
        );
        let saved = save_policy_version(&ctx, &root, &policy.arn, &doc("s3:New"), Some("v2"))
            .await
            .unwrap();
        assert_eq!(saved.version_id, "v6");
        let versions = list_policy_versions(&ctx, &root, &policy.arn)
            .await
            .unwrap();
        assert!(versions.iter().all(|v| v.version_id != "v2"));
        assert_eq!(
            get_policy(&ctx, &root, &policy.arn)
                .await
                .unwrap()
                .default_version_id,
            "v6"
        );
    }

    #[tokio::test]
    async fn deletes_an_attached_policy_with_several_versions() {
        let (ctx, _, _dir) = test_ctx().await;
        let root = Principal::Root {
            account_id: test_account(&ctx).await,
        };
        create_user(
            &ctx,
            &root,
            CreateUserRequest {
                user_name: "ann".into(),
                path: None,
                permissions_boundary: None,
                tags: Vec::new(),
            },
        )
        .await
        .unwrap();
        let policy = create_policy(
            &ctx,
            &root,
            CreatePolicyRequest {
                policy_name: "used".into(),
                policy_document: doc("s3:GetObject"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        create_policy_version(&ctx, &root, &policy.arn, &doc("s3:PutObject"), true)
            .await
            .unwrap();
        attach_policy(&ctx, &root, EntityKind::User, "ann", &policy.arn)
            .await
            .unwrap();
        delete_policy_and_dependents(&ctx, &root, &policy.arn)
            .await
            .unwrap();
        let gone = get_policy(&ctx, &root, &policy.arn).await.unwrap_err();
        assert_eq!(gone.code, ErrorCode::NoSuchEntity);
    }
}
