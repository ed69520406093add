//! Temporary credentials issued by STS.

use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, FromRow)]
pub struct StsSessionRow {
    pub access_key_id: String,
    pub account_id: String,
    pub kind: String,
    pub role_id: Option<String>,
    pub user_id: Option<String>,
    pub session_name: Option<String>,
    pub secret_nonce: Vec<u8>,
    pub secret_ciphertext: Vec<u8>,
    pub token_hash: String,
    pub mfa_present: bool,
    pub session_policy: Option<String>,
    pub policy_arns: String,
    pub session_tags: String,
    pub source_identity: Option<String>,
    pub issued_at: i64,
    pub expires_at: i64,
}

pub const KIND_ROLE: &str = "role";
pub const KIND_SESSION_TOKEN: &str = "session-token";
pub const KIND_FEDERATED: &str = "federated";

pub async fn insert(conn: &mut SqliteConnection, row: &StsSessionRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO sts_sessions (access_key_id, account_id, kind, role_id, user_id, session_name,
             secret_nonce, secret_ciphertext, token_hash, mfa_present, session_policy, policy_arns,
             session_tags, source_identity, issued_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.access_key_id)
    .bind(&row.account_id)
    .bind(&row.kind)
    .bind(&row.role_id)
    .bind(&row.user_id)
    .bind(&row.session_name)
    .bind(&row.secret_nonce)
    .bind(&row.secret_ciphertext)
    .bind(&row.token_hash)
    .bind(row.mfa_present)
    .bind(&row.session_policy)
    .bind(&row.policy_arns)
    .bind(&row.session_tags)
    .bind(&row.source_identity)
    .bind(row.issued_at)
    .bind(row.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut SqliteConnection,
    access_key_id: &str,
) -> sqlx::Result<Option<StsSessionRow>> {
    sqlx::query_as(
        "SELECT access_key_id, account_id, kind, role_id, user_id, session_name, secret_nonce,
                secret_ciphertext, token_hash, mfa_present, session_policy, policy_arns,
                session_tags, source_identity, issued_at, expires_at
         FROM sts_sessions WHERE access_key_id = ?",
    )
    .bind(access_key_id)
    .fetch_optional(conn)
    .await
}

/// Forgets credentials that expired before `cutoff`.
pub async fn delete_expired(conn: &mut SqliteConnection, cutoff: i64) -> sqlx::Result<u64> {
    let done = sqlx::query("DELETE FROM sts_sessions WHERE expires_at < ?")
        .bind(cutoff)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
