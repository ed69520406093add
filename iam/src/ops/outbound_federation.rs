//! Outbound web identity federation: an account turns it on (`EnableOutboundWebIdentityFederation`)
//! and its principals may then ask STS for signed JSON Web Tokens (`GetWebIdentityToken`) that
//! external services verify through the account's issuer — an OpenID Connect discovery document
//! and key set that this server publishes under its public URL, at `/oidc/<issuer ID>`.
//!
//! The issuer and its keys are made once, on first enabling; disabling only stops new tokens,
//! so tokens issued before stay verifiable.

pub mod signing_keys;
pub mod token;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::context::{Ctx, task_failed};
use crate::error::{ErrorCode, IamError, IamResult};
use crate::ops::{Principal, authz};
use crate::store::outbound_federation::OutboundFederationRow;
use crate::store::{self, db_error};
use signing_keys::{Algorithm, SigningKeys};

/// Where the issuers live under the server's public URL.
pub const ISSUER_PATH: &str = "/oidc/";

/// `GetOutboundWebIdentityFederationInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FederationInfo {
    pub issuer_identifier: String,
    pub jwt_vending_enabled: bool,
}

/// The issuer URL of an issuer ID: the `iss` of its tokens.
pub fn issuer_url(ctx: &Ctx, issuer_id: &str) -> String {
    format!("{}{ISSUER_PATH}{issuer_id}", ctx.settings.public_url)
}

fn already_enabled() -> IamError {
    IamError::new(
        ErrorCode::FeatureEnabled,
        "Outbound identity federation is already enabled for this account.",
    )
}

fn not_enabled() -> IamError {
    IamError::new(
        ErrorCode::FeatureDisabled,
        "Outbound identity federation is disabled for this account.",
    )
}

async fn find(ctx: &Ctx, account_id: &str) -> IamResult<Option<OutboundFederationRow>> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    store::outbound_federation::find(&mut conn, account_id)
        .await
        .map_err(db_error)
}

/// A new issuer with fresh keys, sealed for storage.
async fn new_issuer(ctx: &Ctx, account_id: &str) -> IamResult<OutboundFederationRow> {
    let seed: [u8; 32] = ctx.random_bytes();
    let keys = tokio::task::spawn_blocking(move || SigningKeys::generate(seed))
        .await
        .map_err(task_failed)??;
    let encoded = keys.encode()?;
    let rsa_key_nonce: [u8; 12] = ctx.random_bytes();
    let ec_key_nonce: [u8; 12] = ctx.random_bytes();
    Ok(OutboundFederationRow {
        account_id: account_id.to_owned(),
        issuer_id: crate::ops::random_uuid(ctx),
        enabled: true,
        rsa_key_sealed: ctx.cipher.seal(&rsa_key_nonce, encoded.rsa.expose())?,
        rsa_key_nonce: rsa_key_nonce.to_vec(),
        ec_key_sealed: ctx.cipher.seal(&ec_key_nonce, encoded.ec.expose())?,
        ec_key_nonce: ec_key_nonce.to_vec(),
        created_at: ctx.now(),
    })
}

/// `EnableOutboundWebIdentityFederation`: returns the account's issuer URL.
pub async fn enable(ctx: &Ctx, principal: &Principal) -> IamResult<String> {
    let account_id = principal.account_id();
    let action = "iam:EnableOutboundWebIdentityFederation";
    authz::authorize_now(ctx, principal, account_id, action, "*").await?;
    // Keys are made before the write turn is taken, so no writer waits on key generation.
    let fresh = match find(ctx, account_id).await? {
        Some(row) if row.enabled => return Err(already_enabled()),
        Some(_) => None,
        None => Some(new_issuer(ctx, account_id).await?),
    };
    let mut tx = ctx.begin().await?;
    let issuer_id = match store::outbound_federation::find(&mut tx, account_id)
        .await
        .map_err(db_error)?
    {
        Some(row) if row.enabled => return Err(already_enabled()),
        Some(row) => {
            store::outbound_federation::set_enabled(&mut tx, account_id, true)
                .await
                .map_err(db_error)?;
            row.issuer_id
        }
        None => {
            let row = fresh.ok_or_else(IamError::service_failure)?;
            store::outbound_federation::insert(&mut tx, &row)
                .await
                .map_err(db_error)?;
            row.issuer_id
        }
    };
    tx.commit().await.map_err(db_error)?;
    Ok(issuer_url(ctx, &issuer_id))
}

/// `DisableOutboundWebIdentityFederation`.
pub async fn disable(ctx: &Ctx, principal: &Principal) -> IamResult<()> {
    let account_id = principal.account_id();
    let action = "iam:DisableOutboundWebIdentityFederation";
    authz::authorize_now(ctx, principal, account_id, action, "*").await?;
    let mut tx = ctx.begin().await?;
    let enabled = store::outbound_federation::find(&mut tx, account_id)
        .await
        .map_err(db_error)?
        .is_some_and(|row| row.enabled);
    if !enabled {
        return Err(not_enabled());
    }
    store::outbound_federation::set_enabled(&mut tx, account_id, false)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `GetOutboundWebIdentityFederationInfo`: `FeatureDisabled` until first enabled.
pub async fn info(ctx: &Ctx, principal: &Principal) -> IamResult<FederationInfo> {
    let account_id = principal.account_id();
    let action = "iam:GetOutboundWebIdentityFederationInfo";
    authz::authorize_now(ctx, principal, account_id, action, "*").await?;
    let row = find(ctx, account_id).await?.ok_or_else(not_enabled)?;
    Ok(FederationInfo {
        issuer_identifier: issuer_url(ctx, &row.issuer_id),
        jwt_vending_enabled: row.enabled,
    })
}

/// The signing keys of a stored issuer.
fn open_keys(ctx: &Ctx, row: &OutboundFederationRow) -> IamResult<SigningKeys> {
    let rsa = ctx.cipher.open(&row.rsa_key_nonce, &row.rsa_key_sealed)?;
    let ec = ctx.cipher.open(&row.ec_key_nonce, &row.ec_key_sealed)?;
    SigningKeys::decode(&rsa, &ec)
}

async fn find_issuer(ctx: &Ctx, issuer_id: &str) -> IamResult<Option<OutboundFederationRow>> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    store::outbound_federation::find_by_issuer(&mut conn, issuer_id)
        .await
        .map_err(db_error)
}

/// The issuer's OpenID Connect discovery document (public; `None` for an unknown issuer).
pub async fn discovery_document(ctx: &Ctx, issuer_id: &str) -> IamResult<Option<Value>> {
    let Some(row) = find_issuer(ctx, issuer_id).await? else {
        return Ok(None);
    };
    let issuer = issuer_url(ctx, &row.issuer_id);
    let algorithms: Vec<&str> = Algorithm::ALL.iter().map(|alg| alg.as_str()).collect();
    Ok(Some(json!({
        "issuer": issuer,
        "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
        "response_types_supported": ["id_token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": algorithms,
        "claims_supported": ["iss", "sub", "aud", "iat", "exp", "jti", token::AWS_CLAIMS],
    })))
}

/// The issuer's JSON Web Key Set (public; `None` for an unknown issuer).
pub async fn key_set(ctx: &Ctx, issuer_id: &str) -> IamResult<Option<Value>> {
    match find_issuer(ctx, issuer_id).await? {
        Some(row) => Ok(Some(open_keys(ctx, &row)?.key_set())),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests;
