//! Accounts and their root users.

use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, FromRow)]
pub struct AccountRow {
    pub id: String,
    pub alias: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct RootUserRow {
    pub account_id: String,
    pub email: String,
    pub password_hash: String,
    pub password_changed_at: i64,
    pub password_last_used: Option<i64>,
    pub created_at: i64,
}

pub async fn any_exists(conn: &mut SqliteConnection) -> sqlx::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM accounts LIMIT 1")
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

pub async fn insert(
    conn: &mut SqliteConnection,
    id: &str,
    alias: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO accounts (id, alias, created_at) VALUES (?, ?, ?)")
        .bind(id)
        .bind(alias)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn find(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<Option<AccountRow>> {
    sqlx::query_as("SELECT id, alias, created_at FROM accounts WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn find_by_alias(
    conn: &mut SqliteConnection,
    alias: &str,
) -> sqlx::Result<Option<AccountRow>> {
    sqlx::query_as("SELECT id, alias, created_at FROM accounts WHERE alias = ?")
        .bind(alias)
        .fetch_optional(conn)
        .await
}

pub async fn insert_root(
    conn: &mut SqliteConnection,
    account_id: &str,
    email: &str,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO root_users (account_id, email, email_key, password_hash, password_changed_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(account_id)
    .bind(email)
    .bind(email.to_lowercase())
    .bind(password_hash)
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

const ROOT_COLUMNS: &str =
    "account_id, email, password_hash, password_changed_at, password_last_used, created_at";

pub async fn find_root_by_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> sqlx::Result<Option<RootUserRow>> {
    sqlx::query_as(&format!(
        "SELECT {ROOT_COLUMNS} FROM root_users WHERE email_key = ?"
    ))
    .bind(email.to_lowercase())
    .fetch_optional(conn)
    .await
}

pub async fn find_root(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> sqlx::Result<Option<RootUserRow>> {
    sqlx::query_as(&format!(
        "SELECT {ROOT_COLUMNS} FROM root_users WHERE account_id = ?"
    ))
    .bind(account_id)
    .fetch_optional(conn)
    .await
}

pub async fn record_root_sign_in(
    conn: &mut SqliteConnection,
    account_id: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE root_users SET password_last_used = ? WHERE account_id = ?")
        .bind(now)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Replaces the root user's password hash.
pub async fn set_root_password(
    conn: &mut SqliteConnection,
    account_id: &str,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE root_users SET password_hash = ?, password_changed_at = ? WHERE account_id = ?",
    )
    .bind(password_hash)
    .bind(now)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets (or with `None` removes) the account's alias.
pub async fn set_alias(
    conn: &mut SqliteConnection,
    account_id: &str,
    alias: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET alias = ? WHERE id = ?")
        .bind(alias)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_global_endpoint_token_version(
    conn: &mut SqliteConnection,
    account_id: &str,
    version: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET global_endpoint_token_version = ? WHERE id = ?")
        .bind(version)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}
