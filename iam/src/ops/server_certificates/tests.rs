use super::*;
use crate::error::ErrorCode;
use crate::ops::attachments::EntityKind;
use crate::ops::inline_policies::put_policy;
use crate::store::test_support::{test_ctx, test_root_and_user};

const RSA_CERT: &str = include_str!("../../../testdata/rsa-cert.pem");
const RSA_KEY: &str = include_str!("../../../testdata/rsa-key.pem");
const EC_CERT: &str = include_str!("../../../testdata/ec-cert.pem");
const EC_KEY: &str = include_str!("../../../testdata/ec-key.pem");
const OTHER_CERT: &str = include_str!("../../../testdata/other-cert.pem");

fn upload<'a>(name: &'a str, body: &'a str, key: &'a str) -> NewServerCertificate<'a> {
    NewServerCertificate {
        name,
        path: None,
        body,
        private_key: key,
        chain: None,
        tags: &[],
    }
}

#[tokio::test]
async fn certificates_are_uploaded_listed_renamed_tagged_and_deleted() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, _dev) = test_root_and_user(&ctx, "dev").await;
    let account = root.account_id().to_owned();
    let tags = [Tag {
        key: "env".into(),
        value: "test".into(),
    }];
    let uploaded = upload_server_certificate(
        &ctx,
        &root,
        NewServerCertificate {
            path: Some("/cloudfront/"),
            chain: Some(OTHER_CERT),
            tags: &tags,
            ..upload("www", RSA_CERT, RSA_KEY)
        },
    )
    .await
    .unwrap();
    assert!(uploaded.server_certificate_id.starts_with("ASCA"));
    assert_eq!(
        uploaded.arn,
        format!("arn:aws:iam::{account}:server-certificate/cloudfront/www")
    );
    assert!(uploaded.expiration.year() > 2100);
    upload_server_certificate(&ctx, &root, upload("ec", EC_CERT, EC_KEY))
        .await
        .unwrap();

    let taken = upload_server_certificate(&ctx, &root, upload("WWW", EC_CERT, EC_KEY))
        .await
        .unwrap_err();
    assert_eq!(taken.code, ErrorCode::EntityAlreadyExists);
    let mismatch = upload_server_certificate(&ctx, &root, upload("x", OTHER_CERT, RSA_KEY))
        .await
        .unwrap_err();
    assert_eq!(mismatch.code, ErrorCode::KeyPairMismatch);
    let bad_chain = upload_server_certificate(
        &ctx,
        &root,
        NewServerCertificate {
            chain: Some("junk"),
            ..upload("y", RSA_CERT, RSA_KEY)
        },
    )
    .await
    .unwrap_err();
    assert_eq!(bad_chain.code, ErrorCode::MalformedCertificate);

    let got = get_server_certificate(&ctx, &root, "www").await.unwrap();
    assert_eq!(got.certificate_body, RSA_CERT);
    assert_eq!(got.certificate_chain.as_deref(), Some(OTHER_CERT));
    assert_eq!(got.tags, tags);
    let under_cloudfront =
        list_server_certificates(&ctx, &root, Some("/cloudfront/"), &PageRequest::default())
            .await
            .unwrap();
    assert_eq!(under_cloudfront.items.len(), 1);
    let first_page = list_server_certificates(
        &ctx,
        &root,
        None,
        &PageRequest {
            marker: None,
            max_items: Some(1),
        },
    )
    .await
    .unwrap();
    assert_eq!(first_page.items[0].server_certificate_name, "ec");
    assert!(first_page.is_truncated());

    let clash = update_server_certificate(&ctx, &root, "www", None, Some("ec"))
        .await
        .unwrap_err();
    assert_eq!(clash.code, ErrorCode::EntityAlreadyExists);
    update_server_certificate(&ctx, &root, "www", Some("/"), Some("site"))
        .await
        .unwrap();
    let renamed = get_server_certificate(&ctx, &root, "site").await.unwrap();
    assert_eq!(renamed.metadata.path, "/");
    assert_eq!(
        renamed.metadata.server_certificate_id,
        uploaded.server_certificate_id
    );
    assert_eq!(renamed.tags, tags);

    untag_server_certificate(&ctx, &root, "site", &["env".into()])
        .await
        .unwrap();
    tag_server_certificate(
        &ctx,
        &root,
        "site",
        &[Tag {
            key: "team".into(),
            value: "web".into(),
        }],
    )
    .await
    .unwrap();
    let listed_tags = list_server_certificate_tags(&ctx, &root, "site", &PageRequest::default())
        .await
        .unwrap();
    assert_eq!(listed_tags.items.len(), 1);
    assert_eq!(listed_tags.items[0].key, "team");

    delete_server_certificate(&ctx, &root, "site")
        .await
        .unwrap();
    let gone = get_server_certificate(&ctx, &root, "site")
        .await
        .unwrap_err();
    assert_eq!(gone.code, ErrorCode::NoSuchEntity);
}

#[tokio::test]
async fn renaming_needs_the_action_on_the_new_name_too() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, dev) = test_root_and_user(&ctx, "dev").await;
    upload_server_certificate(&ctx, &root, upload("old", RSA_CERT, RSA_KEY))
        .await
        .unwrap();
    put_policy(
        &ctx,
        &root,
        EntityKind::User,
        "dev",
        "rename-old",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:UpdateServerCertificate","Resource":"arn:aws:iam::*:server-certificate/old"}]}"#,
    )
    .await
    .unwrap();
    let denied = update_server_certificate(&ctx, &dev, "old", None, Some("new"))
        .await
        .unwrap_err();
    assert_eq!(denied.code, ErrorCode::AccessDenied);
    assert!(
        denied.message.contains("server-certificate/new"),
        "{}",
        denied.message
    );
    get_server_certificate(&ctx, &root, "old").await.unwrap();
}
