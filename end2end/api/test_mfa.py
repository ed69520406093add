"""Virtual MFA devices through boto3: create, enable with two consecutive codes, list, use with
STS, and the rules around deleting them and their users."""

import base64
import hashlib
import hmac
import struct
import time
import uuid

from conftest import ACCOUNT_ID, client, error_code as code


def totp(base32_seed: str, step: int) -> str:
    seed = base64.b32decode(base32_seed + "=" * (-len(base32_seed) % 8))
    digest = hmac.new(seed, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def now_step() -> int:
    return int(time.time()) // 30


def test_virtual_mfa_lifecycle_and_sts(endpoint, iam):
    name = f"mfa-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    key = iam.create_access_key(UserName=name)["AccessKey"]
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{name}-phone")["VirtualMFADevice"]
    serial = device["SerialNumber"]
    assert serial == f"arn:aws:iam::{ACCOUNT_ID}:mfa/{name}-phone"
    seed = device["Base32StringSeed"].decode()
    assert code(lambda: iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{name}-phone")) == "EntityAlreadyExists"

    step = now_step()
    assert code(lambda: iam.enable_mfa_device(
        UserName=name, SerialNumber=serial, AuthenticationCode1=totp(seed, step), AuthenticationCode2=totp(seed, step - 1),
    )) == "InvalidAuthenticationCode"
    iam.enable_mfa_device(UserName=name, SerialNumber=serial,
                          AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))
    devices = iam.list_mfa_devices(UserName=name)["MFADevices"]
    assert [d["SerialNumber"] for d in devices] == [serial]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert any(d["SerialNumber"] == serial and d["User"]["UserName"] == name for d in assigned)
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["MFADevicesInUse"] >= 1

    # Session-token credentials with MFA may call IAM; a used or wrong code is refused.
    as_user = client(endpoint, "sts", key["AccessKeyId"], key["SecretAccessKey"])
    assert code(lambda: as_user.get_session_token(SerialNumber=serial, TokenCode="000000")) == "AccessDenied"
    while now_step() == step:
        time.sleep(0.5)
    creds = as_user.get_session_token(SerialNumber=serial, TokenCode=totp(seed, now_step()))["Credentials"]
    session_iam = client(endpoint, "iam", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    assert session_iam.list_users()["Users"]

    # aws:MultiFactorAuthAge counts from the MFA check, and long-term keys have none.
    recent_mfa = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:TagUser",'
                  '"Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":"300"}}}]}')
    iam.put_user_policy(UserName=name, PolicyName="recent-mfa", PolicyDocument=recent_mfa)
    session_iam.tag_user(UserName=name, Tags=[{"Key": "checked", "Value": "mfa"}])
    as_user_iam = client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"])
    assert code(lambda: as_user_iam.tag_user(UserName=name, Tags=[{"Key": "checked", "Value": "key"}])) == "AccessDenied"
    iam.delete_user_policy(UserName=name, PolicyName="recent-mfa")

    # A user with an MFA device cannot be deleted until it is removed; an enabled device
    # cannot be deleted until deactivated.
    iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
    iam.detach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    assert code(lambda: iam.delete_user(UserName=name)) == "DeleteConflict"
    assert code(lambda: iam.delete_virtual_mfa_device(SerialNumber=serial)) == "DeleteConflict"
    iam.deactivate_mfa_device(UserName=name, SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    iam.delete_user(UserName=name)
    assert code(lambda: iam.delete_virtual_mfa_device(SerialNumber=serial)) == "NoSuchEntity"


def test_tags_get_and_resync(iam):
    name = f"mfa-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=name)
    created = iam.create_virtual_mfa_device(
        VirtualMFADeviceName=f"{name}-key", Tags=[{"Key": "team", "Value": "a"}])["VirtualMFADevice"]
    serial, seed = created["SerialNumber"], created["Base32StringSeed"].decode()
    assert created["Tags"] == [{"Key": "team", "Value": "a"}]
    assert code(lambda: iam.create_virtual_mfa_device(
        VirtualMFADeviceName=f"{name}-bad", Tags=[{"Key": "aws:x", "Value": "a"}])) == "InvalidInput"

    # Tag keys of MFA devices are case-sensitive.
    iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "Team", "Value": "b"}])
    iam.untag_mfa_device(SerialNumber=serial, TagKeys=["team"])
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == [{"Key": "Team", "Value": "b"}]
    listed = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert [d["Tags"] for d in listed if d["SerialNumber"] == serial] == [[{"Key": "Team", "Value": "b"}]]
    missing = f"arn:aws:iam::{ACCOUNT_ID}:mfa/nothing-here"
    assert code(lambda: iam.list_mfa_device_tags(SerialNumber=missing)) == "NoSuchEntity"

    # GetMFADevice knows only a device enabled for the user.
    assert code(lambda: iam.get_mfa_device(UserName=name, SerialNumber=serial)) == "NoSuchEntity"
    step = now_step()
    iam.enable_mfa_device(UserName=name, SerialNumber=serial,
                          AuthenticationCode1=totp(seed, step - 1), AuthenticationCode2=totp(seed, step))
    device = iam.get_mfa_device(UserName=name, SerialNumber=serial)
    assert device["UserName"] == name and device["SerialNumber"] == serial and "EnableDate" in device

    # A device running two minutes fast resyncs with two consecutive codes, once.
    assert code(lambda: iam.resync_mfa_device(
        UserName=name, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321",
    )) == "InvalidAuthenticationCode"
    ahead = (totp(seed, step + 3), totp(seed, step + 4))
    iam.resync_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1=ahead[0], AuthenticationCode2=ahead[1])
    assert code(lambda: iam.resync_mfa_device(
        UserName=name, SerialNumber=serial, AuthenticationCode1=ahead[0], AuthenticationCode2=ahead[1],
    )) == "InvalidAuthenticationCode"

    # Deleting the device deletes its tags.
    iam.deactivate_mfa_device(UserName=name, SerialNumber=serial)
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert code(lambda: iam.list_mfa_device_tags(SerialNumber=serial)) == "NoSuchEntity"
    iam.create_virtual_mfa_device(VirtualMFADeviceName=f"{name}-key")
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == []
