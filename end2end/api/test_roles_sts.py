"""Roles, instance profiles, STS temporary credentials and the policy simulator, through boto3
and the real aws CLI."""

import json
import time
import uuid
from datetime import datetime, timezone

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT_ID, client


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*"):
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def trust(principal, **extra):
    return doc({"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole", **extra})


ACCOUNT_TRUST = trust(f"arn:aws:iam::{ACCOUNT_ID}:root")


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def error_code(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]


@pytest.fixture
def user(endpoint, iam):
    name = unique("caller")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return name, key["AccessKeyId"], key["SecretAccessKey"]


def test_role_lifecycle(iam):
    name = unique("role")
    created = iam.create_role(
        RoleName=name, Path="/svc/", AssumeRolePolicyDocument=ACCOUNT_TRUST, Description="first",
        MaxSessionDuration=7200, Tags=[{"Key": "team", "Value": "ops"}],
    )["Role"]
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:role/svc/{name}"
    assert created["RoleId"].startswith("AROA")
    role = iam.get_role(RoleName=name)["Role"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Action"] == "sts:AssumeRole"
    assert role["MaxSessionDuration"] == 7200 and role["Description"] == "first"
    assert role["Tags"] == [{"Key": "team", "Value": "ops"}]
    assert any(r["RoleName"] == name for r in iam.list_roles(PathPrefix="/svc/")["Roles"])

    iam.update_role(RoleName=name, Description="second", MaxSessionDuration=3600)
    assert iam.get_role(RoleName=name)["Role"]["Description"] == "second"
    assert iam.update_role_description(RoleName=name, Description="third")["Role"]["Description"] == "third"
    iam.update_assume_role_policy(RoleName=name, PolicyDocument=trust("*"))
    assert iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"AWS": "*"}

    iam.put_role_policy(RoleName=name, PolicyName="inline", PolicyDocument=doc(allow("s3:*")))
    iam.attach_role_policy(RoleName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert iam.list_role_policies(RoleName=name)["PolicyNames"] == ["inline"]
    assert iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"][0]["PolicyName"] == "ReadOnlyAccess"
    entities = iam.list_entities_for_policy(PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess", EntityFilter="Role")
    assert [r["RoleName"] for r in entities["PolicyRoles"]] == [name]
    iam.put_role_permissions_boundary(RoleName=name, PermissionsBoundary="arn:aws:iam::aws:policy/PowerUserAccess")
    assert iam.get_role(RoleName=name)["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"].endswith("PowerUserAccess")
    iam.delete_role_permissions_boundary(RoleName=name)
    iam.tag_role(RoleName=name, Tags=[{"Key": "TEAM", "Value": "dev"}])
    assert iam.list_role_tags(RoleName=name)["Tags"] == [{"Key": "TEAM", "Value": "dev"}]
    iam.untag_role(RoleName=name, TagKeys=["team"])
    assert iam.list_role_tags(RoleName=name)["Tags"] == []
    details = iam.get_account_authorization_details(Filter=["Role"])["RoleDetailList"]
    assert any(d["RoleName"] == name and d["RolePolicyList"][0]["PolicyName"] == "inline" for d in details)

    code, message = error_code(lambda: iam.delete_role(RoleName=name))
    assert code == "DeleteConflict", message
    iam.detach_role_policy(RoleName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.delete_role_policy(RoleName=name, PolicyName="inline")
    iam.delete_role(RoleName=name)
    assert error_code(lambda: iam.get_role(RoleName=name))[0] == "NoSuchEntity"


def test_role_errors(iam):
    name = unique("bad")
    with_resource = doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*"})
    code, message = error_code(lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=with_resource))
    assert (code, message) == ("MalformedPolicyDocument", "Has prohibited field Resource.")
    no_principal = doc({"Effect": "Allow", "Action": "sts:AssumeRole"})
    assert error_code(lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=no_principal))[0] == "MalformedPolicyDocument"
    assert error_code(lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=ACCOUNT_TRUST, MaxSessionDuration=50000))[0] == "ValidationError"
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=ACCOUNT_TRUST)
    assert error_code(lambda: iam.create_role(RoleName=name.upper(), AssumeRolePolicyDocument=ACCOUNT_TRUST))[0] == "EntityAlreadyExists"
    assert error_code(lambda: iam.get_role(RoleName="no-such-role"))[0] == "NoSuchEntity"


def test_instance_profiles(iam):
    role, profile = unique("ec2role"), unique("profile")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=ACCOUNT_TRUST)
    created = iam.create_instance_profile(InstanceProfileName=profile, Path="/app/")["InstanceProfile"]
    assert created["InstanceProfileId"].startswith("AIPA") and created["Roles"] == []
    iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
    got = iam.get_instance_profile(InstanceProfileName=profile)["InstanceProfile"]
    assert [r["RoleName"] for r in got["Roles"]] == [role]
    assert iam.list_instance_profiles_for_role(RoleName=role)["InstanceProfiles"][0]["InstanceProfileName"] == profile
    other = unique("other")
    iam.create_role(RoleName=other, AssumeRolePolicyDocument=ACCOUNT_TRUST)
    assert error_code(lambda: iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=other))[0] == "LimitExceeded"
    assert error_code(lambda: iam.delete_instance_profile(InstanceProfileName=profile))[0] == "DeleteConflict"
    assert error_code(lambda: iam.delete_role(RoleName=role))[0] == "DeleteConflict"
    iam.tag_instance_profile(InstanceProfileName=profile, Tags=[{"Key": "env", "Value": "prod"}])
    assert iam.list_instance_profile_tags(InstanceProfileName=profile)["Tags"] == [{"Key": "env", "Value": "prod"}]
    iam.remove_role_from_instance_profile(InstanceProfileName=profile, RoleName=role)
    iam.delete_instance_profile(InstanceProfileName=profile)
    assert error_code(lambda: iam.get_instance_profile(InstanceProfileName=profile))[0] == "NoSuchEntity"


def test_assume_role_acts_as_the_role(endpoint, iam, user):
    name, key_id, secret = user
    role = unique("reader")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=ACCOUNT_TRUST)
    iam.attach_role_policy(RoleName=role, PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    as_user = client(endpoint, "sts", key_id, secret)
    role_arn = f"arn:aws:iam::{ACCOUNT_ID}:role/{role}"

    # The trust policy names only the account: the caller's own policies must allow it too.
    code, message = error_code(lambda: as_user.assume_role(RoleArn=role_arn, RoleSessionName="s1"))
    assert code == "AccessDenied" and "sts:AssumeRole" in message
    iam.put_user_policy(UserName=name, PolicyName="assume", PolicyDocument=doc(allow("sts:AssumeRole", role_arn)))
    assumed = as_user.assume_role(RoleArn=role_arn, RoleSessionName="s1", DurationSeconds=900)
    creds = assumed["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and creds["SessionToken"]
    assert assumed["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{role}/s1"

    session = dict(key_id=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"])
    identity = client(endpoint, "sts", **session).get_caller_identity()
    assert identity["Arn"] == assumed["AssumedRoleUser"]["Arn"]
    assert identity["UserId"].startswith("AROA") and identity["UserId"].endswith(":s1")
    as_role = client(endpoint, "iam", **session)
    assert any(u["UserName"] == name for u in as_role.list_users()["Users"])
    code, message = error_code(lambda: as_role.create_user(UserName=unique("nope")))
    assert code == "AccessDenied"
    assert message.startswith(f"User: arn:aws:sts::{ACCOUNT_ID}:assumed-role/{role}/s1 is not authorized")
    assert iam.get_role(RoleName=role)["Role"]["RoleLastUsed"]["LastUsedDate"]

    # Without the token, or with someone else's, the key is refused.
    bare = client(endpoint, "sts", creds["AccessKeyId"], creds["SecretAccessKey"])
    assert error_code(bare.get_caller_identity)[0] == "InvalidClientTokenId"
    assert error_code(client(endpoint, "sts", creds["AccessKeyId"], creds["SecretAccessKey"], "forged").get_caller_identity)[0] == "InvalidClientTokenId"

    # Revoke sessions: AWS's AWSRevokeOlderSessions deny on aws:TokenIssueTime.
    # Token issue times have whole seconds: let the cut-off fall after this session's.
    time.sleep(1.1)
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    revoke = doc({"Effect": "Deny", "Action": "*", "Resource": "*",
                  "Condition": {"DateLessThan": {"aws:TokenIssueTime": now}}})
    iam.put_role_policy(RoleName=role, PolicyName="AWSRevokeOlderSessions", PolicyDocument=revoke)
    code, message = error_code(as_role.list_users)
    assert code == "AccessDenied" and "explicit deny" in message
    time.sleep(1.1)
    fresh = as_user.assume_role(RoleArn=role_arn, RoleSessionName="s2")["Credentials"]
    as_new = client(endpoint, "iam", fresh["AccessKeyId"], fresh["SecretAccessKey"], fresh["SessionToken"])
    assert as_new.list_users()["Users"]


def test_trust_policy_conditions_session_policies_and_chaining(endpoint, iam, user):
    name, key_id, secret = user
    role = unique("guarded")
    role_arn = f"arn:aws:iam::{ACCOUNT_ID}:role/{role}"
    user_arn = f"arn:aws:iam::{ACCOUNT_ID}:user/{name}"
    iam.create_role(
        RoleName=role, MaxSessionDuration=3600,
        AssumeRolePolicyDocument=trust(user_arn, Condition={"StringEquals": {"sts:ExternalId": "ext-42"}}),
    )
    iam.attach_role_policy(RoleName=role, PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")
    as_user = client(endpoint, "sts", key_id, secret)
    # Named in the trust policy: no identity permission needed, but the external ID is.
    assert error_code(lambda: as_user.assume_role(RoleArn=role_arn, RoleSessionName="xx"))[0] == "AccessDenied"
    assert error_code(lambda: as_user.assume_role(RoleArn=role_arn, RoleSessionName="xx", ExternalId="wrong-1"))[0] == "AccessDenied"
    code, message = error_code(lambda: as_user.assume_role(RoleArn=role_arn, RoleSessionName="xx", ExternalId="ext-42", DurationSeconds=7200))
    assert code == "ValidationError" and "MaxSessionDuration" in message
    assert error_code(lambda: as_user.assume_role(RoleArn=role_arn, RoleSessionName="x y z", ExternalId="ext-42"))[0] == "ValidationError"

    # A session policy caps the role's permissions.
    assumed = as_user.assume_role(
        RoleArn=role_arn, RoleSessionName="capped", ExternalId="ext-42",
        Policy=doc(allow("iam:List*")),
    )
    assert 0 < assumed["PackedPolicySize"] <= 100
    creds = assumed["Credentials"]
    as_role = client(endpoint, "iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    assert as_role.list_roles()["Roles"]
    code, message = error_code(lambda: as_role.create_user(UserName=unique("capped")))
    assert code == "AccessDenied" and "because no session policy allows" in message

    # Role chaining: a session may assume a role that trusts it, for an hour at most.
    second = unique("chained")
    iam.create_role(RoleName=second, AssumeRolePolicyDocument=trust(role_arn))
    as_session = client(endpoint, "sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    second_arn = f"arn:aws:iam::{ACCOUNT_ID}:role/{second}"
    code, _ = error_code(lambda: as_session.assume_role(RoleArn=second_arn, RoleSessionName="cc"))
    assert code == "AccessDenied"  # the session policy does not allow sts:AssumeRole
    full = as_user.assume_role(RoleArn=role_arn, RoleSessionName="full", ExternalId="ext-42")["Credentials"]
    iam.put_role_policy(RoleName=role, PolicyName="chain", PolicyDocument=doc(allow("sts:AssumeRole", second_arn)))
    as_full = client(endpoint, "sts", full["AccessKeyId"], full["SecretAccessKey"], full["SessionToken"])
    assert "1 hour" in error_code(lambda: as_full.assume_role(RoleArn=second_arn, RoleSessionName="cc", DurationSeconds=7200))[1]
    chained = as_full.assume_role(RoleArn=second_arn, RoleSessionName="cc")
    assert chained["AssumedRoleUser"]["Arn"].endswith(f"assumed-role/{second}/cc")

    # Root may not assume roles.
    code, message = error_code(lambda: client(endpoint, "sts").assume_role(RoleArn=role_arn, RoleSessionName="root"))
    assert code == "AccessDenied" and "root" in message


def test_session_tokens_and_access_key_info(endpoint, iam, sts, user):
    name, key_id, secret = user
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    token = client(endpoint, "sts", key_id, secret).get_session_token(DurationSeconds=900)["Credentials"]
    assert token["AccessKeyId"].startswith("ASIA")
    session_sts = client(endpoint, "sts", token["AccessKeyId"], token["SecretAccessKey"], token["SessionToken"])
    assert session_sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:user/{name}"
    # Without MFA, session-token credentials cannot call IAM, nor GetSessionToken again.
    session_iam = client(endpoint, "iam", token["AccessKeyId"], token["SecretAccessKey"], token["SessionToken"])
    assert error_code(session_iam.list_users)[0] == "AccessDenied"
    assert error_code(session_sts.get_session_token)[0] == "AccessDenied"
    assert error_code(lambda: sts.get_session_token(DurationSeconds=200000))[0] == "ValidationError"

    assert sts.get_access_key_info(AccessKeyId=key_id)["Account"] == ACCOUNT_ID
    assert sts.get_access_key_info(AccessKeyId=token["AccessKeyId"])["Account"] == ACCOUNT_ID


def test_federation_tokens(endpoint, iam, sts, user):
    name, key_id, secret = user
    as_user = client(endpoint, "sts", key_id, secret)
    session_policy = doc(allow("s3:GetObject"))
    assert error_code(lambda: as_user.get_federation_token(Name="alice", Policy=session_policy))[0] == "AccessDenied"
    iam.put_user_policy(UserName=name, PolicyName="federate", PolicyDocument=doc(allow(["sts:GetFederationToken", "iam:*"])))
    token = as_user.get_federation_token(Name="alice", Policy=session_policy, DurationSeconds=900)
    federated_arn = f"arn:aws:sts::{ACCOUNT_ID}:federated-user/alice"
    assert token["FederatedUser"] == {"FederatedUserId": f"{ACCOUNT_ID}:alice", "Arn": federated_arn}
    assert 0 < token["PackedPolicySize"] <= 100
    creds = token["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    session = dict(key_id=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"])
    federated_sts = client(endpoint, "sts", **session)
    identity = federated_sts.get_caller_identity()
    assert identity["Arn"] == federated_arn and identity["UserId"] == f"{ACCOUNT_ID}:alice"
    # A federated user calls no IAM action, even one its issuer may, and of STS only
    # GetCallerIdentity.
    code, message = error_code(client(endpoint, "iam", **session).list_users)
    assert code == "AccessDenied" and message.startswith(f"User: {federated_arn} is not authorized")
    assert error_code(lambda: federated_sts.get_federation_token(Name="carol", Policy=session_policy))[0] == "AccessDenied"
    assert error_code(lambda: federated_sts.get_session_token())[0] == "AccessDenied"
    assert error_code(lambda: federated_sts.assume_role(
        RoleArn=f"arn:aws:iam::{ACCOUNT_ID}:role/anything", RoleSessionName="s1"))[0] == "AccessDenied"

    # The root user's federated users last an hour at most; bad input is refused.
    from_root = sts.get_federation_token(Name="ops-team", DurationSeconds=7200)
    lasts = from_root["Credentials"]["Expiration"] - datetime.now(timezone.utc)
    assert 3500 < lasts.total_seconds() <= 3600
    assert "PackedPolicySize" not in from_root
    assert error_code(lambda: sts.get_federation_token(Name="no spaces"))[0] == "ValidationError"
    assert error_code(lambda: sts.get_federation_token(Name="ops", Policy="{"))[0] == "MalformedPolicyDocument"

    # Nothing here encodes authorization messages, so there is none to decode.
    code, _ = error_code(lambda: sts.decode_authorization_message(EncodedMessage="not-a-message"))
    assert code == "InvalidAuthorizationMessageException"


def test_service_linked_roles(iam):
    role = iam.create_service_linked_role(AWSServiceName="elasticbeanstalk.amazonaws.com", Description="beanstalk")["Role"]
    name = "AWSServiceRoleForElasticBeanstalk"
    assert role["RoleName"] == name and role["Path"] == "/aws-service-role/elasticbeanstalk.amazonaws.com/"
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/elasticbeanstalk.amazonaws.com/{name}"
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": ["elasticbeanstalk.amazonaws.com"]}
    attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
    assert attached == [{"PolicyName": "AWSElasticBeanstalkServiceRolePolicy",
                         "PolicyArn": "arn:aws:iam::aws:policy/aws-service-role/AWSElasticBeanstalkServiceRolePolicy"}]
    code, message = error_code(lambda: iam.create_service_linked_role(AWSServiceName="elasticbeanstalk.amazonaws.com"))
    assert code == "InvalidInput" and "has been taken" in message
    assert error_code(lambda: iam.create_service_linked_role(AWSServiceName="nothing.amazonaws.com"))[0] == "InvalidInput"

    # Protected: only the description and tags change.
    code, message = error_code(lambda: iam.delete_role(RoleName=name))
    assert code == "UnmodifiableEntity" and f"protected role '{name}'" in message
    assert error_code(lambda: iam.put_role_policy(RoleName=name, PolicyName="x", PolicyDocument=doc(allow("s3:*"))))[0] == "UnmodifiableEntity"
    assert error_code(lambda: iam.update_assume_role_policy(RoleName=name, PolicyDocument=ACCOUNT_TRUST))[0] == "UnmodifiableEntity"
    assert iam.update_role_description(RoleName=name, Description="edited")["Role"]["Description"] == "edited"

    task = iam.delete_service_linked_role(RoleName=name)["DeletionTaskId"]
    assert task.startswith(f"task/aws-service-role/elasticbeanstalk.amazonaws.com/{name}/")
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == "SUCCEEDED"
    assert error_code(lambda: iam.get_role(RoleName=name))[0] == "NoSuchEntity"


def test_simulator_and_context_keys(iam, user):
    name, _, _ = user
    iam.put_user_policy(UserName=name, PolicyName="mixed", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
             "Condition": {"StringEquals": {"aws:PrincipalTag/team": "data"}}},
            {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
        ],
    }, indent=2))
    source = f"arn:aws:iam::{ACCOUNT_ID}:user/{name}"
    results = iam.simulate_principal_policy(
        PolicySourceArn=source, ActionNames=["s3:GetObject", "s3:DeleteBucket", "iam:CreateUser"],
        ContextEntries=[{"ContextKeyName": "aws:PrincipalTag/team", "ContextKeyValues": ["data"], "ContextKeyType": "string"}],
    )["EvaluationResults"]
    decisions = {r["EvalActionName"]: r["EvalDecision"] for r in results}
    assert decisions == {"s3:GetObject": "allowed", "s3:DeleteBucket": "explicitDeny", "iam:CreateUser": "implicitDeny"}
    deny = next(r for r in results if r["EvalActionName"] == "s3:DeleteBucket")["MatchedStatements"][0]
    assert deny["SourcePolicyId"] == "mixed" and deny["SourcePolicyType"] == "user"
    assert deny["StartPosition"] == {"Line": 14, "Column": 5}

    untagged = iam.simulate_principal_policy(PolicySourceArn=source, ActionNames=["s3:GetObject"])["EvaluationResults"][0]
    assert untagged["EvalDecision"] == "implicitDeny"
    assert untagged["MissingContextValues"] == ["aws:PrincipalTag/team"]

    custom = iam.simulate_custom_policy(
        PolicyInputList=[doc(allow("ec2:Describe*"))], ActionNames=["ec2:DescribeInstances", "ec2:RunInstances"],
        PermissionsBoundaryPolicyInputList=[doc(allow("ec2:*"))],
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in custom] == ["allowed", "implicitDeny"]
    assert custom[0]["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"] is True

    # A resource policy naming the caller allows on its own; its deny wins.
    bucket_policy = lambda effect: doc({"Effect": effect, "Principal": {"AWS": source}, "Action": "s3:PutObject",
                                        "Resource": "arn:aws:s3:::shared/*"})
    for effect, expected in [("Allow", "allowed"), ("Deny", "explicitDeny")]:
        result = iam.simulate_principal_policy(
            PolicySourceArn=source, ActionNames=["s3:PutObject"], ResourceArns=["arn:aws:s3:::shared/report"],
            ResourcePolicy=bucket_policy(effect),
        )["EvaluationResults"][0]
        assert result["EvalDecision"] == expected
        assert result["MatchedStatements"][-1]["SourcePolicyType"] == "resource"
    other = iam.simulate_custom_policy(
        PolicyInputList=[doc(allow("ec2:*"))], ActionNames=["s3:PutObject"], ResourceArns=["arn:aws:s3:::shared/r"],
        ResourcePolicy=bucket_policy("Allow"), CallerArn=f"arn:aws:iam::{ACCOUNT_ID}:user/someone-else",
    )["EvaluationResults"][0]
    assert other["EvalDecision"] == "implicitDeny"

    keys = iam.get_context_keys_for_principal_policy(PolicySourceArn=source)["ContextKeyNames"]
    assert keys == ["aws:PrincipalTag/team"]
    assert sorted(iam.get_context_keys_for_custom_policy(PolicyInputList=[doc({
        "Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*",
        "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}})])["ContextKeyNames"]) == ["aws:SourceIp", "aws:username"]
    assert error_code(lambda: iam.simulate_principal_policy(PolicySourceArn=f"arn:aws:iam::{ACCOUNT_ID}:user/ghost", ActionNames=["s3:GetObject"]))[0] == "NoSuchEntity"
    assert error_code(lambda: iam.simulate_custom_policy(PolicyInputList=["{"], ActionNames=["s3:GetObject"]))[0] == "InvalidInput"


def test_assume_role_with_the_cli(aws_cli):
    aws_cli("iam", "create-user", "--user-name", "cli-assumer")
    aws_cli("iam", "put-user-policy", "--user-name", "cli-assumer", "--policy-name", "assume",
            "--policy-document", doc(allow("sts:AssumeRole")))
    key = aws_cli("iam", "create-access-key", "--user-name", "cli-assumer")["AccessKey"]
    aws_cli("iam", "create-role", "--role-name", "cli-admin", "--assume-role-policy-document", ACCOUNT_TRUST)
    aws_cli("iam", "attach-role-policy", "--role-name", "cli-admin", "--policy-arn", "arn:aws:iam::aws:policy/IAMFullAccess")
    aws_cli.configure("assumer", key["AccessKeyId"], key["SecretAccessKey"])
    aws_cli("iam", "create-user", "--user-name", "cli-by-role", profile="assumer", expect_error="AccessDenied")
    assumed = aws_cli("sts", "assume-role", "--role-arn", f"arn:aws:iam::{ACCOUNT_ID}:role/cli-admin",
                      "--role-session-name", "cli", profile="assumer")
    creds = assumed["Credentials"]
    aws_cli.configure("role", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    identity = aws_cli("sts", "get-caller-identity", profile="role")
    assert identity["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/cli-admin/cli"
    aws_cli("iam", "create-user", "--user-name", "cli-by-role", profile="role")
    assert aws_cli("iam", "get-user", "--user-name", "cli-by-role")["User"]["UserName"] == "cli-by-role"
