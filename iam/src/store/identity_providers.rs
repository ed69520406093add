//! OpenID Connect and SAML identity providers.

use sqlx::SqliteConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProviderRow {
    pub id: String,
    pub account_id: String,
    /// `oidc` or `saml`.
    pub kind: String,
    /// The OIDC URL without its scheme, or the SAML provider's name.
    pub name: String,
    pub document: String,
    pub valid_until: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, account_id, kind, name, document, valid_until, created_at";

pub async fn insert(conn: &mut SqliteConnection, row: &ProviderRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO identity_providers (id, account_id, kind, name, document, valid_until, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(&row.account_id)
    .bind(&row.kind)
    .bind(&row.name)
    .bind(&row.document)
    .bind(row.valid_until)
    .bind(row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut SqliteConnection,
    account_id: &str,
    kind: &str,
    name: &str,
) -> sqlx::Result<Option<ProviderRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM identity_providers WHERE account_id = ? AND kind = ? AND name = ?"
    ))
    .bind(account_id)
    .bind(kind)
    .bind(name)
    .fetch_optional(conn)
    .await
}

/// The account's providers of one kind, by name.
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    kind: &str,
) -> sqlx::Result<Vec<ProviderRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM identity_providers WHERE account_id = ? AND kind = ? ORDER BY name"
    ))
    .bind(account_id)
    .bind(kind)
    .fetch_all(conn)
    .await
}

pub async fn count(conn: &mut SqliteConnection, account_id: &str, kind: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM identity_providers WHERE account_id = ? AND kind = ?")
        .bind(account_id)
        .bind(kind)
        .fetch_one(conn)
        .await
}

pub async fn update_document(
    conn: &mut SqliteConnection,
    id: &str,
    document: &str,
    valid_until: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE identity_providers SET document = ?, valid_until = ? WHERE id = ?")
        .bind(document)
        .bind(valid_until)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM identity_providers WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
