use super::*;
use crate::ops::attachments::EntityKind;
use crate::ops::inline_policies::put_policy;
use crate::ops::users::delete_user;
use crate::store::test_support::{test_ctx, test_root_and_user};

const KEY: &str = include_str!("../../../testdata/ssh-rsa.pub");
const KEY_PEM: &str = include_str!("../../../testdata/ssh-rsa-spki.pem");

#[tokio::test]
async fn keys_are_uploaded_shown_in_both_forms_disabled_and_deleted() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, _dev) = test_root_and_user(&ctx, "dev").await;
    let uploaded = upload_ssh_public_key(&ctx, &root, "dev", KEY)
        .await
        .unwrap();
    let id = uploaded.metadata.ssh_public_key_id.clone();
    assert!(id.starts_with("APKA") && id.len() == 21, "{id}");
    assert_eq!(uploaded.metadata.status, KeyStatus::Active);
    assert_eq!(
        uploaded.fingerprint,
        "2b:e8:4a:5c:b7:00:9f:5f:02:e9:2b:89:dc:6d:46:14"
    );
    assert!(KEY.starts_with(&uploaded.body));

    // The same key in PEM form is the same key.
    let again = upload_ssh_public_key(&ctx, &root, "dev", KEY_PEM)
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::DuplicateSshPublicKey);

    let pem = get_ssh_public_key(&ctx, &root, "dev", &id, KeyEncoding::Pem)
        .await
        .unwrap();
    assert_eq!(pem.body.trim(), KEY_PEM.trim());
    let ssh = get_ssh_public_key(&ctx, &root, "dev", &id, KeyEncoding::Ssh)
        .await
        .unwrap();
    assert_eq!(ssh.body, uploaded.body);

    update_ssh_public_key(&ctx, &root, "dev", &id, KeyStatus::Inactive)
        .await
        .unwrap();
    let listed = list_ssh_public_keys(&ctx, &root, Some("dev"), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].status, KeyStatus::Inactive);
    let root_keys = list_ssh_public_keys(&ctx, &root, None, &PageRequest::default())
        .await
        .unwrap();
    assert!(root_keys.items.is_empty());

    let conflict = delete_user(&ctx, &root, "dev").await.unwrap_err();
    assert_eq!(conflict.code, ErrorCode::DeleteConflict);
    assert!(
        conflict.message.contains("SSH public keys"),
        "{}",
        conflict.message
    );
    delete_ssh_public_key(&ctx, &root, "dev", &id)
        .await
        .unwrap();
    let gone = get_ssh_public_key(&ctx, &root, "dev", &id, KeyEncoding::Ssh)
        .await
        .unwrap_err();
    assert_eq!(gone.code, ErrorCode::NoSuchEntity);
    delete_user(&ctx, &root, "dev").await.unwrap();
}

#[tokio::test]
async fn a_user_lists_its_own_keys_only_with_permission() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, dev) = test_root_and_user(&ctx, "dev").await;
    upload_ssh_public_key(&ctx, &root, "dev", KEY)
        .await
        .unwrap();
    let denied = list_ssh_public_keys(&ctx, &dev, None, &PageRequest::default())
        .await
        .unwrap_err();
    assert_eq!(denied.code, ErrorCode::AccessDenied);
    put_policy(
        &ctx,
        &root,
        EntityKind::User,
        "dev",
        "own-keys",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListSSHPublicKeys","Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#,
    )
    .await
    .unwrap();
    let own = list_ssh_public_keys(&ctx, &dev, None, &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(own.items.len(), 1);
    let upload = upload_ssh_public_key(&ctx, &dev, "dev", KEY)
        .await
        .unwrap_err();
    assert_eq!(upload.code, ErrorCode::AccessDenied);
}
