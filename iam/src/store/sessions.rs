//! Console sessions, keyed by the SHA-256 of the cookie token.

use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub account_id: String,
    pub user_id: Option<String>,
    pub stage: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    /// The access key ID of the role session switched to, if any.
    pub role_key_id: Option<String>,
    /// The name the console shows for that role session.
    pub role_display_name: Option<String>,
    /// Whether the sign-in used an MFA code.
    pub mfa_authenticated: bool,
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub account_id: &'a str,
    pub user_id: Option<&'a str>,
    pub stage: &'a str,
    pub now: i64,
    pub expires_at: i64,
    pub mfa_authenticated: bool,
}

pub async fn insert(conn: &mut SqliteConnection, session: &NewSession<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO console_sessions
            (token_hash, account_id, user_id, stage, created_at, last_seen_at, expires_at,
             mfa_authenticated)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(session.token_hash)
    .bind(session.account_id)
    .bind(session.user_id)
    .bind(session.stage)
    .bind(session.now)
    .bind(session.now)
    .bind(session.expires_at)
    .bind(session.mfa_authenticated)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(
    conn: &mut SqliteConnection,
    token_hash: &str,
) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as(
        "SELECT token_hash, account_id, user_id, stage, created_at, last_seen_at, expires_at,
                role_key_id, role_display_name, mfa_authenticated
         FROM console_sessions WHERE token_hash = ?",
    )
    .bind(token_hash)
    .fetch_optional(conn)
    .await
}

pub async fn touch(conn: &mut SqliteConnection, token_hash: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE console_sessions SET last_seen_at = ? WHERE token_hash = ?")
        .bind(now)
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes the session act as a role session (`Some`), or as its own principal again (`None`).
pub async fn set_role(
    conn: &mut SqliteConnection,
    token_hash: &str,
    role: Option<(&str, &str)>,
) -> sqlx::Result<()> {
    let (key_id, display_name) = role.unzip();
    sqlx::query(
        "UPDATE console_sessions SET role_key_id = ?, role_display_name = ? WHERE token_hash = ?",
    )
    .bind(key_id)
    .bind(display_name)
    .bind(token_hash)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM console_sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user (or of the root user when `user_id` is `None`).
pub async fn delete_for(
    conn: &mut SqliteConnection,
    account_id: &str,
    user_id: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM console_sessions
         WHERE account_id = ? AND ((? IS NULL AND user_id IS NULL) OR user_id = ?)",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_expired(
    conn: &mut SqliteConnection,
    now: i64,
    idle_secs: i64,
) -> sqlx::Result<u64> {
    let done =
        sqlx::query("DELETE FROM console_sessions WHERE expires_at <= ? OR last_seen_at <= ?")
            .bind(now)
            .bind(now - idle_secs)
            .execute(conn)
            .await?;
    Ok(done.rows_affected())
}
