//! The service reference for the visual policy editor, served on demand: the list of services,
//! then one service's actions, resource types and condition keys when the user picks it. The
//! browser bundle never carries the whole reference.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ConsoleError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceOption {
    pub prefix: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceAction {
    pub name: String,
    pub access_level: String,
    /// The resource types the action takes (other than `*`).
    pub resource_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceResourceType {
    pub name: String,
    /// Such as `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}`.
    pub arn_template: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub prefix: String,
    pub name: String,
    pub actions: Vec<ServiceAction>,
    pub resource_types: Vec<ServiceResourceType>,
    /// The service's condition keys and the global ones.
    pub condition_keys: Vec<String>,
}

/// Global condition keys the editor offers for every service.
pub const GLOBAL_CONDITION_KEYS: [&str; 12] = [
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:MultiFactorAuthPresent",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalTag/${TagKey}",
    "aws:RequestTag/${TagKey}",
    "aws:RequestedRegion",
    "aws:ResourceTag/${TagKey}",
    "aws:SecureTransport",
    "aws:SourceIp",
    "aws:TagKeys",
];

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn service_list() -> Result<Vec<ServiceOption>, ConsoleError> {
    crate::api::server::active_session().await?;
    Ok(iam::service_reference::services()
        .iter()
        .map(|(prefix, service)| ServiceOption {
            prefix: prefix.clone(),
            name: service.name.clone(),
        })
        .collect())
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn service_reference_for(prefix: String) -> Result<ServiceDetail, ConsoleError> {
    crate::api::server::active_session().await?;
    let service = iam::service_reference::service(&prefix).ok_or_else(|| {
        ConsoleError::new(
            "NoSuchEntity",
            format!("The service {prefix} is not in the service reference."),
        )
    })?;
    let mut condition_keys: Vec<String> = GLOBAL_CONDITION_KEYS
        .iter()
        .map(|k| (*k).to_owned())
        .collect();
    for key in service.condition_keys.keys() {
        if !condition_keys.contains(key) {
            condition_keys.push(key.clone());
        }
    }
    Ok(ServiceDetail {
        prefix: prefix.to_ascii_lowercase(),
        name: service.name.clone(),
        actions: service
            .actions
            .iter()
            .map(|(name, action)| ServiceAction {
                name: name.clone(),
                access_level: action.access_level.clone(),
                resource_types: action
                    .resource_types
                    .iter()
                    .filter(|r| r.kind != "*" && !r.kind.is_empty())
                    .map(|r| r.kind.trim_end_matches('*').to_owned())
                    .collect(),
            })
            .collect(),
        resource_types: service
            .resource_types
            .iter()
            .map(|(name, r)| ServiceResourceType {
                name: name.clone(),
                arn_template: r.arn.clone(),
            })
            .collect(),
        condition_keys,
    })
}

/// A managed policy's default document, for "Import managed policy".
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn managed_policy_document(arn: String) -> Result<String, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    Ok(iam::ops::policies::default_document(&server.ctx, &session.principal, &arn).await?)
}
