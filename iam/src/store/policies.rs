//! Customer managed policies.

use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, FromRow)]
pub struct PolicyRow {
    pub id: String,
    pub account_id: String,
    pub arn: String,
    pub name: String,
    pub path: String,
    pub description: Option<String>,
    pub default_version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

pub async fn find_by_arn(
    conn: &mut SqliteConnection,
    arn: &str,
) -> sqlx::Result<Option<PolicyRow>> {
    sqlx::query_as(
        "SELECT id, account_id, arn, name, path, description, default_version, created_at, updated_at
         FROM managed_policies WHERE arn = ?",
    )
    .bind(arn)
    .fetch_optional(conn)
    .await
}

/// Customer managed policies of an account under a path prefix, after the name key `after`.
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    path_prefix: &str,
    after: &str,
) -> sqlx::Result<Vec<PolicyRow>> {
    sqlx::query_as(
        "SELECT id, account_id, arn, name, path, description, default_version, created_at, updated_at
         FROM managed_policies
         WHERE account_id = ? AND substr(path, 1, ?) = ? AND name_key > ?
         ORDER BY name_key",
    )
    .bind(account_id)
    .bind(path_prefix.len() as i64)
    .bind(path_prefix)
    .bind(after)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct VersionRow {
    pub version: i64,
    pub document: String,
    pub created_at: i64,
}

/// The versions of a policy, newest first.
pub async fn versions(
    conn: &mut SqliteConnection,
    policy_id: &str,
) -> sqlx::Result<Vec<VersionRow>> {
    sqlx::query_as("SELECT version, document, created_at FROM policy_versions WHERE policy_id = ? ORDER BY version DESC")
        .bind(policy_id)
        .fetch_all(conn)
        .await
}
