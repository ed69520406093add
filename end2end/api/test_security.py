"""Security properties of the running server: secrets never leave it twice, TLS with HSTS,
the per-key rate limit and the request body cap."""

import json
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from conftest import ACCOUNT_ID, REGION, ROOT, ROOT_EMAIL, ROOT_PASSWORD, client, running_latchkey
from saml_idp import IdentityProvider

NO_RETRIES = Config(retries={"total_max_attempts": 1})


def collect_bodies(boto_client, into):
    """Keeps the raw body of every response `boto_client` receives."""

    def keep(http_response=None, **_):
        if http_response is not None:
            into.append(http_response.text)

    boto_client.meta.events.register("after-call", keep)


def test_secrets_appear_in_no_later_response_log_line_or_database_file(tmp_path):
    data = tmp_path / "data"
    log_path = tmp_path / "latchkey.log"
    bodies = []
    with open(log_path, "wb") as log, running_latchkey(
        data, log_file=log, env_extra={"RUST_LOG": "debug"}
    ) as url:
        iam = client(url, "iam")
        iam.create_user(UserName="keeper")
        key = iam.create_access_key(UserName="keeper")["AccessKey"]
        secret = key["SecretAccessKey"]
        iam.put_user_policy(
            UserName="keeper",
            PolicyName="assume",
            PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
            }),
        )
        iam.create_role(
            RoleName="vault",
            AssumeRolePolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                    "Action": "sts:AssumeRole",
                }],
            }),
        )

        collect_bodies(iam, bodies)
        iam.list_access_keys(UserName="keeper")
        iam.get_user(UserName="keeper")
        iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
        iam.get_account_authorization_details()
        while iam.generate_credential_report()["State"] != "COMPLETE":
            time.sleep(0.2)
        bodies.append(iam.get_credential_report()["Content"].decode())

        as_keeper = client(url, "sts", key["AccessKeyId"], secret)
        collect_bodies(as_keeper, bodies)
        as_keeper.get_caller_identity()
        # AssumeRole's answer is the one place its secret and token appear.
        temporary = as_keeper.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/vault",
                                          RoleSessionName="s1")["Credentials"]
        bodies.pop()
        as_role = client(url, "sts", temporary["AccessKeyId"], temporary["SecretAccessKey"],
                         temporary["SessionToken"])
        collect_bodies(as_role, bodies)
        as_role.get_caller_identity()

        # A server certificate's private key is checked and not kept; a service-specific
        # password is answered once and kept as a hash.
        testdata = ROOT / "iam" / "testdata"
        private_key = (testdata / "rsa-key.pem").read_text()
        iam.upload_server_certificate(ServerCertificateName="site", PrivateKey=private_key,
                                      CertificateBody=(testdata / "rsa-cert.pem").read_text())
        iam.get_server_certificate(ServerCertificateName="site")
        service_password = iam.create_service_specific_credential(
            UserName="keeper", ServiceName="codecommit.amazonaws.com")["ServiceSpecificCredential"]["ServicePassword"]
        bodies.pop()
        iam.list_service_specific_credentials(UserName="keeper")

        # The keys that sign web identity tokens are sealed; a token is answered once.
        issuer = iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
        sts_root = client(url, "sts")
        collect_bodies(sts_root, bodies)
        web_token = sts_root.get_web_identity_token(
            Audience=["api.example.com"], SigningAlgorithm="ES384")["WebIdentityToken"]
        bodies.pop()
        with urllib.request.urlopen(f"{issuer}/.well-known/jwks.json") as response:
            published = json.load(response)["keys"]
        assert published and all("d" not in key and "p" not in key for key in published)

        # A SAML response is a bearer credential: used, never logged or kept.
        idp = IdentityProvider()
        provider_arn = iam.create_saml_provider(Name="corp", SAMLMetadataDocument=idp.metadata())["SAMLProviderArn"]
        saml_role = iam.create_role(RoleName="saml-vault", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider_arn},
                                                    "Action": "sts:AssumeRoleWithSAML"}]}))["Role"]["Arn"]
        saml_assertion = idp.response([f"{saml_role},{provider_arn}"])
        unsigned = boto3.client("sts", endpoint_url=url, region_name=REGION, config=Config(signature_version=UNSIGNED))
        saml_credentials = unsigned.assume_role_with_saml(
            RoleArn=saml_role, PrincipalArn=provider_arn, SAMLAssertion=saml_assertion)["Credentials"]

        wrong = client(url, "sts", key["AccessKeyId"], "not-the-secret", config=NO_RETRIES)
        collect_bodies(wrong, bodies)
        with pytest.raises(Exception, match="SignatureDoesNotMatch"):
            wrong.get_caller_identity()

    key_lines = [line for line in private_key.splitlines() if not line.startswith("-----")]
    secrets = [secret, temporary["SecretAccessKey"], temporary["SessionToken"], service_password, web_token,
               *key_lines[1:4], saml_assertion, saml_credentials["SecretAccessKey"], saml_credentials["SessionToken"]]
    assert len(bodies) >= 9
    for body in bodies:
        for value in secrets:
            assert value not in body
    log_text = log_path.read_bytes()
    assert log_text, "the server logged at debug level"
    files = [p for p in data.iterdir() if p.name.startswith("latchkey.db")]
    assert files, "the database files exist"
    for value in secrets:
        assert value.encode() not in log_text, "a secret reached the log"
        for path in files:
            assert value.encode() not in path.read_bytes(), f"a secret is readable in {path.name}"
    for path in files:
        assert b"PRIVATE KEY" not in path.read_bytes(), f"a signing key is readable in {path.name}"


def test_tls_serves_the_api_and_console_with_hsts(tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    with running_latchkey(extra_args=["--tls-cert", str(cert), "--tls-key", str(key)],
                          scheme="https", verify=str(cert)) as url:
        assert url.startswith("https://")
        sts = client(url, "sts", verify=str(cert))
        assert sts.get_caller_identity()["Account"] == ACCOUNT_ID
        import ssl

        context = ssl.create_default_context(cafile=str(cert))
        with urllib.request.urlopen(f"{url}/signin", context=context) as response:
            assert response.headers["Strict-Transport-Security"].startswith("max-age=")
            assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        # Signing in over TLS sets Secure cookies: the session's HttpOnly, the anti-forgery
        # token's readable by the console's script.
        https = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))
        form = https.open(f"{url}/signin/root?email={ROOT_EMAIL}").read().decode()
        action = re.search(r'action="(/api/sign_in_root[0-9]*)"', form).group(1)
        body = urllib.parse.urlencode({"email": ROOT_EMAIL, "password": ROOT_PASSWORD}).encode()
        request = urllib.request.Request(f"{url}{action}", data=body,
                                         headers={"Origin": url, "Accept": "application/json"})
        cookies = https.open(request).headers.get_all("Set-Cookie")
        session = next(c for c in cookies if c.startswith("latchkey-session="))
        csrf = next(c for c in cookies if c.startswith("latchkey-csrf="))
        assert "Secure" in session and "HttpOnly" in session, session
        assert "Secure" in csrf and "HttpOnly" not in csrf, csrf
        # Plain HTTP to the TLS port gets no answer.
        plain = url.replace("https://", "http://")
        with pytest.raises(Exception):
            urllib.request.urlopen(f"{plain}/healthz", timeout=2).read()


def test_a_key_over_its_rate_gets_throttling():
    with running_latchkey(extra_args=["--api-rate-limit", "5"]) as url:
        iam = client(url, "iam", config=NO_RETRIES)
        outcomes = []
        for _ in range(40):
            try:
                iam.get_user()
                outcomes.append("ok")
            except iam.exceptions.ClientError as err:
                outcomes.append(err.response["Error"]["Code"])
        assert outcomes[:10] == ["ok"] * 10, outcomes
        assert "Throttling" in outcomes
        time.sleep(1.0)
        iam.get_user()  # refilled


def test_request_bodies_over_the_cap_are_refused(endpoint):
    body = b"Action=ListUsers&Version=2010-05-08&Pad=" + b"a" * (2 * 1024 * 1024)
    request = urllib.request.Request(endpoint + "/", data=body, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 413
