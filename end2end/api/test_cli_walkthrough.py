"""The command-line walkthrough with the real aws CLI, from `aws configure` to a denied call."""

from conftest import ACCOUNT_ID

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
EC2_FULL = "arn:aws:iam::aws:policy/AmazonEC2FullAccess"


def test_walkthrough(aws_cli):
    me = aws_cli("sts", "get-caller-identity")
    assert me == {"UserId": ACCOUNT_ID, "Account": ACCOUNT_ID, "Arn": f"arn:aws:iam::{ACCOUNT_ID}:root"}

    created = aws_cli("iam", "create-user", "--user-name", "walker")["User"]
    assert created["UserName"] == "walker"
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:user/walker"
    assert created["UserId"].startswith("AIDA")

    names = [u["UserName"] for u in aws_cli("iam", "list-users")["Users"]]
    assert "walker" in names

    group = aws_cli("iam", "create-group", "--group-name", "walkers")["Group"]
    assert group["GroupId"].startswith("AGPA")
    aws_cli("iam", "add-user-to-group", "--group-name", "walkers", "--user-name", "walker")
    members = aws_cli("iam", "get-group", "--group-name", "walkers")["Users"]
    assert [m["UserName"] for m in members] == ["walker"]

    aws_cli("iam", "attach-user-policy", "--user-name", "walker", "--policy-arn", ADMIN)
    aws_cli("iam", "attach-group-policy", "--group-name", "walkers", "--policy-arn", EC2_FULL)
    user_policies = aws_cli("iam", "list-attached-user-policies", "--user-name", "walker")["AttachedPolicies"]
    assert user_policies == [{"PolicyName": "AdministratorAccess", "PolicyArn": ADMIN}]
    group_policies = aws_cli("iam", "list-attached-group-policies", "--group-name", "walkers")["AttachedPolicies"]
    assert group_policies == [{"PolicyName": "AmazonEC2FullAccess", "PolicyArn": EC2_FULL}]

    key = aws_cli("iam", "create-access-key", "--user-name", "walker")["AccessKey"]
    assert key["AccessKeyId"].startswith("AKIA") and len(key["SecretAccessKey"]) == 40
    aws_cli.configure("walker", key["AccessKeyId"], key["SecretAccessKey"])
    walker = aws_cli("sts", "get-caller-identity", profile="walker")
    assert walker["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:user/walker"
    assert walker["UserId"] == created["UserId"]

    message = aws_cli("iam", "delete-user", "--user-name", "walker", expect_error="DeleteConflict")
    assert "Cannot delete entity" in message

    aws_cli("iam", "delete-access-key", "--user-name", "walker", "--access-key-id", key["AccessKeyId"])
    aws_cli("iam", "detach-user-policy", "--user-name", "walker", "--policy-arn", ADMIN)
    aws_cli("iam", "remove-user-from-group", "--group-name", "walkers", "--user-name", "walker")
    aws_cli("iam", "delete-user", "--user-name", "walker")
    aws_cli("iam", "get-user", "--user-name", "walker", expect_error="NoSuchEntity")
    aws_cli("sts", "get-caller-identity", profile="walker", expect_error="InvalidClientTokenId")


def test_pagination_is_followed_by_the_cli(aws_cli):
    for i in range(7):
        aws_cli("iam", "create-user", "--user-name", f"page-user-{i}")
    users = aws_cli("iam", "list-users", "--page-size", "2")["Users"]
    assert sum(1 for u in users if u["UserName"].startswith("page-user-")) == 7
