//! Checking an enveloped signature: the reference's digest over the signed element (without
//! the signature), then the signature over the canonical `SignedInfo`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use pkcs8::der::Decode;
use roxmltree::Node;
use rsa::signature::Verifier;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::c14n::{Options, canonicalize};

pub const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";
const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const EXC_C14N_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// Why a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The element carries no signature.
    Unsigned,
    /// The signature is not of a form this checker reads (algorithm, transform, reference).
    Unsupported(String),
    /// The signature or digest does not match under any trusted key.
    Invalid(String),
}

/// A public key the signer is trusted to hold: from the provider's metadata.
#[derive(Debug, Clone)]
pub enum TrustedKey {
    Rsa(rsa::RsaPublicKey),
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

const RSA_ENCRYPTION: pkcs8::ObjectIdentifier =
    pkcs8::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

impl TrustedKey {
    /// The key of a DER X.509 certificate (RSA, or EC on P-256 or P-384).
    pub fn from_certificate(der: &[u8]) -> Option<Self> {
        let certificate = x509_cert::Certificate::from_der(der).ok()?;
        let spki = certificate.tbs_certificate.subject_public_key_info;
        let bits = spki.subject_public_key.raw_bytes();
        if spki.algorithm.oid == RSA_ENCRYPTION {
            let key = pkcs1::RsaPublicKey::from_der(bits).ok()?;
            let key = rsa::RsaPublicKey::new(
                rsa::BigUint::from_bytes_be(key.modulus.as_bytes()),
                rsa::BigUint::from_bytes_be(key.public_exponent.as_bytes()),
            )
            .ok()?;
            return Some(Self::Rsa(key));
        }
        p256::ecdsa::VerifyingKey::from_sec1_bytes(bits)
            .map(Self::P256)
            .or_else(|_| p384::ecdsa::VerifyingKey::from_sec1_bytes(bits).map(Self::P384))
            .ok()
    }

    fn verifies(&self, method: SignatureMethod, message: &[u8], signature: &[u8]) -> bool {
        match (self, method) {
            (Self::Rsa(key), SignatureMethod::Rsa(hash)) => {
                let Ok(signature) = rsa::pkcs1v15::Signature::try_from(signature) else {
                    return false;
                };
                let key = key.clone();
                match hash {
                    Hash::Sha1 => rsa::pkcs1v15::VerifyingKey::<Sha1>::new(key)
                        .verify(message, &signature)
                        .is_ok(),
                    Hash::Sha256 => rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
                        .verify(message, &signature)
                        .is_ok(),
                    Hash::Sha384 => rsa::pkcs1v15::VerifyingKey::<Sha384>::new(key)
                        .verify(message, &signature)
                        .is_ok(),
                    Hash::Sha512 => rsa::pkcs1v15::VerifyingKey::<Sha512>::new(key)
                        .verify(message, &signature)
                        .is_ok(),
                }
            }
            (Self::P256(key), SignatureMethod::Ecdsa(Hash::Sha256)) => {
                p256::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|s| key.verify(message, &s).is_ok())
            }
            (Self::P384(key), SignatureMethod::Ecdsa(Hash::Sha384)) => {
                p384::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|s| key.verify(message, &s).is_ok())
            }
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn of_digest_method(uri: &str) -> Option<Self> {
        match uri {
            "http://www.w3.org/2000/09/xmldsig#sha1" => Some(Self::Sha1),
            "http://www.w3.org/2001/04/xmlenc#sha256" => Some(Self::Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#sha384" => Some(Self::Sha384),
            "http://www.w3.org/2001/04/xmlenc#sha512" => Some(Self::Sha512),
            _ => None,
        }
    }

    fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(bytes).to_vec(),
            Self::Sha256 => Sha256::digest(bytes).to_vec(),
            Self::Sha384 => Sha384::digest(bytes).to_vec(),
            Self::Sha512 => Sha512::digest(bytes).to_vec(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SignatureMethod {
    Rsa(Hash),
    Ecdsa(Hash),
}

impl SignatureMethod {
    fn of(uri: &str) -> Option<Self> {
        Some(match uri {
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1" => Self::Rsa(Hash::Sha1),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => Self::Rsa(Hash::Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" => Self::Rsa(Hash::Sha384),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" => Self::Rsa(Hash::Sha512),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256" => Self::Ecdsa(Hash::Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384" => Self::Ecdsa(Hash::Sha384),
            _ => return None,
        })
    }
}

fn unsupported(what: impl Into<String>) -> SignatureError {
    SignatureError::Unsupported(what.into())
}

/// The only child element of `parent` in the signature namespace named `name`.
fn dsig_child<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Result<Node<'a, 'i>, SignatureError> {
    let mut found = parent
        .children()
        .filter(|n| n.is_element() && n.tag_name().namespace() == Some(DSIG_NS))
        .filter(|n| n.tag_name().name() == name);
    match (found.next(), found.next()) {
        (Some(node), None) => Ok(node),
        (None, _) => Err(unsupported(format!("The signature has no {name}."))),
        (Some(_), Some(_)) => Err(unsupported(format!(
            "The signature has more than one {name}."
        ))),
    }
}

fn algorithm<'a>(node: Node<'a, '_>) -> &'a str {
    node.attribute("Algorithm").unwrap_or_default()
}

/// The canonicalization a `CanonicalizationMethod` or `Transform` names, if it is exclusive
/// C14N; its `InclusiveNamespaces PrefixList` comes along.
fn exclusive_c14n(method: Node<'_, '_>) -> Option<Options> {
    let with_comments = match algorithm(method) {
        EXC_C14N => false,
        EXC_C14N_COMMENTS => true,
        _ => return None,
    };
    let inclusive_prefixes = method
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "InclusiveNamespaces")
        .and_then(|n| n.attribute("PrefixList"))
        .map(|list| {
            list.split_whitespace()
                .map(|p| {
                    if p == "#default" {
                        String::new()
                    } else {
                        p.to_owned()
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Options {
        with_comments,
        inclusive_prefixes,
        excluded: None,
    })
}

fn base64_text(node: Node<'_, '_>) -> Result<Vec<u8>, SignatureError> {
    let text: String = node
        .text()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD
        .decode(text)
        .map_err(|_| SignatureError::Invalid(format!("{} is not base64.", node.tag_name().name())))
}

/// Checks the enveloped signature that is a direct child of `element`: its one reference must
/// name `element` by `id` (an ID the document gives no other element), its digest must match,
/// and its signature must verify under one of `keys`.
pub fn verify_enveloped(
    source: &str,
    element: Node<'_, '_>,
    id: &str,
    keys: &[TrustedKey],
) -> Result<(), SignatureError> {
    let mut signatures = element.children().filter(|n| {
        n.is_element()
            && n.tag_name().namespace() == Some(DSIG_NS)
            && n.tag_name().name() == "Signature"
    });
    let signature = match (signatures.next(), signatures.next()) {
        (None, _) => return Err(SignatureError::Unsigned),
        (Some(signature), None) => signature,
        (Some(_), Some(_)) => return Err(unsupported("The element has more than one signature.")),
    };
    let signed_info = dsig_child(signature, "SignedInfo")?;
    let canonicalization = dsig_child(signed_info, "CanonicalizationMethod")?;
    let info_options = exclusive_c14n(canonicalization).ok_or_else(|| {
        unsupported(format!(
            "The canonicalization {} is not supported; sign with exclusive C14N.",
            algorithm(canonicalization)
        ))
    })?;
    let method_node = dsig_child(signed_info, "SignatureMethod")?;
    let method = SignatureMethod::of(algorithm(method_node)).ok_or_else(|| {
        unsupported(format!(
            "The signature method {} is not supported.",
            algorithm(method_node)
        ))
    })?;
    let reference = dsig_child(signed_info, "Reference")?;
    let same_id = element
        .document()
        .descendants()
        .filter(|n| n.attribute("ID") == Some(id))
        .count();
    if id.is_empty() || reference.attribute("URI") != Some(&format!("#{id}")) || same_id != 1 {
        return Err(SignatureError::Invalid(
            "The signature's reference does not name the signed element.".into(),
        ));
    }

    let mut content_options = None;
    if let Ok(transforms) = dsig_child(reference, "Transforms") {
        for transform in transforms.children().filter(Node::is_element) {
            if algorithm(transform) == ENVELOPED {
                continue;
            }
            match exclusive_c14n(transform) {
                Some(options) if content_options.is_none() => content_options = Some(options),
                _ => {
                    return Err(unsupported(format!(
                        "The transform {} is not supported.",
                        algorithm(transform)
                    )));
                }
            }
        }
    }
    let mut content_options = content_options
        .ok_or_else(|| unsupported("The reference is not canonicalized with exclusive C14N."))?;
    content_options.excluded = Some(signature.id());
    let digest_method = dsig_child(reference, "DigestMethod")?;
    let hash = Hash::of_digest_method(algorithm(digest_method)).ok_or_else(|| {
        unsupported(format!(
            "The digest method {} is not supported.",
            algorithm(digest_method)
        ))
    })?;
    let expected = base64_text(dsig_child(reference, "DigestValue")?)?;
    let content = canonicalize(source, element, &content_options);
    if hash.digest(content.as_bytes()) != expected {
        return Err(SignatureError::Invalid(
            "The digest of the signed element does not match.".into(),
        ));
    }
    let signature_value = base64_text(dsig_child(signature, "SignatureValue")?)?;
    let canonical_info = canonicalize(source, signed_info, &info_options);
    if keys
        .iter()
        .any(|key| key.verifies(method, canonical_info.as_bytes(), &signature_value))
    {
        Ok(())
    } else {
        Err(SignatureError::Invalid(
            "The signature does not verify under the provider's signing certificates.".into(),
        ))
    }
}

#[cfg(test)]
mod tests;
