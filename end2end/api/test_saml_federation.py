"""AssumeRoleWithSAML: a SAML 2.0 identity provider registered with CreateSAMLProvider signs a
response (with libxml2's canonicalization, independent of Latchkey's), and boto3 and the aws
CLI trade it, unsigned, for the credentials of a role that trusts the provider."""

import base64
import copy
import datetime
import json
import os
import subprocess

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from lxml import etree

from conftest import ACCOUNT_ID, REGION, assert_read_only_role_session, client, error_code, running_latchkey
from saml_idp import AWS_AUDIENCE, SAML_ATTRIBUTES, IdentityProvider

ASSERTION = "{urn:oasis:names:tc:SAML:2.0:assertion}"
PROTOCOL = "{urn:oasis:names:tc:SAML:2.0:protocol}"
ROLE_NAME = "saml-engineers"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    idp = IdentityProvider()
    with running_latchkey() as url:
        iam = client(url, "iam")
        provider_arn = iam.create_saml_provider(
            Name="corporate", SAMLMetadataDocument=idp.metadata())["SAMLProviderArn"]
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": provider_arn},
            "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
            "Condition": {"StringEquals": {"SAML:aud": AWS_AUDIENCE}}}]}
        role_arn = iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        iam.attach_role_policy(RoleName=ROLE_NAME, PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        yield url, idp, role_arn, provider_arn, tmp_path_factory.mktemp("saml")


def unsigned_sts(url):
    return boto3.client("sts", endpoint_url=url, region_name=REGION, config=Config(signature_version=UNSIGNED))


def role_value(role_arn, provider_arn):
    return f"{role_arn},{provider_arn}"


def test_a_signed_assertion_gets_role_credentials_that_work(world):
    url, idp, role_arn, provider_arn, _ = world
    answer = unsigned_sts(url).assume_role_with_saml(
        RoleArn=role_arn, PrincipalArn=provider_arn, DurationSeconds=900,
        SAMLAssertion=idp.response([role_value(role_arn, provider_arn)]))
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{ROLE_NAME}/alice@example.com"
    assert answer["Subject"] == "alice"
    assert answer["SubjectType"] == "persistent"
    assert answer["Issuer"] == idp.entity_id
    assert answer["Audience"] == AWS_AUDIENCE
    assert answer["NameQualifier"]
    assert_read_only_role_session(url, answer)


def test_providers_that_sign_the_whole_response_or_indent_it(world):
    url, idp, role_arn, provider_arn, _ = world
    sts = unsigned_sts(url)
    roles = [role_value(role_arn, provider_arn)]
    whole = idp.response(roles, where="response", session_name="bob")
    assert sts.assume_role_with_saml(RoleArn=role_arn, PrincipalArn=provider_arn, SAMLAssertion=whole)[
        "AssumedRoleUser"]["Arn"].endswith("/bob")
    # The Role value may name the provider first, and the role may be one of several offered.
    other_role = f"arn:aws:iam::{ACCOUNT_ID}:role/elsewhere"
    pretty = idp.sign(idp.response_xml([role_value(other_role, provider_arn), f"{provider_arn},{role_arn}"],
                                       session_name="carol"), pretty=True)
    assert sts.assume_role_with_saml(RoleArn=role_arn, PrincipalArn=provider_arn,
                                     SAMLAssertion=base64.b64encode(pretty.encode()).decode())[
        "AssumedRoleUser"]["Arn"].endswith("/carol")


def test_session_tags_from_the_assertion_are_principal_tags(world):
    url, idp, role_arn, provider_arn, _ = world
    assertion = idp.response([role_value(role_arn, provider_arn)], session_name="tagged",
                             extra_attributes=[(SAML_ATTRIBUTES + "PrincipalTag:team", ["platform"])])
    creds = unsigned_sts(url).assume_role_with_saml(
        RoleArn=role_arn, PrincipalArn=provider_arn, SAMLAssertion=assertion)["Credentials"]
    iam = client(url, "iam")
    iam.put_role_policy(RoleName=ROLE_NAME, PolicyName="by-team", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*",
                                                "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}]}))
    try:
        role_iam = client(url, "iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        role_iam.create_user(UserName="made-by-platform")
    finally:
        iam.delete_role_policy(RoleName=ROLE_NAME, PolicyName="by-team")


def wrapped(idp, roles):
    """A signature-wrapping forgery: the genuine signed assertion moved into the response's
    Extensions, and an unsigned copy naming someone else, with the same ID, where it was."""
    root = etree.fromstring(idp.sign(idp.response_xml(roles)).encode())
    genuine = root.find(ASSERTION + "Assertion")
    forged = copy.deepcopy(genuine)
    forged.remove(forged.find("{http://www.w3.org/2000/09/xmldsig#}Signature"))
    forged.find(f"{ASSERTION}Subject/{ASSERTION}NameID").text = "mallory"
    extensions = etree.SubElement(root, PROTOCOL + "Extensions")
    root.remove(genuine)
    extensions.append(genuine)
    root.insert(2, forged)
    return base64.b64encode(etree.tostring(root)).decode()


def test_assertions_that_do_not_check_out_are_refused(world):
    url, idp, role_arn, provider_arn, _ = world
    sts = unsigned_sts(url)
    roles = [role_value(role_arn, provider_arn)]

    def assume(assertion, arn=role_arn, principal=provider_arn):
        return lambda: sts.assume_role_with_saml(RoleArn=arn, PrincipalArn=principal, SAMLAssertion=assertion)

    def encode(xml):
        return base64.b64encode(xml.encode()).decode()

    signed = idp.sign(idp.response_xml(roles))
    assert error_code(assume(encode(signed.replace(">alice<", ">mallory<")))) == "InvalidIdentityToken"
    stranger = IdentityProvider(entity_id=idp.entity_id)
    assert error_code(assume(stranger.response(roles))) == "InvalidIdentityToken"
    assert error_code(assume(encode(idp.response_xml(roles)))) == "InvalidIdentityToken"
    assert error_code(assume(wrapped(idp, roles))) == "InvalidIdentityToken"
    assert error_code(assume(idp.response(roles, lifetime=datetime.timedelta(minutes=-10)))) == "ExpiredTokenException"
    assert error_code(assume(idp.response(roles, issuer="https://other.example.com"))) == "InvalidIdentityToken"
    assert error_code(assume(idp.response(roles, audience="https://app.example.com"))) == "InvalidIdentityToken"
    assert error_code(assume(idp.response(roles, status="urn:oasis:names:tc:SAML:2.0:status:Requester"))) \
        == "IDPRejectedClaim"
    # The trust policy's SAML:aud condition: an assertion meant for another recipient.
    assert error_code(assume(idp.response(roles, recipient="https://app.example.com/acs"))) == "AccessDenied"
    other_role = f"arn:aws:iam::{ACCOUNT_ID}:role/elsewhere"
    assert error_code(assume(idp.response([role_value(other_role, provider_arn)]))) == "AccessDenied"
    assert error_code(assume(idp.response(roles, session_name=None))) == "InvalidIdentityToken"
    assert error_code(assume(encode("not xml at all"))) == "InvalidIdentityToken"
    missing = provider_arn.replace("corporate", "nobody")
    assert error_code(assume(idp.response([role_value(role_arn, missing)]), principal=missing)) \
        == "InvalidIdentityToken"
    assert error_code(assume(idp.response(roles), principal="arn:aws:iam::000000000000:saml-provider/corporate")) \
        == "ValidationError"


def test_the_cli_assumes_the_role(world):
    url, idp, role_arn, provider_arn, tmp = world
    env = {"PATH": os.environ["PATH"], "AWS_DEFAULT_REGION": REGION,
           "AWS_CONFIG_FILE": str(tmp / "no-config"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp / "no-credentials")}
    result = subprocess.run(
        ["aws", "--endpoint-url", url, "--output", "json", "--no-sign-request", "sts", "assume-role-with-saml",
         "--role-arn", role_arn, "--principal-arn", provider_arn,
         "--saml-assertion", idp.response([role_value(role_arn, provider_arn)], session_name="from-cli")],
        env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{ROLE_NAME}/from-cli"
    assert answer["Credentials"]["SessionToken"]
