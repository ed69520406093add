use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use super::*;
use crate::ops::Principal;
use crate::ops::identity_providers::oidc::create_provider;
use crate::ops::outbound_federation::signing_keys::{Algorithm, SigningKeys};
use crate::ops::sts::tests::{federated_role, session_of};
use crate::store::test_support::{test_ctx, test_root_and_user};

const ISSUER: &str = "https://idp.example.com";
const CLIENT: &str = "my-app";

/// The identity provider's keys, counting fetches; `None` as an unreachable provider.
struct Provider {
    keys: Option<Value>,
    fetches: AtomicUsize,
}

impl KeySetSource for Provider {
    async fn key_set(&self, issuer: &str, _fresh: bool) -> Result<Value, String> {
        assert_eq!(issuer, ISSUER);
        self.fetches.fetch_add(1, Ordering::SeqCst);
        self.keys
            .clone()
            .ok_or_else(|| "connection refused".to_owned())
    }
}

struct World {
    ctx: Ctx,
    root: Principal,
    role_arn: String,
    signer: SigningKeys,
    provider: Provider,
    _dir: tempfile::TempDir,
}

async fn world(trust_actions: &str) -> World {
    let (ctx, _, dir) = test_ctx().await;
    let (root, _) = test_root_and_user(&ctx, "dev").await;
    let provider_arn = create_provider(&ctx, &root, ISSUER, &[CLIENT.into()], &[], &[])
        .await
        .unwrap();
    let condition = format!(
        r#"{{"StringEquals":{{"idp.example.com:aud":"{CLIENT}"}},"StringLike":{{"idp.example.com:sub":"repo:latchkey/*"}}}}"#
    );
    let role_arn = federated_role(
        &ctx,
        &root,
        "deployer",
        &provider_arn,
        trust_actions,
        &condition,
    )
    .await;
    let signer = SigningKeys::generate([11; 32]).unwrap();
    let provider = Provider {
        keys: Some(signer.key_set()),
        fetches: AtomicUsize::new(0),
    };
    World {
        ctx,
        root,
        role_arn,
        signer,
        provider,
        _dir: dir,
    }
}

impl World {
    fn token(&self, claims: Value) -> String {
        self.signer.sign(Algorithm::Rs256, &claims)
    }

    fn claims(&self, sub: &str) -> Value {
        json!({"iss": ISSUER, "aud": CLIENT, "sub": sub, "iat": self.ctx.now(), "exp": self.ctx.now() + 600})
    }

    fn request(&self, token: String) -> WebIdentityRequest {
        WebIdentityRequest {
            role_arn: self.role_arn.clone(),
            role_session_name: "ci-run".into(),
            web_identity_token: SecretString::new(token),
            provider_id: None,
            duration_seconds: None,
            policy: None,
            policy_arns: Vec::new(),
        }
    }

    async fn assume(&self, claims: Value) -> IamResult<WebIdentityAssumed> {
        let req = self.request(self.token(claims));
        assume_role_with_web_identity(&self.ctx, &self.provider, req).await
    }
}

#[tokio::test]
async fn a_trusted_token_becomes_a_role_session() {
    let w = world(r#""sts:AssumeRoleWithWebIdentity""#).await;
    let assumed = w.assume(w.claims("repo:latchkey/main")).await.unwrap();
    assert_eq!(assumed.subject, "repo:latchkey/main");
    assert_eq!(assumed.provider, ISSUER);
    assert_eq!(assumed.audience, CLIENT);
    assert!(
        assumed
            .assumed
            .arn
            .ends_with(":assumed-role/deployer/ci-run")
    );
    assert!(assumed.assumed.assumed_role_id.ends_with(":ci-run"));
    let credentials = &assumed.assumed.credentials;
    assert_eq!(
        credentials.expiration.unix_timestamp(),
        w.ctx.now() + DEFAULT_ROLE_SESSION_SECONDS
    );
    let (principal, _) = session_of(&w.ctx, credentials).await;
    assert_eq!(principal.arn(), assumed.assumed.arn);
    // An array audience holding the client ID serves as well.
    let mut claims = w.claims("repo:latchkey/dev");
    claims["aud"] = json!(["other", CLIENT]);
    assert!(w.assume(claims).await.is_ok());
    let _ = &w.root;
}

#[tokio::test]
async fn the_trust_policy_conditions_decide() {
    let w = world(r#""sts:AssumeRoleWithWebIdentity""#).await;
    let denied = w
        .assume(w.claims("repo:someone-else/main"))
        .await
        .unwrap_err();
    assert_eq!(denied.code, ErrorCode::AccessDenied);
    // Session tags need sts:TagSession in the trust policy.
    let mut claims = w.claims("repo:latchkey/main");
    claims[TAGS_CLAIM] =
        json!({"principal_tags": {"team": ["ci"]}, "transitive_tag_keys": ["team"]});
    let untaggable = w.assume(claims.clone()).await.unwrap_err();
    assert_eq!(untaggable.code, ErrorCode::AccessDenied);
    assert!(untaggable.message.contains("sts:TagSession"));

    let w = world(r#"["sts:AssumeRoleWithWebIdentity","sts:TagSession"]"#).await;
    let tagged = w.assume(claims).await.unwrap();
    let (Principal::Role(session), _) = session_of(&w.ctx, &tagged.assumed.credentials).await
    else {
        panic!("not a role session");
    };
    assert_eq!(session.session_tags[0].key, "team");
    assert_eq!(session.session_tags[0].value, "ci");
    assert_eq!(session.transitive_tag_keys, vec!["team".to_owned()]);
}

#[tokio::test]
async fn tokens_that_do_not_check_out_are_refused() {
    let w = world(r#""sts:AssumeRoleWithWebIdentity""#).await;
    let code = |result: IamResult<WebIdentityAssumed>| result.unwrap_err().code;

    let mut claims = w.claims("repo:latchkey/main");
    claims["iss"] = json!("https://unknown.example.com");
    let unknown = w.assume(claims).await.unwrap_err();
    assert_eq!(unknown.code, ErrorCode::InvalidIdentityToken);
    assert!(unknown.message.contains("No OpenIDConnect provider found"));

    let mut claims = w.claims("repo:latchkey/main");
    claims["aud"] = json!("someone-else");
    let audience = w.assume(claims).await.unwrap_err();
    assert_eq!(audience.message, "Incorrect token audience");

    let mut claims = w.claims("repo:latchkey/main");
    claims["exp"] = json!(w.ctx.now() - 1);
    assert_eq!(code(w.assume(claims).await), ErrorCode::ExpiredToken);

    // Signed by a key the provider does not publish: fetched again, then refused.
    let before = w.provider.fetches.load(Ordering::SeqCst);
    let stranger = SigningKeys::generate([12; 32]).unwrap();
    let forged = stranger.sign(Algorithm::Rs256, &w.claims("repo:latchkey/main"));
    let result = assume_role_with_web_identity(&w.ctx, &w.provider, w.request(forged)).await;
    assert_eq!(code(result), ErrorCode::InvalidIdentityToken);
    assert_eq!(w.provider.fetches.load(Ordering::SeqCst), before + 2);

    let unreachable = Provider {
        keys: None,
        fetches: AtomicUsize::new(0),
    };
    let req = w.request(w.token(w.claims("repo:latchkey/main")));
    let result = assume_role_with_web_identity(&w.ctx, &unreachable, req).await;
    assert_eq!(code(result), ErrorCode::IdpCommunicationError);

    let mut req = w.request(w.token(w.claims("repo:latchkey/main")));
    req.provider_id = Some("www.amazon.com".into());
    let result = assume_role_with_web_identity(&w.ctx, &w.provider, req).await;
    assert_eq!(code(result), ErrorCode::InvalidIdentityToken);

    let mut req = w.request(w.token(w.claims("repo:latchkey/main")));
    req.role_arn = w.role_arn.replace("deployer", "nobody");
    let result = assume_role_with_web_identity(&w.ctx, &w.provider, req).await;
    assert_eq!(code(result), ErrorCode::AccessDenied);

    let mut req = w.request(w.token(w.claims("repo:latchkey/main")));
    req.duration_seconds = Some(7200);
    let result = assume_role_with_web_identity(&w.ctx, &w.provider, req).await;
    assert_eq!(code(result), ErrorCode::ValidationError);

    let result =
        assume_role_with_web_identity(&w.ctx, &w.provider, w.request("abc.def".into())).await;
    assert_eq!(code(result), ErrorCode::InvalidIdentityToken);
}
