//! IAM actions: decode each action's parameters, call `iam::ops`, render the result as AWS does.
//! One module per family of operations.

mod account;
mod authorization_details;
mod certificates;
mod groups;
mod inline;
mod keys;
mod last_accessed;
mod mfa;
mod policies;
mod providers;
mod roles;
mod service_credentials;
mod simulation;
mod tags;
mod users;

use iam::IamError;
use iam::context::Ctx;
use iam::ops::Principal;
use iam::ops::access_keys::{self, KeyStatus};
use iam::ops::attachments::EntityKind;
use iam::ops::paging::PageRequest;
use iam::ops::{login_profiles, password_policy};
use iam::secrets::SecretString;

use super::IAM_VERSION;
use super::error::ApiError;
use super::form::Params;
use super::xml::Xml;

pub(super) type ActionResult = Result<Option<Xml>, ApiError>;

pub async fn dispatch(ctx: &Ctx, principal: &Principal, action: &str, p: &Params) -> ActionResult {
    match action {
        "CreateUser" => users::create_user(ctx, principal, p).await,
        "GetUser" => users::get_user(ctx, principal, p).await,
        "ListUsers" => users::list_users(ctx, principal, p).await,
        "UpdateUser" => users::update_user(ctx, principal, p).await,
        "DeleteUser" => {
            empty(iam::ops::users::delete_user(ctx, principal, p.required("UserName")?).await)
        }
        "CreateLoginProfile" => users::create_login_profile(ctx, principal, p).await,
        "GetLoginProfile" => users::get_login_profile(ctx, principal, p).await,
        "UpdateLoginProfile" => users::update_login_profile(ctx, principal, p).await,
        "DeleteLoginProfile" => empty(
            login_profiles::delete_login_profile(ctx, principal, p.required("UserName")?).await,
        ),
        "ChangePassword" => {
            let old = SecretString::new(p.required("OldPassword")?);
            let new = SecretString::new(p.required("NewPassword")?);
            empty(login_profiles::change_password(ctx, principal, &old, &new).await)
        }
        "CreateAccessKey" => keys::create_access_key(ctx, principal, p).await,
        "ListAccessKeys" => keys::list_access_keys(ctx, principal, p).await,
        "UpdateAccessKey" => {
            let status = KeyStatus::parse(p.required("Status")?)?;
            let result = access_keys::update_access_key(
                ctx,
                principal,
                p.get("UserName"),
                p.required("AccessKeyId")?,
                status,
            )
            .await;
            empty(result)
        }
        "DeleteAccessKey" => empty(
            access_keys::delete_access_key(
                ctx,
                principal,
                p.get("UserName"),
                p.required("AccessKeyId")?,
            )
            .await,
        ),
        "GetAccessKeyLastUsed" => keys::get_access_key_last_used(ctx, principal, p).await,
        "GetAccountPasswordPolicy" => account::get_password_policy(ctx, principal).await,
        "UpdateAccountPasswordPolicy" => account::update_password_policy(ctx, principal, p).await,
        "DeleteAccountPasswordPolicy" => {
            empty(password_policy::delete_account_password_policy(ctx, principal).await)
        }
        "GetAccountSummary" => account::get_account_summary(ctx, principal).await,
        "CreateGroup" => groups::create_group(ctx, principal, p).await,
        "GetGroup" => groups::get_group(ctx, principal, p).await,
        "ListGroups" => groups::list_groups(ctx, principal, p).await,
        "UpdateGroup" => groups::update_group(ctx, principal, p).await,
        "DeleteGroup" => {
            empty(iam::ops::groups::delete_group(ctx, principal, p.required("GroupName")?).await)
        }
        "AddUserToGroup" => groups::membership(ctx, principal, p, true).await,
        "RemoveUserFromGroup" => groups::membership(ctx, principal, p, false).await,
        "ListGroupsForUser" => groups::list_groups_for_user(ctx, principal, p).await,
        "AttachUserPolicy" => policies::attach(ctx, principal, p, EntityKind::User).await,
        "AttachGroupPolicy" => policies::attach(ctx, principal, p, EntityKind::Group).await,
        "DetachUserPolicy" => policies::detach(ctx, principal, p, EntityKind::User).await,
        "DetachGroupPolicy" => policies::detach(ctx, principal, p, EntityKind::Group).await,
        "ListAttachedUserPolicies" => {
            policies::list_attached(ctx, principal, p, EntityKind::User).await
        }
        "ListAttachedGroupPolicies" => {
            policies::list_attached(ctx, principal, p, EntityKind::Group).await
        }
        "GetPolicy" => policies::get_policy(ctx, principal, p).await,
        "GetPolicyVersion" => policies::get_policy_version(ctx, principal, p).await,
        "ListPolicyVersions" => policies::list_policy_versions(ctx, principal, p).await,
        "ListPolicies" => policies::list_policies(ctx, principal, p).await,
        "CreatePolicy" => policies::create_policy(ctx, principal, p).await,
        "DeletePolicy" => empty(
            iam::ops::managed_policies::delete_policy(ctx, principal, p.required("PolicyArn")?)
                .await,
        ),
        "CreatePolicyVersion" => policies::create_policy_version(ctx, principal, p).await,
        "DeletePolicyVersion" => policies::delete_policy_version(ctx, principal, p).await,
        "SetDefaultPolicyVersion" => policies::set_default_policy_version(ctx, principal, p).await,
        "ListEntitiesForPolicy" => policies::list_entities_for_policy(ctx, principal, p).await,
        "ListPoliciesGrantingServiceAccess" => {
            policies::list_policies_granting_service_access(ctx, principal, p).await
        }
        "GenerateServiceLastAccessedDetails" => {
            last_accessed::generate_service_last_accessed_details(ctx, principal, p).await
        }
        "GetServiceLastAccessedDetails" => {
            last_accessed::get_service_last_accessed_details(ctx, principal, p).await
        }
        "GetServiceLastAccessedDetailsWithEntities" => {
            last_accessed::get_service_last_accessed_details_with_entities(ctx, principal, p).await
        }
        "PutUserPolicy" => inline::put(ctx, principal, p, EntityKind::User).await,
        "PutGroupPolicy" => inline::put(ctx, principal, p, EntityKind::Group).await,
        "GetUserPolicy" => inline::get(ctx, principal, p, EntityKind::User).await,
        "GetGroupPolicy" => inline::get(ctx, principal, p, EntityKind::Group).await,
        "ListUserPolicies" => inline::list(ctx, principal, p, EntityKind::User).await,
        "ListGroupPolicies" => inline::list(ctx, principal, p, EntityKind::Group).await,
        "DeleteUserPolicy" => inline::delete(ctx, principal, p, EntityKind::User).await,
        "DeleteGroupPolicy" => inline::delete(ctx, principal, p, EntityKind::Group).await,
        "GetAccountAuthorizationDetails" => authorization_details::get(ctx, principal, p).await,
        "GenerateCredentialReport" => account::generate_credential_report(ctx, principal).await,
        "GetCredentialReport" => account::get_credential_report(ctx, principal).await,
        "TagPolicy" => tags::tag_policy(ctx, principal, p).await,
        "UntagPolicy" => tags::untag_policy(ctx, principal, p).await,
        "ListPolicyTags" => tags::list_policy_tags(ctx, principal, p).await,
        "PutUserPermissionsBoundary" => empty(
            iam::ops::boundaries::put_user_permissions_boundary(
                ctx,
                principal,
                p.required("UserName")?,
                p.required("PermissionsBoundary")?,
            )
            .await,
        ),
        "DeleteUserPermissionsBoundary" => empty(
            iam::ops::boundaries::delete_user_permissions_boundary(
                ctx,
                principal,
                p.required("UserName")?,
            )
            .await,
        ),
        "TagUser" => tags::tag_user(ctx, principal, p).await,
        "UntagUser" => tags::untag_user(ctx, principal, p).await,
        "ListUserTags" => tags::list_user_tags(ctx, principal, p).await,
        "CreateAccountAlias" => empty(
            iam::ops::account_alias::create_account_alias(
                ctx,
                principal,
                p.required("AccountAlias")?,
            )
            .await,
        ),
        "DeleteAccountAlias" => empty(
            iam::ops::account_alias::delete_account_alias(
                ctx,
                principal,
                p.required("AccountAlias")?,
            )
            .await,
        ),
        "ListAccountAliases" => account::list_account_aliases(ctx, principal).await,
        "SetSecurityTokenServicePreferences" => empty(
            iam::ops::accounts::set_security_token_service_preferences(
                ctx,
                principal,
                p.required("GlobalEndpointTokenVersion")?,
            )
            .await,
        ),
        "EnableOutboundWebIdentityFederation" => {
            account::enable_outbound_web_identity_federation(ctx, principal).await
        }
        "DisableOutboundWebIdentityFederation" => {
            empty(iam::ops::outbound_federation::disable(ctx, principal).await)
        }
        "GetOutboundWebIdentityFederationInfo" => {
            account::get_outbound_web_identity_federation_info(ctx, principal).await
        }
        action if iam::ops::organizations::ORGANIZATION_ACTIONS.contains(&action) => {
            empty(iam::ops::organizations::organization_operation(ctx, principal, action).await)
        }
        "GetOrganizationsAccessReport" => empty(
            iam::ops::organizations::get_organizations_access_report(
                ctx,
                principal,
                p.required("JobId")?,
            )
            .await,
        ),
        other => dispatch_roles(ctx, principal, other, p).await,
    }
}

/// Roles, instance profiles, MFA devices and the simulator.
async fn dispatch_roles(
    ctx: &Ctx,
    principal: &Principal,
    action: &str,
    p: &Params,
) -> ActionResult {
    use iam::ops::{instance_profiles as profiles, roles as role_ops};
    match action {
        "CreateRole" => roles::create_role(ctx, principal, p).await,
        "GetRole" => roles::get_role(ctx, principal, p).await,
        "ListRoles" => roles::list_roles(ctx, principal, p).await,
        "UpdateRole" => roles::update_role(ctx, principal, p).await,
        "UpdateRoleDescription" => roles::update_role_description(ctx, principal, p).await,
        "CreateServiceLinkedRole" => roles::create_service_linked_role(ctx, principal, p).await,
        "DeleteServiceLinkedRole" => roles::delete_service_linked_role(ctx, principal, p).await,
        "GetServiceLinkedRoleDeletionStatus" => {
            roles::get_service_linked_role_deletion_status(ctx, principal, p).await
        }
        "UpdateAssumeRolePolicy" => empty(
            role_ops::update_assume_role_policy(
                ctx,
                principal,
                p.required("RoleName")?,
                p.required("PolicyDocument")?,
            )
            .await,
        ),
        "DeleteRole" => empty(role_ops::delete_role(ctx, principal, p.required("RoleName")?).await),
        "AttachRolePolicy" => policies::attach(ctx, principal, p, EntityKind::Role).await,
        "DetachRolePolicy" => policies::detach(ctx, principal, p, EntityKind::Role).await,
        "ListAttachedRolePolicies" => {
            policies::list_attached(ctx, principal, p, EntityKind::Role).await
        }
        "PutRolePolicy" => inline::put(ctx, principal, p, EntityKind::Role).await,
        "GetRolePolicy" => inline::get(ctx, principal, p, EntityKind::Role).await,
        "ListRolePolicies" => inline::list(ctx, principal, p, EntityKind::Role).await,
        "DeleteRolePolicy" => inline::delete(ctx, principal, p, EntityKind::Role).await,
        "PutRolePermissionsBoundary" => empty(
            role_ops::put_role_permissions_boundary(
                ctx,
                principal,
                p.required("RoleName")?,
                p.required("PermissionsBoundary")?,
            )
            .await,
        ),
        "DeleteRolePermissionsBoundary" => empty(
            role_ops::delete_role_permissions_boundary(ctx, principal, p.required("RoleName")?)
                .await,
        ),
        "TagRole" => {
            empty(role_ops::tag_role(ctx, principal, p.required("RoleName")?, &p.tags()?).await)
        }
        "UntagRole" => {
            let keys: Vec<String> = p.list("TagKeys").into_iter().map(str::to_owned).collect();
            empty(role_ops::untag_role(ctx, principal, p.required("RoleName")?, &keys).await)
        }
        "ListRoleTags" => roles::list_role_tags(ctx, principal, p).await,
        "CreateInstanceProfile" => roles::create_instance_profile(ctx, principal, p).await,
        "GetInstanceProfile" => roles::get_instance_profile(ctx, principal, p).await,
        "ListInstanceProfiles" => roles::list_instance_profiles(ctx, principal, p).await,
        "ListInstanceProfilesForRole" => {
            roles::list_instance_profiles_for_role(ctx, principal, p).await
        }
        "AddRoleToInstanceProfile" => empty(
            profiles::add_role_to_instance_profile(
                ctx,
                principal,
                p.required("InstanceProfileName")?,
                p.required("RoleName")?,
            )
            .await,
        ),
        "RemoveRoleFromInstanceProfile" => empty(
            profiles::remove_role_from_instance_profile(
                ctx,
                principal,
                p.required("InstanceProfileName")?,
                p.required("RoleName")?,
            )
            .await,
        ),
        "DeleteInstanceProfile" => empty(
            profiles::delete_instance_profile(ctx, principal, p.required("InstanceProfileName")?)
                .await,
        ),
        "TagInstanceProfile" => empty(
            profiles::tag_instance_profile(
                ctx,
                principal,
                p.required("InstanceProfileName")?,
                &p.tags()?,
            )
            .await,
        ),
        "UntagInstanceProfile" => {
            let keys: Vec<String> = p.list("TagKeys").into_iter().map(str::to_owned).collect();
            empty(
                profiles::untag_instance_profile(
                    ctx,
                    principal,
                    p.required("InstanceProfileName")?,
                    &keys,
                )
                .await,
            )
        }
        "ListInstanceProfileTags" => roles::list_instance_profile_tags(ctx, principal, p).await,
        "CreateVirtualMFADevice" => mfa::create_virtual_mfa_device(ctx, principal, p).await,
        "EnableMFADevice" => mfa::enable_mfa_device(ctx, principal, p).await,
        "DeactivateMFADevice" => empty(
            iam::ops::mfa::deactivate_mfa_device(
                ctx,
                principal,
                p.get("UserName"),
                p.required("SerialNumber")?,
            )
            .await,
        ),
        "DeleteVirtualMFADevice" => empty(
            iam::ops::mfa::delete_virtual_mfa_device(ctx, principal, p.required("SerialNumber")?)
                .await,
        ),
        "ListMFADevices" => mfa::list_mfa_devices(ctx, principal, p).await,
        "ListVirtualMFADevices" => mfa::list_virtual_mfa_devices(ctx, principal, p).await,
        "ResyncMFADevice" => mfa::resync_mfa_device(ctx, principal, p).await,
        "GetMFADevice" => mfa::get_mfa_device(ctx, principal, p).await,
        "TagMFADevice" => mfa::tag_mfa_device(ctx, principal, p).await,
        "UntagMFADevice" => mfa::untag_mfa_device(ctx, principal, p).await,
        "ListMFADeviceTags" => mfa::list_mfa_device_tags(ctx, principal, p).await,
        "SimulatePrincipalPolicy" => simulation::simulate_principal_policy(ctx, principal, p).await,
        "SimulateCustomPolicy" => simulation::simulate_custom_policy(ctx, principal, p).await,
        "GetContextKeysForPrincipalPolicy" => {
            simulation::get_context_keys_for_principal_policy(ctx, principal, p).await
        }
        "GetContextKeysForCustomPolicy" => {
            simulation::get_context_keys_for_custom_policy(ctx, principal, p).await
        }
        other => {
            if let Some(result) = providers::dispatch(ctx, principal, other, p).await {
                return result;
            }
            if let Some(result) = certificates::dispatch(ctx, principal, other, p).await {
                return result;
            }
            match service_credentials::dispatch(ctx, principal, other, p).await {
                Some(result) => result,
                None => Err(ApiError::invalid_action(other, IAM_VERSION)),
            }
        }
    }
}

pub(super) fn empty(result: Result<(), IamError>) -> ActionResult {
    result.map(|()| None).map_err(ApiError::from)
}

pub(super) fn page(p: &Params) -> Result<PageRequest, IamError> {
    Ok(PageRequest {
        marker: p.get("Marker").map(str::to_owned),
        max_items: p.u32("MaxItems")?,
    })
}

/// The request member naming the user or group of an attachment or inline-policy call; results
/// name the entity with the same element.
pub(super) fn entity_member(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::User => "UserName",
        EntityKind::Group => "GroupName",
        EntityKind::Role => "RoleName",
    }
}
