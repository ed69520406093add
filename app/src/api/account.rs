//! Account-wide settings: the alias on the dashboard, the password policy on the account
//! settings page and the credential report.

use iam::model::password::PasswordPolicy;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ConsoleError;

/// The password policy in force: `None` while the account uses the IAM default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordPolicyView {
    pub custom: Option<PasswordPolicy>,
}

/// A credential report ready to download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialReportFile {
    /// `status_reports_<date>T<time>.csv`, from the time it was generated.
    pub file_name: String,
    pub csv: String,
}

/// Creates the account alias, replacing the current one.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn save_account_alias(alias: String) -> Result<(), ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    iam::ops::account_alias::create_account_alias(&server.ctx, &session.principal, &alias).await?;
    Ok(())
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn delete_account_alias(alias: String) -> Result<(), ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    iam::ops::account_alias::delete_account_alias(&server.ctx, &session.principal, &alias).await?;
    Ok(())
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn password_policy_in_force() -> Result<PasswordPolicyView, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    match iam::ops::password_policy::get_account_password_policy(&server.ctx, &session.principal)
        .await
    {
        Ok(policy) => Ok(PasswordPolicyView {
            custom: Some(policy),
        }),
        Err(err) if err.code == iam::ErrorCode::NoSuchEntity => {
            Ok(PasswordPolicyView { custom: None })
        }
        Err(err) => Err(err.into()),
    }
}

/// Saves a custom policy (`Some`) or goes back to the IAM default (`None`).
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient, input = leptos::server_fn::codec::Json)]
pub async fn save_password_policy(policy: Option<PasswordPolicy>) -> Result<(), ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::password_policy::{
        delete_account_password_policy, update_account_password_policy,
    };
    let server = server_context()?;
    let session = active_session().await?;
    match policy {
        Some(policy) => {
            update_account_password_policy(&server.ctx, &session.principal, policy).await?
        }
        None => delete_account_password_policy(&server.ctx, &session.principal).await?,
    }
    Ok(())
}

/// The current credential report, generated first when there is none under four hours old.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn credential_report() -> Result<CredentialReportFile, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::credential_report::{generate_credential_report, get_credential_report};
    let server = server_context()?;
    let session = active_session().await?;
    // Generation is synchronous here: once it answers, the report is complete.
    generate_credential_report(&server.ctx, &session.principal).await?;
    let report = get_credential_report(&server.ctx, &session.principal).await?;
    let at = report.generated_time;
    Ok(CredentialReportFile {
        file_name: format!(
            "status_reports_{}-{:02}-{:02}T{:02}_{:02}_{:02}.csv",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        ),
        csv: report.content,
    })
}

/// Whether STS's global endpoint issues session tokens valid in every region (`v2Token`), as
/// `GetAccountSummary` reports it.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn global_tokens_valid_everywhere() -> Result<bool, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    let summary = iam::ops::accounts::get_account_summary(&server.ctx, &session.principal).await?;
    Ok(summary
        .iter()
        .any(|(key, value)| *key == "GlobalEndpointTokenVersion" && *value == 2))
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn save_global_token_version(everywhere: bool) -> Result<(), ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    let version = if everywhere { "v2Token" } else { "v1Token" };
    iam::ops::accounts::set_security_token_service_preferences(
        &server.ctx,
        &session.principal,
        version,
    )
    .await?;
    Ok(())
}

/// The account's outbound web identity federation, once it has been enabled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboundFederationView {
    /// The `iss` of the account's tokens; verifiers find its keys under it.
    pub issuer: String,
    pub enabled: bool,
}

/// `None` until outbound web identity federation is first enabled.
#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn outbound_federation() -> Result<Option<OutboundFederationView>, ConsoleError> {
    use crate::api::server::{active_session, server_context};
    let server = server_context()?;
    let session = active_session().await?;
    match iam::ops::outbound_federation::info(&server.ctx, &session.principal).await {
        Ok(info) => Ok(Some(OutboundFederationView {
            issuer: info.issuer_identifier,
            enabled: info.jwt_vending_enabled,
        })),
        Err(err) if err.code == iam::ErrorCode::FeatureDisabled => Ok(None),
        Err(err) => Err(err.into()),
    }
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn set_outbound_federation(enabled: bool) -> Result<(), ConsoleError> {
    use crate::api::server::{active_session, server_context};
    use iam::ops::outbound_federation::{disable, enable};
    let server = server_context()?;
    let session = active_session().await?;
    if enabled {
        enable(&server.ctx, &session.principal).await?;
    } else {
        disable(&server.ctx, &session.principal).await?;
    }
    Ok(())
}
