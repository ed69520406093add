//! OpenID Connect and SAML identity providers.

use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::identity_providers::{self, ProviderKind, oidc, saml};

use super::tags::{tag_page_xml, tags_xml};
use super::{ActionResult, empty, page};
use crate::query::form::Params;
use crate::query::xml::Xml;

/// The provider operations; `None` for any other action.
pub(super) async fn dispatch(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    p: &Params,
) -> Option<ActionResult> {
    let (kind, arn_param) = if action.contains("OpenIDConnectProvider") {
        (ProviderKind::Oidc, "OpenIDConnectProviderArn")
    } else if action.contains("SAMLProvider") {
        (ProviderKind::Saml, "SAMLProviderArn")
    } else {
        return None;
    };
    let result = match action {
        "CreateOpenIDConnectProvider" => create_oidc(ctx, principal, p).await,
        "GetOpenIDConnectProvider" => get_oidc(ctx, principal, p).await,
        "AddClientIDToOpenIDConnectProvider" => {
            async {
                let arn = p.required(arn_param)?;
                empty(oidc::add_client_id(ctx, principal, arn, p.required("ClientID")?).await)
            }
            .await
        }
        "RemoveClientIDFromOpenIDConnectProvider" => {
            async {
                let arn = p.required(arn_param)?;
                empty(oidc::remove_client_id(ctx, principal, arn, p.required("ClientID")?).await)
            }
            .await
        }
        "UpdateOpenIDConnectProviderThumbprint" => {
            async {
                let arn = p.required(arn_param)?;
                let thumbprints = owned(p.list("ThumbprintList"));
                empty(oidc::update_thumbprints(ctx, principal, arn, &thumbprints).await)
            }
            .await
        }
        "CreateSAMLProvider" => create_saml(ctx, principal, p).await,
        "GetSAMLProvider" => get_saml(ctx, principal, p).await,
        "UpdateSAMLProvider" => {
            async {
                let arn = p.required(arn_param)?;
                let metadata = p.required("SAMLMetadataDocument")?;
                let arn = saml::update_provider(ctx, principal, arn, metadata).await?;
                let mut x = Xml::new();
                x.leaf("SAMLProviderArn", &arn);
                Ok(Some(x))
            }
            .await
        }
        "ListOpenIDConnectProviders" | "ListSAMLProviders" => list(ctx, principal, kind).await,
        "DeleteOpenIDConnectProvider" | "DeleteSAMLProvider" => {
            async {
                let arn = p.required(arn_param)?;
                empty(identity_providers::delete_provider(ctx, principal, kind, arn).await)
            }
            .await
        }
        "TagOpenIDConnectProvider" | "TagSAMLProvider" => {
            async {
                let arn = p.required(arn_param)?;
                empty(identity_providers::tag_provider(ctx, principal, kind, arn, &p.tags()?).await)
            }
            .await
        }
        "UntagOpenIDConnectProvider" | "UntagSAMLProvider" => {
            async {
                let arn = p.required(arn_param)?;
                let keys = owned(p.list("TagKeys"));
                empty(identity_providers::untag_provider(ctx, principal, kind, arn, &keys).await)
            }
            .await
        }
        "ListOpenIDConnectProviderTags" | "ListSAMLProviderTags" => {
            async {
                let arn = p.required(arn_param)?;
                let listed =
                    identity_providers::list_provider_tags(ctx, principal, kind, arn, &page(p)?)
                        .await?;
                tag_page_xml(&listed)
            }
            .await
        }
        _ => return None,
    };
    Some(result)
}

fn owned(values: Vec<&str>) -> Vec<String> {
    values.into_iter().map(str::to_owned).collect()
}

async fn create_oidc(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let tags = p.tags()?;
    let arn = oidc::create_provider(
        ctx,
        principal,
        p.required("Url")?,
        &owned(p.list("ClientIDList")),
        &owned(p.list("ThumbprintList")),
        &tags,
    )
    .await?;
    let mut x = Xml::new();
    x.leaf("OpenIDConnectProviderArn", &arn);
    tags_xml(&mut x, &tags);
    Ok(Some(x))
}

async fn get_oidc(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let provider =
        oidc::get_provider(ctx, principal, p.required("OpenIDConnectProviderArn")?).await?;
    let mut x = Xml::new();
    x.leaf("Url", &provider.url)
        .list("ClientIDList", &provider.client_ids, |x, id| {
            x.push_text(id);
        })
        .list("ThumbprintList", &provider.thumbprints, |x, thumbprint| {
            x.push_text(thumbprint);
        })
        .time("CreateDate", provider.create_date);
    tags_xml(&mut x, &provider.tags);
    Ok(Some(x))
}

async fn create_saml(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let tags = p.tags()?;
    let arn = saml::create_provider(
        ctx,
        principal,
        p.required("Name")?,
        p.required("SAMLMetadataDocument")?,
        &tags,
    )
    .await?;
    let mut x = Xml::new();
    x.leaf("SAMLProviderArn", &arn);
    tags_xml(&mut x, &tags);
    Ok(Some(x))
}

async fn get_saml(ctx: &Ctx, principal: &Principal, p: &Params) -> ActionResult {
    let provider = saml::get_provider(ctx, principal, p.required("SAMLProviderArn")?).await?;
    let mut x = Xml::new();
    x.leaf("SAMLMetadataDocument", &provider.metadata)
        .time("CreateDate", provider.create_date)
        .opt_time("ValidUntil", provider.valid_until);
    tags_xml(&mut x, &provider.tags);
    Ok(Some(x))
}

async fn list(ctx: &Ctx, principal: &Principal, kind: ProviderKind) -> ActionResult {
    let providers = identity_providers::list_providers(ctx, principal, kind).await?;
    let mut x = Xml::new();
    match kind {
        ProviderKind::Oidc => x.list("OpenIDConnectProviderList", &providers, |x, provider| {
            x.leaf("Arn", &provider.arn);
        }),
        ProviderKind::Saml => x.list("SAMLProviderList", &providers, |x, provider| {
            x.leaf("Arn", &provider.arn)
                .opt_time("ValidUntil", provider.valid_until)
                .time("CreateDate", provider.create_date);
        }),
    };
    Ok(Some(x))
}
