//! `GetWebIdentityToken`: a signed JSON Web Token that says who the caller is, for services
//! outside AWS. Its claims follow AWS's: the standard `iss`, `sub` (the principal's ARN; a role
//! session's role), `aud`, `iat`, `exp` and `jti`, and under `https://sts.amazonaws.com/` the
//! account, the region asked, the principal's tags and the request's tags.

use serde_json::{Map, Value, json};
use time::OffsetDateTime;

use super::signing_keys::Algorithm;
use super::{issuer_url, open_keys};
use crate::context::{Ctx, current_request};
use crate::error::{ErrorCode, IamError, IamResult};
use crate::model::tags::{Tag, validate_tags};
use crate::ops::{Principal, authz, timestamp};
use crate::secrets::SecretString;
use crate::store::{self, db_error};

/// The claim that holds AWS's own claims.
pub const AWS_CLAIMS: &str = "https://sts.amazonaws.com/";
pub const DEFAULT_SECONDS: i64 = 300;
pub const MIN_SECONDS: i64 = 60;
pub const MAX_SECONDS: i64 = 3600;
pub const MAX_AUDIENCES: usize = 10;
const MAX_AUDIENCE_LEN: usize = 1000;
/// The largest payload a token carries, in bytes of JSON (room for every claim and 50 tags of
/// ordinary length; tags of the greatest length overflow it).
pub const MAX_PAYLOAD_BYTES: usize = 8192;

#[derive(Debug, Clone, Default)]
pub struct WebIdentityTokenRequest {
    pub audience: Vec<String>,
    pub duration_seconds: Option<i64>,
    pub signing_algorithm: String,
    pub tags: Vec<Tag>,
}

/// A token, shown once.
#[derive(Debug, Clone)]
pub struct WebIdentityToken {
    pub token: SecretString,
    pub expiration: OffsetDateTime,
}

fn validate_audience(audience: &[String]) -> IamResult<()> {
    if audience.is_empty() || audience.len() > MAX_AUDIENCES {
        return Err(IamError::constraint(
            "audience",
            &format!("{audience:?}"),
            "Member must have length less than or equal to 10 and greater than or equal to 1",
        ));
    }
    for value in audience {
        if !(1..=MAX_AUDIENCE_LEN).contains(&value.chars().count()) {
            return Err(IamError::constraint(
                "audience",
                value,
                "Member must have length less than or equal to 1000 and greater than or equal to 1",
            ));
        }
    }
    Ok(())
}

fn validate_duration(seconds: i64) -> IamResult<()> {
    if (MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return Ok(());
    }
    Err(IamError::constraint(
        "durationSeconds",
        &seconds.to_string(),
        "Member must have value less than or equal to 3600 and greater than or equal to 60",
    ))
}

fn tag_object<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Map<String, Value> {
    tags.map(|(key, value)| (key.to_owned(), Value::from(value)))
        .collect()
}

/// The caller's tags as policies see them (`aws:PrincipalTag/…`): a user's, or a role's with
/// its session tags over them.
async fn principal_tags(ctx: &Ctx, principal: &Principal) -> IamResult<Map<String, Value>> {
    let mut conn = authz::Conn::Lazy {
        pool: &ctx.pool,
        taken: None,
    };
    let request =
        authz::request_context(&mut conn, principal, "sts:GetWebIdentityToken", "*", None).await?;
    let prefix = "aws:PrincipalTag/";
    Ok(tag_object(request.keys().filter_map(|(key, values)| {
        let name = key.get(prefix.len()..)?;
        let value = values.first()?;
        key[..prefix.len()]
            .eq_ignore_ascii_case(prefix)
            .then_some((name, value.as_str()))
    })))
}

/// Authorizes the token and, when it carries tags, tagging it (`sts:TagGetWebIdentityToken`).
async fn authorize(
    ctx: &Ctx,
    principal: &Principal,
    req: &WebIdentityTokenRequest,
    seconds: i64,
) -> IamResult<()> {
    let account_id = principal.account_id();
    let tag_keys = authz::request_tag_keys(&req.tags);
    let mut extra = vec![
        ("sts:IdentityTokenAudience", req.audience.clone()),
        ("sts:DurationSeconds", vec![seconds.to_string()]),
        ("sts:SigningAlgorithm", vec![req.signing_algorithm.clone()]),
    ];
    if !req.tags.is_empty() {
        extra.extend(authz::as_extra(&tag_keys));
    }
    let action = "sts:GetWebIdentityToken";
    authz::authorize_now_with(ctx, principal, account_id, action, "*", &extra).await?;
    if !req.tags.is_empty() {
        let action = "sts:TagGetWebIdentityToken";
        let extra = authz::as_extra(&tag_keys);
        authz::authorize_now_with(ctx, principal, account_id, action, "*", &extra).await?;
    }
    Ok(())
}

/// `GetWebIdentityToken`.
pub async fn get_web_identity_token(
    ctx: &Ctx,
    principal: &Principal,
    req: WebIdentityTokenRequest,
) -> IamResult<WebIdentityToken> {
    validate_audience(&req.audience)?;
    let seconds = req.duration_seconds.unwrap_or(DEFAULT_SECONDS);
    validate_duration(seconds)?;
    let algorithm = Algorithm::parse(&req.signing_algorithm)?;
    validate_tags(&req.tags, true)?;
    authorize(ctx, principal, &req, seconds).await?;

    let account_id = principal.account_id();
    let row = {
        let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
        store::outbound_federation::find(&mut conn, account_id)
            .await
            .map_err(db_error)?
    };
    let Some(row) = row.filter(|row| row.enabled) else {
        return Err(IamError::new(
            ErrorCode::OutboundWebIdentityFederationDisabled,
            "Outbound web identity federation is not enabled for this account.",
        ));
    };
    let now = ctx.now();
    let expires = now + seconds;
    let request = current_request();
    if let Some(credential) = request.temporary_credential
        && expires > credential.expires_at
    {
        return Err(IamError::new(
            ErrorCode::SessionDurationEscalation,
            "The requested token duration would extend the session beyond its expiration.",
        ));
    }

    let mut aws = Map::new();
    aws.insert("aws_account".into(), account_id.into());
    if let Some(region) = request.requested_region {
        aws.insert("source_region".into(), region.into());
    }
    let principal_tags = principal_tags(ctx, principal).await?;
    if !principal_tags.is_empty() {
        aws.insert("principal_tags".into(), principal_tags.into());
    }
    if !req.tags.is_empty() {
        let request_tags = tag_object(req.tags.iter().map(|t| (t.key.as_str(), t.value.as_str())));
        aws.insert("request_tags".into(), request_tags.into());
    }
    let audience = match req.audience.as_slice() {
        [one] => Value::from(one.as_str()),
        many => Value::from(many.to_vec()),
    };
    let claims = json!({
        "iss": issuer_url(ctx, &row.issuer_id),
        "sub": principal.principal_arn(),
        "aud": audience,
        "iat": now,
        "exp": expires,
        "jti": crate::ops::random_uuid(ctx),
        AWS_CLAIMS: aws,
    });
    if claims.to_string().len() > MAX_PAYLOAD_BYTES {
        return Err(IamError::new(
            ErrorCode::JwtPayloadSizeExceeded,
            format!(
                "The token's claims exceed {MAX_PAYLOAD_BYTES} bytes; pass fewer or shorter tags."
            ),
        ));
    }
    let keys = open_keys(ctx, &row)?;
    Ok(WebIdentityToken {
        token: SecretString::new(keys.sign(algorithm, &claims)),
        expiration: timestamp(expires),
    })
}
