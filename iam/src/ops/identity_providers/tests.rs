use super::*;
use crate::error::ErrorCode;
use crate::store::test_support::{test_account, test_ctx, test_root_and_user};

const GITHUB: &str = "https://token.actions.githubusercontent.com";

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

async fn root(ctx: &Ctx) -> Principal {
    Principal::Root {
        account_id: test_account(ctx).await,
    }
}

#[tokio::test]
async fn oidc_providers_keep_their_audience_thumbprints_and_tags() {
    let (ctx, _, _dir) = test_ctx().await;
    let root = root(&ctx).await;
    let account = root.account_id().to_owned();
    let arn = oidc::create_provider(
        &ctx,
        &root,
        GITHUB,
        &["sts.amazonaws.com".into(), "sts.amazonaws.com".into()],
        &["a".repeat(40)],
        &[tag("team", "ci")],
    )
    .await
    .unwrap();
    assert_eq!(
        arn,
        format!("arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com")
    );
    let again = oidc::create_provider(&ctx, &root, GITHUB, &[], &[], &[])
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::EntityAlreadyExists);

    oidc::add_client_id(&ctx, &root, &arn, "my-app")
        .await
        .unwrap();
    oidc::add_client_id(&ctx, &root, &arn, "my-app")
        .await
        .unwrap();
    oidc::remove_client_id(&ctx, &root, &arn, "sts.amazonaws.com")
        .await
        .unwrap();
    oidc::remove_client_id(&ctx, &root, &arn, "never-there")
        .await
        .unwrap();
    oidc::update_thumbprints(&ctx, &root, &arn, &["b".repeat(40), "c".repeat(40)])
        .await
        .unwrap();
    let provider = oidc::get_provider(&ctx, &root, &arn).await.unwrap();
    assert_eq!(provider.url, "token.actions.githubusercontent.com");
    assert_eq!(provider.client_ids, ["my-app"]);
    assert_eq!(provider.thumbprints, ["b".repeat(40), "c".repeat(40)]);
    assert_eq!(provider.tags, [tag("team", "ci")]);

    tag_provider(&ctx, &root, ProviderKind::Oidc, &arn, &[tag("env", "prod")])
        .await
        .unwrap();
    untag_provider(&ctx, &root, ProviderKind::Oidc, &arn, &["TEAM".into()])
        .await
        .unwrap();
    let tags = list_provider_tags(
        &ctx,
        &root,
        ProviderKind::Oidc,
        &arn,
        &PageRequest::default(),
    )
    .await
    .unwrap();
    assert_eq!(tags.items, [tag("env", "prod")]);

    let listed = list_providers(&ctx, &root, ProviderKind::Oidc)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].arn, arn);
    assert!(
        list_providers(&ctx, &root, ProviderKind::Saml)
            .await
            .unwrap()
            .is_empty()
    );

    delete_provider(&ctx, &root, ProviderKind::Oidc, &arn)
        .await
        .unwrap();
    // Deleting an OIDC provider that is not there succeeds, as on AWS.
    delete_provider(&ctx, &root, ProviderKind::Oidc, &arn)
        .await
        .unwrap();
    let gone = oidc::get_provider(&ctx, &root, &arn).await.unwrap_err();
    assert_eq!(gone.code, ErrorCode::NoSuchEntity);
    let malformed = oidc::get_provider(&ctx, &root, "arn:aws:iam::111122223333:oidc-provider/x")
        .await
        .unwrap_err();
    assert_eq!(malformed.code, ErrorCode::InvalidInput);
    let summary = crate::store::summary::usage(&mut ctx.pool.acquire().await.unwrap(), &account)
        .await
        .unwrap();
    assert_eq!(summary.providers, 0);
}

#[tokio::test]
async fn saml_providers_keep_their_metadata() {
    let (ctx, _, _dir) = test_ctx().await;
    let root = root(&ctx).await;
    let account = root.account_id().to_owned();
    let metadata = saml::sample_metadata(None);
    let arn = saml::create_provider(&ctx, &root, "Corp", &metadata, &[])
        .await
        .unwrap();
    assert_eq!(arn, format!("arn:aws:iam::{account}:saml-provider/Corp"));
    let again = saml::create_provider(&ctx, &root, "Corp", &metadata, &[])
        .await
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::EntityAlreadyExists);
    let provider = saml::get_provider(&ctx, &root, &arn).await.unwrap();
    assert_eq!(provider.metadata, metadata);
    assert_eq!(provider.valid_until, None);

    let renewed = saml::sample_metadata(Some("2031-01-02T03:04:05Z"));
    assert_eq!(
        saml::update_provider(&ctx, &root, &arn, &renewed)
            .await
            .unwrap(),
        arn
    );
    let listed = list_providers(&ctx, &root, ProviderKind::Saml)
        .await
        .unwrap();
    assert_eq!(
        listed[0].valid_until.map(|at| at.unix_timestamp()),
        Some(1_925_089_445)
    );
    let summary = crate::store::summary::usage(&mut ctx.pool.acquire().await.unwrap(), &account)
        .await
        .unwrap();
    assert_eq!(summary.providers, 1);

    delete_provider(&ctx, &root, ProviderKind::Saml, &arn)
        .await
        .unwrap();
    let missing = delete_provider(&ctx, &root, ProviderKind::Saml, &arn)
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NoSuchEntity);
}

#[tokio::test]
async fn provider_operations_are_authorized_and_bounded() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, dev) = test_root_and_user(&ctx, "dev").await;
    let denied = oidc::create_provider(&ctx, &dev, GITHUB, &[], &[], &[])
        .await
        .unwrap_err();
    assert_eq!(denied.code, ErrorCode::AccessDenied);
    assert!(
        denied
            .message
            .contains("iam:CreateOpenIDConnectProvider on resource: arn:aws:iam::")
    );
    let arn = oidc::create_provider(&ctx, &root, GITHUB, &[], &[], &[])
        .await
        .unwrap();
    for refused in [
        oidc::get_provider(&ctx, &dev, &arn).await.map(|_| ()),
        list_providers(&ctx, &dev, ProviderKind::Oidc)
            .await
            .map(|_| ()),
        oidc::add_client_id(&ctx, &dev, &arn, "x").await,
        delete_provider(&ctx, &dev, ProviderKind::Oidc, &arn).await,
    ] {
        assert_eq!(refused.unwrap_err().code, ErrorCode::AccessDenied);
    }

    for n in 1..PROVIDERS_PER_KIND {
        oidc::create_provider(
            &ctx,
            &root,
            &format!("https://idp{n}.example.com"),
            &[],
            &[],
            &[],
        )
        .await
        .unwrap();
    }
    let over = oidc::create_provider(&ctx, &root, "https://one-more.example.com", &[], &[], &[])
        .await
        .unwrap_err();
    assert_eq!(over.code, ErrorCode::LimitExceeded);
}

#[tokio::test]
async fn the_console_replaces_a_providers_tags_with_its_kinds_actions() {
    use crate::ops::tags::{TagSet, replace_tags};
    let (ctx, _, _dir) = test_ctx().await;
    let (root, dev) = test_root_and_user(&ctx, "dev").await;
    let metadata = saml::sample_metadata(None);
    let arn = saml::create_provider(&ctx, &root, "Corp", &metadata, &[tag("team", "a")])
        .await
        .unwrap();
    let wanted = [tag("Owner", "sec"), tag("env", "prod")];
    replace_tags(&ctx, &root, TagSet::Provider(&arn), &wanted)
        .await
        .unwrap();
    let provider = saml::get_provider(&ctx, &root, &arn).await.unwrap();
    let mut keys: Vec<String> = provider.tags.into_iter().map(|t| t.key).collect();
    keys.sort();
    assert_eq!(keys, ["Owner", "env"]);

    // Dropping a key needs iam:UntagSAMLProvider, as the API call it stands for.
    let denied = replace_tags(&ctx, &dev, TagSet::Provider(&arn), &[])
        .await
        .unwrap_err();
    assert_eq!(denied.code, ErrorCode::AccessDenied);
    assert!(
        denied.message.contains("iam:UntagSAMLProvider"),
        "{}",
        denied.message
    );
    let gone = arn.replace("Corp", "Gone");
    let missing = replace_tags(&ctx, &root, TagSet::Provider(&gone), &wanted)
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::NoSuchEntity);
    let not_a_provider = replace_tags(&ctx, &root, TagSet::Provider("arn:aws:iam::1:user/x"), &[])
        .await
        .unwrap_err();
    assert_eq!(not_a_provider.code, ErrorCode::InvalidInput);
}

#[test]
fn an_arn_names_its_kind_and_provider() {
    assert_eq!(
        ProviderKind::of_arn("arn:aws:iam::123456789012:oidc-provider/example.com/tenant"),
        Some((ProviderKind::Oidc, "example.com/tenant"))
    );
    assert_eq!(
        ProviderKind::of_arn("arn:aws:iam::123456789012:saml-provider/Corp"),
        Some((ProviderKind::Saml, "Corp"))
    );
    assert_eq!(
        ProviderKind::of_arn("arn:aws:iam::123456789012:role/x"),
        None
    );
}
