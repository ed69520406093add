//! Instance profiles and the role each holds.

use sqlx::{FromRow, SqliteConnection};

use super::named_entities;
use super::roles::RoleRow;
use crate::model::names::name_key;

#[derive(Debug, Clone, FromRow)]
pub struct InstanceProfileRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, account_id, name, path, created_at";

pub async fn insert(conn: &mut SqliteConnection, row: &InstanceProfileRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO instance_profiles (id, account_id, name, name_key, path, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(&row.account_id)
    .bind(&row.name)
    .bind(name_key(&row.name))
    .bind(&row.path)
    .bind(row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find_by_name(
    conn: &mut SqliteConnection,
    account_id: &str,
    name: &str,
) -> sqlx::Result<Option<InstanceProfileRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM instance_profiles WHERE account_id = ? AND name_key = ?"
    ))
    .bind(account_id)
    .bind(name_key(name))
    .fetch_optional(conn)
    .await
}

pub async fn count(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<i64> {
    named_entities::count(conn, "instance_profiles", account_id).await
}

/// One page of instance profiles by name, after the name key `after`.
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    path_prefix: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<InstanceProfileRow>> {
    named_entities::page_under_path(
        conn,
        ("instance_profiles", COLUMNS),
        account_id,
        path_prefix,
        after,
        limit,
    )
    .await
}

/// One page of the instance profiles holding a role.
pub async fn list_for_role(
    conn: &mut SqliteConnection,
    role_id: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<InstanceProfileRow>> {
    sqlx::query_as(
        "SELECT p.id, p.account_id, p.name, p.path, p.created_at FROM instance_profiles p
         JOIN instance_profile_roles r ON r.instance_profile_id = p.id
         WHERE r.role_id = ? AND p.name_key > ?
         ORDER BY p.name_key LIMIT ?",
    )
    .bind(role_id)
    .bind(after.unwrap_or(""))
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

/// The roles in an instance profile (at most one).
pub async fn roles(
    conn: &mut SqliteConnection,
    instance_profile_id: &str,
) -> sqlx::Result<Vec<RoleRow>> {
    sqlx::query_as(
        "SELECT r.id, r.account_id, r.name, r.path, r.trust_policy, r.description,
                r.max_session_duration, r.permissions_boundary, r.last_used_at,
                r.last_used_region, r.created_at
         FROM roles r JOIN instance_profile_roles ipr ON ipr.role_id = r.id
         WHERE ipr.instance_profile_id = ? ORDER BY r.name_key",
    )
    .bind(instance_profile_id)
    .fetch_all(conn)
    .await
}

pub async fn add_role(
    conn: &mut SqliteConnection,
    instance_profile_id: &str,
    role_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO instance_profile_roles (instance_profile_id, role_id, added_at) VALUES (?, ?, ?)",
    )
    .bind(instance_profile_id)
    .bind(role_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes a role; returns false when the profile did not hold it.
pub async fn remove_role(
    conn: &mut SqliteConnection,
    instance_profile_id: &str,
    role_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM instance_profile_roles WHERE instance_profile_id = ? AND role_id = ?",
    )
    .bind(instance_profile_id)
    .bind(role_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM instance_profiles WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
