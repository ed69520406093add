//! Reading a SAML 2.0 `Response`: its status, its one assertion, the signature that covers it
//! (on the assertion, else on the whole response), and what the assertion states.

use roxmltree::Node;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{ErrorCode, IamError, IamResult};
use crate::ops::sts::id_token::invalid;
use crate::xmldsig::{SignatureError, TrustedKey, verify_enveloped};

pub const PROTOCOL_NS: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
pub const ASSERTION_NS: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const SUCCESS: &str = "urn:oasis:names:tc:SAML:2.0:status:Success";

/// What a signed assertion states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assertion {
    pub issuer: String,
    /// The subject's `NameID` and its `Format`.
    pub name_id: String,
    pub name_id_format: Option<String>,
    /// `SubjectConfirmationData/@Recipient`: where the assertion is to be presented.
    pub recipient: Option<String>,
    pub audiences: Vec<String>,
    pub not_before: Option<i64>,
    /// The earliest of the conditions' and the subject confirmation's `NotOnOrAfter`.
    pub not_on_or_after: Option<i64>,
    /// `AuthnStatement/@SessionNotOnOrAfter`.
    pub session_not_on_or_after: Option<i64>,
    /// Each attribute's name and values, in document order.
    pub attributes: Vec<(String, Vec<String>)>,
}

impl Assertion {
    /// The values of the attribute named `name`.
    pub fn attribute(&self, name: &str) -> Option<&[String]> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, values)| values.as_slice())
    }
}

fn is(node: &Node<'_, '_>, namespace: &str, name: &str) -> bool {
    node.is_element()
        && node.tag_name().namespace() == Some(namespace)
        && node.tag_name().name() == name
}

fn children<'a, 'i>(
    node: Node<'a, 'i>,
    namespace: &'static str,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |n| is(n, namespace, name))
}

fn child<'a, 'i>(
    node: Node<'a, 'i>,
    namespace: &'static str,
    name: &'static str,
) -> Option<Node<'a, 'i>> {
    children(node, namespace, name).next()
}

fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

fn instant(node: Node<'_, '_>, attribute: &str) -> IamResult<Option<i64>> {
    node.attribute(attribute)
        .map(|value| {
            OffsetDateTime::parse(value, &Rfc3339)
                .map(OffsetDateTime::unix_timestamp)
                .map_err(|_| {
                    invalid(format!(
                        "The SAML assertion's {attribute} {value} is not a time."
                    ))
                })
        })
        .transpose()
}

fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Checks the signature covering the assertion: the assertion's own, or failing that the
/// response's. A signature that is present must verify; there is no falling back past it.
fn check_signature(
    source: &str,
    response: Node<'_, '_>,
    assertion: Node<'_, '_>,
    keys: &[TrustedKey],
) -> IamResult<()> {
    let id_of = |node: Node<'_, '_>| node.attribute("ID").unwrap_or_default().to_owned();
    let outcome = match verify_enveloped(source, assertion, &id_of(assertion), keys) {
        Err(SignatureError::Unsigned) => verify_enveloped(source, response, &id_of(response), keys),
        other => other,
    };
    outcome.map_err(|err| match err {
        SignatureError::Unsigned => invalid("The SAML response is not signed."),
        SignatureError::Unsupported(why) | SignatureError::Invalid(why) => {
            invalid(format!("Invalid signature on the SAML response: {why}"))
        }
    })
}

/// The assertion of a SAML `Response`, its signature checked against `keys`.
pub fn read(source: &str, keys: &[TrustedKey]) -> IamResult<Assertion> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 100_000,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(source, options)
        .map_err(|_| invalid("The SAML response is not well-formed XML."))?;
    let response = document.root_element();
    if !is(&response, PROTOCOL_NS, "Response") {
        return Err(invalid("The SAML assertion must be a SAML 2.0 Response."));
    }
    let status = child(response, PROTOCOL_NS, "Status")
        .and_then(|s| child(s, PROTOCOL_NS, "StatusCode"))
        .and_then(|c| c.attribute("Value"));
    if status != Some(SUCCESS) {
        return Err(IamError::new(
            ErrorCode::IdpRejectedClaim,
            format!(
                "The identity provider did not sign the user in (status {}).",
                status.unwrap_or("missing")
            ),
        ));
    }
    if child(response, ASSERTION_NS, "EncryptedAssertion").is_some() {
        return Err(invalid(
            "Encrypted SAML assertions are not supported; configure the identity provider to send the assertion unencrypted.",
        ));
    }
    let mut assertions = children(response, ASSERTION_NS, "Assertion");
    let assertion = match (assertions.next(), assertions.next()) {
        (Some(assertion), None) => assertion,
        (None, _) => return Err(invalid("The SAML response has no assertion.")),
        (Some(_), Some(_)) => {
            return Err(invalid("The SAML response has more than one assertion."));
        }
    };
    check_signature(source, response, assertion, keys)?;
    describe(assertion)
}

fn describe(assertion: Node<'_, '_>) -> IamResult<Assertion> {
    let issuer = child(assertion, ASSERTION_NS, "Issuer")
        .map(text_of)
        .ok_or_else(|| invalid("The SAML assertion has no Issuer."))?;
    let subject = child(assertion, ASSERTION_NS, "Subject")
        .ok_or_else(|| invalid("The SAML assertion has no Subject."))?;
    let name_id = child(subject, ASSERTION_NS, "NameID")
        .ok_or_else(|| invalid("The SAML assertion's subject has no NameID."))?;
    let mut facts = Assertion {
        issuer,
        name_id: text_of(name_id),
        name_id_format: name_id.attribute("Format").map(str::to_owned),
        ..Assertion::default()
    };
    for data in children(subject, ASSERTION_NS, "SubjectConfirmation")
        .filter_map(|c| child(c, ASSERTION_NS, "SubjectConfirmationData"))
    {
        if facts.recipient.is_none() {
            facts.recipient = data.attribute("Recipient").map(str::to_owned);
        }
        facts.not_on_or_after = earliest(facts.not_on_or_after, instant(data, "NotOnOrAfter")?);
    }
    if let Some(conditions) = child(assertion, ASSERTION_NS, "Conditions") {
        facts.not_before = instant(conditions, "NotBefore")?;
        facts.not_on_or_after =
            earliest(facts.not_on_or_after, instant(conditions, "NotOnOrAfter")?);
        facts.audiences = children(conditions, ASSERTION_NS, "AudienceRestriction")
            .flat_map(|r| children(r, ASSERTION_NS, "Audience"))
            .map(text_of)
            .collect();
    }
    for statement in children(assertion, ASSERTION_NS, "AuthnStatement") {
        facts.session_not_on_or_after = earliest(
            facts.session_not_on_or_after,
            instant(statement, "SessionNotOnOrAfter")?,
        );
    }
    for attribute in children(assertion, ASSERTION_NS, "AttributeStatement")
        .flat_map(|s| children(s, ASSERTION_NS, "Attribute"))
    {
        let name = attribute.attribute("Name").unwrap_or_default().to_owned();
        let values = children(attribute, ASSERTION_NS, "AttributeValue")
            .map(text_of)
            .collect();
        facts.attributes.push((name, values));
    }
    Ok(facts)
}
