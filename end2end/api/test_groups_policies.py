"""boto3 against groups, membership, AWS managed policies and attachments."""

import json

import pytest
from botocore.exceptions import ClientError

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def test_group_lifecycle(iam):
    iam.create_group(GroupName="b3-team")
    with pytest.raises(ClientError) as e:
        iam.create_group(GroupName="B3-TEAM")
    assert code(e) == "EntityAlreadyExists"
    iam.create_user(UserName="b3-member")
    iam.add_user_to_group(GroupName="b3-team", UserName="b3-member")
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="b3-member")["Groups"]] == ["b3-team"]
    with pytest.raises(ClientError) as e:
        iam.delete_group(GroupName="b3-team")
    assert code(e) == "DeleteConflict"
    iam.remove_user_from_group(GroupName="b3-team", UserName="b3-member")
    iam.update_group(GroupName="b3-team", NewGroupName="b3-crew")
    assert "b3-crew" in [g["GroupName"] for g in iam.list_groups()["Groups"]]
    iam.delete_group(GroupName="b3-crew")
    with pytest.raises(ClientError) as e:
        iam.get_group(GroupName="b3-crew")
    assert code(e) == "NoSuchEntity"


def test_aws_managed_policies(iam):
    policy = iam.get_policy(PolicyArn=ADMIN)["Policy"]
    assert policy["PolicyName"] == "AdministratorAccess" and policy["PolicyId"].startswith("ANPA")
    version = iam.get_policy_version(PolicyArn=ADMIN, VersionId=policy["DefaultVersionId"])["PolicyVersion"]
    document = version["Document"]
    if isinstance(document, str):
        document = json.loads(document)
    assert document["Statement"][0]["Action"] == "*"

    names = []
    paginator = iam.get_paginator("list_policies")
    for page in paginator.paginate(Scope="AWS", PaginationConfig={"PageSize": 500}):
        names.extend(p["PolicyName"] for p in page["Policies"])
    assert len(names) == 1594
    job = iam.list_policies(Scope="AWS", PathPrefix="/job-function/")["Policies"]
    assert {"ViewOnlyAccess", "DatabaseAdministrator"} <= {p["PolicyName"] for p in job}
    local = iam.list_policies(Scope="Local")["Policies"]
    assert all(not p["Arn"].startswith("arn:aws:iam::aws:") for p in local)

    with pytest.raises(ClientError) as e:
        iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/NoSuchThing")
    assert code(e) == "NoSuchEntity"
    with pytest.raises(ClientError) as e:
        iam.get_policy(PolicyArn="this-is-not-a-policy-arn")
    assert code(e) == "InvalidInput"
    with pytest.raises(ClientError) as e:
        iam.list_policies(Scope="Everything")
    assert code(e) == "ValidationError"


def test_attachments_and_only_attached(iam):
    iam.create_user(UserName="b3-attached")
    iam.attach_user_policy(UserName="b3-attached", PolicyArn=ADMIN)
    attached = {p["Arn"]: p for p in iam.list_policies(OnlyAttached=True)["Policies"]}
    assert ADMIN in attached and attached[ADMIN]["AttachmentCount"] >= 1
    assert all(p["AttachmentCount"] > 0 for p in attached.values())
    with pytest.raises(ClientError) as e:
        iam.attach_user_policy(UserName="b3-attached", PolicyArn="arn:aws:iam::aws:policy/Missing")
    assert code(e) == "NoSuchEntity"
    with pytest.raises(ClientError) as e:
        iam.detach_user_policy(UserName="b3-attached", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert code(e) == "NoSuchEntity"
    iam.detach_user_policy(UserName="b3-attached", PolicyArn=ADMIN)
    assert iam.list_attached_user_policies(UserName="b3-attached")["AttachedPolicies"] == []


def test_account_summary(iam):
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["UsersQuota"] == 5000 and summary["GroupsQuota"] == 300
    assert summary["AccountAccessKeysPresent"] == 1


def test_policies_granting_service_access(iam):
    user = iam.create_user(UserName="b3-granted")["User"]
    iam.create_group(GroupName="b3-readers")
    iam.add_user_to_group(GroupName="b3-readers", UserName="b3-granted")
    iam.attach_group_policy(GroupName="b3-readers", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    iam.put_user_policy(UserName="b3-granted", PolicyName="all-but-iam", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}))
    listed = iam.list_policies_granting_service_access(Arn=user["Arn"], ServiceNamespaces=["s3", "iam"])
    by_service = {s["ServiceNamespace"]: s["Policies"] for s in listed["PoliciesGrantingServiceAccess"]}
    assert by_service["s3"] == [
        {"PolicyName": "all-but-iam", "PolicyType": "INLINE", "EntityType": "USER", "EntityName": "b3-granted"},
        {"PolicyName": "AmazonS3ReadOnlyAccess", "PolicyType": "MANAGED",
         "PolicyArn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"},
    ]
    assert by_service["iam"] == []
    assert listed["IsTruncated"] is False
    with pytest.raises(ClientError) as e:
        iam.list_policies_granting_service_access(Arn=user["Arn"].replace("b3-granted", "b3-nobody"),
                                                  ServiceNamespaces=["s3"])
    assert code(e) == "NoSuchEntity"
    with pytest.raises(ClientError) as e:
        iam.list_policies_granting_service_access(Arn=user["Arn"], ServiceNamespaces=["not valid!"])
    assert code(e) == "ValidationError"
