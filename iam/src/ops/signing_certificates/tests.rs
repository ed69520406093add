use super::*;
use crate::ops::users::delete_user;
use crate::store::test_support::{test_ctx, test_root_and_user};

const RSA_CERT: &str = include_str!("../../../testdata/rsa-cert.pem");
const EC_CERT: &str = include_str!("../../../testdata/ec-cert.pem");
const OTHER_CERT: &str = include_str!("../../../testdata/other-cert.pem");

#[tokio::test]
async fn certificates_belong_to_a_user_or_the_root_user() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, _dev) = test_root_and_user(&ctx, "dev").await;
    let first = upload_signing_certificate(&ctx, &root, Some("dev"), RSA_CERT)
        .await
        .unwrap();
    assert_eq!(first.user_name, "dev");
    assert_eq!(first.certificate_id.len(), 32);
    assert_eq!(first.certificate_body, RSA_CERT);
    assert_eq!(first.status, KeyStatus::Active);

    // The same certificate is taken once in the account, whoever holds it.
    let duplicate = upload_signing_certificate(&ctx, &root, None, RSA_CERT)
        .await
        .unwrap_err();
    assert_eq!(duplicate.code, ErrorCode::DuplicateCertificate);
    let malformed = upload_signing_certificate(&ctx, &root, Some("dev"), "not a certificate")
        .await
        .unwrap_err();
    assert_eq!(malformed.code, ErrorCode::MalformedCertificate);

    upload_signing_certificate(&ctx, &root, Some("dev"), EC_CERT)
        .await
        .unwrap();
    let third = upload_signing_certificate(&ctx, &root, Some("dev"), OTHER_CERT)
        .await
        .unwrap_err();
    assert_eq!(third.code, ErrorCode::LimitExceeded);

    // Without a user name the root user acts on its own certificates.
    let own = upload_signing_certificate(&ctx, &root, None, OTHER_CERT)
        .await
        .unwrap();
    assert_eq!(own.user_name, root.account_id());
    let roots = list_signing_certificates(&ctx, &root, None, &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(roots.items.len(), 1);

    update_signing_certificate(
        &ctx,
        &root,
        Some("dev"),
        &first.certificate_id,
        KeyStatus::Inactive,
    )
    .await
    .unwrap();
    let devs = list_signing_certificates(&ctx, &root, Some("dev"), &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(devs.items.len(), 2);
    assert!(devs.items.iter().any(|c| c.status == KeyStatus::Inactive));
    // Another owner's certificate is not found through this one.
    let elsewhere = delete_signing_certificate(&ctx, &root, None, &first.certificate_id)
        .await
        .unwrap_err();
    assert_eq!(elsewhere.code, ErrorCode::NoSuchEntity);

    let conflict = delete_user(&ctx, &root, "dev").await.unwrap_err();
    assert!(
        conflict.message.contains("signing certificates"),
        "{}",
        conflict.message
    );
    for certificate in devs.items {
        delete_signing_certificate(&ctx, &root, Some("dev"), &certificate.certificate_id)
            .await
            .unwrap();
    }
    delete_user(&ctx, &root, "dev").await.unwrap();
}

#[tokio::test]
async fn a_user_needs_permission_for_its_certificates() {
    let (ctx, _, _dir) = test_ctx().await;
    let (_root, dev) = test_root_and_user(&ctx, "dev").await;
    let denied = upload_signing_certificate(&ctx, &dev, None, RSA_CERT)
        .await
        .unwrap_err();
    assert_eq!(denied.code, ErrorCode::AccessDenied);
    let bad_id = update_signing_certificate(&ctx, &dev, None, "short", KeyStatus::Active)
        .await
        .unwrap_err();
    assert_eq!(bad_id.code, ErrorCode::ValidationError);
}
