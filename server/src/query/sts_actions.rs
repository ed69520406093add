//! STS actions.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::outbound_federation::token::{self, WebIdentityTokenRequest};
use iam::ops::sts::saml::{self, SamlRequest};
use iam::ops::sts::web_identity::{self, WebIdentityRequest};
use iam::ops::sts::{self, AssumeRoleRequest, Credentials, FederationTokenRequest};
use iam::secrets::SecretString;

use super::STS_VERSION;
use super::error::ApiError;
use super::form::Params;
use super::xml::Xml;

fn credentials_xml(x: &mut Xml, credentials: &Credentials) {
    x.open("Credentials")
        .leaf("AccessKeyId", &credentials.access_key_id)
        .leaf("SecretAccessKey", credentials.secret_access_key.expose())
        .leaf("SessionToken", credentials.session_token.expose())
        .time("Expiration", credentials.expiration)
        .close("Credentials");
}

/// Managed session policies: `PolicyArns.member.N.arn`.
fn policy_arns(p: &Params) -> Vec<String> {
    p.list_of("PolicyArns", "arn")
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn assume_role_request(p: &Params) -> Result<AssumeRoleRequest, ApiError> {
    let owned = |v: Option<&str>| v.map(str::to_owned);
    Ok(AssumeRoleRequest {
        role_arn: p.required("RoleArn")?.to_owned(),
        role_session_name: p.required("RoleSessionName")?.to_owned(),
        duration_seconds: p.i64("DurationSeconds")?,
        policy: owned(p.get("Policy")),
        policy_arns: policy_arns(p),
        tags: p.tags()?,
        transitive_tag_keys: p
            .list("TransitiveTagKeys")
            .into_iter()
            .map(str::to_owned)
            .collect(),
        external_id: owned(p.get("ExternalId")),
        serial_number: owned(p.get("SerialNumber")),
        token_code: owned(p.get("TokenCode")),
        source_identity: owned(p.get("SourceIdentity")),
    })
}

fn federation_token_request(p: &Params) -> Result<FederationTokenRequest, ApiError> {
    Ok(FederationTokenRequest {
        name: p.required("Name")?.to_owned(),
        duration_seconds: p.i64("DurationSeconds")?,
        policy: p.get("Policy").map(str::to_owned),
        policy_arns: policy_arns(p),
        tags: p.tags()?,
    })
}

fn web_identity_token_request(p: &Params) -> Result<WebIdentityTokenRequest, ApiError> {
    Ok(WebIdentityTokenRequest {
        audience: p.list("Audience").into_iter().map(str::to_owned).collect(),
        duration_seconds: p.i64("DurationSeconds")?,
        signing_algorithm: p.required("SigningAlgorithm")?.to_owned(),
        tags: p.tags()?,
    })
}

/// Actions whose requests are not signed: the caller proves who it is with a token.
pub const UNSIGNED_ACTIONS: [&str; 2] = ["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"];

/// `AssumedRoleUser`, `PackedPolicySize` and `SourceIdentity` of a new role session.
fn assumed_role_xml(x: &mut Xml, assumed: &sts::AssumedRole) {
    x.open("AssumedRoleUser")
        .leaf("AssumedRoleId", &assumed.assumed_role_id)
        .leaf("Arn", &assumed.arn)
        .close("AssumedRoleUser");
    if let Some(size) = assumed.packed_policy_size {
        x.leaf("PackedPolicySize", &size.to_string());
    }
    x.opt_leaf("SourceIdentity", assumed.source_identity.as_deref());
}

/// One of `UNSIGNED_ACTIONS`.
pub async fn dispatch_unsigned(
    ctx: &Ctx,
    keys: &crate::oidc_keys::ProviderKeys,
    action: &str,
    p: &Params,
) -> Result<Option<Xml>, ApiError> {
    let mut x = Xml::new();
    match action {
        "AssumeRoleWithWebIdentity" => {
            let request = WebIdentityRequest {
                role_arn: p.required("RoleArn")?.to_owned(),
                role_session_name: p.required("RoleSessionName")?.to_owned(),
                web_identity_token: SecretString::new(p.required("WebIdentityToken")?),
                provider_id: p.get("ProviderId").map(str::to_owned),
                duration_seconds: p.i64("DurationSeconds")?,
                policy: p.get("Policy").map(str::to_owned),
                policy_arns: policy_arns(p),
            };
            let answer = web_identity::assume_role_with_web_identity(ctx, keys, request).await?;
            credentials_xml(&mut x, &answer.assumed.credentials);
            x.leaf("SubjectFromWebIdentityToken", &answer.subject);
            assumed_role_xml(&mut x, &answer.assumed);
            x.leaf("Provider", &answer.provider)
                .leaf("Audience", &answer.audience);
        }
        "AssumeRoleWithSAML" => {
            let request = SamlRequest {
                role_arn: p.required("RoleArn")?.to_owned(),
                principal_arn: p.required("PrincipalArn")?.to_owned(),
                saml_assertion: SecretString::new(p.required("SAMLAssertion")?),
                duration_seconds: p.i64("DurationSeconds")?,
                policy: p.get("Policy").map(str::to_owned),
                policy_arns: policy_arns(p),
            };
            let answer = saml::assume_role_with_saml(ctx, request).await?;
            credentials_xml(&mut x, &answer.assumed.credentials);
            assumed_role_xml(&mut x, &answer.assumed);
            x.leaf("Subject", &answer.subject)
                .leaf("SubjectType", &answer.subject_type)
                .leaf("Issuer", &answer.issuer)
                .leaf("Audience", &answer.audience)
                .leaf("NameQualifier", &answer.name_qualifier);
        }
        other => return Err(ApiError::invalid_action(other, STS_VERSION)),
    }
    Ok(Some(x))
}

pub async fn dispatch(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    p: &Params,
) -> Result<Option<Xml>, ApiError> {
    let mut x = Xml::new();
    match action {
        "GetCallerIdentity" => {
            let identity = sts::get_caller_identity(principal);
            x.leaf("UserId", &identity.user_id)
                .leaf("Account", &identity.account)
                .leaf("Arn", &identity.arn);
        }
        "AssumeRole" => {
            let assumed = sts::assume_role(ctx, principal, assume_role_request(p)?).await?;
            credentials_xml(&mut x, &assumed.credentials);
            assumed_role_xml(&mut x, &assumed);
        }
        "GetSessionToken" => {
            let credentials = sts::get_session_token(
                ctx,
                principal,
                p.i64("DurationSeconds")?,
                p.get("SerialNumber"),
                p.get("TokenCode"),
            )
            .await?;
            credentials_xml(&mut x, &credentials);
        }
        "GetFederationToken" => {
            let token =
                sts::get_federation_token(ctx, principal, federation_token_request(p)?).await?;
            credentials_xml(&mut x, &token.credentials);
            x.open("FederatedUser")
                .leaf("FederatedUserId", &token.federated_user_id)
                .leaf("Arn", &token.arn)
                .close("FederatedUser");
            if let Some(size) = token.packed_policy_size {
                x.leaf("PackedPolicySize", &size.to_string());
            }
        }
        "DecodeAuthorizationMessage" => {
            let decoded =
                sts::decode_authorization_message(ctx, principal, p.required("EncodedMessage")?)
                    .await?;
            x.leaf("DecodedMessage", &decoded);
        }
        "GetAccessKeyInfo" => {
            let account =
                sts::get_access_key_info(ctx, principal, p.required("AccessKeyId")?).await?;
            x.leaf("Account", &account);
        }
        "GetWebIdentityToken" => {
            let request = web_identity_token_request(p)?;
            let issued = token::get_web_identity_token(ctx, principal, request).await?;
            x.leaf("WebIdentityToken", issued.token.expose())
                .time("Expiration", issued.expiration);
        }
        other => return Err(ApiError::invalid_action(other, STS_VERSION)),
    }
    Ok(Some(x))
}
