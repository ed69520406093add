//! IAM roles.

use sqlx::{FromRow, SqliteConnection};

use super::named_entities;
use crate::model::names::name_key;

#[derive(Debug, Clone, FromRow)]
pub struct RoleRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub trust_policy: String,
    pub description: Option<String>,
    pub max_session_duration: i64,
    pub permissions_boundary: Option<String>,
    pub last_used_at: Option<i64>,
    pub last_used_region: Option<String>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, account_id, name, path, trust_policy, description, max_session_duration, \
                       permissions_boundary, last_used_at, last_used_region, created_at";

pub async fn insert(conn: &mut SqliteConnection, row: &RoleRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO roles (id, account_id, name, name_key, path, trust_policy, description,
                            max_session_duration, permissions_boundary, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(&row.account_id)
    .bind(&row.name)
    .bind(name_key(&row.name))
    .bind(&row.path)
    .bind(&row.trust_policy)
    .bind(&row.description)
    .bind(row.max_session_duration)
    .bind(&row.permissions_boundary)
    .bind(row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_by_name(
    conn: &mut SqliteConnection,
    account_id: &str,
    name: &str,
) -> sqlx::Result<Option<RoleRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM roles WHERE account_id = ? AND name_key = ?"
    ))
    .bind(account_id)
    .bind(name_key(name))
    .fetch_optional(conn)
    .await
}

pub async fn find_by_id(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<Option<RoleRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM roles WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn count(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<i64> {
    named_entities::count(conn, "roles", account_id).await
}

/// One page of roles by name, after the name key `after`.
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    path_prefix: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<RoleRow>> {
    named_entities::page_under_path(
        conn,
        ("roles", COLUMNS),
        account_id,
        path_prefix,
        after,
        limit,
    )
    .await
}

pub async fn update_settings(
    conn: &mut SqliteConnection,
    id: &str,
    description: Option<&str>,
    max_session_duration: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE roles SET description = ?, max_session_duration = ? WHERE id = ?")
        .bind(description)
        .bind(max_session_duration)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_trust_policy(
    conn: &mut SqliteConnection,
    id: &str,
    document: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE roles SET trust_policy = ? WHERE id = ?")
        .bind(document)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_boundary(
    conn: &mut SqliteConnection,
    id: &str,
    policy_arn: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE roles SET permissions_boundary = ? WHERE id = ?")
        .bind(policy_arn)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// `RoleLastUsed`: set when the role is assumed.
pub async fn record_use(
    conn: &mut SqliteConnection,
    id: &str,
    at: i64,
    region: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE roles SET last_used_at = ?, last_used_region = ? WHERE id = ?")
        .bind(at)
        .bind(region)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM roles WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// What still hangs on a role: (inline policies, attached policies, instance profiles).
pub async fn dependents(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<(i64, i64, i64)> {
    sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM inline_policies WHERE entity_type = 'role' AND entity_id = ?1),
           (SELECT COUNT(*) FROM policy_attachments WHERE entity_type = 'role' AND entity_id = ?1),
           (SELECT COUNT(*) FROM instance_profile_roles WHERE role_id = ?1)",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}
