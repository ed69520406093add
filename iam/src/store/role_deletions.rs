//! Deletion tasks of service-linked roles.

use sqlx::SqliteConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeletionRow {
    pub task_id: String,
    pub account_id: String,
    pub role_arn: String,
    pub status: String,
    pub created_at: i64,
}

pub async fn insert(conn: &mut SqliteConnection, row: &DeletionRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO service_linked_role_deletions (task_id, account_id, role_arn, status, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&row.task_id)
    .bind(&row.account_id)
    .bind(&row.role_arn)
    .bind(&row.status)
    .bind(row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The account's task of that ID.
pub async fn find(
    conn: &mut SqliteConnection,
    account_id: &str,
    task_id: &str,
) -> sqlx::Result<Option<DeletionRow>> {
    sqlx::query_as(
        "SELECT task_id, account_id, role_arn, status, created_at
         FROM service_linked_role_deletions WHERE task_id = ? AND account_id = ?",
    )
    .bind(task_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await
}
