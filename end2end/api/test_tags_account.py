"""boto3 against user tags and the account alias."""

import pytest
from botocore.exceptions import ClientError


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_user_tags(iam):
    created = iam.create_user(UserName="b3-tagged", Tags=[{"Key": "Team", "Value": "blue"}])["User"]
    assert created["Tags"] == [{"Key": "Team", "Value": "blue"}]
    iam.tag_user(UserName="b3-tagged", Tags=[{"Key": "team", "Value": "red"}, {"Key": "env", "Value": ""}])
    tags = iam.list_user_tags(UserName="b3-tagged")["Tags"]
    assert tags == [{"Key": "env", "Value": ""}, {"Key": "team", "Value": "red"}]
    assert len(iam.get_user(UserName="b3-tagged")["User"]["Tags"]) == 2
    assert "Tags" not in next(u for u in iam.list_users()["Users"] if u["UserName"] == "b3-tagged")
    iam.untag_user(UserName="b3-tagged", TagKeys=["ENV"])
    assert iam.list_user_tags(UserName="b3-tagged")["Tags"] == [{"Key": "team", "Value": "red"}]

    with pytest.raises(ClientError) as e:
        iam.tag_user(UserName="b3-tagged", Tags=[{"Key": "aws:owner", "Value": "x"}])
    assert code(e) == "InvalidInput"
    with pytest.raises(ClientError) as e:
        iam.tag_user(UserName="b3-tagged", Tags=[{"Key": "bad#key", "Value": "x"}])
    assert code(e) == "ValidationError"
    with pytest.raises(ClientError) as e:
        iam.tag_user(UserName="b3-tagged", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    assert code(e) == "LimitExceeded"
    with pytest.raises(ClientError) as e:
        iam.list_user_tags(UserName="b3-nobody-here")
    assert code(e) == "NoSuchEntity"


def test_account_alias(iam):
    assert iam.list_account_aliases()["AccountAliases"] == []
    iam.create_account_alias(AccountAlias="api-test-co")
    assert iam.list_account_aliases()["AccountAliases"] == ["api-test-co"]
    iam.create_account_alias(AccountAlias="api-test-co2")
    assert iam.list_account_aliases()["AccountAliases"] == ["api-test-co2"]
    with pytest.raises(ClientError) as e:
        iam.create_account_alias(AccountAlias="Not_Valid")
    assert code(e) == "ValidationError"
    with pytest.raises(ClientError) as e:
        iam.delete_account_alias(AccountAlias="api-test-co")
    assert code(e) == "NoSuchEntity"
    iam.delete_account_alias(AccountAlias="api-test-co2")
    assert iam.list_account_aliases()["AccountAliases"] == []


def test_credential_report(iam):
    iam.create_user(UserName="b3-reported")
    iam.create_login_profile(UserName="b3-reported", Password="Reported-Pass-1")
    state = iam.generate_credential_report()["State"]
    assert state in ("STARTED", "COMPLETE")
    report = iam.get_credential_report()
    assert report["ReportFormat"] == "text/csv"
    lines = report["Content"].decode().splitlines()
    assert lines[0].startswith("user,arn,user_creation_time,password_enabled,") and lines[0].count(",") == 21
    assert lines[1].startswith("<root_account>,arn:aws:iam::")
    row = next(line for line in lines if line.startswith("b3-reported,"))
    assert row.split(",")[3] == "true"


def test_account_authorization_details(iam):
    iam.create_user(UserName="b3-detailed")
    iam.create_group(GroupName="b3-detailed-group")
    iam.add_user_to_group(GroupName="b3-detailed-group", UserName="b3-detailed")
    iam.attach_user_policy(UserName="b3-detailed", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    details = iam.get_account_authorization_details(Filter=["User", "Group", "AWSManagedPolicy"])
    user = next(u for u in details["UserDetailList"] if u["UserName"] == "b3-detailed")
    assert user["GroupList"] == ["b3-detailed-group"]
    assert {"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"} in user["AttachedManagedPolicies"]
    assert any(g["GroupName"] == "b3-detailed-group" for g in details["GroupDetailList"])
    read_only = next(p for p in details["Policies"] if p["PolicyName"] == "ReadOnlyAccess")
    assert read_only["PolicyVersionList"][0]["IsDefaultVersion"] is True

    paginator = iam.get_paginator("get_account_authorization_details")
    users = [u for page in paginator.paginate(PaginationConfig={"PageSize": 3}) for u in page["UserDetailList"]]
    assert len({u["UserName"] for u in users}) == len(users) and any(u["UserName"] == "b3-detailed" for u in users)


def test_security_token_service_preferences(iam, aws_cli):
    def version():
        return iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"]

    assert version() == 1
    aws_cli("iam", "set-security-token-service-preferences", "--global-endpoint-token-version", "v2Token")
    assert version() == 2
    with pytest.raises(ClientError) as e:
        iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v3Token")
    assert e.value.response["Error"]["Code"] == "ValidationError"
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v1Token")
    assert version() == 1


def test_organizations_report_jobs_do_not_exist(iam):
    with pytest.raises(ClientError) as e:
        iam.get_organizations_access_report(JobId="00000000-0000-0000-0000-000000000000")
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"
