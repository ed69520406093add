use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};

use super::*;
use crate::ops::Principal;
use crate::ops::identity_providers::saml::create_provider;
use crate::ops::sts::tests::{federated_role, session_of};
use crate::store::test_support::{test_ctx, test_root_and_user};
use crate::xmldsig::c14n::{Options, canonicalize};

const KEY: &str = include_str!("../../../../testdata/rsa-key.pem");
const CERT: &str = include_str!("../../../../testdata/rsa-cert.pem");
const OTHER_CERT: &str = include_str!("../../../../testdata/other-cert.pem");
/// A response signed by an outside implementation (libxml2's exclusive C14N through lxml),
/// indented, with `xsi:type="xs:string"` values and an inclusive `xs` prefix.
const SIGNED_ELSEWHERE: &str = include_str!("../../../../testdata/saml-response.xml");
const METADATA: &str = include_str!("../../../../testdata/saml-metadata.xml");
const ENTITY: &str = "https://idp.example.com/saml";

fn der_base64(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

fn metadata_with(cert_pem: &str) -> String {
    format!(
        r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{ENTITY}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#,
        der_base64(cert_pem)
    )
}

fn iso(at: i64) -> String {
    crate::ops::iso_time(crate::ops::timestamp(at))
}

/// What the test identity provider puts in a response.
struct Claims {
    issuer: String,
    roles: Vec<String>,
    session_name: Option<String>,
    not_on_or_after: i64,
    session_not_on_or_after: Option<i64>,
    recipient: String,
    status: String,
    extra: String,
}

fn response_xml(claims: &Claims, now: i64) -> String {
    let Claims {
        issuer,
        roles,
        session_name,
        not_on_or_after,
        session_not_on_or_after,
        recipient,
        status,
        extra,
    } = claims;
    let value = |v: &str| format!("<saml:AttributeValue>{v}</saml:AttributeValue>");
    let roles: String = roles.iter().map(|r| value(r)).collect();
    let session = session_name.as_deref().map_or(String::new(), |name| {
        format!(
            r#"<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">{}</saml:Attribute>"#,
            value(name)
        )
    });
    let session_end = session_not_on_or_after.map_or(String::new(), |t| {
        format!(r#" SessionNotOnOrAfter="{}""#, iso(t))
    });
    format!(
        r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">{issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="{status}"/></samlp:Status><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" Version="2.0"><saml:Issuer>{issuer}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{}" Recipient="{recipient}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{}" NotOnOrAfter="{}"><saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{}"{session_end}/><saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">{roles}</saml:Attribute>{session}{extra}</saml:AttributeStatement></saml:Assertion></samlp:Response>"#,
        iso(*not_on_or_after),
        iso(now - 60),
        iso(*not_on_or_after),
        iso(now),
    )
}

/// Signs the element with ID `id` (enveloped, exclusive C14N, RSA-SHA256), placing the
/// signature right after its `Issuer`.
fn sign(xml: &str, id: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let target = doc
        .descendants()
        .find(|n| n.attribute("ID") == Some(id))
        .unwrap();
    let digest = STANDARD.encode(sha2::Sha256::digest(
        canonicalize(xml, target, &Options::default()).as_bytes(),
    ));
    let signed_info = format!(
        r##"<ds:SignedInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#{id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>{digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>"##
    );
    let info_doc = roxmltree::Document::parse(&signed_info).unwrap();
    let canonical = canonicalize(&signed_info, info_doc.root_element(), &Options::default());
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(KEY).unwrap();
    let signature = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key).sign(canonical.as_bytes());
    let signature = format!(
        r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">{}<ds:SignatureValue>{}</ds:SignatureValue></ds:Signature>"#,
        signed_info.replacen(r#" xmlns:ds="http://www.w3.org/2000/09/xmldsig#""#, "", 1),
        STANDARD.encode(signature.to_bytes())
    );
    let issuer_end = target
        .children()
        .find(|n| n.tag_name().name() == "Issuer")
        .unwrap()
        .range()
        .end;
    format!("{}{signature}{}", &xml[..issuer_end], &xml[issuer_end..])
}

struct World {
    ctx: Ctx,
    role_arn: String,
    provider_arn: String,
    _dir: tempfile::TempDir,
}

async fn world(trust_condition: &str, trust_actions: &str) -> World {
    let (ctx, _, dir) = test_ctx().await;
    let (root, _) = test_root_and_user(&ctx, "dev").await;
    let provider_arn = create_provider(&ctx, &root, "Corp", &metadata_with(CERT), &[])
        .await
        .unwrap();
    let role_arn = federated_role(
        &ctx,
        &root,
        "SamlAdmins",
        &provider_arn,
        trust_actions,
        trust_condition,
    )
    .await;
    World {
        ctx,
        role_arn,
        provider_arn,
        _dir: dir,
    }
}

const AUD_CONDITION: &str = r#"{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}"#;

impl World {
    fn claims(&self) -> Claims {
        Claims {
            issuer: ENTITY.into(),
            roles: vec![format!("{},{}", self.provider_arn, self.role_arn)],
            session_name: Some("alice@example.com".into()),
            not_on_or_after: self.ctx.now() + 300,
            session_not_on_or_after: None,
            recipient: "https://signin.aws.amazon.com/saml".into(),
            status: "urn:oasis:names:tc:SAML:2.0:status:Success".into(),
            extra: String::new(),
        }
    }

    fn request(&self, xml: &str) -> SamlRequest {
        SamlRequest {
            role_arn: self.role_arn.clone(),
            principal_arn: self.provider_arn.clone(),
            saml_assertion: SecretString::new(STANDARD.encode(xml)),
            duration_seconds: None,
            policy: None,
            policy_arns: Vec::new(),
        }
    }

    async fn assume_signed(&self, claims: &Claims, id: &str) -> IamResult<SamlAssumed> {
        let xml = sign(&response_xml(claims, self.ctx.now()), id);
        assume_role_with_saml(&self.ctx, self.request(&xml)).await
    }

    async fn assume(&self, claims: &Claims) -> IamResult<SamlAssumed> {
        self.assume_signed(claims, "_a1").await
    }
}

fn code(result: IamResult<SamlAssumed>) -> ErrorCode {
    result.map(|_| ()).unwrap_err().code
}

#[test]
fn a_response_signed_by_another_implementation_verifies() {
    let provider = metadata::identity_provider(METADATA).unwrap();
    assert_eq!(provider.entity_id, ENTITY);
    let assertion = response::read(SIGNED_ELSEWHERE, &provider.signing_keys).unwrap();
    assert_eq!(assertion.issuer, ENTITY);
    assert_eq!(assertion.name_id, "alice");
    assert_eq!(
        assertion.attribute("https://aws.amazon.com/SAML/Attributes/PrincipalTag:team"),
        Some(&["a & b".to_owned()][..])
    );
    assert_eq!(
        assertion.recipient.as_deref(),
        Some("https://signin.aws.amazon.com/saml")
    );

    // One changed character, or a key the metadata does not hold, and it no longer verifies.
    let tampered = SIGNED_ELSEWHERE.replacen(">alice<", ">mallory<", 1);
    let err = response::read(&tampered, &provider.signing_keys).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidIdentityToken);
    assert!(err.message.contains("digest"), "{}", err.message);
    let other = metadata::identity_provider(&metadata_with(OTHER_CERT)).unwrap();
    let err = response::read(SIGNED_ELSEWHERE, &other.signing_keys).unwrap_err();
    assert!(
        err.message.contains("signing certificates"),
        "{}",
        err.message
    );
    // A second assertion beside the signed one is refused, as is an unsigned response.
    let wrapped = SIGNED_ELSEWHERE.replacen(
        "<saml:Assertion ",
        "<saml:Assertion ID=\"_evil\"><saml:Issuer>x</saml:Issuer></saml:Assertion><saml:Assertion ",
        1,
    );
    let err = response::read(&wrapped, &provider.signing_keys).unwrap_err();
    assert!(
        err.message.contains("more than one assertion"),
        "{}",
        err.message
    );
    // The signed assertion moved into Extensions, an unsigned copy naming someone else where
    // it was: the copy has no signature of its own, and the moved one's ID is no longer unique.
    let doc = roxmltree::Document::parse(SIGNED_ELSEWHERE).unwrap();
    let genuine = doc
        .root_element()
        .children()
        .find(|n| n.tag_name().name() == "Assertion")
        .unwrap()
        .range();
    let original = &SIGNED_ELSEWHERE[genuine.clone()];
    let sig_start = original.find("<ds:Signature").unwrap();
    let sig_end = original.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let forged = format!("{}{}", &original[..sig_start], &original[sig_end..]).replacen(
        ">alice<",
        ">mallory<",
        1,
    );
    let moved = format!(
        "{}<samlp:Extensions>{original}</samlp:Extensions>{forged}{}",
        &SIGNED_ELSEWHERE[..genuine.start],
        &SIGNED_ELSEWHERE[genuine.end..]
    );
    let err = response::read(&moved, &provider.signing_keys).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidIdentityToken);
    assert!(err.message.contains("not signed"), "{}", err.message);

    let start = SIGNED_ELSEWHERE.find("<ds:Signature").unwrap();
    let end = SIGNED_ELSEWHERE.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let unsigned = format!("{}{}", &SIGNED_ELSEWHERE[..start], &SIGNED_ELSEWHERE[end..]);
    let err = response::read(&unsigned, &provider.signing_keys).unwrap_err();
    assert!(err.message.contains("not signed"), "{}", err.message);
    // A document type declaration is refused outright (no entity expansion).
    let with_dtd = format!("<!DOCTYPE r [<!ENTITY e \"x\">]>{SIGNED_ELSEWHERE}");
    assert!(response::read(&with_dtd, &provider.signing_keys).is_err());
}

#[tokio::test]
async fn a_signed_assertion_becomes_a_role_session() {
    let w = world(AUD_CONDITION, r#""sts:AssumeRoleWithSAML""#).await;
    let assumed = w.assume(&w.claims()).await.unwrap();
    assert!(
        assumed
            .assumed
            .arn
            .ends_with(":assumed-role/SamlAdmins/alice@example.com"),
        "{}",
        assumed.assumed.arn
    );
    assert_eq!(assumed.subject, "alice");
    assert_eq!(assumed.subject_type, "persistent");
    assert_eq!(assumed.issuer, ENTITY);
    assert_eq!(assumed.audience, "https://signin.aws.amazon.com/saml");
    let account = w.role_arn.split(':').nth(4).unwrap();
    assert_eq!(
        assumed.name_qualifier,
        STANDARD.encode(Sha1::digest(format!("{ENTITY}{account}/Corp")))
    );
    let credentials = &assumed.assumed.credentials;
    assert_eq!(
        credentials.expiration.unix_timestamp(),
        w.ctx.now() + DEFAULT_ROLE_SESSION_SECONDS
    );
    let (principal, _) = session_of(&w.ctx, credentials).await;
    assert_eq!(principal.arn(), assumed.assumed.arn);

    // A signature on the whole response serves as well; the session ends with the
    // provider's session.
    let mut claims = w.claims();
    claims.session_not_on_or_after = Some(w.ctx.now() + 1200);
    let assumed = w.assume_signed(&claims, "_r1").await.unwrap();
    assert_eq!(
        assumed.assumed.credentials.expiration.unix_timestamp(),
        w.ctx.now() + 1200
    );
}

#[tokio::test]
async fn assertions_are_refused_with_aws_codes() {
    let w = world(AUD_CONDITION, r#""sts:AssumeRoleWithSAML""#).await;
    let mut claims = w.claims();
    claims.not_on_or_after = w.ctx.now() - 600;
    assert_eq!(code(w.assume(&claims).await), ErrorCode::ExpiredToken);

    let mut claims = w.claims();
    claims.issuer = "https://elsewhere.example.com".into();
    assert_eq!(
        code(w.assume(&claims).await),
        ErrorCode::InvalidIdentityToken
    );

    let mut claims = w.claims();
    claims.status = "urn:oasis:names:tc:SAML:2.0:status:Responder".into();
    assert_eq!(code(w.assume(&claims).await), ErrorCode::IdpRejectedClaim);

    let mut claims = w.claims();
    claims.roles = vec![format!(
        "{},{}",
        w.provider_arn,
        w.role_arn.replace("SamlAdmins", "Other")
    )];
    assert_eq!(code(w.assume(&claims).await), ErrorCode::AccessDenied);

    let mut claims = w.claims();
    claims.session_name = None;
    assert_eq!(
        code(w.assume(&claims).await),
        ErrorCode::InvalidIdentityToken
    );

    // The trust policy's condition on saml:aud (the recipient) decides.
    let mut claims = w.claims();
    claims.recipient = "https://sso.example.com/acs".into();
    assert_eq!(code(w.assume(&claims).await), ErrorCode::AccessDenied);

    // Unsigned, and not base64 at all.
    let xml = response_xml(&w.claims(), w.ctx.now());
    let err = assume_role_with_saml(&w.ctx, w.request(&xml)).await;
    assert_eq!(code(err), ErrorCode::InvalidIdentityToken);
    let mut req = w.request("");
    req.saml_assertion = SecretString::new("%%%% not base64");
    let err = assume_role_with_saml(&w.ctx, req).await;
    assert_eq!(code(err), ErrorCode::InvalidIdentityToken);

    // A provider of another name, or another kind of ARN.
    let mut req = w.request(&sign(&xml, "_a1"));
    req.principal_arn = w.provider_arn.replace("Corp", "Nobody");
    let err = assume_role_with_saml(&w.ctx, req.clone()).await;
    assert_eq!(code(err), ErrorCode::InvalidIdentityToken);
    req.principal_arn = w.role_arn.clone();
    let err = assume_role_with_saml(&w.ctx, req).await;
    assert_eq!(code(err), ErrorCode::ValidationError);
}

#[tokio::test]
async fn session_tags_from_the_assertion_need_tag_session() {
    let tag = r#"<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:team"><saml:AttributeValue>platform</saml:AttributeValue></saml:Attribute>"#;
    let w = world(AUD_CONDITION, r#""sts:AssumeRoleWithSAML""#).await;
    let mut claims = w.claims();
    claims.extra = tag.into();
    assert_eq!(code(w.assume(&claims).await), ErrorCode::AccessDenied);

    let w = world(
        AUD_CONDITION,
        r#"["sts:AssumeRoleWithSAML","sts:TagSession"]"#,
    )
    .await;
    let mut claims = w.claims();
    claims.extra = tag.into();
    let assumed = w.assume(&claims).await.unwrap();
    let (principal, _) = session_of(&w.ctx, &assumed.assumed.credentials).await;
    let Principal::Role(session) = principal else {
        panic!("not a role session");
    };
    assert!(
        session
            .session_tags
            .iter()
            .any(|t| t.key == "team" && t.value == "platform")
    );
}
