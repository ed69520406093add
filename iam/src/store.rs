//! The SQLite store: connection set-up, embedded migrations and one repository module per
//! entity. SQL lives here and nowhere else; rows come out as `*Row` structs.

pub mod access_advisor_jobs;
pub mod access_keys;
pub mod accounts;
pub mod attachments;
pub mod audit_events;
pub mod credential_reports;
pub mod groups;
pub mod identity_providers;
pub mod inline_policies;
pub mod instance_profiles;
pub mod login_profiles;
pub mod mfa_devices;
mod named_entities;
pub mod outbound_federation;
pub mod password_policies;
pub mod policies;
pub mod role_deletions;
pub mod roles;
pub mod server_certificates;
pub mod service_credentials;
pub mod sessions;
pub mod signing_certificates;
pub mod ssh_public_keys;
pub mod sts_sessions;
pub mod summary;
pub mod tags;
pub mod users;
mod writer;

pub use writer::{Writer, WriterQueue, WriterTurn};

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::error::IamError;

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "latchkey.db";

/// Opens (creating if needed) the database in `data_dir` and applies pending migrations.
/// WAL mode, foreign keys on and a busy timeout. Commits do not wait for the disk
/// (`synchronous = NORMAL`): a write is made durable before it is acknowledged by
/// `crate::durability::GroupSync`, one fsync for all concurrent commits.
pub async fn open(data_dir: &Path) -> Result<SqlitePool, sqlx::Error> {
    let url = format!("sqlite://{}", data_dir.join(DATABASE_FILE).display());
    let options = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Rows travel from the connection's thread through a bounded channel: room for a whole
        // page (MaxItems ≤ 1,000) lets a listing cross in one go instead of waking the reader
        // and the connection's thread in turn every 50 rows.
        .row_buffer_size(1024);
    // A connection to a local file cannot go stale: no ping before each use (a round trip to
    // the connection's thread on every request).
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Writes a consistent copy of the database to `target` (`VACUUM INTO`): readers and writers
/// may go on meanwhile; the copy is the state of one moment.
pub async fn backup_into(pool: &SqlitePool, target: &str) -> sqlx::Result<()> {
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(pool)
        .await
        .map(|_| ())
}

/// Maps a database failure to AWS's generic `ServiceFailure`, logging the cause. Raw database
/// errors never reach a user.
pub fn db_error(err: sqlx::Error) -> IamError {
    tracing::error!(error = %err, "database error");
    IamError::service_failure()
}

/// Whether `err` is a unique-constraint violation (a concurrent writer won a race).
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// SQLite's boolean columns.
pub(crate) fn flag(value: bool) -> i64 {
    i64::from(value)
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    /// A fresh database in a temporary directory, kept alive by the returned guard.
    pub async fn temp_pool() -> (SqlitePool, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let pool = open(dir.path()).await.unwrap();
        (pool, dir)
    }

    /// A context over a fresh database, with a manual clock and seeded randomness.
    pub async fn test_ctx() -> (
        crate::context::Ctx,
        std::sync::Arc<crate::context::ManualClock>,
        tempfile::TempDir,
    ) {
        use crate::context::{Ctx, ManualClock, SeededRandom, Settings};
        let (pool, dir) = temp_pool().await;
        let clock = std::sync::Arc::new(ManualClock::new(
            time::macros::datetime!(2026-01-01 00:00 UTC),
        ));
        let ctx = Ctx::new(
            pool,
            clock.clone(),
            std::sync::Arc::new(SeededRandom::new(7)),
            crate::secrets::SecretCipher::from_key(&[3; 32]),
            Settings::default(),
        );
        (ctx, clock, dir)
    }

    /// Concurrent writers queue for the write lock instead of failing.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_writers_all_succeed() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = crate::ops::Principal::Root { account_id };
        let mut tasks = Vec::new();
        for i in 0..40 {
            let (ctx, root) = (ctx.clone(), root.clone());
            tasks.push(tokio::spawn(async move {
                let req = crate::ops::users::CreateUserRequest {
                    user_name: format!("c{i}"),
                    ..Default::default()
                };
                crate::ops::users::create_user(&ctx, &root, req).await
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let mut conn = ctx.pool.acquire().await.unwrap();
        assert_eq!(
            users::count(&mut conn, root.account_id()).await.unwrap(),
            40
        );
        for i in 0..5 {
            crate::ops::users::delete_user(&ctx, &root, &format!("c{i}"))
                .await
                .unwrap();
        }
        let (counted,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(counted, 35);
        assert_eq!(
            users::count(&mut conn, root.account_id()).await.unwrap(),
            35
        );
    }

    /// A write returns only after the database's WAL was synced.
    #[tokio::test]
    async fn a_write_is_on_disk_before_it_returns() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let root = crate::ops::Principal::Root { account_id };
        let before = ctx.durability.syncs();
        let req = crate::ops::users::CreateUserRequest {
            user_name: "durable".into(),
            ..Default::default()
        };
        crate::ops::users::create_user(&ctx, &root, req)
            .await
            .unwrap();
        assert_eq!(ctx.durability.syncs(), before + 1);
    }

    /// SQLite is built without its memory statistics (`.cargo/config.toml`): with them, every
    /// allocation and free takes one process-wide mutex, which the connection's thread and the
    /// runtime's workers contend for on every row.
    #[tokio::test]
    async fn sqlite_keeps_no_memory_statistics() {
        let (pool, _dir) = temp_pool().await;
        let options: Vec<(String,)> = sqlx::query_as("PRAGMA compile_options")
            .fetch_all(&pool)
            .await
            .unwrap();
        assert!(
            options.iter().any(|(o,)| o == "DEFAULT_MEMSTATUS=0"),
            "compile options: {options:?}"
        );
    }

    /// Creates an account with root `root@example.com` / `Root-Pass-1` and returns its ID.
    pub async fn test_account(ctx: &crate::context::Ctx) -> String {
        let req = crate::ops::accounts::CreateAccountRequest {
            email: "root@example.com".into(),
            password: "Root-Pass-1".into(),
            alias: Some("example".into()),
        };
        crate::ops::accounts::create_first_account(ctx, req)
            .await
            .unwrap()
            .account_id
    }

    /// A test account's root user and a new IAM user of it named `user_name`.
    pub async fn test_root_and_user(
        ctx: &crate::context::Ctx,
        user_name: &str,
    ) -> (crate::ops::Principal, crate::ops::Principal) {
        let account_id = test_account(ctx).await;
        let root = crate::ops::Principal::Root {
            account_id: account_id.clone(),
        };
        let user = crate::ops::users::create_user(
            ctx,
            &root,
            crate::ops::users::CreateUserRequest {
                user_name: user_name.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let principal = crate::ops::Principal::User {
            account_id,
            user_id: user.user_id,
            name: user.user_name,
            path: user.path,
        };
        (root, principal)
    }
}
