//! Stored credential reports and the facts they are made of.

use sqlx::{FromRow, SqliteConnection};

pub async fn find(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT generated_at, content FROM credential_reports WHERE account_id = ?")
        .bind(account_id)
        .fetch_optional(conn)
        .await
}

pub async fn save(
    conn: &mut SqliteConnection,
    account_id: &str,
    generated_at: i64,
    content: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO credential_reports (account_id, generated_at, content) VALUES (?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET generated_at = excluded.generated_at, content = excluded.content",
    )
    .bind(account_id)
    .bind(generated_at)
    .bind(content)
    .execute(conn)
    .await?;
    Ok(())
}

/// One user's credentials as the report shows them.
#[derive(Debug, Clone, FromRow)]
pub struct UserCredentials {
    pub id: String,
    pub name: String,
    pub path: String,
    pub created_at: i64,
    pub password_last_used: Option<i64>,
    pub password_changed_at: Option<i64>,
}

/// Every user of the account with its login profile facts, by name.
pub async fn users(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> sqlx::Result<Vec<UserCredentials>> {
    sqlx::query_as(
        "SELECT u.id, u.name, u.path, u.created_at, u.password_last_used, l.password_changed_at
         FROM users u LEFT JOIN login_profiles l ON l.user_id = u.id
         WHERE u.account_id = ? ORDER BY u.name_key",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await
}
