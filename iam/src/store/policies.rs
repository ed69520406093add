//! Customer managed policies.

use sqlx::{FromRow, SqliteConnection};

use super::named_entities;

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

pub async fn count(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<i64> {
    named_entities::count(conn, "managed_policies", account_id).await
}

pub async fn exists_named(
    conn: &mut SqliteConnection,
    account_id: &str,
    name: &str,
) -> sqlx::Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM managed_policies WHERE account_id = ? AND name_key = ?")
            .bind(account_id)
            .bind(crate::model::names::name_key(name))
            .fetch_optional(conn)
            .await?;
    Ok(row.is_some())
}

/// Inserts a policy with its first version `v1` as the default.
pub async fn insert(
    conn: &mut SqliteConnection,
    row: &PolicyRow,
    document: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO managed_policies (id, account_id, arn, name, name_key, path, description, default_version, next_version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, 2, ?, ?)",
    )
    .bind(&row.id)
    .bind(&row.account_id)
    .bind(&row.arn)
    .bind(&row.name)
    .bind(crate::model::names::name_key(&row.name))
    .bind(&row.path)
    .bind(&row.description)
    .bind(row.created_at)
    .bind(row.updated_at)
    .execute(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO policy_versions (policy_id, version, document, created_at) VALUES (?, 1, ?, ?)")
        .bind(&row.id)
        .bind(document)
        .bind(row.created_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Adds the next version (numbers are never reused); returns its number.
pub async fn add_version(
    conn: &mut SqliteConnection,
    policy_id: &str,
    document: &str,
    now: i64,
) -> sqlx::Result<i64> {
    let (next,): (i64,) = sqlx::query_as("SELECT next_version FROM managed_policies WHERE id = ?")
        .bind(policy_id)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO policy_versions (policy_id, version, document, created_at) VALUES (?, ?, ?, ?)")
        .bind(policy_id)
        .bind(next)
        .bind(document)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE managed_policies SET next_version = ?, updated_at = ? WHERE id = ?")
        .bind(next + 1)
        .bind(now)
        .bind(policy_id)
        .execute(conn)
        .await?;
    Ok(next)
}

pub async fn set_default(
    conn: &mut SqliteConnection,
    policy_id: &str,
    version: i64,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE managed_policies SET default_version = ?, updated_at = ? WHERE id = ?")
        .bind(version)
        .bind(now)
        .bind(policy_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete_version(
    conn: &mut SqliteConnection,
    policy_id: &str,
    version: i64,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM policy_versions WHERE policy_id = ? AND version = ?")
        .bind(policy_id)
        .bind(version)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, policy_id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM managed_policies WHERE id = ?")
        .bind(policy_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The names of the users and of the roles of the account that use `policy_arn` as their
/// permissions boundary.
pub async fn boundary_users_and_roles(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy_arn: &str,
) -> sqlx::Result<(Vec<String>, Vec<String>)> {
    let names = |table: &str| {
        format!(
            "SELECT name FROM {table} WHERE account_id = ? AND permissions_boundary = ? ORDER BY name_key"
        )
    };
    let users: Vec<(String,)> = sqlx::query_as(&names("users"))
        .bind(account_id)
        .bind(policy_arn)
        .fetch_all(&mut *conn)
        .await?;
    let roles: Vec<(String,)> = sqlx::query_as(&names("roles"))
        .bind(account_id)
        .bind(policy_arn)
        .fetch_all(&mut *conn)
        .await?;
    Ok((
        users.into_iter().map(|(n,)| n).collect(),
        roles.into_iter().map(|(n,)| n).collect(),
    ))
}
