use super::*;
use crate::ops::users::delete_user;
use crate::store::test_support::{test_ctx, test_root_and_user};

async fn setup(ctx: &Ctx) -> (Principal, Principal) {
    test_root_and_user(ctx, "dev").await
}

const GIT: &str = "codecommit.amazonaws.com";

#[tokio::test]
async fn credentials_are_issued_listed_reset_disabled_and_deleted() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, _dev) = setup(&ctx).await;
    let account = root.account_id().to_owned();
    let issued = create_credential(&ctx, &root, "dev", GIT).await.unwrap();
    let credential = &issued.credential;
    assert!(
        credential
            .service_specific_credential_id
            .starts_with("ACCA")
    );
    assert_eq!(credential.service_specific_credential_id.len(), 21);
    assert_eq!(credential.service_user_name, format!("dev-at-{account}"));
    assert_eq!(credential.status, KeyStatus::Active);
    assert_eq!(issued.service_password.expose().len(), 44);
    let id = credential.service_specific_credential_id.clone();

    create_credential(&ctx, &root, "dev", GIT).await.unwrap();
    let third = create_credential(&ctx, &root, "dev", GIT)
        .await
        .unwrap_err();
    assert_eq!(third.code, ErrorCode::LimitExceeded);
    create_credential(&ctx, &root, "dev", "cassandra.amazonaws.com")
        .await
        .unwrap();
    let unsupported = create_credential(&ctx, &root, "dev", "s3.amazonaws.com")
        .await
        .unwrap_err();
    assert_eq!(unsupported.code, ErrorCode::NotSupportedService);

    let all = list_credentials(&ctx, &root, Some("dev"), None)
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    let git = list_credentials(&ctx, &root, Some("dev"), Some(GIT))
        .await
        .unwrap();
    assert_eq!(git.len(), 2);
    assert!(
        list_credentials(&ctx, &root, None, None)
            .await
            .unwrap()
            .is_empty()
    );

    let reset = reset_credential(&ctx, &root, Some("dev"), &id)
        .await
        .unwrap();
    assert_ne!(
        reset.service_password.expose(),
        issued.service_password.expose()
    );
    update_credential(&ctx, &root, Some("dev"), &id, KeyStatus::Inactive)
        .await
        .unwrap();
    let listed = list_credentials(&ctx, &root, Some("dev"), Some(GIT))
        .await
        .unwrap();
    let updated = listed
        .iter()
        .find(|c| c.service_specific_credential_id == id)
        .unwrap();
    assert_eq!(updated.status, KeyStatus::Inactive);
    assert!(listed.iter().any(|c| c.status == KeyStatus::Active));

    // A user with credentials cannot be deleted until they are.
    let conflict = delete_user(&ctx, &root, "dev").await.unwrap_err();
    assert_eq!(conflict.code, ErrorCode::DeleteConflict);
    for credential in list_credentials(&ctx, &root, Some("dev"), None)
        .await
        .unwrap()
    {
        delete_credential(
            &ctx,
            &root,
            Some("dev"),
            &credential.service_specific_credential_id,
        )
        .await
        .unwrap();
    }
    let gone = delete_credential(&ctx, &root, Some("dev"), &id)
        .await
        .unwrap_err();
    assert_eq!(gone.code, ErrorCode::NoSuchEntity);
    delete_user(&ctx, &root, "dev").await.unwrap();
}

#[tokio::test]
async fn a_user_needs_permission_even_for_its_own_credentials() {
    let (ctx, _, _dir) = test_ctx().await;
    let (_root, dev) = setup(&ctx).await;
    let denied = create_credential(&ctx, &dev, "dev", GIT).await.unwrap_err();
    assert_eq!(denied.code, ErrorCode::AccessDenied);
    let listed = list_credentials(&ctx, &dev, None, None).await.unwrap_err();
    assert_eq!(listed.code, ErrorCode::AccessDenied);
    let bad_id = delete_credential(&ctx, &dev, None, "short")
        .await
        .unwrap_err();
    assert_eq!(bad_id.code, ErrorCode::ValidationError);
}
