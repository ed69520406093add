//! Counts for `GetAccountSummary`.

use sqlx::SqliteConnection;

#[derive(Debug, Clone, Copy, Default, sqlx::FromRow)]
pub struct Usage {
    pub users: i64,
    pub groups: i64,
    pub roles: i64,
    pub instance_profiles: i64,
    pub mfa_devices: i64,
    pub mfa_devices_in_use: i64,
    pub root_mfa: bool,
    pub policies: i64,
    pub policy_versions_in_use: i64,
    pub root_access_keys: i64,
    pub root_has_password: bool,
    /// OpenID Connect and SAML providers.
    pub providers: i64,
    pub server_certificates: i64,
    /// The root user's active signing certificates.
    pub root_signing_certificates: i64,
    /// `SetSecurityTokenServicePreferences`: 1 or 2.
    pub global_endpoint_token_version: i64,
}

pub async fn usage(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<Usage> {
    sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM users WHERE account_id = ?1) AS users,
           (SELECT COUNT(*) FROM groups WHERE account_id = ?1) AS groups,
           (SELECT COUNT(*) FROM roles WHERE account_id = ?1) AS roles,
           (SELECT COUNT(*) FROM managed_policies WHERE account_id = ?1) AS policies,
           (SELECT COUNT(*) FROM policy_attachments WHERE account_id = ?1) AS policy_versions_in_use,
           (SELECT COUNT(*) FROM access_keys WHERE account_id = ?1 AND user_id IS NULL AND status = 'Active') AS root_access_keys,
           EXISTS (SELECT 1 FROM root_users WHERE account_id = ?1) AS root_has_password,
           (SELECT COUNT(*) FROM instance_profiles WHERE account_id = ?1) AS instance_profiles,
           (SELECT COUNT(*) FROM mfa_devices WHERE account_id = ?1) AS mfa_devices,
           (SELECT COUNT(*) FROM mfa_devices WHERE account_id = ?1 AND enabled_at IS NOT NULL) AS mfa_devices_in_use,
           EXISTS (SELECT 1 FROM mfa_devices WHERE account_id = ?1 AND assigned_to_root = 1 AND enabled_at IS NOT NULL) AS root_mfa,
           (SELECT COUNT(*) FROM identity_providers WHERE account_id = ?1) AS providers,
           (SELECT COUNT(*) FROM server_certificates WHERE account_id = ?1) AS server_certificates,
           (SELECT COUNT(*) FROM signing_certificates WHERE account_id = ?1 AND user_id IS NULL AND status = 'Active') AS root_signing_certificates,
           (SELECT global_endpoint_token_version FROM accounts WHERE id = ?1) AS global_endpoint_token_version",
    )
    .bind(account_id)
    .fetch_one(conn)
    .await
}
