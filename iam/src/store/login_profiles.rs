//! Login profiles (console passwords) and the password history kept for reuse prevention.

use sqlx::{FromRow, SqliteConnection};

#[derive(Debug, Clone, FromRow)]
pub struct LoginProfileRow {
    pub user_id: String,
    pub password_hash: String,
    pub reset_required: bool,
    pub password_changed_at: i64,
    pub created_at: i64,
}

pub async fn find(
    conn: &mut SqliteConnection,
    user_id: &str,
) -> sqlx::Result<Option<LoginProfileRow>> {
    sqlx::query_as(
        "SELECT user_id, password_hash, reset_required, password_changed_at, created_at
         FROM login_profiles WHERE user_id = ?",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}

pub async fn insert(
    conn: &mut SqliteConnection,
    user_id: &str,
    password_hash: &str,
    reset_required: bool,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO login_profiles (user_id, password_hash, reset_required, password_changed_at, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(user_id)
    .bind(password_hash)
    .bind(super::flag(reset_required))
    .bind(now)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    remember_password(conn, user_id, password_hash, now).await
}

pub async fn set_password(
    conn: &mut SqliteConnection,
    user_id: &str,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE login_profiles SET password_hash = ?, password_changed_at = ? WHERE user_id = ?",
    )
    .bind(password_hash)
    .bind(now)
    .bind(user_id)
    .execute(&mut *conn)
    .await?;
    remember_password(conn, user_id, password_hash, now).await
}

pub async fn set_reset_required(
    conn: &mut SqliteConnection,
    user_id: &str,
    reset_required: bool,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE login_profiles SET reset_required = ? WHERE user_id = ?")
        .bind(super::flag(reset_required))
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut SqliteConnection, user_id: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_profiles WHERE user_id = ?")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

async fn remember_password(
    conn: &mut SqliteConnection,
    user_id: &str,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO password_history (user_id, password_hash, set_at) VALUES (?, ?, ?)")
        .bind(user_id)
        .bind(password_hash)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// The `n` most recent password hashes of a user, newest first.
pub async fn recent_passwords(
    conn: &mut SqliteConnection,
    user_id: &str,
    n: u32,
) -> sqlx::Result<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY set_at DESC, rowid DESC LIMIT ?",
    )
    .bind(user_id)
    .bind(i64::from(n))
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(h,)| h).collect())
}
