//! "My security credentials": the signed-in principal's own password, access keys and MFA (and
//! an IAM user's SSH keys, service-specific credentials and signing certificates),
//! each change as the caller's own API call (no user name), so it is subject to the caller's
//! permissions exactly as on the CLI.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::{ChangeOutcome, CredentialChange, KeyView, OtherCredentialsView};
use crate::error::ConsoleError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnCredentialsView {
    pub account_id: String,
    pub root: bool,
    /// `root` or the IAM user's name.
    pub name: String,
    pub arn: String,
    pub keys: Result<Vec<KeyView>, String>,
    pub mfa_devices: Result<Vec<(String, String)>, String>,
    /// An IAM user's SSH keys, service-specific credentials and signing certificates (`None`
    /// for the root user).
    pub other_credentials: Option<OtherCredentialsView>,
}

/// One change to the caller's own credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OwnChange {
    ChangePassword {
        current: String,
        new: String,
    },
    CreateAccessKey,
    SetKeyActive {
        id: String,
        active: bool,
    },
    DeleteAccessKey(String),
    EnableMfa {
        serial: String,
        code1: String,
        code2: String,
    },
    DiscardMfa(String),
    RemoveMfa(String),
    /// An IAM user's SSH keys, service-specific credentials and signing certificates.
    Credential(CredentialChange),
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn own_credentials() -> Result<OwnCredentialsView, ConsoleError> {
    use crate::api::display::date;
    use crate::api::server::{own_session, server_context};
    use iam::ops::{Principal, access_keys, mfa};
    let server = server_context()?;
    let session = own_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let keys = match access_keys::list_access_keys(ctx, who, None).await {
        Err(err) => Err(err.message),
        Ok(listed) => {
            let mut out = Vec::with_capacity(listed.len());
            for key in listed {
                let used = access_keys::get_access_key_last_used(ctx, who, &key.access_key_id)
                    .await
                    .ok()
                    .and_then(|u| u.last_used_date);
                out.push(KeyView {
                    id: key.access_key_id,
                    active: key.status == access_keys::KeyStatus::Active,
                    created: date(key.create_date),
                    last_used: used.map_or("Never".to_owned(), date),
                });
            }
            Ok(out)
        }
    };
    let mfa_devices = mfa::list_mfa_devices(ctx, who, None)
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
    let other_credentials = match who {
        Principal::User { name, .. } => {
            Some(crate::api::user_credentials::other_credentials(ctx, who, name).await)
        }
        _ => None,
    };
    Ok(OwnCredentialsView {
        account_id: session.account.account_id.clone(),
        root: matches!(who, Principal::Root { .. }),
        name: who.display_name(),
        arn: who.arn(),
        keys,
        mfa_devices,
        other_credentials,
    })
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn change_own_credentials(change: OwnChange) -> Result<ChangeOutcome, ConsoleError> {
    use crate::api::server::{own_session, server_context};
    use iam::ops::access_keys::{self, KeyStatus};
    use iam::ops::{login_profiles, mfa};
    use iam::secrets::SecretString;
    let server = server_context()?;
    let session = own_session().await?;
    let (ctx, who) = (&server.ctx, &session.principal);
    let mut outcome = ChangeOutcome::default();
    match change {
        OwnChange::ChangePassword { current, new } => {
            let (current, new) = (SecretString::new(current), SecretString::new(new));
            if matches!(who, iam::ops::Principal::Root { .. }) {
                iam::ops::root_password::change_root_password(ctx, who, &current, &new).await?
            } else {
                login_profiles::change_password(ctx, who, &current, &new).await?
            }
        }
        OwnChange::CreateAccessKey => {
            let key = access_keys::create_access_key(ctx, who, None).await?;
            outcome.access_key_id = Some(key.access_key_id);
            outcome.secret_access_key = Some(key.secret_access_key.expose().to_owned());
        }
        OwnChange::SetKeyActive { id, active } => {
            let status = if active {
                KeyStatus::Active
            } else {
                KeyStatus::Inactive
            };
            access_keys::update_access_key(ctx, who, None, &id, status).await?
        }
        OwnChange::DeleteAccessKey(id) => {
            access_keys::delete_access_key(ctx, who, None, &id).await?
        }
        OwnChange::EnableMfa {
            serial,
            code1,
            code2,
        } => mfa::enable_mfa_device(ctx, who, None, &serial, &code1, &code2).await?,
        OwnChange::DiscardMfa(serial) => mfa::delete_virtual_mfa_device(ctx, who, &serial).await?,
        OwnChange::RemoveMfa(serial) => {
            mfa::deactivate_mfa_device(ctx, who, None, &serial).await?;
            mfa::delete_virtual_mfa_device(ctx, who, &serial).await?
        }
        OwnChange::Credential(change) => {
            let iam::ops::Principal::User { name, .. } = who else {
                return Err(ConsoleError::new(
                    "InvalidInput",
                    "Only an IAM user holds SSH keys and service-specific credentials.",
                ));
            };
            outcome.service_credential =
                crate::api::user_credentials::apply(ctx, who, name, change).await?;
        }
    }
    Ok(outcome)
}
