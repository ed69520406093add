//! `AssumeRoleWithSAML`: role credentials for the bearer of a SAML 2.0 response from an
//! identity provider the role's account registered (`CreateSAMLProvider`). The request is
//! unsigned; the response's XML signature, checked against the certificates in the provider's
//! metadata, is the proof. The assertion must name the role and provider in its
//! `https://aws.amazon.com/SAML/Attributes/Role` attribute, give a `RoleSessionName`, be meant
//! for AWS and be current; the role's trust policy must allow the provider
//! (`"Principal": {"Federated": "<provider ARN>"}`) under conditions on `saml:*` keys.

mod metadata;
mod response;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha1::{Digest, Sha1};

use super::federated::{FederatedIdentity, assume_as_federated};
use super::id_token::invalid;
use super::{
    AssumedRole, DEFAULT_ROLE_SESSION_SECONDS, MAX_ROLE_SESSION_SECONDS, StoredTag, parse_role_arn,
    validate_duration, validate_session_name,
};
use crate::context::Ctx;
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::tags::{MAX_TAGS, Tag, validate_tags};
use crate::ops::identity_providers::ProviderKind;
use crate::secrets::SecretString;
use crate::store::{self, db_error};
pub use response::Assertion;

#[derive(Debug, Clone)]
pub struct SamlRequest {
    pub role_arn: String,
    /// The SAML provider's ARN.
    pub principal_arn: String,
    /// The base64 of the identity provider's `Response`.
    pub saml_assertion: SecretString,
    pub duration_seconds: Option<i64>,
    pub policy: Option<String>,
    pub policy_arns: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SamlAssumed {
    pub assumed: AssumedRole,
    /// The assertion's `NameID`.
    pub subject: String,
    /// `persistent`, `transient`, or the `NameID` format's full URI.
    pub subject_type: String,
    pub issuer: String,
    /// The assertion's recipient (`saml:aud`).
    pub audience: String,
    /// base64(SHA-1(issuer + account + "/" + provider name)): with `subject`, one user.
    pub name_qualifier: String,
}

const ATTRIBUTES: &str = "https://aws.amazon.com/SAML/Attributes/";
/// Audiences that mean "AWS" in an assertion.
const AWS_AUDIENCES: [&str; 2] = [
    "https://signin.aws.amazon.com/saml",
    "urn:amazon:webservices",
];
/// Clock skew allowed between the identity provider and Latchkey.
const LEEWAY_SECONDS: i64 = 300;
const MAX_ASSERTION_CHARS: usize = 100_000;

fn attribute(name: &str) -> String {
    format!("{ATTRIBUTES}{name}")
}

fn is_aws_audience(audience: &str) -> bool {
    AWS_AUDIENCES.contains(&audience)
        || audience
            .strip_prefix("https://")
            .and_then(|rest| rest.strip_suffix(".signin.aws.amazon.com/saml"))
            .is_some_and(|region| !region.is_empty() && !region.contains('/'))
}

/// The `SubjectType` AWS reports: the short form of the two common formats.
fn subject_type(format: Option<&str>) -> String {
    match format {
        Some("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent") => "persistent".into(),
        Some("urn:oasis:names:tc:SAML:2.0:nameid-format:transient") => "transient".into(),
        Some(other) => other.to_owned(),
        None => "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified".into(),
    }
}

fn name_qualifier(issuer: &str, account_id: &str, provider_name: &str) -> String {
    STANDARD.encode(Sha1::digest(format!(
        "{issuer}{account_id}/{provider_name}"
    )))
}

/// Whether the assertion's `Role` attribute offers this role with this provider (each value
/// is `role-arn,provider-arn`, in either order).
fn offers_role(assertion: &Assertion, role_arn: &str, provider_arn: &str) -> bool {
    assertion
        .attribute(&attribute("Role"))
        .unwrap_or_default()
        .iter()
        .filter_map(|value| value.split_once(','))
        .map(|(a, b)| (a.trim(), b.trim()))
        .any(|pair| pair == (role_arn, provider_arn) || pair == (provider_arn, role_arn))
}

/// Session tags from `PrincipalTag:<key>` attributes, transitive when `TransitiveTagKeys`
/// lists them.
fn session_tags(assertion: &Assertion) -> IamResult<Vec<StoredTag>> {
    let prefix = attribute("PrincipalTag:");
    let transitive = assertion
        .attribute(&attribute("TransitiveTagKeys"))
        .unwrap_or_default();
    let mut tags = Vec::new();
    for (name, values) in &assertion.attributes {
        let Some(key) = name.strip_prefix(&prefix) else {
            continue;
        };
        let [value] = values.as_slice() else {
            return Err(invalid(format!(
                "The session tag {key} must have exactly one value."
            )));
        };
        tags.push(StoredTag {
            key: key.to_owned(),
            value: value.clone(),
            transitive: transitive.iter().any(|k| k.eq_ignore_ascii_case(key)),
        });
    }
    let as_tags: Vec<Tag> = tags
        .iter()
        .map(|t| Tag {
            key: t.key.clone(),
            value: t.value.clone(),
        })
        .collect();
    validate_tags(&as_tags, true).map_err(|err| {
        invalid(format!(
            "The SAML assertion's session tags are invalid: {}",
            err.message
        ))
    })?;
    if tags.len() > MAX_TAGS {
        return Err(invalid(format!(
            "A SAML assertion may carry at most {MAX_TAGS} session tags."
        )));
    }
    Ok(tags)
}

/// The one value of a single-valued attribute, if the assertion has it.
fn single_value<'a>(assertion: &'a Assertion, name: &str) -> IamResult<Option<&'a str>> {
    match assertion.attribute(&attribute(name)) {
        None => Ok(None),
        Some([value]) => Ok(Some(value.as_str())),
        Some(_) => Err(invalid(format!(
            "The SAML attribute {name} must have exactly one value."
        ))),
    }
}

/// The times the assertion may be used within, and how long the session may last.
fn check_times(assertion: &Assertion, now: i64, duration: i64) -> IamResult<i64> {
    let expired = || {
        IamError::new(
            ErrorCode::ExpiredToken,
            "Token must be redeemed within the assertion's validity (NotOnOrAfter).",
        )
    };
    if assertion
        .not_on_or_after
        .is_some_and(|t| t + LEEWAY_SECONDS <= now)
    {
        return Err(expired());
    }
    if assertion
        .not_before
        .is_some_and(|t| t > now + LEEWAY_SECONDS)
    {
        return Err(invalid("The SAML assertion is not valid yet (NotBefore)."));
    }
    match assertion.session_not_on_or_after {
        Some(end) if end <= now => Err(expired()),
        Some(end) => Ok(duration.min(end - now)),
        None => Ok(duration),
    }
}

/// `AssumeRoleWithSAML`.
pub async fn assume_role_with_saml(ctx: &Ctx, req: SamlRequest) -> IamResult<SamlAssumed> {
    let (role_account, _) = parse_role_arn(&req.role_arn)?;
    let provider_name = match ProviderKind::of_arn(&req.principal_arn) {
        Some((ProviderKind::Saml, name))
            if req.principal_arn
                == crate::ops::identity_providers::provider_arn(
                    &role_account,
                    ProviderKind::Saml,
                    name,
                ) =>
        {
            name.to_owned()
        }
        _ => {
            return Err(IamError::validation(format!(
                "PrincipalArn {} is not a SAML provider of the role's account.",
                req.principal_arn
            )));
        }
    };
    let duration = req.duration_seconds.unwrap_or(DEFAULT_ROLE_SESSION_SECONDS);
    validate_duration("durationSeconds", duration, MAX_ROLE_SESSION_SECONDS)?;
    let encoded = req.saml_assertion.expose();
    if !(4..=MAX_ASSERTION_CHARS).contains(&encoded.len()) {
        return Err(IamError::constraint(
            "sAMLAssertion",
            "***",
            "Member must have length less than or equal to 100000 and greater than or equal to 4",
        ));
    }
    let compact: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
    let xml = STANDARD
        .decode(compact)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| invalid("The SAML assertion is not base64-encoded XML."))?;

    let row = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        store::identity_providers::find(
            &mut conn,
            &role_account,
            ProviderKind::Saml.stored(),
            &provider_name,
        )
        .await
        .map_err(db_error)?
    };
    let row = row.ok_or_else(|| {
        invalid(format!(
            "The SAML provider {} does not exist.",
            req.principal_arn
        ))
    })?;
    let now = ctx.now();
    if row.valid_until.is_some_and(|until| until <= now) {
        return Err(invalid(
            "The SAML provider's metadata has expired (validUntil); update it with UpdateSAMLProvider.",
        ));
    }
    let provider = metadata::identity_provider(&row.document)?;
    let assertion = response::read(&xml, &provider.signing_keys)?;
    if assertion.issuer != provider.entity_id {
        return Err(invalid(format!(
            "The assertion's issuer {} is not the provider's entity ID {}.",
            assertion.issuer, provider.entity_id
        )));
    }
    if !assertion.audiences.iter().any(|a| is_aws_audience(a)) {
        return Err(invalid(
            "The SAML assertion's audience restriction must name https://signin.aws.amazon.com/saml.",
        ));
    }
    let seconds = check_times(&assertion, now, duration)?;
    if !offers_role(&assertion, &req.role_arn, &req.principal_arn) {
        return Err(IamError::access_denied(
            "Not authorized to perform sts:AssumeRoleWithSAML",
        ));
    }
    let session_name = single_value(&assertion, "RoleSessionName")?
        .ok_or_else(|| {
            invalid("The SAML assertion has no https://aws.amazon.com/SAML/Attributes/RoleSessionName attribute.")
        })?
        .to_owned();
    validate_session_name("RoleSessionName", &session_name).map_err(|err| {
        invalid(format!(
            "The SAML RoleSessionName is invalid: {}",
            err.message
        ))
    })?;
    let source_identity = single_value(&assertion, "SourceIdentity")?.map(str::to_owned);
    if let Some(source) = &source_identity {
        validate_session_name("SourceIdentity", source).map_err(|err| {
            invalid(format!(
                "The SAML SourceIdentity is invalid: {}",
                err.message
            ))
        })?;
    }
    let tags = session_tags(&assertion)?;

    let audience = assertion
        .recipient
        .clone()
        .or_else(|| {
            assertion
                .audiences
                .iter()
                .find(|a| is_aws_audience(a))
                .cloned()
        })
        .unwrap_or_default();
    let subject_type = subject_type(assertion.name_id_format.as_deref());
    let name_qualifier = name_qualifier(&assertion.issuer, &role_account, &provider_name);
    let claims = vec![
        ("saml:aud".to_owned(), audience.clone()),
        ("saml:iss".to_owned(), assertion.issuer.clone()),
        ("saml:sub".to_owned(), assertion.name_id.clone()),
        ("saml:sub_type".to_owned(), subject_type.clone()),
        ("saml:namequalifier".to_owned(), name_qualifier.clone()),
        (
            "saml:doc".to_owned(),
            format!("{role_account}/{provider_name}"),
        ),
    ];
    let assumed = assume_as_federated(
        ctx,
        FederatedIdentity {
            action: "sts:AssumeRoleWithSAML",
            role_arn: &req.role_arn,
            session_name: &session_name,
            provider: &req.principal_arn,
            claims,
            tags: &tags,
            source_identity,
            duration: seconds,
            policy: req.policy.as_deref(),
            policy_arns: &req.policy_arns,
        },
    )
    .await?;
    Ok(SamlAssumed {
        assumed,
        subject: assertion.name_id,
        subject_type,
        issuer: assertion.issuer,
        audience,
        name_qualifier,
    })
}

#[cfg(test)]
mod tests;
