//! Access keys. The secret is stored sealed (nonce + ciphertext), never in the clear.

use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, FromRow)]
pub struct AccessKeyRow {
    pub id: String,
    pub account_id: String,
    pub user_id: Option<String>,
    pub secret_nonce: Vec<u8>,
    pub secret_ciphertext: Vec<u8>,
    pub status: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub last_used_region: Option<String>,
    pub last_used_service: Option<String>,
}

const COLUMNS: &str = "id, account_id, user_id, secret_nonce, secret_ciphertext, status, created_at, \
                       last_used_at, last_used_region, last_used_service";

pub struct NewAccessKey<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub user_id: Option<&'a str>,
    pub secret_nonce: &'a [u8],
    pub secret_ciphertext: &'a [u8],
    pub created_at: i64,
}

pub async fn insert(conn: &mut SqliteConnection, key: &NewAccessKey<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO access_keys (id, account_id, user_id, secret_nonce, secret_ciphertext, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'Active', ?)",
    )
    .bind(key.id)
    .bind(key.account_id)
    .bind(key.user_id)
    .bind(key.secret_nonce)
    .bind(key.secret_ciphertext)
    .bind(key.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<Option<AccessKeyRow>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM access_keys WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The keys of one user, or of the root user when `user_id` is `None`, oldest first.
pub async fn list_for(
    conn: &mut SqliteConnection,
    account_id: &str,
    user_id: Option<&str>,
) -> sqlx::Result<Vec<AccessKeyRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM access_keys
         WHERE account_id = ? AND ((? IS NULL AND user_id IS NULL) OR user_id = ?)
         ORDER BY created_at, id"
    ))
    .bind(account_id)
    .bind(user_id)
    .bind(user_id)
    .fetch_all(conn)
    .await
}

pub async fn set_status(conn: &mut SqliteConnection, id: &str, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE access_keys SET status = ? WHERE id = ?")
        .bind(status)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM access_keys WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn record_use(
    conn: &mut SqliteConnection,
    id: &str,
    now: i64,
    region: &str,
    service: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE access_keys SET last_used_at = ?, last_used_region = ?, last_used_service = ? WHERE id = ?",
    )
    .bind(now)
    .bind(region)
    .bind(service)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}
