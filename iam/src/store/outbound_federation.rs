//! Each account's outbound web identity federation: its issuer and token-signing keys.

use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, FromRow)]
pub struct OutboundFederationRow {
    pub account_id: String,
    pub issuer_id: String,
    pub enabled: bool,
    pub rsa_key_nonce: Vec<u8>,
    pub rsa_key_sealed: Vec<u8>,
    pub ec_key_nonce: Vec<u8>,
    pub ec_key_sealed: Vec<u8>,
    pub created_at: i64,
}

const COLUMNS: &str = "account_id, issuer_id, enabled, rsa_key_nonce, rsa_key_sealed, \
                       ec_key_nonce, ec_key_sealed, created_at";

pub async fn find(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> sqlx::Result<Option<OutboundFederationRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outbound_federation WHERE account_id = ?"
    ))
    .bind(account_id)
    .fetch_optional(conn)
    .await
}

pub async fn find_by_issuer(
    conn: &mut SqliteConnection,
    issuer_id: &str,
) -> sqlx::Result<Option<OutboundFederationRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM outbound_federation WHERE issuer_id = ?"
    ))
    .bind(issuer_id)
    .fetch_optional(conn)
    .await
}

pub async fn insert(conn: &mut SqliteConnection, row: &OutboundFederationRow) -> sqlx::Result<()> {
    sqlx::query(&format!(
        "INSERT INTO outbound_federation ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&row.account_id)
    .bind(&row.issuer_id)
    .bind(row.enabled)
    .bind(&row.rsa_key_nonce)
    .bind(&row.rsa_key_sealed)
    .bind(&row.ec_key_nonce)
    .bind(&row.ec_key_sealed)
    .bind(row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_enabled(
    conn: &mut SqliteConnection,
    account_id: &str,
    enabled: bool,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE outbound_federation SET enabled = ? WHERE account_id = ?")
        .bind(enabled)
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}
