//! Account password policies.

use sqlx::{FromRow, SqliteConnection};

use crate::model::PasswordPolicy;

#[derive(Debug, Clone, FromRow)]
struct PasswordPolicyRow {
    minimum_password_length: i64,
    require_symbols: bool,
    require_numbers: bool,
    require_uppercase_characters: bool,
    require_lowercase_characters: bool,
    allow_users_to_change_password: bool,
    max_password_age: Option<i64>,
    password_reuse_prevention: Option<i64>,
    hard_expiry: bool,
}

impl From<PasswordPolicyRow> for PasswordPolicy {
    fn from(row: PasswordPolicyRow) -> Self {
        Self {
            minimum_password_length: u32::try_from(row.minimum_password_length).unwrap_or(6),
            require_symbols: row.require_symbols,
            require_numbers: row.require_numbers,
            require_uppercase_characters: row.require_uppercase_characters,
            require_lowercase_characters: row.require_lowercase_characters,
            allow_users_to_change_password: row.allow_users_to_change_password,
            max_password_age: row.max_password_age.and_then(|v| u32::try_from(v).ok()),
            password_reuse_prevention: row
                .password_reuse_prevention
                .and_then(|v| u32::try_from(v).ok()),
            hard_expiry: row.hard_expiry,
        }
    }
}

pub async fn find(
    conn: &mut SqliteConnection,
    account_id: &str,
) -> sqlx::Result<Option<PasswordPolicy>> {
    let row: Option<PasswordPolicyRow> = sqlx::query_as(
        "SELECT minimum_password_length, require_symbols, require_numbers, require_uppercase_characters,
                require_lowercase_characters, allow_users_to_change_password, max_password_age,
                password_reuse_prevention, hard_expiry
         FROM password_policies WHERE account_id = ?",
    )
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(PasswordPolicy::from))
}

/// Replaces the account's policy as a whole (`UpdateAccountPasswordPolicy` semantics).
pub async fn replace(
    conn: &mut SqliteConnection,
    account_id: &str,
    policy: &PasswordPolicy,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM password_policies WHERE account_id = ?")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO password_policies (account_id, minimum_password_length, require_symbols, require_numbers,
            require_uppercase_characters, require_lowercase_characters, allow_users_to_change_password,
            max_password_age, password_reuse_prevention, hard_expiry)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(account_id)
    .bind(i64::from(policy.minimum_password_length))
    .bind(super::flag(policy.require_symbols))
    .bind(super::flag(policy.require_numbers))
    .bind(super::flag(policy.require_uppercase_characters))
    .bind(super::flag(policy.require_lowercase_characters))
    .bind(super::flag(policy.allow_users_to_change_password))
    .bind(policy.max_password_age.map(i64::from))
    .bind(policy.password_reuse_prevention.map(i64::from))
    .bind(super::flag(policy.hard_expiry))
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes the account's policy; returns whether there was one.
pub async fn delete(conn: &mut SqliteConnection, account_id: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM password_policies WHERE account_id = ?")
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}
