//! `AssumeRoleWithWebIdentity`: role credentials for the holder of an OpenID Connect ID token.
//! The request is unsigned; the token is the proof. Its issuer must be an OIDC provider of the
//! role's account, one of its audiences a client ID of that provider, its signature good under
//! the issuer's published keys, and the role's trust policy must allow the provider
//! (`"Principal": {"Federated": "<provider ARN>"}`) under conditions on the token's claims
//! (`<provider>:aud`, `<provider>:sub`).

use std::future::Future;

use serde_json::Value;

use super::federated::{FederatedIdentity, assume_as_federated};
use super::id_token::{self, IdToken, Rejection, invalid};
use super::{
    AssumedRole, DEFAULT_ROLE_SESSION_SECONDS, MAX_ROLE_SESSION_SECONDS, StoredTag, parse_role_arn,
    validate_duration, validate_session_name,
};
use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::tags::MAX_TAGS;
use crate::ops::identity_providers::{ProviderKind, oidc, provider_arn};
use crate::secrets::SecretString;
use crate::store::{self, db_error};

/// Where the issuers' key sets come from (fetched over HTTPS in service, fixed in tests).
pub trait KeySetSource: Sync {
    /// The issuer's JSON Web Key Set, `{"keys": [...]}`; `fresh` asks past any cache, for a
    /// token signed by a key not seen before. `Err` says why it could not be had.
    fn key_set(
        &self,
        issuer: &str,
        fresh: bool,
    ) -> impl Future<Output = Result<Value, String>> + Send;
}

#[derive(Debug, Clone)]
pub struct WebIdentityRequest {
    pub role_arn: String,
    pub role_session_name: String,
    pub web_identity_token: SecretString,
    /// OAuth 2.0 providers (`www.amazon.com`, `graph.facebook.com`); not for OIDC tokens.
    pub provider_id: Option<String>,
    pub duration_seconds: Option<i64>,
    pub policy: Option<String>,
    pub policy_arns: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct WebIdentityAssumed {
    pub assumed: AssumedRole,
    /// The token's `sub`.
    pub subject: String,
    /// The token's `iss`.
    pub provider: String,
    /// The client ID the token was issued to.
    pub audience: String,
}

/// The claim under which identity providers pass session tags.
const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";
const SOURCE_IDENTITY_CLAIM: &str = "https://aws.amazon.com/source_identity";
/// Clock skew allowed for `nbf`.
const LEEWAY_SECONDS: i64 = 300;

/// Session tags from the token's `https://aws.amazon.com/tags` claim.
fn token_tags(token: &IdToken) -> IamResult<Vec<StoredTag>> {
    let claim = &token.claims[TAGS_CLAIM];
    if claim.is_null() {
        return Ok(Vec::new());
    }
    let transitive: Vec<&str> = claim["transitive_tag_keys"]
        .as_array()
        .map(|keys| keys.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut tags = Vec::new();
    for (key, value) in claim["principal_tags"].as_object().into_iter().flatten() {
        // Providers pass each value as a one-element list, or as a plain string.
        let value = value
            .as_str()
            .or_else(|| {
                value
                    .as_array()
                    .and_then(|v| v.first())
                    .and_then(Value::as_str)
            })
            .ok_or_else(|| invalid(format!("The session tag {key} has no string value.")))?;
        tags.push(StoredTag {
            key: key.clone(),
            value: value.to_owned(),
            transitive: transitive.iter().any(|k| k.eq_ignore_ascii_case(key)),
        });
    }
    let as_model: Vec<crate::model::tags::Tag> = tags
        .iter()
        .map(|t| crate::model::tags::Tag {
            key: t.key.clone(),
            value: t.value.clone(),
        })
        .collect();
    crate::model::tags::validate_tags(&as_model, true).map_err(|err| {
        invalid(format!(
            "The token's session tags are invalid: {}",
            err.message
        ))
    })?;
    if tags.len() > MAX_TAGS {
        return Err(invalid(format!(
            "A token may carry at most {MAX_TAGS} session tags."
        )));
    }
    Ok(tags)
}

/// Checks the token's signature, fetching the issuer's keys again once if none fits.
async fn check_signature(keys: &impl KeySetSource, issuer: &str, token: &IdToken) -> IamResult<()> {
    let unreachable = |why: String| {
        tracing::info!(issuer, error = %why, "fetching an identity provider's keys failed");
        IamError::new(
            ErrorCode::IdpCommunicationError,
            "Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements",
        )
    };
    let set = keys.key_set(issuer, false).await.map_err(unreachable)?;
    let outcome = match token.verify(&set) {
        Err(Rejection::NoKey) => {
            let fresh = keys.key_set(issuer, true).await.map_err(unreachable)?;
            token.verify(&fresh)
        }
        other => other,
    };
    outcome.map_err(|_| invalid("The token's signature could not be verified."))
}

/// The token's claims, checked in AWS's order: issuer and provider, audience, expiry.
/// Returns the provider's name (the issuer without `https://`) and the matched client ID.
async fn check_claims(ctx: &Ctx, account_id: &str, token: &IdToken) -> IamResult<(String, String)> {
    let issuer = token
        .claim("iss")
        .ok_or_else(|| invalid("The ID token has no issuer (iss)."))?;
    let name = issuer
        .strip_prefix("https://")
        .map(|rest| rest.trim_end_matches('/'))
        .filter(|rest| !rest.is_empty())
        .ok_or_else(|| invalid(format!("The issuer {issuer} is not an https URL.")))?;
    let row = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        store::identity_providers::find(&mut conn, account_id, ProviderKind::Oidc.stored(), name)
            .await
            .map_err(db_error)?
    };
    let row = row.ok_or_else(|| {
        invalid(format!(
            "No OpenIDConnect provider found in your account for {issuer}"
        ))
    })?;
    let client_ids = oidc::client_ids_of(&row)?;
    let offered = match token.claim("azp") {
        Some(azp) => vec![azp],
        None => token.audiences(),
    };
    let audience = offered
        .into_iter()
        .find(|aud| client_ids.iter().any(|id| id == aud))
        .ok_or_else(|| invalid("Incorrect token audience"))?;
    let now = ctx.now();
    let expires = token
        .time("exp")
        .ok_or_else(|| invalid("The ID token has no expiration time (exp)."))?;
    if expires <= now {
        return Err(IamError::new(
            ErrorCode::ExpiredToken,
            format!(
                "Token expired: current date/time {now} must be before the expiration date/time {expires}"
            ),
        ));
    }
    if token
        .time("nbf")
        .is_some_and(|nbf| nbf > now + LEEWAY_SECONDS)
    {
        return Err(invalid("The ID token is not valid yet (nbf)."));
    }
    Ok((name.to_owned(), audience.to_owned()))
}

/// `AssumeRoleWithWebIdentity`.
pub async fn assume_role_with_web_identity(
    ctx: &Ctx,
    keys: &impl KeySetSource,
    req: WebIdentityRequest,
) -> IamResult<WebIdentityAssumed> {
    let (role_account, _) = parse_role_arn(&req.role_arn)?;
    validate_session_name("roleSessionName", &req.role_session_name)?;
    let duration = req.duration_seconds.unwrap_or(DEFAULT_ROLE_SESSION_SECONDS);
    validate_duration("durationSeconds", duration, MAX_ROLE_SESSION_SECONDS)?;
    let raw = req.web_identity_token.expose();
    if !(4..=20_000).contains(&raw.len()) {
        return Err(IamError::constraint(
            "webIdentityToken",
            "***",
            "Member must have length less than or equal to 20000 and greater than or equal to 4",
        ));
    }
    if let Some(provider) = &req.provider_id {
        return Err(invalid(format!(
            "Latchkey verifies OpenID Connect ID tokens only; access tokens of {provider} cannot be checked here. Omit ProviderId for an OIDC token."
        )));
    }
    let token = id_token::parse(raw)?;
    let (provider_name, audience) = check_claims(ctx, &role_account, &token).await?;
    let issuer = token.claim("iss").unwrap_or_default().to_owned();
    check_signature(keys, &issuer, &token).await?;
    let subject = token.claim("sub").unwrap_or_default().to_owned();
    let tags = token_tags(&token)?;
    let source_identity = token.claim(SOURCE_IDENTITY_CLAIM).map(str::to_owned);
    if let Some(source) = &source_identity {
        validate_session_name("sourceIdentity", source)?;
    }

    let provider = provider_arn(&role_account, ProviderKind::Oidc, &provider_name);
    let assumed = assume_as_federated(
        ctx,
        FederatedIdentity {
            action: "sts:AssumeRoleWithWebIdentity",
            role_arn: &req.role_arn,
            session_name: &req.role_session_name,
            provider: &provider,
            claims: vec![
                (format!("{provider_name}:aud"), audience.clone()),
                (format!("{provider_name}:sub"), subject.clone()),
            ],
            tags: &tags,
            source_identity,
            duration,
            policy: req.policy.as_deref(),
            policy_arns: &req.policy_arns,
        },
    )
    .await?;
    Ok(WebIdentityAssumed {
        assumed,
        subject,
        provider: issuer,
        audience,
    })
}

#[cfg(test)]
mod tests;
