//! Service-specific credentials of IAM users.

use sqlx::SqliteConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServiceCredentialRow {
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    pub service_name: String,
    pub service_user_name: String,
    pub password_hash: String,
    pub status: String,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, account_id, user_id, service_name, service_user_name, password_hash, status, created_at";

pub async fn insert(conn: &mut SqliteConnection, row: &ServiceCredentialRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO service_specific_credentials ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&row.id)
    .bind(&row.account_id)
    .bind(&row.user_id)
    .bind(&row.service_name)
    .bind(&row.service_user_name)
    .bind(&row.password_hash)
    .bind(&row.status)
    .bind(row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The user's credentials, oldest first.
pub async fn list_for(
    conn: &mut SqliteConnection,
    user_id: &str,
) -> sqlx::Result<Vec<ServiceCredentialRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM service_specific_credentials WHERE user_id = ? ORDER BY created_at, id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn set_password(
    conn: &mut SqliteConnection,
    id: &str,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE service_specific_credentials SET password_hash = ? WHERE id = ?")
        .bind(password_hash)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_status(conn: &mut SqliteConnection, id: &str, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE service_specific_credentials SET status = ? WHERE id = ?")
        .bind(status)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM service_specific_credentials WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
