"""Outbound web identity federation through boto3 and the aws CLI: the account's issuer, tokens
from GetWebIdentityToken, and their verification with the issuer's published keys, done the way
an external service does it (discovery document, key set, signature, then claims)."""

import base64
import json
import urllib.error
import urllib.request

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from conftest import ACCOUNT_ID, client, error_code, running_latchkey

AUDIENCE = "https://api.example.com"


@pytest.fixture(scope="module")
def endpoint():
    """A server of its own: enabling the feature is account-wide."""
    with running_latchkey() as url:
        yield url


def b64decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64int(part):
    return int.from_bytes(b64decode(part), "big")


def fetch_json(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
        return json.load(response)


def verify(token, issuer):
    """The token's header and claims, once its signature checks out against the issuer's keys."""
    config = fetch_json(f"{issuer}/.well-known/openid-configuration")
    assert config["issuer"] == issuer
    keys = fetch_json(config["jwks_uri"])["keys"]
    header_part, payload_part, signature_part = token.split(".")
    header = json.loads(b64decode(header_part))
    jwk = next(k for k in keys if k["kid"] == header["kid"])
    assert jwk["alg"] == header["alg"]
    signed = f"{header_part}.{payload_part}".encode()
    signature = b64decode(signature_part)
    if header["alg"] == "RS256":
        key = rsa.RSAPublicNumbers(b64int(jwk["e"]), b64int(jwk["n"])).public_key()
        key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
    else:
        assert header["alg"] == "ES384" and jwk["crv"] == "P-384"
        key = ec.EllipticCurvePublicNumbers(b64int(jwk["x"]), b64int(jwk["y"]), ec.SECP384R1()).public_key()
        r, s = int.from_bytes(signature[:48], "big"), int.from_bytes(signature[48:], "big")
        key.verify(encode_dss_signature(r, s), signed, ec.ECDSA(hashes.SHA384()))
    return header, json.loads(b64decode(payload_part))


def issuer_of(iam):
    """The account's issuer, enabling the feature if it is off."""
    try:
        info = iam.get_outbound_web_identity_federation_info()
        if not info["JwtVendingEnabled"]:
            iam.enable_outbound_web_identity_federation()
        return info["IssuerIdentifier"]
    except iam.exceptions.FeatureDisabledException:
        return iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]


def user_with_policy(iam, endpoint, name, statements):
    iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "data"}])
    iam.put_user_policy(UserName=name, PolicyName="tokens", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": statements}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def test_enable_disable_and_info(endpoint, iam, sts, aws_cli):
    assert error_code(iam.get_outbound_web_identity_federation_info) == "FeatureDisabled"
    assert error_code(iam.disable_outbound_web_identity_federation) == "FeatureDisabled"
    assert error_code(lambda: sts.get_web_identity_token(
        Audience=[AUDIENCE], SigningAlgorithm="RS256")) == "OutboundWebIdentityFederationDisabledException"

    issuer = aws_cli("iam", "enable-outbound-web-identity-federation")["IssuerIdentifier"]
    assert issuer.startswith(f"{endpoint}/oidc/")
    assert error_code(iam.enable_outbound_web_identity_federation) == "FeatureEnabled"
    assert aws_cli("iam", "get-outbound-web-identity-federation-info") == {
        "IssuerIdentifier": issuer, "JwtVendingEnabled": True}

    token = sts.get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="RS256")["WebIdentityToken"]
    iam.disable_outbound_web_identity_federation()
    info = iam.get_outbound_web_identity_federation_info()
    assert (info["IssuerIdentifier"], info["JwtVendingEnabled"]) == (issuer, False)
    assert error_code(lambda: sts.get_web_identity_token(
        Audience=[AUDIENCE], SigningAlgorithm="RS256")) == "OutboundWebIdentityFederationDisabledException"
    # A token issued before still verifies: the keys stay published.
    verify(token, issuer)
    assert iam.enable_outbound_web_identity_federation()["IssuerIdentifier"] == issuer

    with pytest.raises(urllib.error.HTTPError) as e:
        fetch_json(f"{endpoint}/oidc/no-such-issuer/.well-known/jwks.json")
    assert e.value.code == 404


@pytest.mark.parametrize("algorithm", ["RS256", "ES384"])
def test_tokens_verify_with_the_issuers_keys(iam, sts, algorithm):
    issuer = issuer_of(iam)
    issued = sts.get_web_identity_token(
        Audience=[AUDIENCE], SigningAlgorithm=algorithm, DurationSeconds=600,
        Tags=[{"Key": "job", "Value": "nightly-42"}])
    header, claims = verify(issued["WebIdentityToken"], issuer)
    assert header["alg"] == algorithm and header["typ"] == "JWT"
    assert claims["iss"] == issuer
    assert claims["sub"] == f"arn:aws:iam::{ACCOUNT_ID}:root"
    assert claims["aud"] == AUDIENCE
    assert claims["exp"] - claims["iat"] == 600
    assert int(issued["Expiration"].timestamp()) == claims["exp"]
    aws = claims["https://sts.amazonaws.com/"]
    assert aws["aws_account"] == ACCOUNT_ID
    assert aws["source_region"] == "us-west-2"
    assert aws["request_tags"] == {"job": "nightly-42"}

    # Any change to the claims breaks the signature.
    head, payload, signature = issued["WebIdentityToken"].split(".")
    forged = json.loads(b64decode(payload))
    forged["sub"] = f"arn:aws:iam::{ACCOUNT_ID}:user/admin"
    forged_part = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    with pytest.raises(InvalidSignature):
        verify(f"{head}.{forged_part}.{signature}", issuer)


def test_bad_requests_get_validation_errors(endpoint, iam):
    """The server's own checks, with botocore's client-side validation off."""
    from botocore.config import Config

    issuer_of(iam)
    sts = client(endpoint, "sts", config=Config(parameter_validation=False))
    bad = [
        dict(Audience=[AUDIENCE], SigningAlgorithm="HS256"),
        dict(Audience=[AUDIENCE], SigningAlgorithm="RS256", DurationSeconds=59),
        dict(Audience=[AUDIENCE], SigningAlgorithm="RS256", DurationSeconds=3601),
        dict(Audience=[str(i) for i in range(11)], SigningAlgorithm="RS256"),
        dict(Audience=[], SigningAlgorithm="RS256"),
        dict(Audience=["x" * 1001], SigningAlgorithm="RS256"),
    ]
    for params in bad:
        assert error_code(lambda: sts.get_web_identity_token(**params)) == "ValidationError", params


def test_policies_bound_who_gets_which_token(endpoint, iam):
    issuer = issuer_of(iam)
    key = user_with_policy(iam, endpoint, "token-user", [
        {"Effect": "Allow", "Action": "sts:GetWebIdentityToken", "Resource": "*", "Condition": {
            "ForAllValues:StringEquals": {"sts:IdentityTokenAudience": AUDIENCE},
            "NumericLessThanEquals": {"sts:DurationSeconds": "300"}}},
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"},
    ])
    user_sts = client(endpoint, "sts", key["AccessKeyId"], key["SecretAccessKey"])
    user_iam = client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"])
    assert error_code(lambda: user_sts.get_web_identity_token(
        Audience=["https://elsewhere"], SigningAlgorithm="RS256")) == "AccessDenied"
    assert error_code(lambda: user_sts.get_web_identity_token(
        Audience=[AUDIENCE], SigningAlgorithm="RS256", DurationSeconds=900)) == "AccessDenied"
    # Tags need sts:TagGetWebIdentityToken as well.
    assert error_code(lambda: user_sts.get_web_identity_token(
        Audience=[AUDIENCE], SigningAlgorithm="RS256", Tags=[{"Key": "k", "Value": "v"}])) == "AccessDenied"
    # Nor may the user turn the feature off or read it.
    assert error_code(user_iam.disable_outbound_web_identity_federation) == "AccessDenied"
    assert error_code(user_iam.get_outbound_web_identity_federation_info) == "AccessDenied"
    assert iam.get_outbound_web_identity_federation_info()["JwtVendingEnabled"] is True

    token = user_sts.get_web_identity_token(Audience=[AUDIENCE], SigningAlgorithm="ES384")["WebIdentityToken"]
    _, claims = verify(token, issuer)
    assert claims["sub"] == f"arn:aws:iam::{ACCOUNT_ID}:user/token-user"
    assert claims["https://sts.amazonaws.com/"]["principal_tags"] == {"team": "data"}

    # A role session's token names the role, with its session tags among the principal tags.
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
             "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:user/token-user"}}]}
    role = iam.create_role(RoleName="token-role", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(RoleName="token-role", PolicyName="tokens", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:GetWebIdentityToken", "Resource": "*"}]}))
    session = user_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="worker", DurationSeconds=900,
                                   Tags=[{"Key": "stage", "Value": "prod"}])["Credentials"]
    role_sts = client(endpoint, "sts", session["AccessKeyId"], session["SecretAccessKey"],
                      session["SessionToken"])
    # A token may not outlive the session that asked for it.
    assert error_code(lambda: role_sts.get_web_identity_token(
        Audience=[AUDIENCE], SigningAlgorithm="RS256", DurationSeconds=3600)) == "SessionDurationEscalationException"
    token = role_sts.get_web_identity_token(Audience=["a", "b"], SigningAlgorithm="RS256")["WebIdentityToken"]
    _, claims = verify(token, issuer)
    assert claims["sub"] == role["Arn"]
    assert claims["aud"] == ["a", "b"]
    assert claims["https://sts.amazonaws.com/"]["principal_tags"] == {"stage": "prod"}


def test_the_cli_gets_a_token(iam, aws_cli):
    issuer = issuer_of(iam)
    # The CLI would fetch an audience that begins with https:// as a parameter file.
    issued = aws_cli("sts", "get-web-identity-token", "--audience", "api.example.com",
                     "--signing-algorithm", "ES384", "--duration-seconds", "120")
    _, claims = verify(issued["WebIdentityToken"], issuer)
    assert (claims["aud"], claims["exp"] - claims["iat"]) == ("api.example.com", 120)
    aws_cli("sts", "get-web-identity-token", "--audience", "api.example.com", "--signing-algorithm", "PS256",
            expect_error="ValidationError")
