//! X.509 signing certificates of IAM users and root users.

use sqlx::SqliteConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SigningCertificateRow {
    pub id: String,
    pub account_id: String,
    /// `None` for the account's root user.
    pub user_id: Option<String>,
    pub body: String,
    pub der_sha256: String,
    pub status: String,
    pub uploaded_at: i64,
}

const COLUMNS: &str = "id, account_id, user_id, body, der_sha256, status, uploaded_at";

pub async fn insert(conn: &mut SqliteConnection, row: &SigningCertificateRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO signing_certificates ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&row.id)
    .bind(&row.account_id)
    .bind(&row.user_id)
    .bind(&row.body)
    .bind(&row.der_sha256)
    .bind(&row.status)
    .bind(row.uploaded_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The certificates of a user (or, with `None`, of the root user), oldest first.
pub async fn list_for(
    conn: &mut SqliteConnection,
    account_id: &str,
    user_id: Option<&str>,
) -> sqlx::Result<Vec<SigningCertificateRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM signing_certificates
         WHERE account_id = ? AND ((? IS NULL AND user_id IS NULL) OR user_id = ?)
         ORDER BY uploaded_at, id"
    ))
    .bind(account_id)
    .bind(user_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Whether the account already holds this certificate, for any of its users.
pub async fn exists_in_account(
    conn: &mut SqliteConnection,
    account_id: &str,
    der_sha256: &str,
) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM signing_certificates WHERE account_id = ? AND der_sha256 = ?)",
    )
    .bind(account_id)
    .bind(der_sha256)
    .fetch_one(conn)
    .await
}

pub async fn set_status(conn: &mut SqliteConnection, id: &str, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE signing_certificates SET status = ? WHERE id = ?")
        .bind(status)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM signing_certificates WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
