//! Counts for `GetAccountSummary`.

use sqlx::SqliteConnection;

#[derive(Debug, Clone, Copy, Default)]
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
}

pub async fn usage(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<Usage> {
    let row: (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM users WHERE account_id = ?1),
           (SELECT COUNT(*) FROM groups WHERE account_id = ?1),
           (SELECT COUNT(*) FROM roles WHERE account_id = ?1),
           (SELECT COUNT(*) FROM managed_policies WHERE account_id = ?1),
           (SELECT COUNT(*) FROM policy_attachments WHERE account_id = ?1),
           (SELECT COUNT(*) FROM access_keys WHERE account_id = ?1 AND user_id IS NULL AND status = 'Active'),
           (SELECT COUNT(*) FROM root_users WHERE account_id = ?1),
           (SELECT COUNT(*) FROM instance_profiles WHERE account_id = ?1),
           (SELECT COUNT(*) FROM mfa_devices WHERE account_id = ?1),
           (SELECT COUNT(*) FROM mfa_devices WHERE account_id = ?1 AND enabled_at IS NOT NULL),
           (SELECT COUNT(*) FROM mfa_devices WHERE account_id = ?1 AND assigned_to_root = 1 AND enabled_at IS NOT NULL),
           (SELECT COUNT(*) FROM identity_providers WHERE account_id = ?1)",
    )
    .bind(account_id)
    .fetch_one(conn)
    .await?;
    Ok(Usage {
        users: row.0,
        groups: row.1,
        roles: row.2,
        policies: row.3,
        policy_versions_in_use: row.4,
        root_access_keys: row.5,
        root_has_password: row.6 > 0,
        instance_profiles: row.7,
        mfa_devices: row.8,
        mfa_devices_in_use: row.9,
        root_mfa: row.10 > 0,
        providers: row.11,
    })
}
