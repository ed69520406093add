//! Authentication of Query API requests: SigV4 against the keys issued by the engine.

use axum::http::{HeaderMap, header};
use iam::context::{Ctx, TemporaryCredential};
use iam::ops::sts::{self, TemporaryKey};
use iam::ops::{Principal, access_keys};

use super::Service;
use super::error::ApiError;
use super::rate_limit::RateLimiter;
use super::sigv4::{self, MISMATCH, RequestToSign};

/// A request as received, for signature verification.
pub struct SignedRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// Who signed a request, and with what kind of credential.
pub struct Caller {
    pub principal: Principal,
    /// Set for temporary credentials (`ASIA…` keys with a session token).
    pub temporary: Option<TemporaryCredential>,
}

/// The key a request claims to be signed with, resolved.
struct Key {
    principal: Principal,
    secret: iam::secrets::SecretString,
    temporary: Option<TemporaryCredential>,
}

async fn resolve_key(ctx: &Ctx, req: &SignedRequest<'_>, key_id: &str) -> Result<Key, ApiError> {
    if key_id.starts_with("ASIA") {
        let token = header_text(req.headers, "x-amz-security-token");
        return match sts::temporary_signing_key(ctx, key_id, token).await? {
            TemporaryKey::Valid {
                principal,
                secret,
                credential,
            } => Ok(Key {
                principal,
                secret,
                temporary: Some(credential),
            }),
            TemporaryKey::Expired => Err(ApiError::new(
                "ExpiredToken",
                403,
                "The security token included in the request is expired",
            )),
            TemporaryKey::Invalid => Err(ApiError::new(
                "InvalidClientTokenId",
                403,
                "The security token included in the request is invalid.",
            )),
        };
    }
    let key = access_keys::signing_key(ctx, key_id)
        .await
        .map_err(ApiError::from)?;
    match key.filter(|k| k.active) {
        Some(key) => Ok(Key {
            principal: key.principal,
            secret: key.secret,
            temporary: None,
        }),
        None => Err(ApiError::invalid_client_token_id()),
    }
}

/// Verifies the request's signature and returns who signed it.
pub async fn authenticate(
    ctx: &Ctx,
    limiter: &RateLimiter,
    req: &SignedRequest<'_>,
    service: Service,
) -> Result<Caller, ApiError> {
    let Some(authorization) = req.headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::missing_authentication_token());
    };
    let authorization = authorization.to_str().map_err(|_| {
        ApiError::incomplete_signature("The Authorization header is not valid text.")
    })?;
    let auth = sigv4::parse_authorization(authorization)?;
    let amz_date = header_text(req.headers, "x-amz-date")
        .or_else(|| header_text(req.headers, "date"))
        .ok_or_else(|| {
            ApiError::incomplete_signature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        })?;
    sigv4::check_scope_and_time(&auth, amz_date, ctx.clock.now(), service.signing_name())?;

    let key = resolve_key(ctx, req, &auth.access_key_id).await?;

    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .filter_map(|(name, value)| {
            value
                .to_str()
                .ok()
                .map(|v| (name.as_str().to_owned(), v.to_owned()))
        })
        .collect();
    let to_sign = RequestToSign {
        method: req.method,
        path: req.path,
        query: req.query,
        headers: &headers,
        body: req.body,
    };
    let canonical = sigv4::canonical_request(&to_sign, &auth.signed_headers)?;
    let string_to_sign = sigv4::string_to_sign(amz_date, &auth.scope(), &canonical);
    let expected = sigv4::signature(
        key.secret.expose(),
        &auth.scope_date,
        &auth.region,
        &auth.service,
        &string_to_sign,
    );
    if !sigv4::signatures_match(&expected, &auth.signature) {
        return Err(ApiError::signature_does_not_match(MISMATCH));
    }
    // Counted only once the signature is proven, so no one can spend another key's allowance.
    if !limiter.allow(&auth.access_key_id) {
        return Err(ApiError::new("Throttling", 400, "Rate exceeded"));
    }
    if key.temporary.is_some() {
        return Ok(Caller {
            principal: key.principal,
            temporary: key.temporary,
        });
    }
    access_keys::record_use(
        ctx,
        &auth.access_key_id,
        &auth.region,
        service.signing_name(),
    );
    Ok(Caller {
        principal: key.principal,
        temporary: None,
    })
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
