use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::token::{WebIdentityTokenRequest, get_web_identity_token};
use super::*;
use crate::context::{TemporaryCredential, with_temporary_credential};
use crate::model::tags::Tag;
use crate::ops::attachments::EntityKind;
use crate::ops::inline_policies::put_policy;
use crate::ops::tags::tag_user;
use crate::store::test_support::{test_ctx, test_root_and_user};

fn tag(key: &str, value: &str) -> Tag {
    Tag {
        key: key.into(),
        value: value.into(),
    }
}

fn request(audience: &[&str], algorithm: &str) -> WebIdentityTokenRequest {
    WebIdentityTokenRequest {
        audience: audience.iter().map(|a| (*a).to_owned()).collect(),
        signing_algorithm: algorithm.into(),
        ..Default::default()
    }
}

/// The header and claims of a compact JWS.
fn decode(token: &str) -> (Value, Value) {
    let part = |i: usize| -> Value {
        let piece = token.split('.').nth(i).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(piece).unwrap()).unwrap()
    };
    (part(0), part(1))
}

#[tokio::test]
async fn enabling_makes_one_issuer_that_outlives_disabling() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, dev) = test_root_and_user(&ctx, "dev").await;
    assert_eq!(
        info(&ctx, &root).await.unwrap_err().code,
        ErrorCode::FeatureDisabled
    );
    assert_eq!(
        enable(&ctx, &dev).await.unwrap_err().code,
        ErrorCode::AccessDenied
    );
    let issuer = enable(&ctx, &root).await.unwrap();
    assert!(
        issuer.starts_with("http://127.0.0.1:4566/oidc/"),
        "{issuer}"
    );
    assert_eq!(
        enable(&ctx, &root).await.unwrap_err().code,
        ErrorCode::FeatureEnabled
    );
    assert_eq!(
        info(&ctx, &root).await.unwrap(),
        FederationInfo {
            issuer_identifier: issuer.clone(),
            jwt_vending_enabled: true
        }
    );
    assert_eq!(
        disable(&ctx, &dev).await.unwrap_err().code,
        ErrorCode::AccessDenied
    );
    disable(&ctx, &root).await.unwrap();
    assert_eq!(
        disable(&ctx, &root).await.unwrap_err().code,
        ErrorCode::FeatureDisabled
    );
    assert!(!info(&ctx, &root).await.unwrap().jwt_vending_enabled);
    // The keys are still published for the tokens issued before.
    let issuer_id = issuer.rsplit('/').next().unwrap();
    assert!(key_set(&ctx, issuer_id).await.unwrap().is_some());
    assert_eq!(enable(&ctx, &root).await.unwrap(), issuer);
}

#[tokio::test]
async fn the_issuer_publishes_its_discovery_document_and_keys() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, _) = test_root_and_user(&ctx, "dev").await;
    assert!(discovery_document(&ctx, "unknown").await.unwrap().is_none());
    assert!(key_set(&ctx, "unknown").await.unwrap().is_none());
    let issuer = enable(&ctx, &root).await.unwrap();
    let issuer_id = issuer.rsplit('/').next().unwrap();
    let document = discovery_document(&ctx, issuer_id).await.unwrap().unwrap();
    assert_eq!(document["issuer"], issuer.as_str());
    assert_eq!(
        document["jwks_uri"],
        format!("{issuer}/.well-known/jwks.json").as_str()
    );
    let keys = key_set(&ctx, issuer_id).await.unwrap().unwrap();
    let token = get_web_identity_token(&ctx, &root, request(&["https://api.example.com"], "ES384"))
        .await
        .unwrap();
    let (header, _) = decode(token.token.expose());
    assert_eq!(header["alg"], "ES384");
    assert!(
        keys["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|key| key["kid"] == header["kid"] && key["alg"] == "ES384")
    );
}

#[tokio::test]
async fn a_token_carries_the_callers_identity_and_tags() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, dev) = test_root_and_user(&ctx, "dev").await;
    let disabled = get_web_identity_token(&ctx, &root, request(&["aud"], "RS256"))
        .await
        .unwrap_err();
    assert_eq!(
        disabled.code,
        ErrorCode::OutboundWebIdentityFederationDisabled
    );
    let issuer = enable(&ctx, &root).await.unwrap();
    tag_user(&ctx, &root, "dev", &[tag("team", "data")])
        .await
        .unwrap();
    let allow = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetWebIdentityToken","Resource":"*",
        "Condition":{"ForAllValues:StringEquals":{"sts:IdentityTokenAudience":"https://api.example.com"},
                     "NumericLessThanEquals":{"sts:DurationSeconds":"600"}}}]}"#;
    put_policy(&ctx, &root, EntityKind::User, "dev", "tokens", allow)
        .await
        .unwrap();

    let other_audience = get_web_identity_token(&ctx, &dev, request(&["https://evil"], "RS256"))
        .await
        .unwrap_err();
    assert_eq!(other_audience.code, ErrorCode::AccessDenied);
    let too_long = WebIdentityTokenRequest {
        duration_seconds: Some(900),
        ..request(&["https://api.example.com"], "RS256")
    };
    let too_long = get_web_identity_token(&ctx, &dev, too_long)
        .await
        .unwrap_err();
    assert_eq!(too_long.code, ErrorCode::AccessDenied);
    // Tags need sts:TagGetWebIdentityToken too.
    let tagged = WebIdentityTokenRequest {
        tags: vec![tag("job", "42")],
        ..request(&["https://api.example.com"], "RS256")
    };
    let untaggable = get_web_identity_token(&ctx, &dev, tagged.clone())
        .await
        .unwrap_err();
    assert_eq!(untaggable.code, ErrorCode::AccessDenied);
    assert!(untaggable.message.contains("sts:TagGetWebIdentityToken"));
    let allow_tags = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:TagGetWebIdentityToken","Resource":"*"}]}"#;
    put_policy(&ctx, &root, EntityKind::User, "dev", "tags", allow_tags)
        .await
        .unwrap();

    let before = ctx.now();
    let token = get_web_identity_token(&ctx, &dev, tagged).await.unwrap();
    let (header, claims) = decode(token.token.expose());
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["typ"], "JWT");
    assert_eq!(claims["iss"], issuer.as_str());
    assert_eq!(claims["sub"], dev.arn().as_str());
    assert_eq!(claims["aud"], "https://api.example.com");
    assert_eq!(
        claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
        300
    );
    assert!(claims["iat"].as_i64().unwrap() >= before);
    assert_eq!(
        token.expiration.unix_timestamp(),
        claims["exp"].as_i64().unwrap()
    );
    let aws = &claims[super::token::AWS_CLAIMS];
    assert_eq!(aws["aws_account"], dev.account_id());
    assert_eq!(aws["principal_tags"]["team"], "data");
    assert_eq!(aws["request_tags"]["job"], "42");
    assert!(claims["jti"].as_str().is_some_and(|id| id.len() == 36));

    let several = get_web_identity_token(&ctx, &root, request(&["a", "b"], "RS256"))
        .await
        .unwrap();
    let (_, claims) = decode(several.token.expose());
    assert_eq!(claims["aud"], serde_json::json!(["a", "b"]));
    assert_eq!(claims["sub"], root.arn().as_str());
}

#[tokio::test]
async fn requests_outside_the_bounds_are_refused() {
    let (ctx, _, _dir) = test_ctx().await;
    let (root, _) = test_root_and_user(&ctx, "dev").await;
    enable(&ctx, &root).await.unwrap();
    let refused = |req: WebIdentityTokenRequest| {
        let ctx = ctx.clone();
        let root = root.clone();
        async move {
            get_web_identity_token(&ctx, &root, req)
                .await
                .unwrap_err()
                .code
        }
    };
    assert_eq!(
        refused(request(&[], "RS256")).await,
        ErrorCode::ValidationError
    );
    let eleven: Vec<String> = (0..11).map(|i| i.to_string()).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    assert_eq!(
        refused(request(&eleven, "RS256")).await,
        ErrorCode::ValidationError
    );
    assert_eq!(
        refused(request(&["a"], "HS256")).await,
        ErrorCode::ValidationError
    );
    for seconds in [59, 3601] {
        let req = WebIdentityTokenRequest {
            duration_seconds: Some(seconds),
            ..request(&["a"], "RS256")
        };
        assert_eq!(refused(req).await, ErrorCode::ValidationError);
    }
    let long_value = "v".repeat(256);
    let big = WebIdentityTokenRequest {
        tags: (0..50)
            .map(|i| tag(&format!("{i:0>128}"), &long_value))
            .collect(),
        ..request(&["a"], "RS256")
    };
    assert_eq!(refused(big).await, ErrorCode::JwtPayloadSizeExceeded);

    // Temporary credentials cannot outlast their session through a token.
    let now = ctx.now();
    let session = TemporaryCredential {
        issued_at: now,
        expires_at: now + 120,
        mfa_present: false,
        from_session_token: false,
    };
    let req = WebIdentityTokenRequest {
        duration_seconds: Some(300),
        ..request(&["a"], "RS256")
    };
    let escalated = with_temporary_credential(session, get_web_identity_token(&ctx, &root, req))
        .await
        .unwrap_err();
    assert_eq!(escalated.code, ErrorCode::SessionDurationEscalation);
    let req = WebIdentityTokenRequest {
        duration_seconds: Some(60),
        ..request(&["a"], "RS256")
    };
    assert!(
        with_temporary_credential(session, get_web_identity_token(&ctx, &root, req))
            .await
            .is_ok()
    );
}
