//! Access Advisor jobs: a report (JSON) per job ID.

use sqlx::SqliteConnection;

/// A job as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JobRow {
    pub job_id: String,
    pub account_id: String,
    pub created_at: i64,
    pub completed_at: i64,
    pub report: String,
}

pub async fn insert(conn: &mut SqliteConnection, row: &JobRow) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO access_advisor_jobs (job_id, account_id, created_at, completed_at, report)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&row.job_id)
    .bind(&row.account_id)
    .bind(row.created_at)
    .bind(row.completed_at)
    .bind(&row.report)
    .execute(conn)
    .await?;
    Ok(())
}

/// The account's job of that ID.
pub async fn find(
    conn: &mut SqliteConnection,
    account_id: &str,
    job_id: &str,
) -> sqlx::Result<Option<JobRow>> {
    sqlx::query_as(
        "SELECT job_id, account_id, created_at, completed_at, report FROM access_advisor_jobs
         WHERE job_id = ? AND account_id = ?",
    )
    .bind(job_id)
    .bind(account_id)
    .fetch_optional(conn)
    .await
}
