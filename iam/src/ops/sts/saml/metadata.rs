//! What a SAML provider's metadata says about the identity provider: its entity ID (the
//! `Issuer` of its assertions) and the certificates it signs with.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use roxmltree::Node;

use crate::error::IamResult;
use crate::ops::sts::id_token::invalid;
use crate::xmldsig::TrustedKey;
use crate::xmldsig::verify::DSIG_NS;

const METADATA_NS: &str = "urn:oasis:names:tc:SAML:2.0:metadata";

/// The identity provider a metadata document describes.
#[derive(Debug, Clone)]
pub struct IdentityProvider {
    pub entity_id: String,
    pub signing_keys: Vec<TrustedKey>,
}

fn is(node: &Node<'_, '_>, namespace: &str, name: &str) -> bool {
    node.is_element()
        && node.tag_name().namespace() == Some(namespace)
        && node.tag_name().name() == name
}

/// The keys of `IDPSSODescriptor/KeyDescriptor` elements meant for signing (`use="signing"`
/// or no `use`), from their X.509 certificates.
fn signing_keys(descriptor: Node<'_, '_>) -> Vec<TrustedKey> {
    descriptor
        .children()
        .filter(|n| is(n, METADATA_NS, "KeyDescriptor"))
        .filter(|n| n.attribute("use").is_none_or(|u| u == "signing"))
        .flat_map(|n| {
            n.descendants()
                .filter(|c| is(c, DSIG_NS, "X509Certificate"))
        })
        .filter_map(|certificate| {
            let text: String = certificate
                .text()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            STANDARD.decode(text).ok()
        })
        .filter_map(|der| TrustedKey::from_certificate(&der))
        .collect()
}

/// Reads the identity provider out of stored metadata (an `EntityDescriptor`, or the first
/// one with an `IDPSSODescriptor` in an `EntitiesDescriptor`).
pub fn identity_provider(metadata: &str) -> IamResult<IdentityProvider> {
    let unusable = |why: &str| invalid(format!("The SAML provider's metadata is unusable: {why}"));
    let document =
        roxmltree::Document::parse(metadata).map_err(|_| unusable("not well-formed XML"))?;
    let entity = document
        .root_element()
        .descendants()
        .filter(|n| is(n, METADATA_NS, "EntityDescriptor"))
        .find(|n| {
            n.children()
                .any(|c| is(&c, METADATA_NS, "IDPSSODescriptor"))
        })
        .ok_or_else(|| unusable("it describes no identity provider (IDPSSODescriptor)"))?;
    let entity_id = entity
        .attribute("entityID")
        .ok_or_else(|| unusable("its EntityDescriptor has no entityID"))?
        .to_owned();
    let signing_keys: Vec<TrustedKey> = entity
        .children()
        .filter(|n| is(n, METADATA_NS, "IDPSSODescriptor"))
        .flat_map(signing_keys)
        .collect();
    if signing_keys.is_empty() {
        return Err(unusable("it names no signing certificate"));
    }
    Ok(IdentityProvider {
        entity_id,
        signing_keys,
    })
}
