//! The user page: the summary and its tabs (permissions, groups, tags, security credentials,
//! access advisor), each change one call of `iam::ops`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::GroupChoice;
#[cfg(feature = "ssr")]
use crate::api::display::date;
use crate::error::ConsoleError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyView {
    pub id: String,
    pub active: bool,
    pub created: String,
    pub last_used: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedPolicy {
    pub name: String,
    pub arn: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlinePolicyView {
    pub name: String,
    pub document: String,
}

/// A service the user's policies allow, and when the user last called it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAccess {
    pub service: String,
    pub policies: Vec<String>,
    pub last_accessed: String,
}

/// Each section is `Err(message)` where the caller may not read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDetailView {
    pub name: String,
    pub arn: String,
    pub path: String,
    pub created: String,
    pub last_sign_in: String,
    pub boundary: Option<String>,
    /// `Ok(None)`: no console password.
    pub console: Result<Option<bool>, String>,
    pub groups: Result<Vec<GroupChoice>, String>,
    pub attached: Result<Vec<NamedPolicy>, String>,
    pub inline: Result<Vec<InlinePolicyView>, String>,
    pub tags: Vec<(String, String)>,
    pub keys: Result<Vec<KeyView>, String>,
    /// Enabled MFA devices: `(serial number, enabled on)`.
    pub mfa_devices: Result<Vec<(String, String)>, String>,
    pub other_credentials: crate::api::OtherCredentialsView,
    pub services: Vec<ServiceAccess>,
}

/// A new virtual MFA device, waiting for two codes: its secret and QR code, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMfaDeviceView {
    pub serial_number: String,
    pub base32_seed: String,
    /// An SVG image of the `otpauth://` URI.
    pub qr_svg: String,
}

/// Creates a virtual MFA device for the user's "Assign MFA device" dialog.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn new_mfa_device(user: String) -> Result<NewMfaDeviceView, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    let name = format!("{user}-{}", hex_suffix(&server.ctx.random_bytes::<3>()));
    let device =
        iam::ops::mfa::create_virtual_mfa_device(&server.ctx, &session.principal, &name, None, &[])
            .await?;
    let qr = qrcode::QrCode::new(device.otpauth_uri.expose().as_bytes())
        .map_err(|_| ConsoleError::new("ServiceFailure", "The QR code could not be drawn."))?;
    let qr_svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    Ok(NewMfaDeviceView {
        serial_number: device.serial_number,
        base32_seed: device.base32_seed.expose().to_owned(),
        qr_svg,
    })
}

#[cfg(feature = "ssr")]
fn hex_suffix(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The console's Access Advisor rows for the services `iam::access_advisor` finds.
#[cfg(feature = "ssr")]
pub(crate) fn services_allowed(
    documents: &[(String, String)],
    last_used: &[(String, Option<time::OffsetDateTime>)],
) -> Vec<ServiceAccess> {
    iam::access_advisor::services_allowed(documents, last_used)
        .into_iter()
        .map(|allowed| ServiceAccess {
            last_accessed: allowed
                .last_accessed
                .map_or("Not accessed".to_owned(), date),
            service: allowed.service,
            policies: allowed.policies,
        })
        .collect()
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn user_detail(name: String) -> Result<UserDetailView, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::attachments::{EntityKind, list_attached_policies};
    use iam::ops::paging::PageRequest;
    use iam::ops::{access_keys, groups, inline_policies, login_profiles, users};
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let all = PageRequest {
        marker: None,
        max_items: Some(1000),
    };
    let user = users::get_user(ctx, who, Some(&name)).await?;
    let console = match login_profiles::get_login_profile(ctx, who, &name).await {
        Ok(profile) => Ok(Some(profile.password_reset_required)),
        Err(err) if err.code == iam::ErrorCode::NoSuchEntity => Ok(None),
        Err(err) => Err(err.message),
    };
    let mut documents: Vec<(String, String)> = Vec::new();
    let groups = match groups::list_groups_for_user(ctx, who, &name, &all).await {
        Err(err) => Err(err.message),
        Ok(page) => {
            let mut out = Vec::new();
            for group in page.items {
                let policies = list_attached_policies(
                    ctx,
                    who,
                    EntityKind::Group,
                    &group.group_name,
                    None,
                    &all,
                )
                .await
                .map(|p| p.items)
                .unwrap_or_default();
                for policy in &policies {
                    if let Ok(described) =
                        iam::ops::policies::default_document(ctx, who, &policy.policy_arn).await
                    {
                        documents.push((policy.policy_name.clone(), described));
                    }
                }
                out.push(GroupChoice {
                    name: group.group_name,
                    policies: policies.into_iter().map(|p| p.policy_name).collect(),
                });
            }
            Ok(out)
        }
    };
    let attached = match list_attached_policies(ctx, who, EntityKind::User, &name, None, &all).await
    {
        Err(err) => Err(err.message),
        Ok(page) => {
            for policy in &page.items {
                if let Ok(text) =
                    iam::ops::policies::default_document(ctx, who, &policy.policy_arn).await
                {
                    documents.push((policy.policy_name.clone(), text));
                }
            }
            Ok(page
                .items
                .into_iter()
                .map(|p| NamedPolicy {
                    name: p.policy_name,
                    arn: p.policy_arn,
                })
                .collect())
        }
    };
    let inline = match inline_policies::list_policies(ctx, who, EntityKind::User, &name, &all).await
    {
        Err(err) => Err(err.message),
        Ok(page) => {
            let mut out = Vec::new();
            for policy_name in page.items {
                if let Ok(policy) =
                    inline_policies::get_policy(ctx, who, EntityKind::User, &name, &policy_name)
                        .await
                {
                    documents.push((policy.policy_name.clone(), policy.policy_document.clone()));
                    out.push(InlinePolicyView {
                        name: policy.policy_name,
                        document: policy.policy_document,
                    });
                }
            }
            Ok(out)
        }
    };
    let mut last_used = Vec::new();
    let keys = match access_keys::list_access_keys(ctx, who, Some(&name)).await {
        Err(err) => Err(err.message),
        Ok(listed) => {
            let mut out = Vec::new();
            for key in listed {
                let used = access_keys::get_access_key_last_used(ctx, who, &key.access_key_id)
                    .await
                    .ok();
                let at = used.as_ref().and_then(|u| u.last_used_date);
                if let Some(used) = &used {
                    last_used.push((used.service_name.clone(), at));
                }
                out.push(KeyView {
                    id: key.access_key_id,
                    active: key.status == access_keys::KeyStatus::Active,
                    created: date(key.create_date),
                    last_used: at.map_or("Never".to_owned(), date),
                });
            }
            Ok(out)
        }
    };
    let services = services_allowed(&documents, &last_used);
    let mfa_devices = iam::ops::mfa::list_mfa_devices(ctx, who, Some(&name))
        .await
        .map(|devices| {
            devices
                .into_iter()
                .map(|d| {
                    (
                        d.serial_number,
                        d.enable_date.map_or_else(String::new, date),
                    )
                })
                .collect()
        })
        .map_err(|e| e.message);
    let other_credentials = crate::api::user_credentials::other_credentials(ctx, who, &name).await;
    Ok(UserDetailView {
        last_sign_in: user.password_last_used.map_or("Never".to_owned(), date),
        created: date(user.create_date),
        boundary: user.permissions_boundary.clone(),
        tags: user
            .tags
            .iter()
            .map(|t| (t.key.clone(), t.value.clone()))
            .collect(),
        name: user.user_name,
        arn: user.arn,
        path: user.path,
        console,
        groups,
        attached,
        inline,
        keys,
        mfa_devices,
        other_credentials,
        services,
    })
}

/// One change on the user page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserChange {
    AddToGroups(Vec<String>),
    RemoveFromGroup(String),
    AttachPolicies(Vec<String>),
    CopyFrom(String),
    DetachPolicy(String),
    PutInlinePolicy {
        name: String,
        document: String,
    },
    DeleteInlinePolicy(String),
    SetBoundary(String),
    RemoveBoundary,
    SetTags(Vec<(String, String)>),
    /// Enable console access or set a new password; `None` autogenerates one.
    SetPassword {
        password: Option<String>,
        reset_required: bool,
    },
    DisableConsole,
    CreateAccessKey,
    SetKeyActive {
        id: String,
        active: bool,
    },
    DeleteAccessKey(String),
    /// Enable a device made by `new_mfa_device` with two consecutive codes.
    EnableMfa {
        serial: String,
        code1: String,
        code2: String,
    },
    /// Give up a device that was never enabled.
    DiscardMfa(String),
    /// Deactivate and delete an enabled device.
    RemoveMfa(String),
    /// SSH keys, service-specific credentials and signing certificates.
    Credential(crate::api::CredentialChange),
}

/// What a change gives back: a secret shown once (new password or access key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeOutcome {
    pub password: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    pub service_credential: Option<crate::api::IssuedServiceCredential>,
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn change_user(user: String, change: UserChange) -> Result<ChangeOutcome, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::model::tags::Tag;
    use iam::ops::access_keys::{self, KeyStatus};
    use iam::ops::attachments::{self, EntityKind};
    use iam::ops::user_setup::{Permissions, add_permissions, generate_password};
    use iam::ops::{boundaries, groups, inline_policies, login_profiles, password_policy, tags};
    use iam::secrets::SecretString;
    let server = server_context()?;
    let session = active_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let mut outcome = ChangeOutcome::default();
    match change {
        UserChange::AddToGroups(names) => {
            add_permissions(ctx, who, &user, Permissions::Groups(names)).await?
        }
        UserChange::RemoveFromGroup(group) => {
            groups::remove_user_from_group(ctx, who, &group, &user).await?
        }
        UserChange::AttachPolicies(arns) => {
            add_permissions(ctx, who, &user, Permissions::Policies(arns)).await?
        }
        UserChange::CopyFrom(source) => {
            add_permissions(ctx, who, &user, Permissions::CopyFrom(source)).await?
        }
        UserChange::DetachPolicy(arn) => {
            attachments::detach_policy(ctx, who, EntityKind::User, &user, &arn).await?
        }
        UserChange::PutInlinePolicy { name, document } => {
            inline_policies::put_policy(ctx, who, EntityKind::User, &user, &name, &document).await?
        }
        UserChange::DeleteInlinePolicy(name) => {
            inline_policies::delete_policy(ctx, who, EntityKind::User, &user, &name).await?
        }
        UserChange::SetBoundary(arn) => {
            boundaries::put_user_permissions_boundary(ctx, who, &user, &arn).await?
        }
        UserChange::RemoveBoundary => {
            boundaries::delete_user_permissions_boundary(ctx, who, &user).await?
        }
        UserChange::SetTags(wanted) => {
            tags::replace_tags(
                ctx,
                who,
                tags::TagSet::User(&user),
                &Tag::from_pairs(wanted),
            )
            .await?
        }
        UserChange::SetPassword {
            password,
            reset_required,
        } => {
            let (password, generated) = match password {
                Some(p) => (SecretString::new(p), false),
                None => {
                    let policy = {
                        let mut conn = ctx.pool.acquire().await.map_err(|_| {
                            ConsoleError::new("ServiceFailure", "The database is unavailable.")
                        })?;
                        password_policy::effective(&mut conn, who.account_id()).await?
                    };
                    (SecretString::new(generate_password(ctx, &policy)), true)
                }
            };
            match login_profiles::get_login_profile(ctx, who, &user).await {
                Ok(_) => {
                    login_profiles::update_login_profile(
                        ctx,
                        who,
                        &user,
                        Some(&password),
                        Some(reset_required),
                    )
                    .await?
                }
                Err(err) if err.code == iam::ErrorCode::NoSuchEntity => {
                    login_profiles::create_login_profile(
                        ctx,
                        who,
                        &user,
                        &password,
                        reset_required,
                    )
                    .await?;
                }
                Err(err) => return Err(err.into()),
            }
            if generated {
                outcome.password = Some(password.expose().to_owned());
            }
        }
        UserChange::DisableConsole => login_profiles::delete_login_profile(ctx, who, &user).await?,
        UserChange::CreateAccessKey => {
            let key = access_keys::create_access_key(ctx, who, Some(&user)).await?;
            outcome.access_key_id = Some(key.access_key_id);
            outcome.secret_access_key = Some(key.secret_access_key.expose().to_owned());
        }
        UserChange::SetKeyActive { id, active } => {
            let status = if active {
                KeyStatus::Active
            } else {
                KeyStatus::Inactive
            };
            access_keys::update_access_key(ctx, who, Some(&user), &id, status).await?
        }
        UserChange::DeleteAccessKey(id) => {
            access_keys::delete_access_key(ctx, who, Some(&user), &id).await?
        }
        UserChange::EnableMfa {
            serial,
            code1,
            code2,
        } => {
            iam::ops::mfa::enable_mfa_device(ctx, who, Some(&user), &serial, &code1, &code2).await?
        }
        UserChange::DiscardMfa(serial) => {
            iam::ops::mfa::delete_virtual_mfa_device(ctx, who, &serial).await?
        }
        UserChange::RemoveMfa(serial) => {
            iam::ops::mfa::deactivate_mfa_device(ctx, who, Some(&user), &serial).await?;
            iam::ops::mfa::delete_virtual_mfa_device(ctx, who, &serial).await?
        }
        UserChange::Credential(change) => {
            outcome.service_credential =
                crate::api::user_credentials::apply(ctx, who, &user, change).await?;
        }
    }
    Ok(outcome)
}
