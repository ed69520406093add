//! Server certificates of an account.

use sqlx::SqliteConnection;

use super::named_entities;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ServerCertificateRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub body: String,
    pub chain: Option<String>,
    pub expires_at: i64,
    pub uploaded_at: i64,
}

const COLUMNS: &str = "id, account_id, name, path, body, chain, expires_at, uploaded_at";

pub async fn insert(conn: &mut SqliteConnection, row: &ServerCertificateRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO server_certificates ({COLUMNS}, name_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&row.id)
    .bind(&row.account_id)
    .bind(&row.name)
    .bind(&row.path)
    .bind(&row.body)
    .bind(&row.chain)
    .bind(row.expires_at)
    .bind(row.uploaded_at)
    .bind(crate::model::names::name_key(&row.name))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut SqliteConnection,
    account_id: &str,
    name: &str,
) -> sqlx::Result<Option<ServerCertificateRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM server_certificates WHERE account_id = ? AND name_key = ?"
    ))
    .bind(account_id)
    .bind(crate::model::names::name_key(name))
    .fetch_optional(conn)
    .await
}

/// One page of the account's certificates under `path_prefix`, by name.
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    path_prefix: &str,
    after: Option<&str>,
    limit: u32,
) -> sqlx::Result<Vec<ServerCertificateRow>> {
    named_entities::page_under_path(
        conn,
        ("server_certificates", COLUMNS),
        account_id,
        path_prefix,
        after,
        limit,
    )
    .await
}

pub async fn count(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<i64> {
    named_entities::count(conn, "server_certificates", account_id).await
}

pub async fn rename(
    conn: &mut SqliteConnection,
    id: &str,
    name: &str,
    path: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE server_certificates SET name = ?, name_key = ?, path = ? WHERE id = ?")
        .bind(name)
        .bind(crate::model::names::name_key(name))
        .bind(path)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM server_certificates WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
