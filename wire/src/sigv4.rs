//! AWS Signature Version 4, header form: parsing the `Authorization` header, building the
//! canonical request and string to sign, deriving the signing key and comparing signatures in
//! constant time. Pure code; the caller supplies the secret and the time.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use time::{
    Date, OffsetDateTime, PrimitiveDateTime, format_description::BorrowedFormatItem,
    macros::format_description,
};

use crate::error::ApiError;

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// How far a request's time may be from the server's.
pub const MAX_SKEW: time::Duration = time::Duration::minutes(15);

const AMZ_DATE: &[BorrowedFormatItem<'static>] =
    format_description!("[year][month][day]T[hour][minute][second]Z");
const SCOPE_DATE: &[BorrowedFormatItem<'static>] = format_description!("[year][month][day]");

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizationHeader {
    pub access_key_id: String,
    pub scope_date: String,
    pub region: String,
    pub service: String,
    pub terminator: String,
    /// Lower-case header names, in the order given.
    pub signed_headers: Vec<String>,
    pub signature: String,
}

impl AuthorizationHeader {
    pub fn scope(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.scope_date, self.region, self.service, self.terminator
        )
    }
}

/// Parses the header value. Malformed headers answer `IncompleteSignature`.
pub fn parse_authorization(value: &str) -> Result<AuthorizationHeader, ApiError> {
    let value = value.trim();
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    if algorithm != ALGORITHM {
        return Err(ApiError::incomplete_signature(format!(
            "Unsupported AWS 'algorithm': '{algorithm}'. The only supported algorithm is {ALGORITHM}."
        )));
    }
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((key, val)) = part.split_once('=') else {
            return Err(ApiError::incomplete_signature(format!(
                "Authorization header requires each component to be of the form key=value. '{part}' is not."
            )));
        };
        match key {
            "Credential" => credential = Some(val.to_owned()),
            "SignedHeaders" => signed_headers = Some(val.to_owned()),
            "Signature" => signature = Some(val.to_owned()),
            _ => {}
        }
    }
    let mut missing = Vec::new();
    if credential.is_none() {
        missing.push("Authorization header requires 'Credential' parameter.");
    }
    if signed_headers.is_none() {
        missing.push("Authorization header requires 'SignedHeaders' parameter.");
    }
    if signature.is_none() {
        missing.push("Authorization header requires 'Signature' parameter.");
    }
    let (Some(credential), Some(signed_headers), Some(signature)) =
        (credential, signed_headers, signature)
    else {
        return Err(ApiError::incomplete_signature(format!(
            "{} Authorization={value}",
            missing.join(" ")
        )));
    };
    let parts: Vec<&str> = credential.split('/').collect();
    let [key, date, region, service, terminator] = parts.as_slice() else {
        return Err(ApiError::incomplete_signature(format!(
            "Credential should be of the form 'ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request', not '{credential}'."
        )));
    };
    if key.is_empty() || region.is_empty() || service.is_empty() {
        return Err(ApiError::incomplete_signature(format!(
            "Credential '{credential}' has an empty component."
        )));
    }
    let signed_headers: Vec<String> = signed_headers
        .split(';')
        .map(str::to_ascii_lowercase)
        .collect();
    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::incomplete_signature(
            "Signature must be 64 hexadecimal characters.",
        ));
    }
    Ok(AuthorizationHeader {
        access_key_id: (*key).to_owned(),
        scope_date: (*date).to_owned(),
        region: (*region).to_owned(),
        service: (*service).to_owned(),
        terminator: (*terminator).to_owned(),
        signed_headers,
        signature: signature.to_ascii_lowercase(),
    })
}

/// Parses an `X-Amz-Date` value (`20150830T123600Z`).
pub fn parse_amz_date(value: &str) -> Option<OffsetDateTime> {
    PrimitiveDateTime::parse(value, AMZ_DATE)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

pub fn format_amz_date(at: OffsetDateTime) -> String {
    at.format(AMZ_DATE).unwrap_or_default()
}

/// Checks the scope and the request time against `now`; the checks that need no secret.
pub fn check_scope_and_time(
    auth: &AuthorizationHeader,
    amz_date: &str,
    now: OffsetDateTime,
    expected_service: &str,
) -> Result<(), ApiError> {
    let Some(request_time) = parse_amz_date(amz_date) else {
        return Err(ApiError::incomplete_signature(format!(
            "Date must be in ISO-8601 'basic format'. Got '{amz_date}'. See http://en.wikipedia.org/wiki/ISO_8601"
        )));
    };
    if Date::parse(&auth.scope_date, SCOPE_DATE).is_err() || !amz_date.starts_with(&auth.scope_date)
    {
        return Err(ApiError::signature_does_not_match(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{amz_date}'.",
            auth.scope_date,
            amz_date.get(..8).unwrap_or(amz_date)
        )));
    }
    if auth.terminator != "aws4_request" {
        return Err(ApiError::signature_does_not_match(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
            auth.terminator
        )));
    }
    if auth.service != expected_service {
        return Err(ApiError::signature_does_not_match(format!(
            "Credential should be scoped to correct service: '{expected_service}'. "
        )));
    }
    if !auth.signed_headers.iter().any(|h| h == "host") {
        return Err(ApiError::signature_does_not_match(
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
        ));
    }
    if request_time < now - MAX_SKEW {
        return Err(ApiError::signature_does_not_match(format!(
            "Signature expired: {amz_date} is now earlier than {} ({} - 15 min.)",
            format_amz_date(now - MAX_SKEW),
            format_amz_date(now)
        )));
    }
    if request_time > now + MAX_SKEW {
        return Err(ApiError::signature_does_not_match(format!(
            "Signature not yet current: {amz_date} is still later than {} ({} + 15 min.)",
            format_amz_date(now + MAX_SKEW),
            format_amz_date(now)
        )));
    }
    Ok(())
}

/// What the canonical request is built from.
pub struct RequestToSign<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    /// `(lower-case name, value)` for every header of the request.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// RFC 3986 encoding as SigV4 wants it: unreserved characters stay, the rest is `%XX`.
fn uri_encode(value: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (uri_encode(&k, false), uri_encode(&v, false)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn canonical_header_value(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical request of SigV4 step 1. Fails when a signed header is absent.
pub fn canonical_request(
    req: &RequestToSign<'_>,
    signed_headers: &[String],
) -> Result<String, ApiError> {
    let mut canonical_headers = String::new();
    for name in signed_headers {
        let values: Vec<String> = req
            .headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| canonical_header_value(v))
            .collect();
        if values.is_empty() {
            return Err(ApiError::signature_does_not_match(format!(
                "The request signature we calculated does not match the signature you provided: signed header '{name}' is missing from the request."
            )));
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let path = if req.path.is_empty() {
        "/".to_owned()
    } else {
        uri_encode(req.path, true)
    };
    Ok(format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method,
        path,
        canonical_query(req.query),
        canonical_headers,
        signed_headers.join(";"),
        hex::encode(Sha256::digest(req.body))
    ))
}

pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical_request.as_bytes()))
    )
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so construction cannot fail.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// The signature of `string_to_sign` under `secret` for the scope parts.
pub fn signature(
    secret: &str,
    scope_date: &str,
    region: &str,
    service: &str,
    string_to_sign: &str,
) -> String {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), scope_date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    hex::encode(hmac(&k_signing, string_to_sign.as_bytes()))
}

/// Compares two hex signatures in constant time.
pub fn signatures_match(expected: &str, provided: &str) -> bool {
    expected.len() == provided.len() && bool::from(expected.as_bytes().ct_eq(provided.as_bytes()))
}

/// AWS's message for a signature mismatch.
pub const MISMATCH: &str = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

#[cfg(test)]
mod tests;
