use p256::ecdsa::signature::Signer;

use super::*;

const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
const INCLUSIVE_C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
/// Where the signature goes: a comment, which exclusive C14N without comments leaves out.
const SLOT: &str = "<!--signature-->";

fn signing_key(seed: u8) -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap()
}

fn trusted(seed: u8) -> Vec<TrustedKey> {
    vec![TrustedKey::P256(*signing_key(seed).verifying_key())]
}

/// `xml` with an ECDSA P-256 signature over the element `id` put in its slot, referring to
/// `reference` and canonicalizing the content with `transform`.
fn signed(xml: &str, id: &str, reference: &str, transform: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let target = doc
        .descendants()
        .find(|n| n.attribute("ID") == Some(id))
        .unwrap();
    let digest = STANDARD.encode(Sha256::digest(
        canonicalize(xml, target, &Options::default()).as_bytes(),
    ));
    let signed_info = format!(
        r##"<ds:SignedInfo xmlns:ds="{DSIG_NS}"><ds:CanonicalizationMethod Algorithm="{EXC_C14N}"/><ds:SignatureMethod Algorithm="{ECDSA_SHA256}"/><ds:Reference URI="#{reference}"><ds:Transforms><ds:Transform Algorithm="{ENVELOPED}"/><ds:Transform Algorithm="{transform}"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>"##
    );
    let info_doc = roxmltree::Document::parse(&signed_info).unwrap();
    let canonical = canonicalize(&signed_info, info_doc.root_element(), &Options::default());
    let value: p256::ecdsa::Signature = signing_key(1).sign(canonical.as_bytes());
    let signature = format!(
        r#"<ds:Signature xmlns:ds="{DSIG_NS}">{}<ds:SignatureValue>{}</ds:SignatureValue></ds:Signature>"#,
        signed_info.replacen(&format!(r#" xmlns:ds="{DSIG_NS}""#), "", 1),
        STANDARD.encode(value.to_bytes())
    );
    xml.replacen(SLOT, &signature, 1)
}

fn check(xml: &str, id: &str, keys: &[TrustedKey]) -> Result<(), SignatureError> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let element = doc
        .descendants()
        .find(|n| n.attribute("ID") == Some(id))
        .unwrap();
    verify_enveloped(xml, element, id, keys)
}

const DOCUMENT: &str =
    r#"<r xmlns="urn:example"><a ID="_1"><!--signature--><b>signed text</b></a></r>"#;

#[test]
fn an_ecdsa_signature_verifies_under_its_key_only() {
    let xml = signed(DOCUMENT, "_1", "_1", EXC_C14N);
    assert_eq!(check(&xml, "_1", &trusted(1)), Ok(()));
    assert!(matches!(
        check(&xml, "_1", &trusted(2)),
        Err(SignatureError::Invalid(_))
    ));
    let tampered = xml.replacen("signed text", "other text", 1);
    assert!(matches!(
        check(&tampered, "_1", &trusted(1)),
        Err(SignatureError::Invalid(message)) if message.contains("digest")
    ));
}

#[test]
fn a_signature_vouches_only_for_the_one_element_its_reference_names() {
    // A reference to another element, even one that exists.
    let two = r#"<r xmlns="urn:example"><a ID="_1"><!--signature--><b>x</b></a><a ID="_2"/></r>"#;
    let xml = signed(two, "_1", "_2", EXC_C14N);
    assert!(matches!(
        check(&xml, "_1", &trusted(1)),
        Err(SignatureError::Invalid(_))
    ));
    // A second element with the signed element's ID makes the reference ambiguous.
    let xml = signed(DOCUMENT, "_1", "_1", EXC_C14N).replacen("</r>", r#"<c ID="_1"/></r>"#, 1);
    assert!(matches!(
        check(&xml, "_1", &trusted(1)),
        Err(SignatureError::Invalid(_))
    ));
    // No signature at all.
    assert_eq!(
        check(DOCUMENT, "_1", &trusted(1)),
        Err(SignatureError::Unsigned)
    );
}

#[test]
fn transforms_and_methods_other_than_the_supported_ones_are_refused() {
    let xml = signed(DOCUMENT, "_1", "_1", INCLUSIVE_C14N);
    assert!(matches!(
        check(&xml, "_1", &trusted(1)),
        Err(SignatureError::Unsupported(_))
    ));
    let xml = signed(DOCUMENT, "_1", "_1", EXC_C14N).replacen(
        ECDSA_SHA256,
        "http://www.w3.org/2000/09/xmldsig#hmac-sha1",
        1,
    );
    assert!(matches!(
        check(&xml, "_1", &trusted(1)),
        Err(SignatureError::Unsupported(_))
    ));
}
