use super::*;
use crate::context::with_temporary_credential;
use crate::ops::attachments::{EntityKind, attach_policy};
use crate::ops::inline_policies::put_policy;
use crate::ops::roles::{CreateRoleRequest, create_role};
use crate::ops::users::{CreateUserRequest, create_user};
use crate::store::test_support::{test_account, test_ctx};

const READ_ONLY: &str = "arn:aws:iam::aws:policy/IAMReadOnlyAccess";

struct World {
    root: Principal,
    bob: Principal,
    role_arn: String,
}

async fn world(ctx: &Ctx) -> World {
    let account_id = test_account(ctx).await;
    let root = Principal::Root {
        account_id: account_id.clone(),
    };
    let user = create_user(
        ctx,
        &root,
        CreateUserRequest {
            user_name: "bob".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let bob = Principal::User {
        account_id: account_id.clone(),
        user_id: user.user_id,
        name: user.user_name,
        path: user.path,
    };
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{}"}},"Action":["sts:AssumeRole","sts:TagSession"]}}]}}"#,
        bob.arn()
    );
    let role = create_role(
        ctx,
        &root,
        CreateRoleRequest {
            role_name: "reader".into(),
            assume_role_policy_document: trust,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    attach_policy(ctx, &root, EntityKind::Role, "reader", READ_ONLY)
        .await
        .unwrap();
    World {
        root,
        bob,
        role_arn: role.arn,
    }
}

fn request(role_arn: &str, session: &str) -> AssumeRoleRequest {
    AssumeRoleRequest {
        role_arn: role_arn.to_owned(),
        role_session_name: session.to_owned(),
        ..Default::default()
    }
}

/// Resolves credentials as request verification does (shared by the federation tests).
pub(super) async fn session_of(
    ctx: &Ctx,
    credentials: &Credentials,
) -> (Principal, TemporaryCredential) {
    match temporary_signing_key(
        ctx,
        &credentials.access_key_id,
        Some(credentials.session_token.expose()),
    )
    .await
    .unwrap()
    {
        TemporaryKey::Valid {
            principal,
            secret,
            credential,
        } => {
            assert_eq!(secret.expose(), credentials.secret_access_key.expose());
            (principal, credential)
        }
        other => panic!("expected valid credentials, got {other:?}"),
    }
}

/// Creates role `name`, which the users of `provider_arn` may assume with `actions` (a JSON
/// string or array) when `condition` (a JSON object) holds; returns its ARN. Shared by the
/// federation tests.
pub(super) async fn federated_role(
    ctx: &Ctx,
    root: &Principal,
    name: &str,
    provider_arn: &str,
    actions: &str,
    condition: &str,
) -> String {
    let trust = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Federated":"{provider_arn}"}},"Action":{actions},"Condition":{condition}}}]}}"#
    );
    let request = CreateRoleRequest {
        role_name: name.into(),
        assume_role_policy_document: trust,
        ..Default::default()
    };
    create_role(ctx, root, request).await.unwrap().arn
}

async fn may(ctx: &Ctx, who: &Principal, credential: TemporaryCredential, action: &str) -> bool {
    with_temporary_credential(
        credential,
        authz::authorize_now(ctx, who, who.account_id(), action, "*"),
    )
    .await
    .is_ok()
}

#[tokio::test]
async fn a_role_session_acts_with_the_role_and_expires() {
    let (ctx, clock, _dir) = test_ctx().await;
    let w = world(&ctx).await;
    let assumed = assume_role(&ctx, &w.bob, request(&w.role_arn, "s1"))
        .await
        .unwrap();
    assert!(assumed.credentials.access_key_id.starts_with("ASIA"));
    assert!(assumed.arn.ends_with(":assumed-role/reader/s1"));
    let (session, credential) = session_of(&ctx, &assumed.credentials).await;
    assert_eq!(session.arn(), assumed.arn);
    assert!(may(&ctx, &session, credential, "iam:ListUsers").await);
    assert!(!may(&ctx, &session, credential, "iam:CreateUser").await);

    let forged = temporary_signing_key(&ctx, &assumed.credentials.access_key_id, Some("nope"))
        .await
        .unwrap();
    assert!(matches!(forged, TemporaryKey::Invalid));
    let missing = temporary_signing_key(&ctx, &assumed.credentials.access_key_id, None)
        .await
        .unwrap();
    assert!(matches!(missing, TemporaryKey::Invalid));

    clock.advance(time::Duration::seconds(DEFAULT_ROLE_SESSION_SECONDS));
    let expired = temporary_signing_key(
        &ctx,
        &assumed.credentials.access_key_id,
        Some(assumed.credentials.session_token.expose()),
    )
    .await
    .unwrap();
    assert!(matches!(expired, TemporaryKey::Expired));
    let _ = w.root;
}

#[tokio::test]
async fn revoking_older_sessions_denies_them_by_token_issue_time() {
    let (ctx, clock, _dir) = test_ctx().await;
    let w = world(&ctx).await;
    let old = assume_role(&ctx, &w.bob, request(&w.role_arn, "old"))
        .await
        .unwrap();
    clock.advance(time::Duration::seconds(60));
    let cutoff = crate::ops::iso_time(timestamp(ctx.now()));
    let revoke = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"*","Resource":"*","Condition":{{"DateLessThan":{{"aws:TokenIssueTime":"{cutoff}"}}}}}}]}}"#
    );
    put_policy(
        &ctx,
        &w.root,
        EntityKind::Role,
        "reader",
        "AWSRevokeOlderSessions",
        &revoke,
    )
    .await
    .unwrap();
    let (session, credential) = session_of(&ctx, &old.credentials).await;
    assert!(!may(&ctx, &session, credential, "iam:ListUsers").await);

    clock.advance(time::Duration::seconds(1));
    let new = assume_role(&ctx, &w.bob, request(&w.role_arn, "new"))
        .await
        .unwrap();
    let (session, credential) = session_of(&ctx, &new.credentials).await;
    assert!(may(&ctx, &session, credential, "iam:ListUsers").await);
}

#[tokio::test]
async fn session_policies_tags_and_refusals() {
    let (ctx, _, _dir) = test_ctx().await;
    let w = world(&ctx).await;
    let capped = AssumeRoleRequest {
        policy: Some(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}"#
                .into(),
        ),
        tags: vec![Tag {
            key: "team".into(),
            value: "data".into(),
        }],
        ..request(&w.role_arn, "capped")
    };
    let assumed = assume_role(&ctx, &w.bob, capped).await.unwrap();
    assert!(
        assumed
            .packed_policy_size
            .is_some_and(|p| p > 0 && p <= 100)
    );
    let (session, credential) = session_of(&ctx, &assumed.credentials).await;
    assert!(may(&ctx, &session, credential, "iam:GetUser").await);
    assert!(!may(&ctx, &session, credential, "iam:ListUsers").await);
    let Principal::Role(role_session) = &session else {
        panic!("a role session")
    };
    assert_eq!(role_session.session_tags[0].value, "data");

    let err = assume_role(&ctx, &w.root, request(&w.role_arn, "root"))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AccessDenied);
    let err = assume_role(
        &ctx,
        &w.bob,
        request("arn:aws:iam::123456789012:role/ghost", "s"),
    )
    .await
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::ValidationError);
    let err = assume_role(
        &ctx,
        &w.bob,
        AssumeRoleRequest {
            duration_seconds: Some(7200),
            ..request(&w.role_arn, "long")
        },
    )
    .await
    .unwrap_err();
    assert!(
        err.message.contains("MaxSessionDuration"),
        "{}",
        err.message
    );
    let too_big = AssumeRoleRequest {
        policy_arns: (0..11).map(|_| READ_ONLY.to_owned()).collect(),
        ..request(&w.role_arn, "many")
    };
    assert_eq!(
        assume_role(&ctx, &w.bob, too_big).await.unwrap_err().code,
        ErrorCode::ValidationError
    );
}

#[tokio::test]
async fn session_tokens_act_as_the_user_and_call_iam_only_with_mfa() {
    let (ctx, _, _dir) = test_ctx().await;
    let w = world(&ctx).await;
    attach_policy(&ctx, &w.root, EntityKind::User, "bob", READ_ONLY)
        .await
        .unwrap();
    let credentials = get_session_token(&ctx, &w.bob, Some(900), None, None)
        .await
        .unwrap();
    let (principal, credential) = session_of(&ctx, &credentials).await;
    assert_eq!(principal, w.bob);
    assert!(credential.from_session_token && !credential.mfa_present);
    assert!(!may(&ctx, &principal, credential, "iam:ListUsers").await);
    // The same user with its long-term key may.
    assert!(
        authz::authorize_now(
            &ctx,
            &principal,
            principal.account_id(),
            "iam:ListUsers",
            "*"
        )
        .await
        .is_ok()
    );
    let again = with_temporary_credential(
        credential,
        get_session_token(&ctx, &principal, None, None, None),
    )
    .await
    .unwrap_err();
    assert_eq!(again.code, ErrorCode::AccessDenied);

    let root_token = get_session_token(&ctx, &w.root, Some(7200), None, None)
        .await
        .unwrap();
    assert_eq!(
        root_token.expiration,
        timestamp(ctx.now() + ONE_HOUR),
        "the root user's sessions last an hour at most"
    );
    assert_eq!(
        get_access_key_info(&ctx, &w.root, &credentials.access_key_id)
            .await
            .unwrap(),
        w.root.account_id()
    );
}

fn federation(name: &str, policy: Option<&str>) -> FederationTokenRequest {
    FederationTokenRequest {
        name: name.to_owned(),
        policy: policy.map(str::to_owned),
        ..Default::default()
    }
}

const S3_AND_EC2_READS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","ec2:Describe*"],"Resource":"*"}]}"#;

#[tokio::test]
async fn federated_users_act_within_the_issuer_and_their_session_policy() {
    let (ctx, _, _dir) = test_ctx().await;
    let w = world(&ctx).await;
    let refused = get_federation_token(&ctx, &w.bob, federation("alice", Some(S3_AND_EC2_READS)))
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::AccessDenied, "{refused:?}");
    put_policy(
        &ctx,
        &w.root,
        EntityKind::User,
        "bob",
        "federate",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","sts:GetFederationToken","iam:*"],"Resource":"*"}]}"#,
    )
    .await
    .unwrap();

    let token = get_federation_token(&ctx, &w.bob, federation("alice", Some(S3_AND_EC2_READS)))
        .await
        .unwrap();
    let account = w.bob.account_id();
    assert_eq!(token.federated_user_id, format!("{account}:alice"));
    assert_eq!(
        token.arn,
        format!("arn:aws:sts::{account}:federated-user/alice")
    );
    assert!(token.packed_policy_size.is_some_and(|p| p > 0));
    let (alice, credential) = session_of(&ctx, &token.credentials).await;
    assert_eq!(alice.arn(), token.arn);
    assert_eq!(get_caller_identity(&alice).user_id, token.federated_user_id);
    // Bob's permissions capped by the session policy; never IAM, and of STS only who-am-I.
    assert!(may(&ctx, &alice, credential, "s3:GetObject").await);
    assert!(!may(&ctx, &alice, credential, "s3:PutObject").await);
    assert!(!may(&ctx, &alice, credential, "ec2:DescribeInstances").await);
    assert!(!may(&ctx, &alice, credential, "iam:ListUsers").await);
    assert!(!may(&ctx, &alice, credential, "sts:GetFederationToken").await);
    let chained = with_temporary_credential(
        credential,
        get_federation_token(&ctx, &alice, federation("carol", Some(S3_AND_EC2_READS))),
    )
    .await
    .unwrap_err();
    assert_eq!(chained.code, ErrorCode::AccessDenied);
    let assumed = with_temporary_credential(
        credential,
        assume_role(&ctx, &alice, request(&w.role_arn, "s1")),
    )
    .await
    .unwrap_err();
    assert_eq!(assumed.code, ErrorCode::AccessDenied);

    // Without a session policy the federated user may do nothing.
    let bare = get_federation_token(&ctx, &w.bob, federation("bare", None))
        .await
        .unwrap();
    assert_eq!(bare.packed_policy_size, None);
    let (bare_user, bare_credential) = session_of(&ctx, &bare.credentials).await;
    assert!(!may(&ctx, &bare_user, bare_credential, "s3:GetObject").await);

    // The root user's federated users have exactly their session policy, for an hour at most.
    let from_root = get_federation_token(
        &ctx,
        &w.root,
        FederationTokenRequest {
            duration_seconds: Some(7200),
            ..federation("ops", Some(S3_AND_EC2_READS))
        },
    )
    .await
    .unwrap();
    assert_eq!(
        from_root.credentials.expiration,
        timestamp(ctx.now() + ONE_HOUR)
    );
    let (ops, ops_credential) = session_of(&ctx, &from_root.credentials).await;
    assert!(may(&ctx, &ops, ops_credential, "ec2:DescribeInstances").await);
    assert!(!may(&ctx, &ops, ops_credential, "s3:PutObject").await);

    // A federated user of a deleted user is gone with it.
    crate::ops::inline_policies::delete_policy(&ctx, &w.root, EntityKind::User, "bob", "federate")
        .await
        .unwrap();
    crate::ops::users::delete_user(&ctx, &w.root, "bob")
        .await
        .unwrap();
    let gone = temporary_signing_key(
        &ctx,
        &token.credentials.access_key_id,
        Some(token.credentials.session_token.expose()),
    )
    .await
    .unwrap();
    assert!(matches!(gone, TemporaryKey::Invalid));
}

#[tokio::test]
async fn federation_token_requests_are_validated() {
    let (ctx, _, _dir) = test_ctx().await;
    let w = world(&ctx).await;
    for name in ["a", "a-name-that-is-far-too-long-for-it", "no spaces"] {
        let err = get_federation_token(&ctx, &w.root, federation(name, None))
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::ValidationError, "{name}");
    }
    let malformed = get_federation_token(&ctx, &w.root, federation("ops", Some("{")))
        .await
        .unwrap_err();
    assert_eq!(malformed.code, ErrorCode::MalformedPolicyDocument);
    let too_long = get_federation_token(
        &ctx,
        &w.root,
        FederationTokenRequest {
            duration_seconds: Some(129_601),
            ..federation("ops", None)
        },
    )
    .await
    .unwrap_err();
    assert_eq!(too_long.code, ErrorCode::ValidationError);
    let decoded = decode_authorization_message(&ctx, &w.root, "abc")
        .await
        .unwrap_err();
    assert_eq!(decoded.code, ErrorCode::InvalidAuthorizationMessage);
    let denied = decode_authorization_message(&ctx, &w.bob, "abc")
        .await
        .unwrap_err();
    assert_eq!(denied.code, ErrorCode::AccessDenied);
}
