"""AssumeRoleWithWebIdentity against a local OpenID Connect identity provider served over
HTTPS: boto3, the aws CLI, and the CLI's own web identity credential provider (the way
Kubernetes service accounts and CI systems reach roles)."""

import base64
import datetime
import json
import os
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from conftest import ACCOUNT_ID, REGION, assert_read_only_role_session, client, error_code, free_port, running_latchkey

CLIENT_ID = "sts.amazonaws.com"


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def certificate_authority(tmp_path):
    """A CA and a certificate it signed for localhost; returns (CA file, cert file, key file)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Latchkey test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = tmp_path / "ca.pem", tmp_path / "cert.pem", tmp_path / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


class IdentityProvider:
    """An OpenID Connect issuer on https://localhost:<port>: discovery, key set, and tokens."""

    def __init__(self, cert, key):
        self.port = free_port()
        self.issuer = f"https://localhost:{self.port}"
        self.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = self.signing_key.public_key().public_numbers()
        self.jwks = {"keys": [{"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig",
                               "n": b64url(numbers.n.to_bytes(256, "big")), "e": b64url(numbers.e.to_bytes(3, "big"))}]}
        self.fetches = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                documents = {
                    "/.well-known/openid-configuration": {"issuer": provider.issuer, "jwks_uri": f"{provider.issuer}/keys"},
                    "/keys": provider.jwks,
                }
                if self.path not in documents:
                    self.send_error(404)
                    return
                provider.fetches += self.path == "/keys"
                body = json.dumps(documents[self.path]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, sub="system:serviceaccount:ci:deployer", aud=CLIENT_ID, lifetime=600, **extra):
        now = int(time.time())
        header = b64url(json.dumps({"alg": "RS256", "kid": "k1", "typ": "JWT"}).encode())
        claims = {"iss": self.issuer, "aud": aud, "sub": sub, "iat": now, "exp": now + lifetime, **extra}
        payload = b64url(json.dumps(claims).encode())
        signature = self.signing_key.sign(f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{header}.{payload}.{b64url(signature)}"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("idp")
    ca, cert, key = certificate_authority(tmp)
    idp = IdentityProvider(str(cert), str(key))
    # Latchkey trusts the test CA for its outbound HTTPS, as it would a system store.
    with running_latchkey(env_extra={"SSL_CERT_FILE": str(ca)}) as url:
        iam = client(url, "iam")
        provider_arn = iam.create_open_id_connect_provider(
            Url=idp.issuer, ClientIDList=[CLIENT_ID])["OpenIDConnectProviderArn"]
        name = idp.issuer.removeprefix("https://")
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": provider_arn},
            "Action": ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
            "Condition": {"StringEquals": {f"{name}:aud": CLIENT_ID},
                          "StringLike": {f"{name}:sub": "system:serviceaccount:ci:*"}}}]}
        role = iam.create_role(RoleName="ci-deployer", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
        iam.attach_role_policy(RoleName="ci-deployer", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        yield url, idp, role["Arn"], tmp


def unsigned_sts(url):
    return boto3.client("sts", endpoint_url=url, region_name=REGION, config=Config(signature_version=UNSIGNED))


def test_a_trusted_token_gets_role_credentials_that_work(world):
    url, idp, role_arn, _ = world
    answer = unsigned_sts(url).assume_role_with_web_identity(
        RoleArn=role_arn, RoleSessionName="build-7", WebIdentityToken=idp.token(), DurationSeconds=900)
    assert answer["SubjectFromWebIdentityToken"] == "system:serviceaccount:ci:deployer"
    assert answer["Provider"] == idp.issuer
    assert answer["Audience"] == CLIENT_ID
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/ci-deployer/build-7"
    assert_read_only_role_session(url, answer)


def test_session_tags_from_the_token(world):
    url, idp, role_arn, _ = world
    tags = {"https://aws.amazon.com/tags": {"principal_tags": {"pipeline": ["release"]}, "transitive_tag_keys": []}}
    creds = unsigned_sts(url).assume_role_with_web_identity(
        RoleArn=role_arn, RoleSessionName="tagged", WebIdentityToken=idp.token(**tags))["Credentials"]
    # The session's tags are its principal tags: a policy conditioned on them sees them.
    iam = client(url, "iam")
    iam.put_role_policy(RoleName="ci-deployer", PolicyName="by-tag", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateUser", "Resource": "*",
                                                "Condition": {"StringEquals": {"aws:PrincipalTag/pipeline": "release"}}}]}))
    try:
        role_iam = client(url, "iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        role_iam.create_user(UserName="made-by-release")
    finally:
        iam.delete_role_policy(RoleName="ci-deployer", PolicyName="by-tag")


def test_tokens_that_do_not_check_out_are_refused(world):
    url, idp, role_arn, _ = world
    sts = unsigned_sts(url)

    def assume(token, arn=role_arn):
        return lambda: sts.assume_role_with_web_identity(RoleArn=arn, RoleSessionName="s1", WebIdentityToken=token)

    assert error_code(assume(idp.token(sub="system:serviceaccount:other:intruder"))) == "AccessDenied"
    assert error_code(assume(idp.token(aud="someone-else"))) == "InvalidIdentityToken"
    assert error_code(assume(idp.token(lifetime=-10))) == "ExpiredTokenException"
    head, payload, signature = idp.token().split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "system:serviceaccount:ci:admin"
    forged = f"{head}.{b64url(json.dumps(claims).encode())}.{signature}"
    assert error_code(assume(forged)) == "InvalidIdentityToken"
    assert error_code(assume("not-a-token")) == "InvalidIdentityToken"
    assert error_code(assume(idp.token(), arn=role_arn.replace("ci-deployer", "nobody"))) == "AccessDenied"


def test_an_unreachable_provider_is_a_communication_error(world):
    url, idp, role_arn, _ = world
    iam = client(url, "iam")
    silent = f"https://localhost:{free_port()}"
    iam.create_open_id_connect_provider(Url=silent, ClientIDList=[CLIENT_ID])
    token = idp.token()
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["iss"] = silent
    moved = f"{head}.{b64url(json.dumps(claims).encode())}.{signature}"
    assert error_code(lambda: unsigned_sts(url).assume_role_with_web_identity(
        RoleArn=role_arn, RoleSessionName="s1", WebIdentityToken=moved)) == "IDPCommunicationError"


def test_the_cli_assumes_the_role_from_a_token_file(world):
    """AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE: the CLI's own credential provider calls
    AssumeRoleWithWebIdentity, then signs with what it got."""
    url, idp, role_arn, tmp = world
    token_file = tmp / "token"
    token_file.write_text(idp.token())
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    # HOME too: the CLI caches role credentials under ~/.aws/cli/cache by role and session
    # name, and would reuse another server's.
    env.update(HOME=str(tmp), AWS_ENDPOINT_URL=url, AWS_DEFAULT_REGION=REGION, AWS_ROLE_ARN=role_arn,
               AWS_WEB_IDENTITY_TOKEN_FILE=str(token_file), AWS_ROLE_SESSION_NAME="from-file",
               AWS_CONFIG_FILE=str(tmp / "no-config"), AWS_SHARED_CREDENTIALS_FILE=str(tmp / "no-credentials"))
    result = subprocess.run(["aws", "sts", "get-caller-identity", "--output", "json"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/ci-deployer/from-file"

    direct = subprocess.run(["aws", "--endpoint-url", url, "--output", "json", "--no-sign-request",
                             "sts", "assume-role-with-web-identity", "--role-arn", role_arn,
                             "--role-session-name", "cli", "--web-identity-token", idp.token()],
                            env=env, capture_output=True, text=True)
    assert direct.returncode == 0, direct.stderr
    assert json.loads(direct.stdout)["AssumedRoleUser"]["Arn"].endswith("assumed-role/ci-deployer/cli")
