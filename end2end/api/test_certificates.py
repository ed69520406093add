"""SSH public keys, signing certificates and server certificates, through boto3 and the aws CLI."""

import json

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT_ID, ROOT, client, error_code

TESTDATA = ROOT / "iam" / "testdata"


def fixture_text(name):
    return (TESTDATA / name).read_text()


def summary(iam):
    return iam.get_account_summary()["SummaryMap"]


def test_ssh_public_keys(iam, endpoint, aws_cli):
    iam.create_user(UserName="ssh-user")
    uploaded = iam.upload_ssh_public_key(UserName="ssh-user", SSHPublicKeyBody=fixture_text("ssh-rsa.pub"))["SSHPublicKey"]
    key_id = uploaded["SSHPublicKeyId"]
    assert key_id.startswith("APKA") and uploaded["Status"] == "Active"
    # What `ssh-keygen -l -E md5` prints for the key.
    assert uploaded["Fingerprint"] == "2b:e8:4a:5c:b7:00:9f:5f:02:e9:2b:89:dc:6d:46:14"
    assert fixture_text("ssh-rsa.pub").startswith(uploaded["SSHPublicKeyBody"])

    assert error_code(lambda: iam.upload_ssh_public_key(
        UserName="ssh-user", SSHPublicKeyBody=fixture_text("ssh-rsa-spki.pem"))) == "DuplicateSSHPublicKey"
    assert error_code(lambda: iam.upload_ssh_public_key(
        UserName="ssh-user", SSHPublicKeyBody=fixture_text("ssh-rsa-1024.pub"))) == "InvalidPublicKey"
    assert error_code(lambda: iam.upload_ssh_public_key(
        UserName="ssh-user", SSHPublicKeyBody=fixture_text("ssh-ed25519.pub"))) == "UnrecognizedPublicKeyEncoding"
    assert error_code(lambda: iam.upload_ssh_public_key(
        UserName="nobody", SSHPublicKeyBody=fixture_text("ssh-rsa.pub"))) == "NoSuchEntity"

    # The CLI reads the key from a file, and shows it in PEM form when asked.
    pem = aws_cli("iam", "get-ssh-public-key", "--user-name", "ssh-user", "--ssh-public-key-id", key_id,
                  "--encoding", "PEM")["SSHPublicKey"]
    assert pem["SSHPublicKeyBody"].strip() == fixture_text("ssh-rsa-spki.pem").strip()
    aws_cli("iam", "update-ssh-public-key", "--user-name", "ssh-user", "--ssh-public-key-id", key_id,
            "--status", "Inactive")
    listed = aws_cli("iam", "list-ssh-public-keys", "--user-name", "ssh-user")["SSHPublicKeys"]
    assert [(k["SSHPublicKeyId"], k["Status"]) for k in listed] == [(key_id, "Inactive")]
    assert "Fingerprint" not in listed[0]

    # A user reads its own keys once a policy lets it.
    key = iam.create_access_key(UserName="ssh-user")["AccessKey"]
    as_user = client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"])
    assert error_code(lambda: as_user.list_ssh_public_keys()) == "AccessDenied"
    iam.put_user_policy(UserName="ssh-user", PolicyName="own-keys", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["iam:ListSSHPublicKeys", "iam:GetSSHPublicKey"],
                       "Resource": "arn:aws:iam::*:user/${aws:username}"}]}))
    assert [k["SSHPublicKeyId"] for k in as_user.list_ssh_public_keys()["SSHPublicKeys"]] == [key_id]
    assert error_code(lambda: as_user.delete_ssh_public_key(UserName="ssh-user", SSHPublicKeyId=key_id)) == "AccessDenied"

    assert error_code(lambda: iam.delete_user(UserName="ssh-user")) == "DeleteConflict"
    iam.delete_ssh_public_key(UserName="ssh-user", SSHPublicKeyId=key_id)
    assert error_code(lambda: iam.get_ssh_public_key(
        UserName="ssh-user", SSHPublicKeyId=key_id, Encoding="SSH")) == "NoSuchEntity"
    iam.delete_user_policy(UserName="ssh-user", PolicyName="own-keys")
    iam.delete_access_key(UserName="ssh-user", AccessKeyId=key["AccessKeyId"])
    iam.delete_user(UserName="ssh-user")


def test_signing_certificates(iam, aws_cli):
    iam.create_user(UserName="signer")
    certificate = iam.upload_signing_certificate(UserName="signer", CertificateBody=fixture_text("rsa-cert.pem"))["Certificate"]
    cert_id = certificate["CertificateId"]
    assert certificate["UserName"] == "signer" and certificate["Status"] == "Active"
    assert certificate["CertificateBody"] == fixture_text("rsa-cert.pem")
    assert error_code(lambda: iam.upload_signing_certificate(
        CertificateBody=fixture_text("rsa-cert.pem"))) == "DuplicateCertificate"
    assert error_code(lambda: iam.upload_signing_certificate(
        UserName="signer", CertificateBody="-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")) == "MalformedCertificate"

    # Without a user name, the root user's own certificate, which the account summary reports.
    assert summary(iam)["AccountSigningCertificatesPresent"] == 0
    own = aws_cli("iam", "upload-signing-certificate", "--certificate-body",
                  f"file://{TESTDATA / 'other-cert.pem'}")["Certificate"]
    assert own["UserName"] == ACCOUNT_ID
    assert summary(iam)["AccountSigningCertificatesPresent"] == 1
    assert [c["CertificateId"] for c in iam.list_signing_certificates()["Certificates"]] == [own["CertificateId"]]

    iam.update_signing_certificate(UserName="signer", CertificateId=cert_id, Status="Inactive")
    listed = iam.list_signing_certificates(UserName="signer")["Certificates"]
    assert [(c["CertificateId"], c["Status"]) for c in listed] == [(cert_id, "Inactive")]
    assert error_code(lambda: iam.delete_user(UserName="signer")) == "DeleteConflict"
    iam.delete_signing_certificate(UserName="signer", CertificateId=cert_id)
    iam.delete_signing_certificate(CertificateId=own["CertificateId"])
    assert summary(iam)["AccountSigningCertificatesPresent"] == 0
    iam.delete_user(UserName="signer")


def test_server_certificates(iam, aws_cli):
    before = summary(iam)["ServerCertificates"]
    uploaded = aws_cli(
        "iam", "upload-server-certificate", "--server-certificate-name", "www-example", "--path", "/cloudfront/",
        "--certificate-body", f"file://{TESTDATA / 'rsa-cert.pem'}",
        "--private-key", f"file://{TESTDATA / 'rsa-key.pem'}",
        "--certificate-chain", f"file://{TESTDATA / 'other-cert.pem'}",
        "--tags", "Key=env,Value=test")
    metadata = uploaded["ServerCertificateMetadata"]
    assert metadata["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:server-certificate/cloudfront/www-example"
    assert metadata["ServerCertificateId"].startswith("ASCA")
    assert metadata["Expiration"].startswith("2")
    assert uploaded["Tags"] == [{"Key": "env", "Value": "test"}]
    assert summary(iam)["ServerCertificates"] == before + 1

    iam.upload_server_certificate(ServerCertificateName="ec-example", CertificateBody=fixture_text("ec-cert.pem"),
                                  PrivateKey=fixture_text("ec-key.pem"))
    assert error_code(lambda: iam.upload_server_certificate(
        ServerCertificateName="mismatch", CertificateBody=fixture_text("other-cert.pem"),
        PrivateKey=fixture_text("rsa-key.pem"))) == "KeyPairMismatch"
    assert error_code(lambda: iam.upload_server_certificate(
        ServerCertificateName="www-example", CertificateBody=fixture_text("ec-cert.pem"),
        PrivateKey=fixture_text("ec-key.pem"))) == "EntityAlreadyExists"
    assert error_code(lambda: iam.upload_server_certificate(
        ServerCertificateName="junk", CertificateBody="junk", PrivateKey=fixture_text("rsa-key.pem"))) == "MalformedCertificate"

    got = iam.get_server_certificate(ServerCertificateName="www-example")["ServerCertificate"]
    assert got["CertificateBody"] == fixture_text("rsa-cert.pem")
    assert got["CertificateChain"] == fixture_text("other-cert.pem")
    assert "PrivateKey" not in got
    assert got["ServerCertificateMetadata"]["Expiration"].year > 2100

    names = [c["ServerCertificateName"] for c in iam.list_server_certificates()["ServerCertificateMetadataList"]]
    assert names == ["ec-example", "www-example"]
    cloudfront = iam.list_server_certificates(PathPrefix="/cloudfront/")["ServerCertificateMetadataList"]
    assert [c["ServerCertificateName"] for c in cloudfront] == ["www-example"]
    paginated = [c["ServerCertificateName"]
                 for page in iam.get_paginator("list_server_certificates").paginate(PaginationConfig={"PageSize": 1})
                 for c in page["ServerCertificateMetadataList"]]
    assert paginated == names

    aws_cli("iam", "update-server-certificate", "--server-certificate-name", "www-example",
            "--new-server-certificate-name", "site", "--new-path", "/")
    assert error_code(lambda: iam.get_server_certificate(ServerCertificateName="www-example")) == "NoSuchEntity"
    renamed = iam.get_server_certificate(ServerCertificateName="site")["ServerCertificate"]
    assert renamed["ServerCertificateMetadata"]["Path"] == "/"
    assert renamed["ServerCertificateMetadata"]["ServerCertificateId"] == metadata["ServerCertificateId"]

    iam.tag_server_certificate(ServerCertificateName="site", Tags=[{"Key": "team", "Value": "web"}])
    iam.untag_server_certificate(ServerCertificateName="site", TagKeys=["env"])
    assert iam.list_server_certificate_tags(ServerCertificateName="site")["Tags"] == [{"Key": "team", "Value": "web"}]

    for name in ("site", "ec-example"):
        aws_cli("iam", "delete-server-certificate", "--server-certificate-name", name)
    assert summary(iam)["ServerCertificates"] == before
    with pytest.raises(ClientError) as e:
        iam.delete_server_certificate(ServerCertificateName="site")
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
