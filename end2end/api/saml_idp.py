"""A small SAML 2.0 identity provider for tests: its metadata, and signed responses the way
real providers sign them (exclusive C14N by libxml2 through lxml, RSA-SHA256), so Latchkey's
verification is checked against an independent canonicalization."""

import base64
import datetime
import hashlib
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
SAML_ATTRIBUTES = "https://aws.amazon.com/SAML/Attributes/"
AWS_AUDIENCE = "https://signin.aws.amazon.com/saml"


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def self_signed(key, name):
    now = datetime.datetime.now(datetime.timezone.utc)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .sign(key, hashes.SHA256()))


class IdentityProvider:
    def __init__(self, entity_id="https://idp.example.com/saml", key=None, certificate=None):
        self.entity_id = entity_id
        self.key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.certificate = certificate or self_signed(self.key, "Latchkey test IdP")

    def certificate_b64(self):
        return base64.b64encode(self.certificate.public_bytes(serialization.Encoding.DER)).decode()

    def metadata(self):
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{self.entity_id}">'
            '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" '
            'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
            '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
            f'<ds:X509Data><ds:X509Certificate>{self.certificate_b64()}</ds:X509Certificate></ds:X509Data>'
            '</ds:KeyInfo></md:KeyDescriptor>'
            '<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>'
            '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
            'Location="https://idp.example.com/sso"/>'
            '</md:IDPSSODescriptor></md:EntityDescriptor>'
        )

    def response_xml(self, roles, session_name="alice@example.com", subject="alice",
                     extra_attributes=(), audience=AWS_AUDIENCE, recipient=AWS_AUDIENCE,
                     lifetime=datetime.timedelta(minutes=5), issuer=None,
                     status="urn:oasis:names:tc:SAML:2.0:status:Success",
                     name_format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"):
        """The unsigned Response. The assertion uses the prefixes the Response declares."""
        now = datetime.datetime.now(datetime.timezone.utc)
        attributes = [(SAML_ATTRIBUTES + "Role", list(roles))]
        if session_name is not None:
            attributes.append((SAML_ATTRIBUTES + "RoleSessionName", [session_name]))
        attributes.extend(extra_attributes)
        values = "".join(
            f'<saml:Attribute Name="{name}">'
            + "".join(f'<saml:AttributeValue xsi:type="xs:string">{v}</saml:AttributeValue>' for v in vals)
            + "</saml:Attribute>"
            for name, vals in attributes)
        issuer = issuer or self.entity_id
        return (
            '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
            'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{iso(now)}" Destination="{recipient}">'
            f'<saml:Issuer>{issuer}</saml:Issuer>'
            f'<samlp:Status><samlp:StatusCode Value="{status}"/></samlp:Status>'
            f'<saml:Assertion ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{iso(now)}">'
            f'<saml:Issuer>{issuer}</saml:Issuer>'
            f'<saml:Subject><saml:NameID Format="{name_format}">{subject}</saml:NameID>'
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{iso(now + lifetime)}" Recipient="{recipient}"/>'
            '</saml:SubjectConfirmation></saml:Subject>'
            f'<saml:Conditions NotBefore="{iso(now - datetime.timedelta(minutes=1))}" '
            f'NotOnOrAfter="{iso(now + lifetime)}">'
            f'<saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>'
            '</saml:Conditions>'
            f'<saml:AuthnStatement AuthnInstant="{iso(now)}" SessionIndex="_s1">'
            '<saml:AuthnContext><saml:AuthnContextClassRef>'
            'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'
            '</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>'
            f'<saml:AttributeStatement>{values}</saml:AttributeStatement>'
            '</saml:Assertion></samlp:Response>'
        )

    def sign(self, xml, where="assertion", key=None, pretty=False):
        """Signs the Response's assertion (or the whole Response) with an enveloped signature
        placed after the element's Issuer, as SAML's schema has it; `pretty` indents the
        document first, as some providers send it."""
        root = etree.fromstring(xml.encode())
        if pretty:
            root = etree.fromstring(etree.tostring(root, pretty_print=True))
        target = root if where == "response" else root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Assertion")
        digest = base64.b64encode(hashlib.sha256(
            etree.tostring(target, method="c14n", exclusive=True, inclusive_ns_prefixes=["xs"])).digest()).decode()
        signature = etree.fromstring(
            f'<ds:Signature xmlns:ds="{DS}"><ds:SignedInfo>'
            f'<ds:CanonicalizationMethod Algorithm="{EXC_C14N}"/>'
            '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
            f'<ds:Reference URI="#{target.get("ID")}"><ds:Transforms>'
            '<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
            f'<ds:Transform Algorithm="{EXC_C14N}"><ec:InclusiveNamespaces xmlns:ec="{EXC_C14N}" PrefixList="xs"/>'
            '</ds:Transform></ds:Transforms>'
            '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
            f'<ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>'
            '<ds:SignatureValue></ds:SignatureValue>'
            f'<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{self.certificate_b64()}'
            '</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>')
        issuer = target.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer")
        issuer.addnext(signature)
        signed_info = signature.find(f"{{{DS}}}SignedInfo")
        canonical = etree.tostring(signed_info, method="c14n", exclusive=True)
        value = (key or self.key).sign(canonical, padding.PKCS1v15(), hashes.SHA256())
        signature.find(f"{{{DS}}}SignatureValue").text = base64.b64encode(value).decode()
        return etree.tostring(root).decode()

    def response(self, roles, where="assertion", **kwargs):
        """A signed Response, base64-encoded as it is posted to AWS."""
        return base64.b64encode(self.sign(self.response_xml(roles, **kwargs), where).encode()).decode()
