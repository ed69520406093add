//! The identity providers page: the account's OpenID Connect and SAML providers, adding one
//! and deleting them. Each change is one call of `iam::ops::identity_providers`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::DeleteOutcome;
use crate::error::ConsoleError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderRowView {
    pub arn: String,
    /// The OIDC URL without its scheme, or the SAML provider's name.
    pub name: String,
    /// `OpenID Connect` or `SAML`.
    pub kind: String,
    pub saml: bool,
    pub created: String,
}

/// What the "Add provider" form submits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewProvider {
    Oidc { url: String, audience: String },
    Saml { name: String, metadata: String },
}

/// Both kinds of providers, OpenID Connect first, each by name.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn identity_providers_list() -> Result<Vec<ProviderRowView>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::identity_providers::{ProviderKind, list_providers};
    let server = server_context()?;
    let session = active_session().await?;
    let mut rows = Vec::new();
    for kind in [ProviderKind::Oidc, ProviderKind::Saml] {
        let listed = list_providers(&server.ctx, &session.principal, kind).await?;
        rows.extend(listed.into_iter().map(|provider| ProviderRowView {
            arn: provider.arn,
            name: provider.name,
            kind: kind.label().to_owned(),
            saml: kind == ProviderKind::Saml,
            created: crate::api::display::date_time(provider.create_date),
        }));
    }
    Ok(rows)
}

/// Adds a provider and returns its ARN.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn add_identity_provider(provider: NewProvider) -> Result<String, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::identity_providers::{oidc, saml};
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let arn = match provider {
        NewProvider::Oidc { url, audience } => {
            let audience: Vec<String> = audience
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect();
            oidc::create_provider(ctx, who, url.trim(), &audience, &[], &[]).await?
        }
        NewProvider::Saml { name, metadata } => {
            saml::create_provider(ctx, who, name.trim(), &metadata, &[]).await?
        }
    };
    Ok(arn)
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn delete_identity_providers(
    arns: Vec<String>,
) -> Result<Vec<DeleteOutcome>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::identity_providers::{ProviderKind, delete_provider};
    let server = server_context()?;
    let session = active_session().await?;
    let mut outcomes = Vec::with_capacity(arns.len());
    for arn in arns {
        // An ARN of no provider is refused by the deletion itself, as `InvalidInput`.
        let (kind, name) = ProviderKind::of_arn(&arn).unwrap_or((ProviderKind::Oidc, arn.as_str()));
        let result = delete_provider(&server.ctx, &session.principal, kind, &arn).await;
        outcomes.push(DeleteOutcome {
            name: name.to_owned(),
            error: result.err().map(|e| e.message),
        });
    }
    Ok(outcomes)
}
