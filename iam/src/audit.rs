//! The audit trail's writer. Operations record their decisions while holding a write
//! transaction of their own, so the events go through a channel to one task that appends them
//! in batches on its own connection: recording never waits for the database, and a denied
//! request's event is kept although its transaction rolls back.
//!
//! The same task records when each access key was last used: every signed API request would
//! otherwise pay for a write of its own. Readers of that information (`GetAccessKeyLastUsed`,
//! the users list, the credential report) call `flush` first, so they see every use so far.

use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

use std::collections::HashMap;
use std::sync::Arc;

use crate::context::{Clock, RequestMeta, current_request};
use crate::model::audit::{AuditEvent, AuditResult, Channel};
use crate::store::WriterQueue;

/// Events appended in one transaction at most.
const BATCH: usize = 512;

/// How long the writer lets events gather before it writes them.
const GATHER: std::time::Duration = std::time::Duration::from_millis(5);

enum Message {
    Event(Box<AuditEvent>),
    KeyUse(KeyUse),
    Flush(oneshot::Sender<()>),
}

/// One signed request's key, where and when it was used.
struct KeyUse {
    key_id: String,
    at: i64,
    region: String,
    service: String,
}

/// The handle operations record through.
#[derive(Clone)]
pub struct AuditLog {
    sender: mpsc::UnboundedSender<Message>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog").finish_non_exhaustive()
    }
}

impl AuditLog {
    /// Starts the writer task on `pool` (needs a Tokio runtime).
    pub fn start(pool: SqlitePool, writers: WriterQueue, clock: Arc<dyn Clock>) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(write_events(pool, writers, receiver));
        Self { sender, clock }
    }

    pub fn record(&self, event: AuditEvent) {
        if self.sender.send(Message::Event(Box::new(event))).is_err() {
            tracing::error!("the audit trail writer has stopped; an event was not recorded");
        }
    }

    /// Records that `key_id` signed a request now, for `region` and `service`.
    pub fn key_used(&self, key_id: &str, region: &str, service: &str) {
        let used = KeyUse {
            key_id: key_id.to_owned(),
            at: self.clock.now().unix_timestamp(),
            region: region.to_owned(),
            service: service.to_owned(),
        };
        if self.sender.send(Message::KeyUse(used)).is_err() {
            tracing::error!("the audit trail writer has stopped; a key use was not recorded");
        }
    }

    /// Records a decision about the current request (its source, user agent, request ID and
    /// channel come from the request's facts).
    pub fn decision(&self, decision: Decision<'_>) {
        let RequestMeta {
            source_ip,
            user_agent,
            request_id,
            channel,
            ..
        } = current_request();
        self.record(AuditEvent {
            account_id: decision.account_id.to_owned(),
            event_time: self.clock.now().unix_timestamp(),
            principal_arn: decision.principal_arn.to_owned(),
            action: decision.action.to_owned(),
            resource: decision.resource.to_owned(),
            result: if decision.denial.is_some() {
                AuditResult::Denied
            } else {
                AuditResult::Allowed
            },
            reason: decision.denial.map(str::to_owned),
            source_ip,
            user_agent,
            request_id,
            channel: channel.unwrap_or(Channel::Console),
        });
    }

    /// Waits until every event recorded so far is in the database.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.sender.send(Message::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }
}

/// What `AuditLog::decision` records.
pub struct Decision<'a> {
    pub account_id: &'a str,
    pub principal_arn: &'a str,
    pub action: &'a str,
    pub resource: &'a str,
    /// The denial's message; `None` when allowed.
    pub denial: Option<&'a str>,
}

async fn write_events(
    pool: SqlitePool,
    writers: WriterQueue,
    mut receiver: mpsc::UnboundedReceiver<Message>,
) {
    let mut batch = Vec::with_capacity(BATCH);
    // Only each key's latest use matters.
    let mut key_uses: HashMap<String, KeyUse> = HashMap::new();
    let mut waiting = Vec::new();
    let mut connection = None;
    while let Some(first) = receiver.recv().await {
        // Let a burst gather into one transaction, until GATHER has passed, the batch is full
        // or someone waits for a flush.
        let deadline = tokio::time::Instant::now() + GATHER;
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Event(event) => batch.push(*event),
                Message::KeyUse(used) => {
                    key_uses.insert(used.key_id.clone(), used);
                }
                Message::Flush(done) => waiting.push(done),
            }
            if batch.len() + key_uses.len() >= BATCH {
                break;
            }
            next = if !waiting.is_empty() {
                receiver.try_recv().ok()
            } else {
                tokio::time::timeout_at(deadline, receiver.recv())
                    .await
                    .ok()
                    .flatten()
            };
        }
        if !batch.is_empty() || !key_uses.is_empty() {
            // Its turn is logged by `turn` when it does not come.
            if let Ok(_turn) = writers.turn().await
                && let Err(err) = append(&pool, &mut connection, &batch, key_uses.values()).await
            {
                tracing::error!(error = %err, events = batch.len(), "writing the audit trail failed");
                connection = None;
            }
            batch.clear();
            key_uses.clear();
        }
        for done in waiting.drain(..) {
            let _ = done.send(());
        }
    }
}

/// Appends on the writer's own connection, opened on first use. It commits without waiting for
/// the disk (`synchronous = NORMAL`): the trail survives a crash of the process, and the next
/// IAM write's sync makes it durable on disk too, while reads that only leave a trail never
/// wait for an fsync.
async fn append(
    pool: &SqlitePool,
    connection: &mut Option<SqliteConnection>,
    events: &[AuditEvent],
    key_uses: impl Iterator<Item = &KeyUse>,
) -> sqlx::Result<()> {
    let conn = match connection {
        Some(conn) => conn,
        None => {
            let mut conn = pool.acquire().await?.detach();
            sqlx::query("PRAGMA synchronous = NORMAL")
                .execute(&mut conn)
                .await?;
            connection.insert(conn)
        }
    };
    let mut tx = crate::store::begin_write_on(conn).await?;
    crate::store::audit_events::insert_all(&mut tx, events).await?;
    for used in key_uses {
        crate::store::access_keys::record_use(
            &mut tx,
            &used.key_id,
            used.at,
            &used.region,
            &used.service,
        )
        .await?;
    }
    tx.commit().await
}
