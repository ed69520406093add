"""Every IAM operation through the policy engine: an IAM user without permission gets
AccessDenied naming the action, and the account is exactly as before (a snapshot of every
entity, policy, key, tag and setting); once a policy allows that one action, the same call
succeeds."""

import json
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import ACCOUNT_ID, ROOT, client, running_latchkey, saml_metadata

DOC = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "sts:AssumeRole"}]})
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
BOUNDARY = "arn:aws:iam::aws:policy/PowerUserAccess"
PASSWORD = "Every-Op-Pass-1"
TESTDATA = ROOT / "iam" / "testdata"
SSH_KEY = (TESTDATA / "ssh-rsa.pub").read_text()
RSA_CERT, RSA_KEY = (TESTDATA / "rsa-cert.pem").read_text(), (TESTDATA / "rsa-key.pem").read_text()
EC_CERT, EC_KEY = (TESTDATA / "ec-cert.pem").read_text(), (TESTDATA / "ec-key.pem").read_text()
# The operations whose cases need the users' keys and certificates staged, and snapshotted.
USER_CREDENTIALS = ("ServiceSpecificCredential", "SSHPublicKey", "SigningCertificate")
CERTIFICATES = ("SSHPublicKey", "SigningCertificate", "ServerCertificate")


@pytest.fixture(scope="module")
def endpoint():
    """A server of its own: these cases leave many entities behind."""
    with running_latchkey() as url:
        yield url


class Stage:
    """Fresh entities for one case: plain ones to act on, and ones that already hold what the
    delete/detach/remove operations take away."""

    def __init__(self, iam):
        s = uuid.uuid4().hex[:8]
        self.s = s
        self.user, self.full_user = f"u-{s}", f"uf-{s}"
        self.group, self.full_group = f"g-{s}", f"gf-{s}"
        self.role, self.full_role = f"r-{s}", f"rf-{s}"
        self.profile, self.full_profile = f"ip-{s}", f"ipf-{s}"
        self.policy_arn = f"arn:aws:iam::{ACCOUNT_ID}:policy/p-{s}"
        self.single_version_arn = f"arn:aws:iam::{ACCOUNT_ID}:policy/p1-{s}"
        iam.create_user(UserName=self.user)
        iam.create_user(UserName=self.full_user, Tags=[{"Key": "k", "Value": "v"}], PermissionsBoundary=BOUNDARY)
        iam.create_login_profile(UserName=self.full_user, Password=PASSWORD)
        self.key_id = iam.create_access_key(UserName=self.full_user)["AccessKey"]["AccessKeyId"]
        iam.attach_user_policy(UserName=self.full_user, PolicyArn=READ_ONLY)
        iam.put_user_policy(UserName=self.full_user, PolicyName="inline", PolicyDocument=DOC)
        iam.create_group(GroupName=self.group)
        iam.create_group(GroupName=self.full_group)
        iam.add_user_to_group(GroupName=self.full_group, UserName=self.full_user)
        iam.attach_group_policy(GroupName=self.full_group, PolicyArn=READ_ONLY)
        iam.put_group_policy(GroupName=self.full_group, PolicyName="inline", PolicyDocument=DOC)
        iam.create_role(RoleName=self.role, AssumeRolePolicyDocument=TRUST)
        iam.create_role(RoleName=self.full_role, AssumeRolePolicyDocument=TRUST, PermissionsBoundary=BOUNDARY,
                        Tags=[{"Key": "k", "Value": "v"}])
        iam.attach_role_policy(RoleName=self.full_role, PolicyArn=READ_ONLY)
        iam.put_role_policy(RoleName=self.full_role, PolicyName="inline", PolicyDocument=DOC)
        iam.create_instance_profile(InstanceProfileName=self.profile)
        iam.create_instance_profile(InstanceProfileName=self.full_profile, Tags=[{"Key": "k", "Value": "v"}])
        iam.add_role_to_instance_profile(InstanceProfileName=self.full_profile, RoleName=self.full_role)
        iam.create_policy(PolicyName=f"p-{s}", PolicyDocument=DOC, Tags=[{"Key": "k", "Value": "v"}])
        iam.create_policy_version(PolicyArn=self.policy_arn, PolicyDocument=DOC)
        iam.create_policy(PolicyName=f"p1-{s}", PolicyDocument=DOC)
        self.job = iam.generate_service_last_accessed_details(
            Arn=f"arn:aws:iam::{ACCOUNT_ID}:user/{self.full_user}")["JobId"]
        self.linked = iam.create_service_linked_role(
            AWSServiceName="autoscaling.amazonaws.com", CustomSuffix=s)["Role"]["RoleName"]
        gone = iam.create_service_linked_role(
            AWSServiceName="autoscaling.amazonaws.com", CustomSuffix=f"gone-{s}")["Role"]["RoleName"]
        self.deletion = iam.delete_service_linked_role(RoleName=gone)["DeletionTaskId"]
        self.credential = iam.create_service_specific_credential(
            UserName=self.full_user, ServiceName="codecommit.amazonaws.com",
        )["ServiceSpecificCredential"]["ServiceSpecificCredentialId"]
        self.mfa = iam.create_virtual_mfa_device(
            VirtualMFADeviceName=f"mfa-{s}", Tags=[{"Key": "k", "Value": "v"}])["VirtualMFADevice"]["SerialNumber"]

    def add_providers(self, iam):
        """An OIDC and a SAML provider, for the provider operations only: an account holds
        at most 100 of each."""
        self.oidc = iam.create_open_id_connect_provider(
            Url=f"https://idp-{self.s}.example.com", ClientIDList=["app"], ThumbprintList=["a" * 40],
            Tags=[{"Key": "k", "Value": "v"}])["OpenIDConnectProviderArn"]
        self.saml = iam.create_saml_provider(
            Name=f"saml-{self.s}", SAMLMetadataDocument=saml_metadata(),
            Tags=[{"Key": "k", "Value": "v"}])["SAMLProviderArn"]


    def add_certificates(self, iam):
        """An SSH key and a signing certificate of the full user, and a server certificate,
        for those operations only: a signing certificate is taken once in an account, and an
        account holds at most 20 server certificates."""
        self.ssh_key = iam.upload_ssh_public_key(
            UserName=self.full_user, SSHPublicKeyBody=SSH_KEY)["SSHPublicKey"]["SSHPublicKeyId"]
        self.signing = iam.upload_signing_certificate(
            UserName=self.full_user, CertificateBody=RSA_CERT)["Certificate"]["CertificateId"]
        self.server_certificate = f"sc-{self.s}"
        iam.upload_server_certificate(ServerCertificateName=self.server_certificate, CertificateBody=RSA_CERT,
                                      PrivateKey=RSA_KEY, Tags=[{"Key": "k", "Value": "v"}])

    def remove_certificates(self, iam):
        for name in (self.user, self.full_user):
            for certificate in iam.list_signing_certificates(UserName=name)["Certificates"]:
                iam.delete_signing_certificate(UserName=name, CertificateId=certificate["CertificateId"])
        for certificate in iam.list_server_certificates()["ServerCertificateMetadataList"]:
            iam.delete_server_certificate(ServerCertificateName=certificate["ServerCertificateName"])


def remove_providers(iam):
    for provider in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]:
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=provider["Arn"])
    for provider in iam.list_saml_providers()["SAMLProviderList"]:
        iam.delete_saml_provider(SAMLProviderArn=provider["Arn"])


def everything(iam, credentials_of=()):
    """What the account holds, as root sees it, with the service-specific credentials, SSH keys
    and signing certificates of the users named (listing every user's would slow every case)."""
    def pages(method, key, **kw):
        out, marker = [], None
        while True:
            page = method(**kw, **({"Marker": marker} if marker else {}))
            out.extend(page[key])
            if not page.get("IsTruncated"):
                return out
            marker = page["Marker"]

    details = iam.get_account_authorization_details()
    snapshot = {k: details[k] for k in ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")}
    snapshot["profiles"] = pages(iam.list_instance_profiles, "InstanceProfiles")
    snapshot["aliases"] = iam.list_account_aliases()["AccountAliases"]
    snapshot["token_version"] = iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"]
    try:
        snapshot["password_policy"] = iam.get_account_password_policy()["PasswordPolicy"]
    except ClientError:
        snapshot["password_policy"] = None
    for user in snapshot["UserDetailList"]:
        name = user["UserName"]
        user["keys"] = iam.list_access_keys(UserName=name)["AccessKeyMetadata"]
        try:
            user["login"] = iam.get_login_profile(UserName=name)["LoginProfile"]
        except ClientError:
            user["login"] = None
    for policy in snapshot["Policies"]:
        if not policy["Arn"].startswith("arn:aws:iam::aws:"):
            policy["tags"] = iam.list_policy_tags(PolicyArn=policy["Arn"])["Tags"]
    snapshot["mfa"] = iam.list_virtual_mfa_devices()["VirtualMFADevices"]
    def without_metadata(response):
        return {k: v for k, v in response.items() if k != "ResponseMetadata"}

    snapshot["user_credentials"] = [
        (iam.list_service_specific_credentials(UserName=name)["ServiceSpecificCredentials"],
         iam.list_ssh_public_keys(UserName=name)["SSHPublicKeys"],
         iam.list_signing_certificates(UserName=name)["Certificates"])
        for name in credentials_of]
    snapshot["server_certificates"] = [
        without_metadata(iam.get_server_certificate(ServerCertificateName=c["ServerCertificateName"]))
        for c in iam.list_server_certificates()["ServerCertificateMetadataList"]]
    snapshot["oidc"] = [
        without_metadata(iam.get_open_id_connect_provider(OpenIDConnectProviderArn=p["Arn"]))
        for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
    snapshot["saml"] = [
        without_metadata(iam.get_saml_provider(SAMLProviderArn=p["Arn"]))
        for p in iam.list_saml_providers()["SAMLProviderList"]]
    for profile in snapshot["profiles"]:
        profile["tags"] = iam.list_instance_profile_tags(InstanceProfileName=profile["InstanceProfileName"])["Tags"]
    return snapshot


# (action, call(client, stage)) for every state-changing operation.
WRITES = [
    ("iam:CreateUser", lambda c, t: c.create_user(UserName=f"new-{t.s}")),
    ("iam:UpdateUser", lambda c, t: c.update_user(UserName=t.user, NewPath="/moved/")),
    ("iam:DeleteUser", lambda c, t: c.delete_user(UserName=t.user)),
    ("iam:CreateLoginProfile", lambda c, t: c.create_login_profile(UserName=t.user, Password=PASSWORD)),
    ("iam:UpdateLoginProfile", lambda c, t: c.update_login_profile(UserName=t.full_user, PasswordResetRequired=True)),
    ("iam:DeleteLoginProfile", lambda c, t: c.delete_login_profile(UserName=t.full_user)),
    ("iam:CreateServiceSpecificCredential", lambda c, t: c.create_service_specific_credential(
        UserName=t.user, ServiceName="codecommit.amazonaws.com")),
    ("iam:UpdateServiceSpecificCredential", lambda c, t: c.update_service_specific_credential(
        UserName=t.full_user, ServiceSpecificCredentialId=t.credential, Status="Inactive")),
    ("iam:DeleteServiceSpecificCredential", lambda c, t: c.delete_service_specific_credential(
        UserName=t.full_user, ServiceSpecificCredentialId=t.credential)),
    ("iam:UploadSSHPublicKey", lambda c, t: c.upload_ssh_public_key(UserName=t.user, SSHPublicKeyBody=SSH_KEY)),
    ("iam:UpdateSSHPublicKey", lambda c, t: c.update_ssh_public_key(
        UserName=t.full_user, SSHPublicKeyId=t.ssh_key, Status="Inactive")),
    ("iam:DeleteSSHPublicKey", lambda c, t: c.delete_ssh_public_key(UserName=t.full_user, SSHPublicKeyId=t.ssh_key)),
    ("iam:UploadSigningCertificate", lambda c, t: c.upload_signing_certificate(UserName=t.user, CertificateBody=EC_CERT)),
    ("iam:UpdateSigningCertificate", lambda c, t: c.update_signing_certificate(
        UserName=t.full_user, CertificateId=t.signing, Status="Inactive")),
    ("iam:DeleteSigningCertificate", lambda c, t: c.delete_signing_certificate(
        UserName=t.full_user, CertificateId=t.signing)),
    ("iam:UploadServerCertificate", lambda c, t: c.upload_server_certificate(
        ServerCertificateName=f"new-{t.s}", CertificateBody=EC_CERT, PrivateKey=EC_KEY)),
    ("iam:UpdateServerCertificate", lambda c, t: c.update_server_certificate(
        ServerCertificateName=t.server_certificate, NewServerCertificateName=f"renamed-{t.s}")),
    ("iam:DeleteServerCertificate", lambda c, t: c.delete_server_certificate(
        ServerCertificateName=t.server_certificate)),
    ("iam:TagServerCertificate", lambda c, t: c.tag_server_certificate(
        ServerCertificateName=t.server_certificate, Tags=[{"Key": "new", "Value": "v"}])),
    ("iam:UntagServerCertificate", lambda c, t: c.untag_server_certificate(
        ServerCertificateName=t.server_certificate, TagKeys=["k"])),
    ("iam:SetSecurityTokenServicePreferences", lambda c, t: c.set_security_token_service_preferences(
        GlobalEndpointTokenVersion="v2Token")),
    ("iam:CreateAccessKey", lambda c, t: c.create_access_key(UserName=t.user)),
    ("iam:UpdateAccessKey", lambda c, t: c.update_access_key(UserName=t.full_user, AccessKeyId=t.key_id, Status="Inactive")),
    ("iam:DeleteAccessKey", lambda c, t: c.delete_access_key(UserName=t.full_user, AccessKeyId=t.key_id)),
    ("iam:CreateGroup", lambda c, t: c.create_group(GroupName=f"new-{t.s}")),
    ("iam:UpdateGroup", lambda c, t: c.update_group(GroupName=t.group, NewGroupName=f"renamed-{t.s}")),
    ("iam:DeleteGroup", lambda c, t: c.delete_group(GroupName=t.group)),
    ("iam:AddUserToGroup", lambda c, t: c.add_user_to_group(GroupName=t.group, UserName=t.user)),
    ("iam:RemoveUserFromGroup", lambda c, t: c.remove_user_from_group(GroupName=t.full_group, UserName=t.full_user)),
    ("iam:AttachUserPolicy", lambda c, t: c.attach_user_policy(UserName=t.user, PolicyArn=READ_ONLY)),
    ("iam:DetachUserPolicy", lambda c, t: c.detach_user_policy(UserName=t.full_user, PolicyArn=READ_ONLY)),
    ("iam:AttachGroupPolicy", lambda c, t: c.attach_group_policy(GroupName=t.group, PolicyArn=READ_ONLY)),
    ("iam:DetachGroupPolicy", lambda c, t: c.detach_group_policy(GroupName=t.full_group, PolicyArn=READ_ONLY)),
    ("iam:AttachRolePolicy", lambda c, t: c.attach_role_policy(RoleName=t.role, PolicyArn=READ_ONLY)),
    ("iam:DetachRolePolicy", lambda c, t: c.detach_role_policy(RoleName=t.full_role, PolicyArn=READ_ONLY)),
    ("iam:PutUserPolicy", lambda c, t: c.put_user_policy(UserName=t.user, PolicyName="new", PolicyDocument=DOC)),
    ("iam:DeleteUserPolicy", lambda c, t: c.delete_user_policy(UserName=t.full_user, PolicyName="inline")),
    ("iam:PutGroupPolicy", lambda c, t: c.put_group_policy(GroupName=t.group, PolicyName="new", PolicyDocument=DOC)),
    ("iam:DeleteGroupPolicy", lambda c, t: c.delete_group_policy(GroupName=t.full_group, PolicyName="inline")),
    ("iam:PutRolePolicy", lambda c, t: c.put_role_policy(RoleName=t.role, PolicyName="new", PolicyDocument=DOC)),
    ("iam:DeleteRolePolicy", lambda c, t: c.delete_role_policy(RoleName=t.full_role, PolicyName="inline")),
    ("iam:CreatePolicy", lambda c, t: c.create_policy(PolicyName=f"new-{t.s}", PolicyDocument=DOC)),
    ("iam:DeletePolicy", lambda c, t: c.delete_policy(PolicyArn=t.single_version_arn)),
    ("iam:CreatePolicyVersion", lambda c, t: c.create_policy_version(PolicyArn=t.policy_arn, PolicyDocument=DOC)),
    ("iam:DeletePolicyVersion", lambda c, t: c.delete_policy_version(PolicyArn=t.policy_arn, VersionId="v2")),
    ("iam:SetDefaultPolicyVersion", lambda c, t: c.set_default_policy_version(PolicyArn=t.policy_arn, VersionId="v2")),
    ("iam:TagPolicy", lambda c, t: c.tag_policy(PolicyArn=t.policy_arn, Tags=[{"Key": "new", "Value": "v"}])),
    ("iam:UntagPolicy", lambda c, t: c.untag_policy(PolicyArn=t.policy_arn, TagKeys=["k"])),
    ("iam:TagUser", lambda c, t: c.tag_user(UserName=t.user, Tags=[{"Key": "new", "Value": "v"}])),
    ("iam:UntagUser", lambda c, t: c.untag_user(UserName=t.full_user, TagKeys=["k"])),
    ("iam:TagRole", lambda c, t: c.tag_role(RoleName=t.role, Tags=[{"Key": "new", "Value": "v"}])),
    ("iam:UntagRole", lambda c, t: c.untag_role(RoleName=t.full_role, TagKeys=["k"])),
    ("iam:TagInstanceProfile", lambda c, t: c.tag_instance_profile(InstanceProfileName=t.profile, Tags=[{"Key": "new", "Value": "v"}])),
    ("iam:UntagInstanceProfile", lambda c, t: c.untag_instance_profile(InstanceProfileName=t.full_profile, TagKeys=["k"])),
    ("iam:TagMFADevice", lambda c, t: c.tag_mfa_device(SerialNumber=t.mfa, Tags=[{"Key": "new", "Value": "v"}])),
    ("iam:UntagMFADevice", lambda c, t: c.untag_mfa_device(SerialNumber=t.mfa, TagKeys=["k"])),
    ("iam:PutUserPermissionsBoundary", lambda c, t: c.put_user_permissions_boundary(UserName=t.user, PermissionsBoundary=BOUNDARY)),
    ("iam:DeleteUserPermissionsBoundary", lambda c, t: c.delete_user_permissions_boundary(UserName=t.full_user)),
    ("iam:PutRolePermissionsBoundary", lambda c, t: c.put_role_permissions_boundary(RoleName=t.role, PermissionsBoundary=BOUNDARY)),
    ("iam:DeleteRolePermissionsBoundary", lambda c, t: c.delete_role_permissions_boundary(RoleName=t.full_role)),
    ("iam:CreateRole", lambda c, t: c.create_role(RoleName=f"new-{t.s}", AssumeRolePolicyDocument=TRUST)),
    ("iam:UpdateRole", lambda c, t: c.update_role(RoleName=t.role, Description="changed", MaxSessionDuration=7200)),
    ("iam:UpdateRoleDescription", lambda c, t: c.update_role_description(RoleName=t.role, Description="changed")),
    ("iam:UpdateAssumeRolePolicy", lambda c, t: c.update_assume_role_policy(
        RoleName=t.role, PolicyDocument=TRUST.replace(f"arn:aws:iam::{ACCOUNT_ID}:root", ACCOUNT_ID))),
    ("iam:DeleteRole", lambda c, t: c.delete_role(RoleName=t.role)),
    ("iam:CreateServiceLinkedRole", lambda c, t: c.create_service_linked_role(
        AWSServiceName="autoscaling.amazonaws.com", CustomSuffix=f"new-{t.s}")),
    ("iam:DeleteServiceLinkedRole", lambda c, t: c.delete_service_linked_role(RoleName=t.linked)),
    ("iam:CreateOpenIDConnectProvider", lambda c, t: c.create_open_id_connect_provider(
        Url=f"https://new-{t.s}.example.com", ClientIDList=["app"])),
    ("iam:AddClientIDToOpenIDConnectProvider", lambda c, t: c.add_client_id_to_open_id_connect_provider(
        OpenIDConnectProviderArn=t.oidc, ClientID="other")),
    ("iam:RemoveClientIDFromOpenIDConnectProvider", lambda c, t: c.remove_client_id_from_open_id_connect_provider(
        OpenIDConnectProviderArn=t.oidc, ClientID="app")),
    ("iam:UpdateOpenIDConnectProviderThumbprint", lambda c, t: c.update_open_id_connect_provider_thumbprint(
        OpenIDConnectProviderArn=t.oidc, ThumbprintList=["b" * 40])),
    ("iam:TagOpenIDConnectProvider", lambda c, t: c.tag_open_id_connect_provider(
        OpenIDConnectProviderArn=t.oidc, Tags=[{"Key": "n", "Value": "v"}])),
    ("iam:UntagOpenIDConnectProvider", lambda c, t: c.untag_open_id_connect_provider(
        OpenIDConnectProviderArn=t.oidc, TagKeys=["k"])),
    ("iam:DeleteOpenIDConnectProvider", lambda c, t: c.delete_open_id_connect_provider(OpenIDConnectProviderArn=t.oidc)),
    ("iam:CreateSAMLProvider", lambda c, t: c.create_saml_provider(Name=f"new-{t.s}", SAMLMetadataDocument=saml_metadata())),
    ("iam:UpdateSAMLProvider", lambda c, t: c.update_saml_provider(
        SAMLProviderArn=t.saml, SAMLMetadataDocument=saml_metadata("2031-01-02T03:04:05Z"))),
    ("iam:TagSAMLProvider", lambda c, t: c.tag_saml_provider(SAMLProviderArn=t.saml, Tags=[{"Key": "n", "Value": "v"}])),
    ("iam:UntagSAMLProvider", lambda c, t: c.untag_saml_provider(SAMLProviderArn=t.saml, TagKeys=["k"])),
    ("iam:DeleteSAMLProvider", lambda c, t: c.delete_saml_provider(SAMLProviderArn=t.saml)),
    ("iam:CreateInstanceProfile", lambda c, t: c.create_instance_profile(InstanceProfileName=f"new-{t.s}")),
    ("iam:AddRoleToInstanceProfile", lambda c, t: c.add_role_to_instance_profile(InstanceProfileName=t.profile, RoleName=t.role)),
    ("iam:RemoveRoleFromInstanceProfile", lambda c, t: c.remove_role_from_instance_profile(
        InstanceProfileName=t.full_profile, RoleName=t.full_role)),
    ("iam:DeleteInstanceProfile", lambda c, t: c.delete_instance_profile(InstanceProfileName=t.profile)),
    ("iam:CreateAccountAlias", lambda c, t: c.create_account_alias(AccountAlias=f"alias-{t.s}")),
    ("iam:UpdateAccountPasswordPolicy", lambda c, t: c.update_account_password_policy(MinimumPasswordLength=6)),
]

# (action, call) for every read.
READS = [
    ("iam:GetUser", lambda c, t: c.get_user(UserName=t.user)),
    ("iam:ListUsers", lambda c, t: c.list_users()),
    ("iam:GetLoginProfile", lambda c, t: c.get_login_profile(UserName=t.full_user)),
    ("iam:ListAccessKeys", lambda c, t: c.list_access_keys(UserName=t.full_user)),
    ("iam:GetAccessKeyLastUsed", lambda c, t: c.get_access_key_last_used(AccessKeyId=t.key_id)),
    ("iam:GetGroup", lambda c, t: c.get_group(GroupName=t.full_group)),
    ("iam:ListGroups", lambda c, t: c.list_groups()),
    ("iam:ListGroupsForUser", lambda c, t: c.list_groups_for_user(UserName=t.full_user)),
    ("iam:ListAttachedUserPolicies", lambda c, t: c.list_attached_user_policies(UserName=t.full_user)),
    ("iam:ListAttachedGroupPolicies", lambda c, t: c.list_attached_group_policies(GroupName=t.full_group)),
    ("iam:ListAttachedRolePolicies", lambda c, t: c.list_attached_role_policies(RoleName=t.full_role)),
    ("iam:GetUserPolicy", lambda c, t: c.get_user_policy(UserName=t.full_user, PolicyName="inline")),
    ("iam:GetGroupPolicy", lambda c, t: c.get_group_policy(GroupName=t.full_group, PolicyName="inline")),
    ("iam:GetRolePolicy", lambda c, t: c.get_role_policy(RoleName=t.full_role, PolicyName="inline")),
    ("iam:ListUserPolicies", lambda c, t: c.list_user_policies(UserName=t.full_user)),
    ("iam:ListGroupPolicies", lambda c, t: c.list_group_policies(GroupName=t.full_group)),
    ("iam:ListRolePolicies", lambda c, t: c.list_role_policies(RoleName=t.full_role)),
    ("iam:GetPolicy", lambda c, t: c.get_policy(PolicyArn=t.policy_arn)),
    ("iam:GetPolicyVersion", lambda c, t: c.get_policy_version(PolicyArn=t.policy_arn, VersionId="v1")),
    ("iam:ListPolicyVersions", lambda c, t: c.list_policy_versions(PolicyArn=t.policy_arn)),
    ("iam:ListPolicies", lambda c, t: c.list_policies(Scope="Local")),
    ("iam:ListEntitiesForPolicy", lambda c, t: c.list_entities_for_policy(PolicyArn=READ_ONLY)),
    ("iam:ListPolicyTags", lambda c, t: c.list_policy_tags(PolicyArn=t.policy_arn)),
    ("iam:ListUserTags", lambda c, t: c.list_user_tags(UserName=t.full_user)),
    ("iam:ListRoleTags", lambda c, t: c.list_role_tags(RoleName=t.full_role)),
    ("iam:ListInstanceProfileTags", lambda c, t: c.list_instance_profile_tags(InstanceProfileName=t.full_profile)),
    ("iam:GenerateServiceLastAccessedDetails", lambda c, t: c.generate_service_last_accessed_details(
        Arn=f"arn:aws:iam::{ACCOUNT_ID}:user/{t.full_user}")),
    ("iam:GetServiceLastAccessedDetails", lambda c, t: c.get_service_last_accessed_details(JobId=t.job)),
    ("iam:GetServiceLastAccessedDetailsWithEntities", lambda c, t: c.get_service_last_accessed_details_with_entities(
        JobId=t.job, ServiceNamespace="s3")),
    ("iam:ListPoliciesGrantingServiceAccess", lambda c, t: c.list_policies_granting_service_access(
        Arn=f"arn:aws:iam::{ACCOUNT_ID}:user/{t.full_user}", ServiceNamespaces=["s3"])),
    ("iam:ListMFADeviceTags", lambda c, t: c.list_mfa_device_tags(SerialNumber=t.mfa)),
    ("iam:ListVirtualMFADevices", lambda c, t: c.list_virtual_mfa_devices()),
    ("iam:GetRole", lambda c, t: c.get_role(RoleName=t.full_role)),
    ("iam:ListRoles", lambda c, t: c.list_roles()),
    ("iam:ListServiceSpecificCredentials", lambda c, t: c.list_service_specific_credentials(UserName=t.full_user)),
    ("iam:GetSSHPublicKey", lambda c, t: c.get_ssh_public_key(
        UserName=t.full_user, SSHPublicKeyId=t.ssh_key, Encoding="PEM")),
    ("iam:ListSSHPublicKeys", lambda c, t: c.list_ssh_public_keys(UserName=t.full_user)),
    ("iam:ListSigningCertificates", lambda c, t: c.list_signing_certificates(UserName=t.full_user)),
    ("iam:GetServerCertificate", lambda c, t: c.get_server_certificate(ServerCertificateName=t.server_certificate)),
    ("iam:ListServerCertificates", lambda c, t: c.list_server_certificates()),
    ("iam:ListServerCertificateTags", lambda c, t: c.list_server_certificate_tags(
        ServerCertificateName=t.server_certificate)),
    ("iam:GetOpenIDConnectProvider", lambda c, t: c.get_open_id_connect_provider(OpenIDConnectProviderArn=t.oidc)),
    ("iam:ListOpenIDConnectProviders", lambda c, t: c.list_open_id_connect_providers()),
    ("iam:ListOpenIDConnectProviderTags", lambda c, t: c.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=t.oidc)),
    ("iam:GetSAMLProvider", lambda c, t: c.get_saml_provider(SAMLProviderArn=t.saml)),
    ("iam:ListSAMLProviders", lambda c, t: c.list_saml_providers()),
    ("iam:ListSAMLProviderTags", lambda c, t: c.list_saml_provider_tags(SAMLProviderArn=t.saml)),
    ("iam:GetServiceLinkedRoleDeletionStatus", lambda c, t: c.get_service_linked_role_deletion_status(
        DeletionTaskId=t.deletion)),
    ("iam:GetInstanceProfile", lambda c, t: c.get_instance_profile(InstanceProfileName=t.full_profile)),
    ("iam:ListInstanceProfiles", lambda c, t: c.list_instance_profiles()),
    ("iam:ListInstanceProfilesForRole", lambda c, t: c.list_instance_profiles_for_role(RoleName=t.full_role)),
    ("iam:GetAccountSummary", lambda c, t: c.get_account_summary()),
    ("iam:GetAccountPasswordPolicy", lambda c, t: c.get_account_password_policy()),
    ("iam:ListAccountAliases", lambda c, t: c.list_account_aliases()),
    ("iam:GetAccountAuthorizationDetails", lambda c, t: c.get_account_authorization_details()),
    ("iam:GenerateCredentialReport", lambda c, t: c.generate_credential_report()),
    ("iam:SimulatePrincipalPolicy", lambda c, t: c.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT_ID}:user/{t.full_user}", ActionNames=["s3:GetObject"])),
    ("iam:SimulateCustomPolicy", lambda c, t: c.simulate_custom_policy(PolicyInputList=[DOC], ActionNames=["s3:GetObject"])),
    ("iam:GetContextKeysForPrincipalPolicy", lambda c, t: c.get_context_keys_for_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT_ID}:user/{t.full_user}")),
    ("iam:GetContextKeysForCustomPolicy", lambda c, t: c.get_context_keys_for_custom_policy(PolicyInputList=[DOC])),
]


@pytest.fixture
def actor(endpoint, iam):
    name = f"actor-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]

    def grant(action):
        iam.put_user_policy(UserName=name, PolicyName="grant", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}))

    return client(endpoint, "iam", key["AccessKeyId"], key["SecretAccessKey"]), grant


def refused(call, action):
    with pytest.raises(ClientError) as e:
        call()
    error = e.value.response["Error"]
    assert error["Code"] == "AccessDenied", error
    assert f"is not authorized to perform: {action} on resource:" in error["Message"]


@pytest.mark.parametrize("action,call", WRITES, ids=[w[0] for w in WRITES])
def test_writes_are_refused_without_a_change_then_allowed(iam, actor, action, call):
    as_user, grant = actor
    stage = Stage(iam)
    if action == "iam:UpdateAccountPasswordPolicy":
        iam.update_account_password_policy(MinimumPasswordLength=8)
    if "Provider" in action:
        stage.add_providers(iam)
    if any(kind in action for kind in CERTIFICATES):
        stage.add_certificates(iam)
    users = (stage.user, stage.full_user) if any(kind in action for kind in USER_CREDENTIALS) else ()
    before = everything(iam, users)
    refused(lambda: call(as_user, stage), action)
    assert everything(iam, users) == before
    grant(action)
    call(as_user, stage)
    assert everything(iam, users) != before
    if "Provider" in action:
        remove_providers(iam)
    if any(kind in action for kind in CERTIFICATES):
        stage.remove_certificates(iam)
    if action == "iam:CreateAccountAlias":
        iam.delete_account_alias(AccountAlias=f"alias-{stage.s}")
    if action == "iam:UpdateAccountPasswordPolicy":
        iam.delete_account_password_policy()
    if action == "iam:SetSecurityTokenServicePreferences":
        iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v1Token")


ORGANIZATIONS = [
    ("iam:ListOrganizationsFeatures", lambda c: c.list_organizations_features()),
    ("iam:EnableOrganizationsRootCredentialsManagement", lambda c: c.enable_organizations_root_credentials_management()),
    ("iam:DisableOrganizationsRootCredentialsManagement", lambda c: c.disable_organizations_root_credentials_management()),
    ("iam:EnableOrganizationsRootSessions", lambda c: c.enable_organizations_root_sessions()),
    ("iam:DisableOrganizationsRootSessions", lambda c: c.disable_organizations_root_sessions()),
    ("iam:GenerateOrganizationsAccessReport", lambda c: c.generate_organizations_access_report(EntityPath="o-a1b2c3d4e5/r-f6g7h8i9j0example")),
]


@pytest.mark.parametrize("action,call", ORGANIZATIONS, ids=[o[0] for o in ORGANIZATIONS])
def test_organizations_operations_are_refused_then_find_no_organization(actor, action, call):
    """A Latchkey account is in no organization: once allowed, these say so, as AWS does."""
    as_user, grant = actor
    refused(lambda: call(as_user), action)
    grant(action)
    with pytest.raises(ClientError) as e:
        call(as_user)
    assert e.value.response["Error"]["Code"] == "OrganizationNotFoundException"


def test_account_settings_deletes(iam, actor):
    as_user, grant = actor
    iam.create_account_alias(AccountAlias="alias-to-delete")
    iam.update_account_password_policy(MinimumPasswordLength=9)
    before = everything(iam)
    refused(lambda: as_user.delete_account_alias(AccountAlias="alias-to-delete"), "iam:DeleteAccountAlias")
    refused(as_user.delete_account_password_policy, "iam:DeleteAccountPasswordPolicy")
    assert everything(iam) == before
    grant(["iam:DeleteAccountAlias", "iam:DeleteAccountPasswordPolicy"])
    as_user.delete_account_alias(AccountAlias="alias-to-delete")
    as_user.delete_account_password_policy()
    assert iam.list_account_aliases()["AccountAliases"] == []


@pytest.mark.parametrize("action,call", READS, ids=[r[0] for r in READS])
def test_reads_are_refused_then_allowed(iam, actor, action, call):
    as_user, grant = actor
    stage = Stage(iam)
    if action == "iam:GetAccountPasswordPolicy":
        iam.update_account_password_policy(MinimumPasswordLength=8)
    if "Provider" in action:
        stage.add_providers(iam)
    if any(kind in action for kind in CERTIFICATES):
        stage.add_certificates(iam)
    try:
        refused(lambda: call(as_user, stage), action)
        grant(action)
        call(as_user, stage)
    finally:
        if action == "iam:GetAccountPasswordPolicy":
            iam.delete_account_password_policy()
        if "Provider" in action:
            remove_providers(iam)
        if any(kind in action for kind in CERTIFICATES):
            stage.remove_certificates(iam)
