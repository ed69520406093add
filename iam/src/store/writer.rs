//! The process's one writer: a connection of its own that every write transaction (and the
//! audit trail's appends) takes its turn on.
//!
//! SQLite lets one writer in at a time. Queued here, the next writer starts the moment the one
//! before it commits, where a writer that found SQLite's lock taken would sleep in the busy
//! handler (1, 2, 5 … ms) before trying again. Writing always on the same connection also keeps
//! its page cache warm, and takes no connection from the pool: a pooled connection costs a task
//! and a round trip to its thread each time it is given back.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::sqlite::SqliteOperation;
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::{Mutex, OwnedMappedMutexGuard, OwnedMutexGuard};

use super::db_error;
use crate::error::IamError;

/// How long a writer waits for its turn (as SQLite's busy timeout for other processes).
const WRITER_WAIT: Duration = Duration::from_secs(10);

/// The writer's connection.
#[derive(Debug)]
pub struct Writer {
    conn: SqliteConnection,
    /// A transaction was left open (its request ended before it committed): it is rolled back
    /// before the next turn begins.
    abandoned: bool,
}

impl Writer {
    /// Begins a transaction that holds SQLite's write lock at once, so it reads the latest data
    /// and cannot fail with `SQLITE_BUSY` half-way.
    pub async fn begin(&mut self) -> sqlx::Result<()> {
        // Should the caller stop waiting, the statement still runs: roll back on the next turn.
        self.abandoned = true;
        let begun = sqlx::query("BEGIN IMMEDIATE").execute(&mut self.conn).await;
        self.abandoned = false;
        begun.map(|_| ())
    }

    /// Commits the transaction `begin` opened.
    pub async fn commit(&mut self) -> sqlx::Result<()> {
        sqlx::query("COMMIT")
            .execute(&mut self.conn)
            .await
            .map(|_| ())
    }

    /// Marks the open transaction for rollback before anyone writes again.
    pub fn abandon(&mut self) {
        self.abandoned = true;
    }
}

impl Deref for Writer {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        &self.conn
    }
}

impl DerefMut for Writer {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }
}

/// Where writers wait for their turn on the writer's connection.
#[derive(Debug, Clone)]
pub struct WriterQueue {
    slot: Arc<Mutex<Option<Writer>>>,
    /// Where the connection comes from (opened on the first turn, and again after a failure).
    pool: SqlitePool,
    /// Raised when the connection changes a row a cached signing key depends on.
    key_rows_changed: Arc<AtomicBool>,
}

/// A writer's turn and its connection; the next writer's turn begins when it is dropped.
pub type WriterTurn = OwnedMappedMutexGuard<Option<Writer>, Writer>;

impl WriterQueue {
    pub fn new(pool: SqlitePool, key_rows_changed: Arc<AtomicBool>) -> Self {
        Self {
            slot: Arc::new(Mutex::new(None)),
            pool,
            key_rows_changed,
        }
    }

    /// Waits for the turn; the connection it gives is in no transaction.
    pub async fn turn(&self) -> Result<WriterTurn, IamError> {
        let mut slot = tokio::time::timeout(WRITER_WAIT, self.slot.clone().lock_owned())
            .await
            .map_err(|_| {
                tracing::error!("a writer waited too long for its turn");
                IamError::service_failure()
            })?;
        roll_back_abandoned(&mut slot).await;
        if slot.is_none() {
            let mut conn = self.pool.acquire().await.map_err(db_error)?.detach();
            watch_key_rows(&mut conn, self.key_rows_changed.clone())
                .await
                .map_err(db_error)?;
            *slot = Some(Writer {
                conn,
                abandoned: false,
            });
        }
        OwnedMutexGuard::try_map(slot, Option::as_mut).map_err(|_| IamError::service_failure())
    }

    /// Takes a turn and gives it back at once: rolls back an abandoned transaction now rather
    /// than at the next write, so SQLite's write lock is not left held meanwhile.
    pub fn clean_up_soon(&self) {
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let queue = self.clone();
            runtime.spawn(async move {
                let _ = queue.turn().await;
            });
        }
    }
}

/// Has `conn` raise `changed` whenever it changes a row that a cached signing key depends on
/// (SQLite reports every inserted, updated and deleted row with its table, on the thread that
/// runs the statement).
async fn watch_key_rows(conn: &mut SqliteConnection, changed: Arc<AtomicBool>) -> sqlx::Result<()> {
    let mut handle = conn.lock_handle().await?;
    handle.set_update_hook(move |row| {
        if signing_keys_depend_on(row.table, &row.operation) {
            changed.store(true, Ordering::Release);
        }
    });
    Ok(())
}

/// A key's status and secret are its row's; its owner is a user's ID, name and path, or an
/// account's ID. A new user or an account's counters change no key.
fn signing_keys_depend_on(table: &str, operation: &SqliteOperation) -> bool {
    match table {
        "access_keys" => true,
        "users" => !matches!(operation, SqliteOperation::Insert),
        "accounts" => !matches!(operation, SqliteOperation::Insert | SqliteOperation::Update),
        _ => false,
    }
}

/// Rolls back a transaction left open; a connection that cannot is closed (which rolls it back)
/// and replaced on this turn.
async fn roll_back_abandoned(slot: &mut Option<Writer>) {
    let Some(writer) = slot.as_mut().filter(|writer| writer.abandoned) else {
        return;
    };
    match sqlx::query("ROLLBACK").execute(&mut writer.conn).await {
        Ok(_) => writer.abandoned = false,
        Err(err) => {
            tracing::warn!(error = %err, "rolling back an abandoned write failed; reconnecting");
            *slot = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::test_ctx;

    async fn users(pool: &SqlitePool) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(pool)
            .await
            .unwrap()
    }

    /// A transaction abandoned mid-way is rolled back before the next turn, and promptly even
    /// when no one writes next: its lock does not keep other connections from writing.
    #[tokio::test]
    async fn an_abandoned_transaction_is_rolled_back_before_anyone_writes_again() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = crate::store::test_support::test_account(&ctx).await;
        let before = users(&ctx.pool).await;
        let insert = "INSERT INTO users (id, account_id, name, name_key, path, created_at) \
                      VALUES (?, ?, ?, lower(?), '/', 0)";
        {
            // A write transaction whose request ends before it commits.
            let mut tx = ctx.begin().await.unwrap();
            sqlx::query(insert)
                .bind("AIDAABANDONED0000001")
                .bind(&account_id)
                .bind("ghost")
                .bind("ghost")
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        // Another connection can take SQLite's write lock again: the rollback happened.
        let mut other = ctx.pool.acquire().await.unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut *other)
            .await
            .unwrap();
        sqlx::query("ROLLBACK").execute(&mut *other).await.unwrap();
        assert_eq!(users(&ctx.pool).await, before);

        let mut turn = ctx.writers.turn().await.unwrap();
        turn.begin().await.unwrap();
        turn.commit().await.unwrap();
    }
}
