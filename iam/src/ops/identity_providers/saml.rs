//! SAML 2.0 providers: `CreateSAMLProvider`, `GetSAMLProvider` and `UpdateSAMLProvider`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{NewProvider, ProviderKind, action, authorized_load, create, provider_arn, tags_of};
use crate::context::Ctx;
use crate::error::{IamError, IamResult};
use crate::model::saml_metadata::validate_metadata_length;
use crate::model::tags::Tag;
use crate::ops::{Principal, timestamp};
use crate::store::{self, db_error};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SamlProvider {
    pub arn: String,
    pub name: String,
    pub metadata: String,
    pub create_date: OffsetDateTime,
    /// The metadata's `validUntil`, when it has one.
    pub valid_until: Option<OffsetDateTime>,
    pub tags: Vec<Tag>,
}

/// A provider name: 1–128 of `[\w._-]`.
fn validate_provider_name(name: &str) -> IamResult<()> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    if (1..=128).contains(&name.chars().count()) && name.chars().all(allowed) {
        Ok(())
    } else {
        Err(IamError::constraint(
            "name",
            name,
            "Member must have length less than or equal to 128 and satisfy regular expression pattern: [\\w._-]+",
        ))
    }
}

/// Checks a metadata document and returns its `validUntil` (UNIX seconds), if it has one. It
/// must be SAML metadata: XML whose root is an `EntityDescriptor` (or `EntitiesDescriptor`).
fn read_metadata(document: &str) -> IamResult<Option<i64>> {
    validate_metadata_length(document)?;
    let unparsable = || IamError::invalid_input("Could not parse metadata");
    let root = root_element(document).ok_or_else(unparsable)?;
    let local_name = root
        .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .next()
        .unwrap_or_default();
    let local_name = local_name.rsplit(':').next().unwrap_or(local_name);
    if !matches!(local_name, "EntityDescriptor" | "EntitiesDescriptor") {
        return Err(unparsable());
    }
    let Some(start) = root.find("validUntil=") else {
        return Ok(None);
    };
    let quoted = &root[start + "validUntil=".len()..];
    let quote = quoted.chars().next().filter(|c| matches!(c, '"' | '\''));
    let value = quote
        .and_then(|q| quoted[1..].split(q).next())
        .ok_or_else(unparsable)?;
    let at = OffsetDateTime::parse(value, &Rfc3339).map_err(|_| {
        IamError::invalid_input(format!("Could not parse metadata: validUntil {value}"))
    })?;
    Ok(Some(at.unix_timestamp()))
}

/// The text of the document's first element tag after any XML declaration, comments and
/// processing instructions, without its `<`.
fn root_element(document: &str) -> Option<&str> {
    let mut rest = document.trim_start_matches('\u{feff}').trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            rest = after.split_once("?>")?.1.trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.split_once("-->")?.1.trim_start();
        } else {
            let tag = rest.strip_prefix('<')?;
            let end = tag.find('>')?;
            return Some(&tag[..end]);
        }
    }
}

/// `CreateSAMLProvider`: returns the provider's ARN.
pub async fn create_provider(
    ctx: &Ctx,
    principal: &Principal,
    name: &str,
    metadata: &str,
    tags: &[Tag],
) -> IamResult<String> {
    validate_provider_name(name)?;
    let valid_until = read_metadata(metadata)?;
    create(
        ctx,
        principal,
        NewProvider {
            kind: ProviderKind::Saml,
            name,
            document: metadata.to_owned(),
            valid_until,
            tags,
        },
    )
    .await
}

/// `GetSAMLProvider`.
pub async fn get_provider(ctx: &Ctx, principal: &Principal, arn: &str) -> IamResult<SamlProvider> {
    let mut conn = ctx.pool.acquire().await.map_err(db_error)?;
    let get = action(ProviderKind::Saml, "Get");
    let row = authorized_load(&mut conn, principal, ProviderKind::Saml, &get, arn, &[]).await?;
    let tags = tags_of(&mut conn, ProviderKind::Saml, &row.id).await?;
    Ok(SamlProvider {
        arn: provider_arn(principal.account_id(), ProviderKind::Saml, &row.name),
        name: row.name,
        metadata: row.document,
        create_date: timestamp(row.created_at),
        valid_until: row.valid_until.map(timestamp),
        tags,
    })
}

/// `UpdateSAMLProvider`: new metadata; returns the provider's ARN.
pub async fn update_provider(
    ctx: &Ctx,
    principal: &Principal,
    arn: &str,
    metadata: &str,
) -> IamResult<String> {
    let valid_until = read_metadata(metadata)?;
    let mut tx = ctx.begin().await?;
    let update = action(ProviderKind::Saml, "Update");
    let row = authorized_load(&mut tx, principal, ProviderKind::Saml, &update, arn, &[]).await?;
    store::identity_providers::update_document(&mut tx, &row.id, metadata, valid_until)
        .await
        .map_err(db_error)?;
    tx.commit().await.map_err(db_error)?;
    Ok(provider_arn(
        principal.account_id(),
        ProviderKind::Saml,
        &row.name,
    ))
}

/// SAML metadata of an identity provider, padded to the API's minimum length, for tests.
#[cfg(test)]
pub(crate) fn sample_metadata(valid_until: Option<&str>) -> String {
    let valid = valid_until.map_or(String::new(), |v| format!(r#" validUntil="{v}""#));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/metadata"{valid}><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor><!-- {} --></md:EntityDescriptor>"#,
        "padding ".repeat(120)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_an_entity_descriptor_with_an_optional_valid_until() {
        assert_eq!(read_metadata(&sample_metadata(None)).unwrap(), None);
        assert_eq!(
            read_metadata(&sample_metadata(Some("2031-01-02T03:04:05Z"))).unwrap(),
            Some(1_925_089_445)
        );
        let bad_date = sample_metadata(Some("next year"));
        assert!(read_metadata(&bad_date).is_err());
        let not_saml = format!("<html>{}</html>", "x".repeat(1000));
        assert_eq!(
            read_metadata(&not_saml).unwrap_err().message,
            "Could not parse metadata"
        );
        assert!(
            read_metadata("<md:EntityDescriptor/>").is_err(),
            "too short"
        );
    }

    #[test]
    fn provider_names() {
        assert!(validate_provider_name("Corp_IdP-1.prod").is_ok());
        assert!(validate_provider_name("no spaces").is_err());
        assert!(validate_provider_name("").is_err());
    }
}
