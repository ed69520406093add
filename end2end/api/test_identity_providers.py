"""OpenID Connect and SAML identity providers, through boto3 and the real aws CLI."""

import json

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT_ID, error_code, saml_metadata

GITHUB = "https://token.actions.githubusercontent.com"


def test_oidc_provider_lifecycle(iam, aws_cli):
    created = iam.create_open_id_connect_provider(
        Url=GITHUB, ClientIDList=["sts.amazonaws.com"], ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"],
        Tags=[{"Key": "team", "Value": "ci"}])
    arn = created["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::{ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com"
    assert created["Tags"] == [{"Key": "team", "Value": "ci"}]
    assert error_code(lambda: iam.create_open_id_connect_provider(Url=GITHUB, ClientIDList=["x"])) == "EntityAlreadyExists"
    assert error_code(lambda: iam.create_open_id_connect_provider(Url="http://plain.example.com")) == "InvalidInput"

    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="my-app")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="sts.amazonaws.com")
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=["a" * 40])
    provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert provider["Url"] == "token.actions.githubusercontent.com"
    assert provider["ClientIDList"] == ["my-app"] and provider["ThumbprintList"] == ["a" * 40]
    assert provider["Tags"] == [{"Key": "team", "Value": "ci"}] and provider["CreateDate"]
    assert {"Arn": arn} in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]

    # The CLI sees the same provider, and a role can trust it.
    described = aws_cli("iam", "get-open-id-connect-provider", "--open-id-connect-provider-arn", arn)
    assert described["ClientIDList"] == ["my-app"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": arn}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]})
    iam.create_role(RoleName="github-deployer", AssumeRolePolicyDocument=trust)
    iam.delete_role(RoleName="github-deployer")

    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{"Key": "env", "Value": "prod"}])
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=["team"])
    tags = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)["Tags"]
    assert tags == [{"Key": "env", "Value": "prod"}]
    assert iam.get_account_summary()["SummaryMap"]["Providers"] >= 1

    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)  # idempotent, as on AWS
    assert error_code(lambda: iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)) == "NoSuchEntity"


def test_saml_provider_lifecycle(iam):
    created = iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=saml_metadata())
    arn = created["SAMLProviderArn"]
    assert arn == f"arn:aws:iam::{ACCOUNT_ID}:saml-provider/Corp"
    assert error_code(lambda: iam.create_saml_provider(Name="Corp", SAMLMetadataDocument=saml_metadata())) == "EntityAlreadyExists"
    not_saml = "<html>" + "x" * 1000 + "</html>"
    assert error_code(lambda: iam.create_saml_provider(Name="Other", SAMLMetadataDocument=not_saml)) == "InvalidInput"

    provider = iam.get_saml_provider(SAMLProviderArn=arn)
    assert provider["SAMLMetadataDocument"] == saml_metadata() and "ValidUntil" not in provider
    updated = iam.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument=saml_metadata("2031-01-02T03:04:05Z"))
    assert updated["SAMLProviderArn"] == arn
    listed = [p for p in iam.list_saml_providers()["SAMLProviderList"] if p["Arn"] == arn]
    assert listed[0]["ValidUntil"].year == 2031 and listed[0]["CreateDate"]

    iam.tag_saml_provider(SAMLProviderArn=arn, Tags=[{"Key": "k", "Value": "v"}])
    assert iam.list_saml_provider_tags(SAMLProviderArn=arn)["Tags"] == [{"Key": "k", "Value": "v"}]
    iam.untag_saml_provider(SAMLProviderArn=arn, TagKeys=["k"])
    assert iam.get_saml_provider(SAMLProviderArn=arn).get("Tags", []) == []

    iam.delete_saml_provider(SAMLProviderArn=arn)
    assert error_code(lambda: iam.delete_saml_provider(SAMLProviderArn=arn)) == "NoSuchEntity"
