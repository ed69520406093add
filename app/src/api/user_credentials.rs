//! The user page's other credentials, as the AWS console shows them under "Security
//! credentials": SSH public keys for AWS CodeCommit, HTTPS Git credentials for AWS CodeCommit,
//! credentials for Amazon Keyspaces, and X.509 signing certificates.

use serde::{Deserialize, Serialize};

/// An uploaded SSH key or signing certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedCredentialView {
    pub id: String,
    pub active: bool,
    pub uploaded: String,
}

/// A service-specific credential (the password is never shown after it is made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCredentialView {
    pub id: String,
    pub service_user_name: String,
    pub active: bool,
    pub created: String,
}

/// Each list is `Err(message)` where the caller may not read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherCredentialsView {
    pub ssh_keys: Result<Vec<UploadedCredentialView>, String>,
    /// HTTPS Git credentials for AWS CodeCommit.
    pub git_credentials: Result<Vec<ServiceCredentialView>, String>,
    /// Credentials for Amazon Keyspaces.
    pub keyspaces_credentials: Result<Vec<ServiceCredentialView>, String>,
    pub signing_certificates: Result<Vec<UploadedCredentialView>, String>,
}

/// The services that take service-specific credentials, as the API names them.
pub const CODECOMMIT: &str = "codecommit.amazonaws.com";
pub const KEYSPACES: &str = "cassandra.amazonaws.com";

/// Which of these credentials a change acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CredentialKind {
    SshKey,
    ServiceCredential,
    SigningCertificate,
}

/// One change to these credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CredentialChange {
    UploadSshKey(String),
    UploadSigningCertificate(String),
    /// Generates a credential for the service (`CODECOMMIT` or `KEYSPACES`).
    CreateServiceCredential(String),
    ResetServiceCredential(String),
    SetActive {
        kind: CredentialKind,
        id: String,
        active: bool,
    },
    Delete {
        kind: CredentialKind,
        id: String,
    },
}

/// A service-specific credential's user name and password, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedServiceCredential {
    pub service_user_name: String,
    pub password: String,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::api::display::date;
    use iam::context::Ctx;
    use iam::ops::Principal;
    use iam::ops::access_keys::KeyStatus;
    use iam::ops::paging::PageRequest;
    use iam::ops::{service_credentials, signing_certificates, ssh_public_keys};

    fn status(active: bool) -> KeyStatus {
        if active {
            KeyStatus::Active
        } else {
            KeyStatus::Inactive
        }
    }

    /// Loads the user's four lists; each fails alone when the caller may not read it.
    pub async fn other_credentials(ctx: &Ctx, who: &Principal, user: &str) -> OtherCredentialsView {
        let all = PageRequest {
            marker: None,
            max_items: Some(1000),
        };
        let uploaded = |id: String, status: KeyStatus, at| UploadedCredentialView {
            id,
            active: status == KeyStatus::Active,
            uploaded: date(at),
        };
        let ssh_keys = ssh_public_keys::list_ssh_public_keys(ctx, who, Some(user), &all)
            .await
            .map(|page| {
                page.items
                    .into_iter()
                    .map(|k| uploaded(k.ssh_public_key_id, k.status, k.upload_date))
                    .collect()
            })
            .map_err(|e| e.message);
        let signing_certificates =
            signing_certificates::list_signing_certificates(ctx, who, Some(user), &all)
                .await
                .map(|page| {
                    page.items
                        .into_iter()
                        .map(|c| uploaded(c.certificate_id, c.status, c.upload_date))
                        .collect()
                })
                .map_err(|e| e.message);
        let service = |name: &'static str| async move {
            service_credentials::list_credentials(ctx, who, Some(user), Some(name))
                .await
                .map(|listed| {
                    listed
                        .into_iter()
                        .map(|c| ServiceCredentialView {
                            id: c.service_specific_credential_id,
                            service_user_name: c.service_user_name,
                            active: c.status == KeyStatus::Active,
                            created: date(c.create_date),
                        })
                        .collect()
                })
                .map_err(|e| e.message)
        };
        OtherCredentialsView {
            ssh_keys,
            git_credentials: service(CODECOMMIT).await,
            keyspaces_credentials: service(KEYSPACES).await,
            signing_certificates,
        }
    }

    /// Applies one change; a new service-specific credential's password comes back once.
    pub async fn apply(
        ctx: &Ctx,
        who: &Principal,
        user: &str,
        change: CredentialChange,
    ) -> iam::IamResult<Option<IssuedServiceCredential>> {
        let issued = |issued: service_credentials::IssuedCredential| {
            Some(IssuedServiceCredential {
                service_user_name: issued.credential.service_user_name,
                password: issued.service_password.expose().to_owned(),
            })
        };
        Ok(match change {
            CredentialChange::UploadSshKey(body) => {
                ssh_public_keys::upload_ssh_public_key(ctx, who, user, &body).await?;
                None
            }
            CredentialChange::UploadSigningCertificate(body) => {
                signing_certificates::upload_signing_certificate(ctx, who, Some(user), &body)
                    .await?;
                None
            }
            CredentialChange::CreateServiceCredential(service) => {
                issued(service_credentials::create_credential(ctx, who, user, &service).await?)
            }
            CredentialChange::ResetServiceCredential(id) => {
                issued(service_credentials::reset_credential(ctx, who, Some(user), &id).await?)
            }
            CredentialChange::SetActive { kind, id, active } => {
                let status = status(active);
                match kind {
                    CredentialKind::SshKey => {
                        ssh_public_keys::update_ssh_public_key(ctx, who, user, &id, status).await?
                    }
                    CredentialKind::ServiceCredential => {
                        service_credentials::update_credential(ctx, who, Some(user), &id, status)
                            .await?
                    }
                    CredentialKind::SigningCertificate => {
                        signing_certificates::update_signing_certificate(
                            ctx,
                            who,
                            Some(user),
                            &id,
                            status,
                        )
                        .await?
                    }
                }
                None
            }
            CredentialChange::Delete { kind, id } => {
                match kind {
                    CredentialKind::SshKey => {
                        ssh_public_keys::delete_ssh_public_key(ctx, who, user, &id).await?
                    }
                    CredentialKind::ServiceCredential => {
                        service_credentials::delete_credential(ctx, who, Some(user), &id).await?
                    }
                    CredentialKind::SigningCertificate => {
                        signing_certificates::delete_signing_certificate(ctx, who, Some(user), &id)
                            .await?
                    }
                }
                None
            }
        })
    }
}

#[cfg(feature = "ssr")]
pub use server::{apply, other_credentials};
