"""Starts a bootstrapped latchkey on a free port with a temporary data directory, and gives the
tests boto3 clients and an aws CLI runner signed with its root key."""

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT_ID = "135792468024"
ROOT_EMAIL = "root@api.latchkey.test"
ROOT_PASSWORD = "Api-Root-Pass-1"
ROOT_KEY_ID = "AKIALATCHKEYAPITEST1"
ROOT_SECRET = "apiTestSecretKey000000000000000000000001"
REGION = "us-west-2"


def saml_metadata(valid_until=None):
    """SAML 2.0 metadata of an identity provider, long enough for the API's 1,000-character
    minimum."""
    valid = f' validUntil="{valid_until}"' if valid_until else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com"{valid}>'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>'
        "</md:IDPSSODescriptor>"
        f"<!-- {'padding ' * 120} -->"
        "</md:EntityDescriptor>"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


BINARY = os.environ.get("LATCHKEY_BIN", str(ROOT / "target/release/latchkey"))


def wait_until_up(server, url, verify=None, timeout=30):
    """Polls `/healthz` until the server answers (or fails if it exits first)."""
    import ssl

    context = ssl.create_default_context(cafile=verify) if verify else None
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1, context=context) as response:
                if response.status == 200:
                    return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("latchkey did not start")
            time.sleep(0.1)


def start_latchkey(tmp, data_dir, extra_args=(), log_file=None, scheme="http", verify=None, env_extra=None):
    """Starts a bootstrapped latchkey (bootstrap files in `tmp`) and returns the process and
    its URL once it answers."""
    (Path(tmp) / "password").write_text(ROOT_PASSWORD)
    (Path(tmp) / "secret").write_text(ROOT_SECRET)
    port = free_port()
    env = dict(os.environ, RUST_LOG="warn", LEPTOS_SITE_ROOT=str(ROOT / "target/site"))
    env.update(env_extra or {})
    server = subprocess.Popen(
        [
            BINARY, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(data_dir),
            "--account-id", ACCOUNT_ID,
            "--bootstrap-root-email", ROOT_EMAIL, "--bootstrap-root-password-file", f"{tmp}/password",
            "--bootstrap-root-access-key-id", ROOT_KEY_ID, "--bootstrap-root-secret-access-key-file", f"{tmp}/secret",
            *extra_args,
        ],
        env=env,
        stdout=log_file,
        stderr=log_file,
    )
    url = f"{scheme}://127.0.0.1:{port}"
    wait_until_up(server, url, verify)
    return server, url


@contextmanager
def running_latchkey(data_dir=None, extra_args=(), log_file=None, scheme="http", verify=None, env_extra=None):
    """A bootstrapped latchkey on a free port with its own temporary data directory (or
    `data_dir`)."""
    with tempfile.TemporaryDirectory() as tmp:
        server, url = start_latchkey(
            tmp, data_dir or f"{tmp}/data", extra_args, log_file, scheme, verify, env_extra
        )
        try:
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def endpoint():
    with running_latchkey() as url:
        yield url


def error_code(call):
    """The AWS error code `call` fails with (it must fail)."""
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Code"]


def client(endpoint, service, key_id=ROOT_KEY_ID, secret=ROOT_SECRET, token=None, **options):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        aws_session_token=token,
        **options,
    )


def assert_read_only_role_session(endpoint, answer):
    """The credentials of an AssumeRole* `answer` sign as its assumed role, which (holding
    IAMReadOnlyAccess) may read IAM but not change it."""
    creds = answer["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    keys = creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]
    assert client(endpoint, "sts", *keys).get_caller_identity()["Arn"] == answer["AssumedRoleUser"]["Arn"]
    role_iam = client(endpoint, "iam", *keys)
    role_iam.list_roles()
    assert error_code(lambda: role_iam.create_user(UserName="not-allowed")) == "AccessDenied"


@pytest.fixture
def iam(endpoint):
    return client(endpoint, "iam")


@pytest.fixture
def sts(endpoint):
    return client(endpoint, "sts")


@pytest.fixture
def aws_cli(endpoint, tmp_path):
    """Runs the real aws CLI through a profile configured with `aws configure`."""
    env = dict(
        os.environ,
        AWS_CONFIG_FILE=str(tmp_path / "config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "credentials"),
    )
    env.pop("AWS_ACCESS_KEY_ID", None)
    env.pop("AWS_SECRET_ACCESS_KEY", None)

    def configure(profile, key_id, secret, token=None):
        settings = [("aws_access_key_id", key_id), ("aws_secret_access_key", secret), ("region", REGION)]
        if token:
            settings.append(("aws_session_token", token))
        for key, value in settings:
            subprocess.run(["aws", "configure", "set", key, value, "--profile", profile], env=env, check=True)

    def run(*args, profile="latchkey", expect_error=None):
        result = subprocess.run(
            ["aws", "--endpoint-url", endpoint, "--output", "json", *args],
            env=dict(env, AWS_PROFILE=profile),
            capture_output=True,
            text=True,
        )
        if expect_error:
            assert result.returncode != 0, result.stdout
            assert f"({expect_error})" in result.stderr, result.stderr
            return result.stderr
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if result.stdout.strip() else None

    configure("latchkey", ROOT_KEY_ID, ROOT_SECRET)
    run.configure = configure
    return run
