"""Access Advisor through boto3: a job's services, their last use by the target's users and
roles (from the audit trail), the entities behind a service, and the errors."""

import json
import uuid

from conftest import ACCOUNT_ID, client, error_code as code


def test_a_users_services_and_their_last_use(endpoint, iam):
    name = f"advised-{uuid.uuid4().hex[:8]}"
    user = iam.create_user(UserName=name)["User"]
    iam.put_user_policy(UserName=name, PolicyName="some", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["iam:GetUser", "s3:*"], "Resource": "*"}]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    as_user = client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"])
    as_user.get_user(UserName=name)

    job = iam.generate_service_last_accessed_details(Arn=user["Arn"], Granularity="ACTION_LEVEL")["JobId"]
    assert len(job) == 36
    details = iam.get_service_last_accessed_details(JobId=job)
    assert details["JobStatus"] == "COMPLETED"
    assert details["JobType"] == "ACTION_LEVEL"
    assert details["JobCompletionDate"] >= details["JobCreationDate"]
    services = {s["ServiceNamespace"]: s for s in details["ServicesLastAccessed"]}
    assert sorted(services) == ["iam", "s3"]
    used = services["iam"]
    assert used["ServiceName"] == "AWS Identity and Access Management (IAM)"
    assert used["LastAuthenticatedEntity"] == user["Arn"]
    assert used["TotalAuthenticatedEntities"] == 1
    assert "LastAuthenticated" in used
    assert [a["ActionName"] for a in used["TrackedActionsLastAccessed"]] == ["GetUser"]
    assert "LastAuthenticated" not in services["s3"]
    assert services["s3"]["TotalAuthenticatedEntities"] == 0

    entities = iam.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace="iam")
    [entity] = entities["EntityDetailsList"]
    assert entity["EntityInfo"]["Arn"] == user["Arn"]
    assert entity["EntityInfo"]["Type"] == "USER"
    assert entity["EntityInfo"]["Id"] == user["UserId"]
    assert "LastAuthenticated" in entity

    paged = iam.get_service_last_accessed_details(JobId=job, MaxItems=1)
    assert paged["IsTruncated"] is True
    rest = iam.get_service_last_accessed_details(JobId=job, Marker=paged["Marker"])
    assert [s["ServiceNamespace"] for s in paged["ServicesLastAccessed"] + rest["ServicesLastAccessed"]] == ["iam", "s3"]


def test_errors(iam):
    unknown = "00000000-0000-0000-0000-000000000000"
    assert code(lambda: iam.get_service_last_accessed_details(JobId=unknown)) == "NoSuchEntity"
    assert code(lambda: iam.generate_service_last_accessed_details(
        Arn=f"arn:aws:iam::{ACCOUNT_ID}:user/nobody-here")) == "NoSuchEntity"
    assert code(lambda: iam.generate_service_last_accessed_details(
        Arn=f"arn:aws:iam::{ACCOUNT_ID}:policy/nothing-here")) == "NoSuchEntity"
