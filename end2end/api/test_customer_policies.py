"""boto3 against customer managed policies, their versions, and inline policies."""

import json

import pytest
from botocore.exceptions import ClientError


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def document(action):
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]})


def test_policy_versions(iam):
    policy = iam.create_policy(PolicyName="b3-policy", PolicyDocument=document("s3:*"), Description="test")["Policy"]
    assert policy["DefaultVersionId"] == "v1" and policy["Arn"].endswith(":policy/b3-policy")
    with pytest.raises(ClientError) as e:
        iam.create_policy(PolicyName="B3-POLICY", PolicyDocument=document("s3:*"))
    assert code(e) == "EntityAlreadyExists"
    got = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId="v1")["PolicyVersion"]
    body = got["Document"] if isinstance(got["Document"], dict) else json.loads(got["Document"])
    assert body["Statement"][0]["Action"] == "s3:*"

    for i in range(2, 6):
        iam.create_policy_version(PolicyArn=policy["Arn"], PolicyDocument=document(f"ec2:Action{i}"), SetAsDefault=(i == 5))
    with pytest.raises(ClientError) as e:
        iam.create_policy_version(PolicyArn=policy["Arn"], PolicyDocument=document("iam:*"))
    assert code(e) == "LimitExceeded"
    versions = iam.list_policy_versions(PolicyArn=policy["Arn"])["Versions"]
    assert [v["VersionId"] for v in versions if v["IsDefaultVersion"]] == ["v5"]
    with pytest.raises(ClientError) as e:
        iam.delete_policy_version(PolicyArn=policy["Arn"], VersionId="v5")
    assert code(e) == "DeleteConflict"
    iam.set_default_policy_version(PolicyArn=policy["Arn"], VersionId="v2")
    assert iam.get_policy(PolicyArn=policy["Arn"])["Policy"]["DefaultVersionId"] == "v2"

    iam.create_user(UserName="b3-holder")
    iam.attach_user_policy(UserName="b3-holder", PolicyArn=policy["Arn"])
    entities = iam.list_entities_for_policy(PolicyArn=policy["Arn"])
    assert [u["UserName"] for u in entities["PolicyUsers"]] == ["b3-holder"]
    with pytest.raises(ClientError) as e:
        iam.delete_policy(PolicyArn=policy["Arn"])
    assert code(e) == "DeleteConflict"
    iam.detach_user_policy(UserName="b3-holder", PolicyArn=policy["Arn"])
    for v in iam.list_policy_versions(PolicyArn=policy["Arn"])["Versions"]:
        if not v["IsDefaultVersion"]:
            iam.delete_policy_version(PolicyArn=policy["Arn"], VersionId=v["VersionId"])
    iam.delete_policy(PolicyArn=policy["Arn"])
    with pytest.raises(ClientError) as e:
        iam.get_policy(PolicyArn=policy["Arn"])
    assert code(e) == "NoSuchEntity"


def test_policy_documents_are_validated(iam):
    seed_style = json.dumps({"Version": "2022-05-11", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    with pytest.raises(ClientError) as e:
        iam.create_policy(PolicyName="b3-bad", PolicyDocument=seed_style)
    assert code(e) == "MalformedPolicyDocument"
    assert "2012-10-17" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        iam.create_policy(PolicyName="b3-bad", PolicyDocument="{not json")
    assert code(e) == "MalformedPolicyDocument"
    big = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": ["x" * 6200]}]})
    with pytest.raises(ClientError) as e:
        iam.create_policy(PolicyName="b3-big", PolicyDocument=big)
    assert code(e) == "LimitExceeded"
    with pytest.raises(ClientError) as e:
        iam.delete_policy(PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    assert code(e) == "InvalidInput"


def test_inline_policies(iam):
    iam.create_user(UserName="b3-inline")
    iam.create_group(GroupName="b3-inline-group")
    for put, get, lst, delete, member, name in [
        (iam.put_user_policy, iam.get_user_policy, iam.list_user_policies, iam.delete_user_policy, "UserName", "b3-inline"),
        (iam.put_group_policy, iam.get_group_policy, iam.list_group_policies, iam.delete_group_policy, "GroupName", "b3-inline-group"),
    ]:
        put(**{member: name}, PolicyName="read", PolicyDocument=document("s3:GetObject"))
        got = get(**{member: name}, PolicyName="read")
        body = got["PolicyDocument"] if isinstance(got["PolicyDocument"], dict) else json.loads(got["PolicyDocument"])
        assert body["Statement"][0]["Action"] == "s3:GetObject" and got[member] == name
        assert lst(**{member: name})["PolicyNames"] == ["read"]
        with pytest.raises(ClientError) as e:
            put(**{member: name}, PolicyName="bad", PolicyDocument=json.dumps({"Statement": [{"Effect": "Allow", "Action": "*"}]}))
        assert code(e) == "MalformedPolicyDocument"
        delete(**{member: name}, PolicyName="read")
        with pytest.raises(ClientError) as e:
            get(**{member: name}, PolicyName="read")
        assert code(e) == "NoSuchEntity"


def test_permissions_boundaries(iam):
    read_only = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    user = iam.create_user(UserName="b3-bounded", PermissionsBoundary=read_only)["User"]
    assert user["PermissionsBoundary"] == {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": read_only}
    assert iam.get_policy(PolicyArn=read_only)["Policy"]["PermissionsBoundaryUsageCount"] >= 1
    iam.put_user_permissions_boundary(UserName="b3-bounded", PermissionsBoundary="arn:aws:iam::aws:policy/PowerUserAccess")
    got = iam.get_user(UserName="b3-bounded")["User"]
    assert got["PermissionsBoundary"]["PermissionsBoundaryArn"].endswith("/PowerUserAccess")
    with pytest.raises(ClientError) as e:
        iam.put_user_permissions_boundary(UserName="b3-bounded", PermissionsBoundary="arn:aws:iam::aws:policy/NoSuchBoundary")
    assert code(e) == "InvalidInput"
    iam.delete_user_permissions_boundary(UserName="b3-bounded")
    assert "PermissionsBoundary" not in iam.get_user(UserName="b3-bounded")["User"]


def test_policy_tags(iam):
    policy = iam.create_policy(PolicyName="b3-tagged-policy", PolicyDocument=document("s3:*"), Tags=[{"Key": "Owner", "Value": "a"}])["Policy"]
    assert policy["Tags"] == [{"Key": "Owner", "Value": "a"}]
    iam.tag_policy(PolicyArn=policy["Arn"], Tags=[{"Key": "owner", "Value": "b"}])
    tags = iam.list_policy_tags(PolicyArn=policy["Arn"])["Tags"]
    assert sorted(t["Key"] for t in tags) == ["Owner", "owner"], "policy tag keys are case-sensitive"
    iam.untag_policy(PolicyArn=policy["Arn"], TagKeys=["Owner"])
    assert iam.list_policy_tags(PolicyArn=policy["Arn"])["Tags"] == [{"Key": "owner", "Value": "b"}]
    with pytest.raises(ClientError) as e:
        iam.tag_policy(PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess", Tags=[{"Key": "k", "Value": "v"}])
    assert code(e) == "InvalidInput"
