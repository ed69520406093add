//! Virtual MFA devices.

use sqlx::{FromRow, SqliteConnection};

/// The tags' resource type for MFA devices, whose tags are keyed by serial number.
pub const TAGS: &str = "mfa";

#[derive(Debug, Clone, FromRow)]
pub struct MfaDeviceRow {
    pub serial_number: String,
    pub account_id: String,
    pub name: String,
    pub path: String,
    pub seed_nonce: Vec<u8>,
    pub seed_ciphertext: Vec<u8>,
    pub user_id: Option<String>,
    pub assigned_to_root: bool,
    pub enabled_at: Option<i64>,
    pub last_used_step: Option<i64>,
    pub created_at: i64,
    /// Steps the device's clock is off the server's, as `ResyncMFADevice` last found it.
    pub drift_steps: i64,
}

const COLUMNS: &str = "serial_number, account_id, name, path, seed_nonce, seed_ciphertext, user_id, \
                       assigned_to_root, enabled_at, last_used_step, created_at, drift_steps";

pub async fn insert(conn: &mut SqliteConnection, row: &MfaDeviceRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mfa_devices (serial_number, account_id, name, path, seed_nonce, seed_ciphertext, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.serial_number)
    .bind(&row.account_id)
    .bind(&row.name)
    .bind(&row.path)
    .bind(&row.seed_nonce)
    .bind(&row.seed_ciphertext)
    .bind(row.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(conn: &mut SqliteConnection, serial: &str) -> sqlx::Result<Option<MfaDeviceRow>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM mfa_devices WHERE serial_number = ?"
    ))
    .bind(serial)
    .fetch_optional(conn)
    .await
}

/// Devices of an account; `assigned`: only enabled ones (`Some(true)`), only free ones
/// (`Some(false)`) or all.
pub async fn list(
    conn: &mut SqliteConnection,
    account_id: &str,
    assigned: Option<bool>,
) -> sqlx::Result<Vec<MfaDeviceRow>> {
    let filter = match assigned {
        Some(true) => " AND enabled_at IS NOT NULL",
        Some(false) => " AND enabled_at IS NULL",
        None => "",
    };
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM mfa_devices WHERE account_id = ?{filter} ORDER BY serial_number"
    ))
    .bind(account_id)
    .fetch_all(conn)
    .await
}

/// The enabled devices of a user, or of the root user when `user_id` is `None`.
pub async fn enabled_for(
    conn: &mut SqliteConnection,
    account_id: &str,
    user_id: Option<&str>,
) -> sqlx::Result<Vec<MfaDeviceRow>> {
    match user_id {
        Some(user_id) => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM mfa_devices WHERE user_id = ? AND enabled_at IS NOT NULL ORDER BY enabled_at"
            ))
            .bind(user_id)
            .fetch_all(conn)
            .await
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM mfa_devices WHERE account_id = ? AND assigned_to_root = 1 AND enabled_at IS NOT NULL"
            ))
            .bind(account_id)
            .fetch_all(conn)
            .await
        }
    }
}

pub async fn assign(
    conn: &mut SqliteConnection,
    serial: &str,
    user_id: Option<&str>,
    now: i64,
    step: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mfa_devices SET user_id = ?, assigned_to_root = ?, enabled_at = ?, last_used_step = ?,
         drift_steps = 0 WHERE serial_number = ?",
    )
    .bind(user_id)
    .bind(user_id.is_none())
    .bind(now)
    .bind(step)
    .bind(serial)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn unassign(conn: &mut SqliteConnection, serial: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mfa_devices SET user_id = NULL, assigned_to_root = 0, enabled_at = NULL, last_used_step = NULL
         WHERE serial_number = ?",
    )
    .bind(serial)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records the step of an accepted code; false when a code of that step (or later) was used.
pub async fn use_step(conn: &mut SqliteConnection, serial: &str, step: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE mfa_devices SET last_used_step = ?
         WHERE serial_number = ? AND (last_used_step IS NULL OR last_used_step < ?)",
    )
    .bind(step)
    .bind(serial)
    .bind(step)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Records a resynchronization: the device's drift and the step of its later code.
pub async fn resync(
    conn: &mut SqliteConnection,
    serial: &str,
    drift_steps: i64,
    step: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mfa_devices SET drift_steps = ?, last_used_step = ? WHERE serial_number = ?",
    )
    .bind(drift_steps)
    .bind(step)
    .bind(serial)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes a device and its tags.
pub async fn delete(conn: &mut SqliteConnection, serial: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM tags WHERE resource_type = ? AND resource_id = ?")
        .bind(TAGS)
        .bind(serial)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM mfa_devices WHERE serial_number = ?")
        .bind(serial)
        .execute(conn)
        .await?;
    Ok(())
}
