//! The dashboard's data: the account, the IAM users' sign-in URL and resource counts.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ConsoleError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardView {
    pub account_id: String,
    pub account_alias: Option<String>,
    pub sign_in_url: String,
    /// `GetAccountSummary`, or the error it answered (an IAM user may not be allowed to ask).
    pub summary: Result<AccountCounts, ConsoleError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountCounts {
    pub users: i64,
    pub groups: i64,
    pub roles: i64,
    pub policies: i64,
    /// OpenID Connect and SAML providers.
    pub providers: i64,
    pub root_mfa: bool,
    pub root_access_keys: bool,
}

#[server(prefix = "/api", client = crate::api::csrf::CsrfClient)]
pub async fn dashboard() -> Result<DashboardView, ConsoleError> {
    use crate::api::server::{active_session, server_context, sign_in_url};
    let server = server_context()?;
    let session = active_session().await?;
    let summary = iam::ops::accounts::get_account_summary(&server.ctx, &session.principal)
        .await
        .map(|entries| {
            let get = |key: &str| {
                entries
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(0, |(_, v)| *v)
            };
            AccountCounts {
                users: get("Users"),
                groups: get("Groups"),
                roles: get("Roles"),
                policies: get("Policies"),
                providers: get("Providers"),
                root_mfa: get("AccountMFAEnabled") > 0,
                root_access_keys: get("AccountAccessKeysPresent") > 0,
            }
        })
        .map_err(ConsoleError::from);
    Ok(DashboardView {
        sign_in_url: sign_in_url(&server, &session),
        account_id: session.account.account_id,
        account_alias: session.account.alias,
        summary,
    })
}
