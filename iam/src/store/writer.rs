//! The process's one writer: a connection of its own that every write transaction (and the
//! audit trail's appends) takes its turn on.
//!
//! SQLite lets one writer in at a time. Queued here, the next writer starts the moment the one
//! before it commits, where a writer that found SQLite's lock taken would sleep in the busy
//! handler (1, 2, 5 … ms) before trying again. Writing always on the same connection also keeps
//! its page cache warm, and takes no connection from the pool: a pooled connection costs a task
//! and a round trip to its thread each time it is given back.
//!
//! Each statement is a round trip to the connection's thread, and under load each costs about
//! as much as the statement's work: a commit with a writer waiting therefore begins that
//! writer's transaction in the same trip (`COMMIT; BEGIN IMMEDIATE`).

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
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
    /// The last commit began the next writer's transaction, which `begin` takes over.
    begun_ahead: bool,
    /// Writers waiting for their turn (the queue's count).
    waiting: Arc<AtomicUsize>,
}

impl Writer {
    /// Begins a transaction that holds SQLite's write lock at once, so it reads the latest data
    /// and cannot fail with `SQLITE_BUSY` half-way; or takes over the one the commit before
    /// began for this turn.
    pub async fn begin(&mut self) -> sqlx::Result<()> {
        if std::mem::take(&mut self.begun_ahead) {
            return Ok(());
        }
        // Should the caller stop waiting, the statement still runs: roll back on the next turn.
        self.abandoned = true;
        let begun = sqlx::query("BEGIN IMMEDIATE").execute(&mut self.conn).await;
        self.abandoned = false;
        begun.map(|_| ())
    }

    /// Commits the transaction `begin` opened, and begins the next one when a writer waits for
    /// its turn. A commit that fails leaves its transaction to be rolled back.
    pub async fn commit(&mut self) -> sqlx::Result<()> {
        // Should the caller stop waiting, or the commit fail, roll back on the next turn.
        self.abandoned = true;
        if self.waiting.load(Ordering::Acquire) == 0 {
            sqlx::query("COMMIT").execute(&mut self.conn).await?;
            self.abandoned = false;
            return Ok(());
        }
        let mut results = sqlx::raw_sql("COMMIT; BEGIN IMMEDIATE").execute_many(&mut self.conn);
        let committed = results.next().await;
        // The second statement runs only when the first succeeded.
        let begun = results.next().await;
        drop(results);
        match committed {
            Some(Ok(_)) => self.abandoned = false,
            Some(Err(err)) => return Err(err),
            None => return Err(sqlx::Error::WorkerCrashed),
        }
        match begun {
            Some(Ok(_)) => self.begun_ahead = true,
            Some(Err(err)) => {
                tracing::warn!(error = %err, "beginning the next write failed; it begins itself")
            }
            None => {}
        }
        Ok(())
    }

    /// Rolls back the open transaction now; one that cannot be is rolled back on the next turn.
    pub async fn roll_back(&mut self) {
        self.abandoned = true;
        if sqlx::query("ROLLBACK")
            .execute(&mut self.conn)
            .await
            .is_ok()
        {
            self.abandoned = false;
            self.begun_ahead = false;
        }
    }

    /// Marks the open transaction for rollback before anyone writes again.
    pub fn abandon(&mut self) {
        self.abandoned = true;
    }

    /// Whether the last commit began a transaction for the next writer.
    #[cfg(test)]
    pub fn begun_ahead(&self) -> bool {
        self.begun_ahead
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
    /// Writers waiting in `turn`.
    waiting: Arc<AtomicUsize>,
}

/// A writer's turn and its connection; the next writer's turn begins when it is dropped.
pub type WriterTurn = OwnedMappedMutexGuard<Option<Writer>, Writer>;

impl WriterQueue {
    pub fn new(pool: SqlitePool, key_rows_changed: Arc<AtomicBool>) -> Self {
        Self {
            slot: Arc::new(Mutex::new(None)),
            pool,
            key_rows_changed,
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The count of writers waiting for their turn.
    pub fn waiting_writers(&self) -> Arc<AtomicUsize> {
        self.waiting.clone()
    }

    /// Waits for the turn, to begin a transaction on its connection (`Writer::begin`) whose
    /// commit will be made durable (`crate::durability`).
    pub async fn turn(&self) -> Result<WriterTurn, IamError> {
        let mut waiting = Waiting::enter(self);
        let turn = self.take_turn().await;
        waiting.served = turn.is_ok();
        turn
    }

    /// Waits for the turn without being counted among the waiting writers: no commit begins a
    /// transaction for it or holds its fsync back for it (the audit trail's appends, which wait
    /// for no fsync).
    pub async fn take_turn(&self) -> Result<WriterTurn, IamError> {
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
                begun_ahead: false,
                waiting: self.waiting.clone(),
            });
        }
        OwnedMutexGuard::try_map(slot, Option::as_mut).map_err(|_| IamError::service_failure())
    }

    /// Takes a turn and gives it back at once: rolls back an abandoned transaction, or one begun
    /// for a writer that stopped waiting, now rather than at the next write, so SQLite's write
    /// lock is not left held meanwhile.
    pub fn clean_up_soon(&self) {
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let queue = self.clone();
            runtime.spawn(async move {
                if let Ok(mut writer) = queue.take_turn().await
                    && writer.begun_ahead
                {
                    writer.roll_back().await;
                }
            });
        }
    }
}

/// A writer counted as waiting for its turn. One that stops waiting, or does not get its turn,
/// may have had a transaction begun for it: the queue cleans up after it.
struct Waiting<'a> {
    queue: &'a WriterQueue,
    served: bool,
}

impl<'a> Waiting<'a> {
    fn enter(queue: &'a WriterQueue) -> Self {
        queue.waiting.fetch_add(1, Ordering::AcqRel);
        Self {
            queue,
            served: false,
        }
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.queue.waiting.fetch_sub(1, Ordering::AcqRel);
        if !self.served {
            self.queue.clean_up_soon();
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
        Ok(_) => {
            writer.abandoned = false;
            writer.begun_ahead = false;
        }
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

    async fn insert_user(conn: &mut SqliteConnection, account_id: &str, name: &str) {
        sqlx::query(
            "INSERT INTO users (id, account_id, name, name_key, path, created_at) \
             VALUES (?, ?, ?, lower(?), '/', 0)",
        )
        .bind(format!("AIDA{name:0>16}").to_uppercase())
        .bind(account_id)
        .bind(name)
        .bind(name)
        .execute(conn)
        .await
        .unwrap();
    }

    /// Lets spawned tasks run until `queue` counts `n` writers waiting.
    async fn until_waiting(queue: &WriterQueue, n: usize) {
        while queue.waiting.load(Ordering::Acquire) != n {
            tokio::task::yield_now().await;
        }
    }

    /// Whether the writer's connection is inside a transaction (a plain `BEGIN` fails there).
    async fn in_transaction(writer: &mut Writer) -> bool {
        match sqlx::query("BEGIN").execute(&mut **writer).await {
            Ok(_) => {
                sqlx::query("ROLLBACK")
                    .execute(&mut **writer)
                    .await
                    .unwrap();
                false
            }
            Err(_) => true,
        }
    }

    /// A commit with a writer waiting begins that writer's transaction in the same trip, and the
    /// writer takes it over: both writes land, and the last commit, with no one waiting, leaves
    /// no transaction open.
    #[tokio::test]
    async fn a_commit_with_a_writer_waiting_begins_the_next_transaction() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = crate::store::test_support::test_account(&ctx).await;
        let before = users(&ctx.pool).await;
        let queue = ctx.writers.clone();
        let mut first = queue.turn().await.unwrap();
        first.begin().await.unwrap();
        insert_user(&mut first, &account_id, "first").await;

        let (next_queue, next_account) = (queue.clone(), account_id.clone());
        let next = tokio::spawn(async move {
            let mut writer = next_queue.turn().await.unwrap();
            writer.begin().await.unwrap();
            insert_user(&mut writer, &next_account, "second").await;
            writer.commit().await.unwrap();
            writer.begun_ahead()
        });
        until_waiting(&queue, 1).await;
        first.commit().await.unwrap();
        assert!(first.begun_ahead());
        drop(first);
        assert!(!next.await.unwrap(), "no one waited for the last commit");

        assert_eq!(users(&ctx.pool).await, before + 2);
        let mut writer = queue.take_turn().await.unwrap();
        assert!(!in_transaction(&mut writer).await);
    }

    /// A transaction begun for a writer that stopped waiting is rolled back soon, without
    /// anyone writing next, so SQLite's write lock is not left held.
    #[tokio::test]
    async fn a_transaction_begun_for_a_writer_that_stopped_waiting_is_rolled_back() {
        let (ctx, _, _dir) = test_ctx().await;
        let queue = ctx.writers.clone();
        let mut first = queue.turn().await.unwrap();
        first.begin().await.unwrap();
        let next_queue = queue.clone();
        let next = tokio::spawn(async move {
            let _writer = next_queue.turn().await;
            std::future::pending::<()>().await;
        });
        until_waiting(&queue, 1).await;
        first.commit().await.unwrap();
        assert!(first.begun_ahead());
        // The waiting writer's request ends before its turn comes.
        next.abort();
        assert!(next.await.unwrap_err().is_cancelled());
        drop(first);
        // The clean-up queued for its turn when the writer stopped waiting: this turn comes after.
        tokio::task::yield_now().await;
        let mut writer = queue.take_turn().await.unwrap();
        assert!(!writer.begun_ahead());
        assert!(!in_transaction(&mut writer).await);
    }
}
