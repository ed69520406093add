//! OpenID Connect providers: `CreateOpenIDConnectProvider`, `GetOpenIDConnectProvider`,
//! `AddClientIDToOpenIDConnectProvider`, `RemoveClientIDFromOpenIDConnectProvider` and
//! `UpdateOpenIDConnectProviderThumbprint`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{NewProvider, ProviderKind, action, authorized_load, create, provider_arn, tags_of};
use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::tags::Tag;
use crate::ops::{Principal, timestamp};
use crate::store::{self, db_error, identity_providers::ProviderRow};

/// Client IDs one provider holds, and thumbprints it lists.
pub const MAX_CLIENT_IDS: usize = 100;
pub const MAX_THUMBPRINTS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OidcProvider {
    pub arn: String,
    /// The issuer URL without `https://`, as `GetOpenIDConnectProvider` answers it.
    pub url: String,
    pub client_ids: Vec<String>,
    pub thumbprints: Vec<String>,
    pub create_date: OffsetDateTime,
    pub tags: Vec<Tag>,
}

/// What the provider's row keeps beside its URL.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Audience {
    client_ids: Vec<String>,
    thumbprints: Vec<String>,
}

impl Audience {
    fn of(row: &ProviderRow) -> IamResult<Self> {
        serde_json::from_str(&row.document).map_err(|_| IamError::service_failure())
    }

    fn stored(&self) -> IamResult<String> {
        serde_json::to_string(self).map_err(|_| IamError::service_failure())
    }
}

/// The client IDs of a stored OIDC provider.
pub(crate) fn client_ids_of(row: &ProviderRow) -> IamResult<Vec<String>> {
    Ok(Audience::of(row)?.client_ids)
}

/// The issuer URL without its scheme: `https://`, a host with an optional port and path, no
/// query or fragment. (AWS's documentation says the URL should not name a port; Latchkey takes
/// one, so that an identity provider running locally can be trusted.)
fn issuer(url: &str) -> IamResult<String> {
    if !(1..=255).contains(&url.chars().count()) {
        return Err(IamError::constraint(
            "url",
            url,
            "Member must have length less than or equal to 255 and greater than or equal to 1",
        ));
    }
    let invalid = |why: &str| IamError::invalid_input(format!("Invalid url {url}: {why}"));
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| invalid("it must begin with https://"))?;
    let rest = rest.trim_end_matches('/');
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || rest.chars().any(|c| c.is_whitespace()) {
        return Err(invalid("it must name a host"));
    }
    if let Some((_, port)) = host.split_once(':')
        && port.parse::<u16>().is_err()
    {
        return Err(invalid("its port must be a number"));
    }
    if rest.contains(['?', '#']) {
        return Err(invalid("it cannot contain a query or a fragment"));
    }
    Ok(rest.to_owned())
}

fn validate_client_id(client_id: &str) -> IamResult<()> {
    if (1..=255).contains(&client_id.chars().count()) {
        Ok(())
    } else {
        Err(IamError::constraint(
            "clientID",
            client_id,
            "Member must have length less than or equal to 255 and greater than or equal to 1",
        ))
    }
}

fn validate_client_ids(client_ids: &[String]) -> IamResult<()> {
    client_ids
        .iter()
        .try_for_each(|id| validate_client_id(id))?;
    if client_ids.len() > MAX_CLIENT_IDS {
        return Err(IamError::limit_exceeded(format!(
            "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MAX_CLIENT_IDS}"
        )));
    }
    Ok(())
}

/// Thumbprints are the 40 hexadecimal digits of a SHA-1, at most five.
fn validate_thumbprints(thumbprints: &[String]) -> IamResult<()> {
    if thumbprints.len() > MAX_THUMBPRINTS {
        return Err(IamError::constraint(
            "thumbprintList",
            &thumbprints.len().to_string(),
            "Member must have length less than or equal to 5",
        ));
    }
    for thumbprint in thumbprints {
        if thumbprint.len() != 40 || !thumbprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(IamError::invalid_input(format!(
                "Thumbprint {thumbprint} is not a 40-character hexadecimal SHA-1 fingerprint."
            )));
        }
    }
    Ok(())
}

/// Keeps the first of each value, in order.
fn distinct(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        if !out.contains(value) {
            out.push(value.clone());
        }
    }
    out
}

/// `CreateOpenIDConnectProvider`: returns the provider's ARN.
pub async fn create_provider(
    ctx: &Ctx,
    principal: &Principal,
    url: &str,
    client_ids: &[String],
    thumbprints: &[String],
    tags: &[Tag],
) -> IamResult<String> {
    let name = issuer(url)?;
    validate_client_ids(client_ids)?;
    validate_thumbprints(thumbprints)?;
    let audience = Audience {
        client_ids: distinct(client_ids),
        thumbprints: distinct(thumbprints),
    };
    create(
        ctx,
        principal,
        NewProvider {
            kind: ProviderKind::Oidc,
            name: &name,
            document: audience.stored()?,
            valid_until: None,
            tags,
        },
    )
    .await
}

/// `GetOpenIDConnectProvider`.
pub async fn get_provider(ctx: &Ctx, principal: &Principal, arn: &str) -> IamResult<OidcProvider> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let row = authorized_load(
        &mut conn,
        principal,
        ProviderKind::Oidc,
        &action(ProviderKind::Oidc, "Get"),
        arn,
        &[],
    )
    .await?;
    let audience = Audience::of(&row)?;
    let tags = tags_of(&mut conn, ProviderKind::Oidc, &row.id).await?;
    Ok(OidcProvider {
        arn: provider_arn(principal.account_id(), ProviderKind::Oidc, &row.name),
        url: row.name,
        client_ids: audience.client_ids,
        thumbprints: audience.thumbprints,
        create_date: timestamp(row.created_at),
        tags,
    })
}

/// Changes what a provider keeps beside its URL, as `action`.
async fn change_audience(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    arn: &str,
    change: impl FnOnce(&mut Audience) -> IamResult<()>,
) -> IamResult<()> {
    let mut tx = ctx.begin().await?;
    let row = authorized_load(&mut tx, principal, ProviderKind::Oidc, action, arn, &[]).await?;
    let mut audience = Audience::of(&row)?;
    change(&mut audience)?;
    store::identity_providers::update_document(&mut tx, &row.id, &audience.stored()?, None)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

/// `AddClientIDToOpenIDConnectProvider`: adding a client ID the provider has changes nothing.
pub async fn add_client_id(
    ctx: &Ctx,
    principal: &Principal,
    arn: &str,
    client_id: &str,
) -> IamResult<()> {
    validate_client_id(client_id)?;
    let add = action(ProviderKind::Oidc, "AddClientIDTo");
    change_audience(ctx, principal, &add, arn, |audience| {
        if !audience.client_ids.iter().any(|id| id == client_id) {
            audience.client_ids.push(client_id.to_owned());
        }
        validate_client_ids(&audience.client_ids)
    })
    .await
}

/// `RemoveClientIDFromOpenIDConnectProvider`: removing one it does not have changes nothing.
pub async fn remove_client_id(
    ctx: &Ctx,
    principal: &Principal,
    arn: &str,
    client_id: &str,
) -> IamResult<()> {
    validate_client_id(client_id)?;
    let remove = action(ProviderKind::Oidc, "RemoveClientIDFrom");
    change_audience(ctx, principal, &remove, arn, |audience| {
        audience.client_ids.retain(|id| id != client_id);
        Ok(())
    })
    .await
}

/// `UpdateOpenIDConnectProviderThumbprint`: the thumbprints become exactly these.
pub async fn update_thumbprints(
    ctx: &Ctx,
    principal: &Principal,
    arn: &str,
    thumbprints: &[String],
) -> IamResult<()> {
    validate_thumbprints(thumbprints)?;
    let update = format!("{}Thumbprint", action(ProviderKind::Oidc, "Update"));
    change_audience(ctx, principal, &update, arn, |audience| {
        audience.thumbprints = distinct(thumbprints);
        Ok(())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuers_are_https_urls_without_query_or_fragment() {
        assert_eq!(
            issuer("https://token.actions.githubusercontent.com").unwrap(),
            "token.actions.githubusercontent.com"
        );
        assert_eq!(
            issuer("https://example.com/tenant/v2.0/").unwrap(),
            "example.com/tenant/v2.0"
        );
        assert_eq!(
            issuer("https://localhost:8443/realm").unwrap(),
            "localhost:8443/realm"
        );
        for bad in [
            "http://example.com",
            "https://",
            "https://example.com:port",
            "https://example.com:99999",
            "https://example.com/?a=b",
            "https://exa mple.com",
        ] {
            assert!(issuer(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn thumbprints_are_sha1_hex() {
        assert!(validate_thumbprints(&["a".repeat(40)]).is_ok());
        assert!(validate_thumbprints(&["g".repeat(40)]).is_err());
        assert!(validate_thumbprints(&["a".repeat(39)]).is_err());
        assert!(validate_thumbprints(&vec!["a".repeat(40); 6]).is_err());
    }
}
