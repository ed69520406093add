"""The policy engine on the API: each operation is refused without a policy that allows it, and
nothing changes; with a matching allow it succeeds. Plus the walkthrough with the aws CLI: a
user with IAMReadOnlyAccess can list users but not create one."""

import json
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT_ID, client


def allow(action, resource="*"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})


@pytest.fixture
def actor(endpoint, iam):
    """A fresh user with keys and no permissions, and a way to grant it one action."""
    name = f"actor-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    as_user = client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"])

    def grant(action, resource="*"):
        iam.put_user_policy(UserName=name, PolicyName="grant", PolicyDocument=allow(action, resource))

    return name, as_user, grant


DOC = allow("s3:GetObject")
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "sts:AssumeRole"}]})

# (action, call on the user's client, check through root that nothing changed / it happened)
CASES = [
    ("iam:CreateUser", lambda c, n: c.create_user(UserName=f"{n}-made"), lambda r, n: r.get_user(UserName=f"{n}-made")),
    ("iam:CreateGroup", lambda c, n: c.create_group(GroupName=f"{n}-group"), lambda r, n: r.get_group(GroupName=f"{n}-group")),
    ("iam:CreatePolicy", lambda c, n: c.create_policy(PolicyName=f"{n}-policy", PolicyDocument=DOC),
     lambda r, n: r.get_policy(PolicyArn=f"arn:aws:iam::{ACCOUNT_ID}:policy/{n}-policy")),
    ("iam:AttachUserPolicy", lambda c, n: c.attach_user_policy(UserName=n, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"),
     lambda r, n: r.list_attached_user_policies(UserName=n)["AttachedPolicies"] or r.get_user(UserName="no-such-user-ever")),
    ("iam:TagUser", lambda c, n: c.tag_user(UserName=n, Tags=[{"Key": "k", "Value": "v"}]),
     lambda r, n: r.list_user_tags(UserName=n)["Tags"] or r.get_user(UserName="no-such-user-ever")),
    ("iam:CreateAccessKey", lambda c, n: c.create_access_key(UserName=n),
     lambda r, n: r.list_access_keys(UserName=n)["AccessKeyMetadata"][1]),
    ("iam:CreateRole", lambda c, n: c.create_role(RoleName=f"{n}-role", AssumeRolePolicyDocument=TRUST),
     lambda r, n: r.get_role(RoleName=f"{n}-role")),
    ("iam:CreateInstanceProfile", lambda c, n: c.create_instance_profile(InstanceProfileName=f"{n}-profile"),
     lambda r, n: r.get_instance_profile(InstanceProfileName=f"{n}-profile")),
]


@pytest.mark.parametrize("action,call,effect", CASES, ids=[c[0] for c in CASES])
def test_denied_without_and_allowed_with_a_policy(iam, actor, action, call, effect):
    name, as_user, grant = actor
    with pytest.raises(ClientError) as e:
        call(as_user, name)
    assert e.value.response["Error"]["Code"] == "AccessDenied"
    assert f"is not authorized to perform: {action}" in e.value.response["Error"]["Message"]
    with pytest.raises((ClientError, IndexError)):
        effect(iam, name)
    grant(action)
    call(as_user, name)
    effect(iam, name)


READS = [
    ("iam:ListUsers", lambda c, n: c.list_users()),
    ("iam:GetUser", lambda c, n: c.get_user(UserName=n)),
    ("iam:ListGroups", lambda c, n: c.list_groups()),
    ("iam:ListPolicies", lambda c, n: c.list_policies(Scope="Local")),
    ("iam:GetPolicy", lambda c, n: c.get_policy(PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")),
    ("iam:GetAccountSummary", lambda c, n: c.get_account_summary()),
    ("iam:ListAccessKeys", lambda c, n: c.list_access_keys(UserName=n)),
    ("iam:GetAccountAuthorizationDetails", lambda c, n: c.get_account_authorization_details(Filter=["Group"])),
    ("iam:ListRoles", lambda c, n: c.list_roles()),
    ("iam:ListInstanceProfiles", lambda c, n: c.list_instance_profiles()),
    ("iam:SimulateCustomPolicy", lambda c, n: c.simulate_custom_policy(PolicyInputList=[DOC], ActionNames=["s3:GetObject"])),
]


@pytest.mark.parametrize("action,call", READS, ids=[r[0] for r in READS])
def test_reads_need_their_permission(actor, action, call):
    name, as_user, grant = actor
    with pytest.raises(ClientError) as e:
        call(as_user, name)
    assert e.value.response["Error"]["Code"] == "AccessDenied"
    grant(action)
    call(as_user, name)


def test_explicit_deny_and_variables(iam, actor):
    name, as_user, _ = actor
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["iam:*AccessKey*", "iam:GetUser"], "Resource": "arn:aws:iam::*:user/${aws:username}"},
            {"Effect": "Deny", "Action": "iam:DeleteAccessKey", "Resource": "*"},
        ],
    }
    iam.put_user_policy(UserName=name, PolicyName="self", PolicyDocument=json.dumps(policy))
    assert as_user.get_user(UserName=name)["User"]["UserName"] == name
    assert as_user.list_access_keys(UserName=name)["AccessKeyMetadata"]
    with pytest.raises(ClientError) as e:
        as_user.get_user(UserName="err-a")
    assert e.value.response["Error"]["Code"] == "AccessDenied"
    key_id = as_user.list_access_keys(UserName=name)["AccessKeyMetadata"][0]["AccessKeyId"]
    with pytest.raises(ClientError) as e:
        as_user.delete_access_key(UserName=name, AccessKeyId=key_id)
    assert "with an explicit deny in an identity-based policy" in e.value.response["Error"]["Message"]


def test_read_only_user_with_the_cli(aws_cli):
    aws_cli("iam", "create-user", "--user-name", "cli-reader")
    aws_cli("iam", "attach-user-policy", "--user-name", "cli-reader", "--policy-arn", "arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    key = aws_cli("iam", "create-access-key", "--user-name", "cli-reader")["AccessKey"]
    aws_cli.configure("reader", key["AccessKeyId"], key["SecretAccessKey"])
    users = aws_cli("iam", "list-users", profile="reader")["Users"]
    assert any(u["UserName"] == "cli-reader" for u in users)
    message = aws_cli("iam", "create-user", "--user-name", "cli-forbidden", profile="reader", expect_error="AccessDenied")
    assert "iam:CreateUser" in message
    aws_cli("iam", "get-user", "--user-name", "cli-forbidden", expect_error="NoSuchEntity")


def test_source_ip_and_user_agent_conditions(iam, actor):
    name, as_user, _ = actor
    def only_from(cidr):
        return json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": cidr}, "StringLike": {"aws:UserAgent": "*Botocore*"}},
        }]})
    iam.put_user_policy(UserName=name, PolicyName="ip", PolicyDocument=only_from("127.0.0.0/8"))
    as_user.list_users()
    iam.put_user_policy(UserName=name, PolicyName="ip", PolicyDocument=only_from("203.0.113.0/24"))
    with pytest.raises(ClientError) as e:
        as_user.list_users()
    assert e.value.response["Error"]["Code"] == "AccessDenied"
