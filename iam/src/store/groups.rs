//! Groups and memberships.

use sqlx::{FromRow, SqliteConnection};

use super::named_entities;
use super::users::UserRow;

#[derive(Debug, Clone, FromRow)]
pub struct GroupRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub created_at: i64,
}

const COLUMNS: &str = "id, account_id, name, path, created_at";

pub async fn insert(conn: &mut SqliteConnection, row: &GroupRow) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO groups (id, account_id, name, name_key, path, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&row.id)
        .bind(&row.account_id)
        .bind(&row.name)
        .bind(crate::model::names::name_key(&row.name))
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
) -> sqlx::Result<Option<GroupRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM groups WHERE account_id = ? AND name_key = ?"
    ))
    .bind(account_id)
    .bind(crate::model::names::name_key(name))
    .fetch_optional(conn)
    .await
}

pub async fn count(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<i64> {
    named_entities::count(conn, "groups", account_id).await
}

/// One page of groups by name, after the name key `after`.
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    path_prefix: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<GroupRow>> {
    named_entities::page_under_path(
        conn,
        ("groups", COLUMNS),
        account_id,
        path_prefix,
        after,
        limit,
    )
    .await
}

/// One page of the groups a user belongs to.
pub async fn list_for_user(
    conn: &mut SqliteConnection,
    user_id: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<GroupRow>> {
    sqlx::query_as(
        "SELECT g.id, g.account_id, g.name, g.path, g.created_at FROM groups g
         JOIN group_members m ON m.group_id = g.id
         WHERE m.user_id = ? AND g.name_key > ?
         ORDER BY g.name_key LIMIT ?",
    )
    .bind(user_id)
    .bind(after.unwrap_or(""))
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

pub async fn count_for_user(conn: &mut SqliteConnection, user_id: &str) -> sqlx::Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM group_members WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(conn)
        .await?;
    Ok(n)
}

/// One page of a group's members by user name.
pub async fn members(
    conn: &mut SqliteConnection,
    group_id: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as(
        "SELECT u.id, u.account_id, u.name, u.path, u.permissions_boundary, u.password_last_used, u.created_at
         FROM users u JOIN group_members m ON m.user_id = u.id
         WHERE m.group_id = ? AND u.name_key > ?
         ORDER BY u.name_key LIMIT ?",
    )
    .bind(group_id)
    .bind(after.unwrap_or(""))
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

/// Adds a member; returns false when the user was a member already.
pub async fn add_member(
    conn: &mut SqliteConnection,
    group_id: &str,
    user_id: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO group_members (group_id, user_id, added_at) VALUES (?, ?, ?)
         ON CONFLICT (group_id, user_id) DO NOTHING",
    )
    .bind(group_id)
    .bind(user_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Removes a member; returns false when the user was not a member.
pub async fn remove_member(
    conn: &mut SqliteConnection,
    group_id: &str,
    user_id: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM group_members WHERE group_id = ? AND user_id = ?")
        .bind(group_id)
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

pub async fn rename(
    conn: &mut SqliteConnection,
    id: &str,
    name: &str,
    path: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE groups SET name = ?, name_key = ?, path = ? WHERE id = ?")
        .bind(name)
        .bind(crate::model::names::name_key(name))
        .bind(path)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM groups WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// What still hangs on a group: (members, inline policies, attached policies).
pub async fn dependents(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<(i64, i64, i64)> {
    sqlx::query_as(
        "SELECT
           (SELECT COUNT(*) FROM group_members WHERE group_id = ?1),
           (SELECT COUNT(*) FROM inline_policies WHERE entity_type = 'group' AND entity_id = ?1),
           (SELECT COUNT(*) FROM policy_attachments WHERE entity_type = 'group' AND entity_id = ?1)",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}

/// A group with how many users it has and how many policies (inline and attached) define its
/// permissions.
#[derive(Debug, Clone, FromRow)]
pub struct GroupCountsRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub created_at: i64,
    pub members: i64,
    pub policies: i64,
}

/// Every group of the account with its counts, by name (an account holds at most 300).
pub async fn list_with_counts(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> sqlx::Result<Vec<GroupCountsRow>> {
    sqlx::query_as(
        "SELECT g.id, g.account_id, g.name, g.path, g.created_at,
           (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS members,
           (SELECT COUNT(*) FROM inline_policies i WHERE i.entity_type = 'group' AND i.entity_id = g.id)
             + (SELECT COUNT(*) FROM policy_attachments a WHERE a.entity_type = 'group' AND a.entity_id = g.id)
             AS policies
         FROM groups g WHERE g.account_id = ? ORDER BY g.name_key",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await
}
