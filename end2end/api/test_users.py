"""boto3 against users, login profiles, access keys and service-specific credentials: happy
paths and each error code."""

import json

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT_ID, client


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_user_lifecycle(iam):
    user = iam.create_user(UserName="b3-alice", Path="/team/")["User"]
    assert user["Path"] == "/team/" and user["Arn"].endswith(":user/team/b3-alice")
    assert iam.get_user(UserName="B3-ALICE")["User"]["UserId"] == user["UserId"]
    iam.update_user(UserName="b3-alice", NewUserName="b3-alicia")
    assert iam.get_user(UserName="b3-alicia")["User"]["UserName"] == "b3-alicia"
    iam.delete_user(UserName="b3-alicia")
    with pytest.raises(ClientError) as e:
        iam.get_user(UserName="b3-alicia")
    assert code(e) == "NoSuchEntity"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_user_errors(iam):
    iam.create_user(UserName="b3-dup")
    with pytest.raises(ClientError) as e:
        iam.create_user(UserName="B3-DUP")
    assert code(e) == "EntityAlreadyExists"
    with pytest.raises(ClientError) as e:
        iam.create_user(UserName="bad name")
    assert code(e) == "ValidationError"
    with pytest.raises(ClientError) as e:
        iam.create_user(UserName="x", Path="no-slashes")
    assert code(e) == "ValidationError"
    with pytest.raises(ClientError) as e:
        iam.list_users(Marker="not-a-marker")
    assert code(e) == "InvalidInput"


def test_get_user_without_name_is_the_caller(iam):
    me = iam.get_user()["User"]
    assert me["Arn"].endswith(":root")


def test_login_profiles_and_password_policy(iam):
    iam.create_user(UserName="b3-pat")
    profile = iam.create_login_profile(UserName="b3-pat", Password="Good-Pass-1", PasswordResetRequired=True)["LoginProfile"]
    assert profile["PasswordResetRequired"] is True
    with pytest.raises(ClientError) as e:
        iam.create_login_profile(UserName="b3-pat", Password="Good-Pass-1")
    assert code(e) == "EntityAlreadyExists"
    iam.update_login_profile(UserName="b3-pat", PasswordResetRequired=False)
    assert iam.get_login_profile(UserName="b3-pat")["LoginProfile"]["PasswordResetRequired"] is False

    iam.update_account_password_policy(MinimumPasswordLength=12, RequireSymbols=True, AllowUsersToChangePassword=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 12 and policy["RequireSymbols"] is True and policy["ExpirePasswords"] is False
    with pytest.raises(ClientError) as e:
        iam.update_login_profile(UserName="b3-pat", Password="Short-1!")
    assert code(e) == "PasswordPolicyViolation"
    with pytest.raises(ClientError) as e:
        iam.update_account_password_policy(MaxPasswordAge=2000)
    assert code(e) == "ValidationError"
    iam.delete_account_password_policy()
    with pytest.raises(ClientError) as e:
        iam.get_account_password_policy()
    assert code(e) == "NoSuchEntity"

    iam.delete_login_profile(UserName="b3-pat")
    with pytest.raises(ClientError) as e:
        iam.get_login_profile(UserName="b3-pat")
    assert code(e) == "NoSuchEntity"


def test_access_keys(iam):
    iam.create_user(UserName="b3-keys")
    first = iam.create_access_key(UserName="b3-keys")["AccessKey"]
    iam.create_access_key(UserName="b3-keys")
    with pytest.raises(ClientError) as e:
        iam.create_access_key(UserName="b3-keys")
    assert code(e) == "LimitExceeded"
    listed = iam.list_access_keys(UserName="b3-keys")["AccessKeyMetadata"]
    assert len(listed) == 2 and all("SecretAccessKey" not in k for k in listed)
    iam.update_access_key(UserName="b3-keys", AccessKeyId=first["AccessKeyId"], Status="Inactive")
    statuses = {k["AccessKeyId"]: k["Status"] for k in iam.list_access_keys(UserName="b3-keys")["AccessKeyMetadata"]}
    assert statuses[first["AccessKeyId"]] == "Inactive"
    unused = iam.get_access_key_last_used(AccessKeyId=first["AccessKeyId"])
    assert unused["UserName"] == "b3-keys"
    assert unused["AccessKeyLastUsed"]["ServiceName"] == "N/A"
    with pytest.raises(ClientError) as e:
        iam.delete_access_key(UserName="b3-keys", AccessKeyId="AKIANOSUCHKEY0000000")
    assert code(e) == "NoSuchEntity"
    with pytest.raises(ClientError) as e:
        iam.update_access_key(UserName="b3-keys", AccessKeyId=first["AccessKeyId"], Status="Sleeping")
    assert code(e) == "ValidationError"


def test_key_last_used_is_recorded(endpoint, iam):
    from conftest import client

    iam.create_user(UserName="b3-used")
    key = iam.create_access_key(UserName="b3-used")["AccessKey"]
    client(endpoint, "sts", key["AccessKeyId"], key["SecretAccessKey"]).get_caller_identity()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used["ServiceName"] == "sts" and used["Region"] == "us-west-2" and "LastUsedDate" in used


def test_iam_users_are_denied(endpoint, iam):
    from conftest import client

    iam.create_user(UserName="b3-nobody")
    key = iam.create_access_key(UserName="b3-nobody")["AccessKey"]
    as_user = client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"])
    with pytest.raises(ClientError) as e:
        as_user.create_user(UserName="b3-sneaky")
    assert code(e) == "AccessDenied"
    assert "is not authorized to perform: iam:CreateUser" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        iam.get_user(UserName="b3-sneaky")
    assert code(e) == "NoSuchEntity"


def test_unknown_action_is_invalid_action(iam):
    # Delegation requests are not built: their operations answer as unknown ones do.
    with pytest.raises(ClientError) as e:
        iam.list_delegation_requests()
    assert code(e) == "InvalidAction"


def test_service_specific_credentials(iam, endpoint, aws_cli):
    iam.create_user(UserName="git-user")
    created = iam.create_service_specific_credential(UserName="git-user", ServiceName="codecommit.amazonaws.com")
    credential = created["ServiceSpecificCredential"]
    cred_id = credential["ServiceSpecificCredentialId"]
    assert cred_id.startswith("ACCA") and credential["Status"] == "Active"
    assert credential["ServiceUserName"] == f"git-user-at-{ACCOUNT_ID}"
    assert len(credential["ServicePassword"]) == 44
    with pytest.raises(ClientError) as e:
        iam.create_service_specific_credential(UserName="git-user", ServiceName="s3.amazonaws.com")
    assert code(e) == "NotSupportedService"

    # Reset: refused without permission, then a new password.
    iam.create_user(UserName="git-admin")
    key = iam.create_access_key(UserName="git-admin")["AccessKey"]
    as_admin = client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"])
    with pytest.raises(ClientError) as e:
        as_admin.reset_service_specific_credential(UserName="git-user", ServiceSpecificCredentialId=cred_id)
    assert code(e) == "AccessDenied"
    iam.put_user_policy(UserName="git-admin", PolicyName="reset", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "iam:ResetServiceSpecificCredential", "Resource": "*"}]}))
    reset = as_admin.reset_service_specific_credential(UserName="git-user", ServiceSpecificCredentialId=cred_id)
    assert reset["ServiceSpecificCredential"]["ServicePassword"] != credential["ServicePassword"]

    listed = aws_cli("iam", "list-service-specific-credentials", "--user-name", "git-user")
    assert [c["ServiceSpecificCredentialId"] for c in listed["ServiceSpecificCredentials"]] == [cred_id]
    assert "ServicePassword" not in listed["ServiceSpecificCredentials"][0]
    iam.update_service_specific_credential(UserName="git-user", ServiceSpecificCredentialId=cred_id, Status="Inactive")
    with pytest.raises(ClientError) as e:
        iam.delete_user(UserName="git-user")
    assert code(e) == "DeleteConflict"
    iam.delete_service_specific_credential(UserName="git-user", ServiceSpecificCredentialId=cred_id)
    iam.delete_user(UserName="git-user")
