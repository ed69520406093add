"""boto3: the error codes each operation can raise, one by one."""

import json

import pytest
from botocore.exceptions import ClientError

from conftest import client

DOC = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})


def raises(code, call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    assert e.value.response["Error"]["Code"] == code, e.value.response["Error"]
    return e.value.response["Error"]["Message"]


def test_user_and_group_errors(iam):
    iam.create_user(UserName="err-a")
    iam.create_user(UserName="err-b")
    raises("EntityAlreadyExists", iam.update_user, UserName="err-a", NewUserName="ERR-B")
    raises("NoSuchEntity", iam.update_user, UserName="err-nobody", NewUserName="x")
    raises("NoSuchEntity", iam.delete_user, UserName="err-nobody")
    raises("ValidationError", iam.create_group, GroupName="bad group")
    raises("NoSuchEntity", iam.add_user_to_group, GroupName="err-no-group", UserName="err-a")
    for i in range(10):
        iam.create_group(GroupName=f"err-g{i}")
        iam.add_user_to_group(GroupName=f"err-g{i}", UserName="err-a")
    iam.create_group(GroupName="err-g10")
    assert raises("LimitExceeded", iam.add_user_to_group, GroupName="err-g10", UserName="err-a") == "Cannot exceed quota for GroupsPerUser: 10"
    raises("NoSuchEntity", iam.remove_user_from_group, GroupName="err-g10", UserName="err-a")
    iam.attach_group_policy(GroupName="err-g10", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    raises("DeleteConflict", iam.delete_group, GroupName="err-g10")
    raises("NoSuchEntity", iam.update_group, GroupName="err-no-group", NewGroupName="x")


def test_attachment_errors(iam):
    iam.create_user(UserName="err-attach")
    policies = [p["Arn"] for p in iam.list_policies(Scope="AWS", PolicyUsageFilter="PermissionsPolicy", MaxItems=11)["Policies"]]
    for arn in policies[:10]:
        iam.attach_user_policy(UserName="err-attach", PolicyArn=arn)
    assert raises("LimitExceeded", iam.attach_user_policy, UserName="err-attach", PolicyArn=policies[10]) == "Cannot exceed quota for PoliciesPerUser: 10"
    linked = next(
        p["Arn"] for p in iam.list_policies(Scope="AWS", PathPrefix="/aws-service-role/", MaxItems=5)["Policies"]
    )
    raises("PolicyNotAttachable", iam.attach_group_policy, GroupName="err-g0", PolicyArn=linked)
    raises("InvalidInput", iam.attach_user_policy, UserName="err-attach", PolicyArn="arn:aws:iam::aws:notapolicy/Nope")
    raises("NoSuchEntity", iam.list_attached_user_policies, UserName="err-nobody")


def test_policy_errors(iam):
    arn = iam.create_policy(PolicyName="err-policy", PolicyDocument=DOC)["Policy"]["Arn"]
    raises("NoSuchEntity", iam.get_policy_version, PolicyArn=arn, VersionId="v9")
    raises("NoSuchEntity", iam.set_default_policy_version, PolicyArn=arn, VersionId="v9")
    raises("NoSuchEntity", iam.delete_policy_version, PolicyArn=arn, VersionId="v9")
    raises("NoSuchEntity", iam.create_policy_version, PolicyArn=arn.replace("err-policy", "err-missing"), PolicyDocument=DOC)
    raises("MalformedPolicyDocument", iam.create_policy_version, PolicyArn=arn, PolicyDocument='{"Version":"2012-10-17"}')
    raises("ValidationError", iam.create_policy, PolicyName="bad name", PolicyDocument=DOC)
    raises("NoSuchEntity", iam.get_user_policy, UserName="err-nobody", PolicyName="p")
    raises("NoSuchEntity", iam.delete_user_permissions_boundary, UserName="err-a")
    raises("NoSuchEntity", iam.tag_user, UserName="err-nobody", Tags=[{"Key": "k", "Value": "v"}])
    raises("NoSuchEntity", iam.list_entities_for_policy, PolicyArn="arn:aws:iam::aws:policy/NotAPolicyAtAll")


def test_change_password(endpoint, iam):
    iam.create_user(UserName="err-changer")
    iam.create_login_profile(UserName="err-changer", Password="First-Pass-1")
    key = iam.create_access_key(UserName="err-changer")["AccessKey"]
    me = client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"])
    raises("InvalidInput", me.change_password, OldPassword="Wrong-Pass-1", NewPassword="Second-Pass-2")
    raises("PasswordPolicyViolation", me.change_password, OldPassword="First-Pass-1", NewPassword="weak")
    me.change_password(OldPassword="First-Pass-1", NewPassword="Second-Pass-2")
    raises("InvalidUserType", iam.change_password, OldPassword="x", NewPassword="y")
    raises("PasswordPolicyViolation", iam.create_login_profile, UserName="err-a", Password="short")
    raises("NoSuchEntity", iam.create_login_profile, UserName="err-nobody", Password="Good-Pass-1")
    raises("NoSuchEntity", iam.update_login_profile, UserName="err-a", PasswordResetRequired=True)


def test_key_errors(iam):
    raises("NoSuchEntity", iam.create_access_key, UserName="err-nobody")
    raises("NoSuchEntity", iam.list_access_keys, UserName="err-nobody")
    raises("NoSuchEntity", iam.get_access_key_last_used, AccessKeyId="AKIANOSUCHKEY0000000")
    raises("NoSuchEntity", iam.update_access_key, AccessKeyId="AKIANOSUCHKEY0000000", Status="Inactive")
