//! SSH public keys of IAM users.

use sqlx::SqliteConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SshPublicKeyRow {
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    pub body: String,
    pub fingerprint: String,
    pub status: String,
    pub uploaded_at: i64,
}

const COLUMNS: &str = "id, account_id, user_id, body, fingerprint, status, uploaded_at";

pub async fn insert(conn: &mut SqliteConnection, row: &SshPublicKeyRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO ssh_public_keys ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&row.id)
    .bind(&row.account_id)
    .bind(&row.user_id)
    .bind(&row.body)
    .bind(&row.fingerprint)
    .bind(&row.status)
    .bind(row.uploaded_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The user's keys, by ID (the order AWS lists them in).
pub async fn list_for(
    conn: &mut SqliteConnection,
    user_id: &str,
) -> sqlx::Result<Vec<SshPublicKeyRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM ssh_public_keys WHERE user_id = ? ORDER BY id"
    ))
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn set_status(conn: &mut SqliteConnection, id: &str, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE ssh_public_keys SET status = ? WHERE id = ?")
        .bind(status)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM ssh_public_keys WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
