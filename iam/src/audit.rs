//! The audit trail's writer. Operations record their decisions while holding a write
//! transaction of their own, so the events go through a channel to one task that appends them
//! in batches on its own connection: recording never waits for the database, and a denied
//! request's event is kept although its transaction rolls back.

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use std::sync::Arc;

use crate::context::{Clock, RequestMeta, current_request};
use crate::model::audit::{AuditEvent, AuditResult, Channel};

/// Events appended in one transaction at most.
const BATCH: usize = 512;

enum Message {
    Event(Box<AuditEvent>),
    Flush(oneshot::Sender<()>),
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
    pub fn start(pool: SqlitePool, clock: Arc<dyn Clock>) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        tokio::spawn(write_events(pool, receiver));
        Self { sender, clock }
    }

    pub fn record(&self, event: AuditEvent) {
        if self.sender.send(Message::Event(Box::new(event))).is_err() {
            tracing::error!("the audit trail writer has stopped; an event was not recorded");
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

async fn write_events(pool: SqlitePool, mut receiver: mpsc::UnboundedReceiver<Message>) {
    let mut batch = Vec::with_capacity(BATCH);
    let mut waiting = Vec::new();
    while let Some(first) = receiver.recv().await {
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Event(event) => batch.push(*event),
                Message::Flush(done) => waiting.push(done),
            }
            if batch.len() < BATCH {
                next = receiver.try_recv().ok();
            }
        }
        if !batch.is_empty() {
            if let Err(err) = append(&pool, &batch).await {
                tracing::error!(error = %err, events = batch.len(), "writing the audit trail failed");
            }
            batch.clear();
        }
        for done in waiting.drain(..) {
            let _ = done.send(());
        }
    }
}

async fn append(pool: &SqlitePool, events: &[AuditEvent]) -> sqlx::Result<()> {
    let mut tx = crate::store::begin_write(pool).await?;
    crate::store::audit_events::insert_all(&mut tx, events).await?;
    tx.commit().await
}
