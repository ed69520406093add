//! The identity providers pages: the account's OpenID Connect and SAML providers, adding one
//! and deleting them, and each provider's page (audiences, metadata, tags). Each change is one
//! call of `iam::ops::identity_providers` (or the tag editor's `iam::ops::tags`).

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

/// One provider's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderDetailView {
    pub arn: String,
    pub name: String,
    pub kind: String,
    pub saml: bool,
    pub created: String,
    /// OpenID Connect: the issuer URL, its audiences (client IDs) and thumbprints.
    pub url: String,
    pub audiences: Vec<String>,
    pub thumbprints: Vec<String>,
    /// SAML: the metadata document and when it stops being valid.
    pub metadata: String,
    pub valid_until: Option<String>,
    pub tags: Vec<(String, String)>,
}

/// A change made on a provider's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProviderChange {
    AddAudience(String),
    RemoveAudience(String),
    ReplaceMetadata(String),
    SetTags(Vec<(String, String)>),
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
        outcomes.push(DeleteOutcome::of(name, result));
    }
    Ok(outcomes)
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn identity_provider_detail(arn: String) -> Result<ProviderDetailView, ConsoleError> {
    use crate::api::display::date_time;
    use crate::api::server::{active_session, server_context};
    use iam::ops::identity_providers::{ProviderKind, oidc, saml};
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let pairs = |tags: Vec<iam::model::tags::Tag>| -> Vec<(String, String)> {
        tags.into_iter().map(|t| (t.key, t.value)).collect()
    };
    // An ARN of neither kind is refused by the OpenID Connect lookup, as `InvalidInput`.
    let view = match ProviderKind::of_arn(&arn) {
        Some((ProviderKind::Saml, _)) => {
            let provider = saml::get_provider(ctx, who, &arn).await?;
            ProviderDetailView {
                arn: provider.arn,
                name: provider.name,
                kind: ProviderKind::Saml.label().to_owned(),
                saml: true,
                created: date_time(provider.create_date),
                url: String::new(),
                audiences: Vec::new(),
                thumbprints: Vec::new(),
                metadata: provider.metadata,
                valid_until: provider.valid_until.map(date_time),
                tags: pairs(provider.tags),
            }
        }
        _ => {
            let provider = oidc::get_provider(ctx, who, &arn).await?;
            ProviderDetailView {
                name: provider.url.clone(),
                arn: provider.arn,
                kind: ProviderKind::Oidc.label().to_owned(),
                saml: false,
                created: date_time(provider.create_date),
                url: format!("https://{}", provider.url),
                audiences: provider.client_ids,
                thumbprints: provider.thumbprints,
                metadata: String::new(),
                valid_until: None,
                tags: pairs(provider.tags),
            }
        }
    };
    Ok(view)
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn change_identity_provider(
    arn: String,
    change: ProviderChange,
) -> Result<(), ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::model::tags::Tag;
    use iam::ops::identity_providers::{oidc, saml};
    use iam::ops::tags::{TagSet, replace_tags};
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    match change {
        ProviderChange::AddAudience(audience) => {
            oidc::add_client_id(ctx, who, &arn, audience.trim()).await?
        }
        ProviderChange::RemoveAudience(audience) => {
            oidc::remove_client_id(ctx, who, &arn, &audience).await?
        }
        ProviderChange::ReplaceMetadata(metadata) => {
            saml::update_provider(ctx, who, &arn, &metadata).await?;
        }
        ProviderChange::SetTags(wanted) => {
            replace_tags(ctx, who, TagSet::Provider(&arn), &Tag::from_pairs(wanted)).await?
        }
    }
    Ok(())
}
