//! The audit trail's writer. Operations record their decisions while holding a write
//! transaction of their own, so the events go through a channel to one task that appends them
//! in batches, in transactions of its own during its turns on the writer's connection:
//! recording never waits for the database, and a denied request's event is kept although its
//! transaction rolls back.
//!
//! The same task records when each access key was last used: every signed API request would
//! otherwise pay for a write of its own. Readers of that information (`GetAccessKeyLastUsed`,
//! the users list, the credential report) call `flush` first, so they see every use so far.
//!
//! Every request sends at least one message, so the writer must cost next to nothing per
//! message: once a burst begins it sleeps for `GATHER` rather than waking for each message
//! (a flush wakes it early), then takes everything queued and appends each batch's events in
//! one statement.

use sqlx::SqliteConnection;
use tokio::sync::{Notify, mpsc, oneshot};

use std::collections::HashMap;
use std::sync::Arc;

use crate::context::{Clock, RequestMeta, current_request};
use crate::model::audit::{AuditEvent, AuditResult, Channel};
use crate::store::{Writer, WriterQueue};

/// Events appended in one transaction at most.
const BATCH: usize = 512;

/// How long the writer lets events gather before it writes them.
const GATHER: std::time::Duration = std::time::Duration::from_millis(10);

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
    /// Cuts the writer's gathering short when someone waits for a flush.
    flush_requested: Arc<Notify>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuditLog").finish_non_exhaustive()
    }
}

impl AuditLog {
    /// Starts the writer task, which appends during its turns on the writer's connection
    /// (needs a Tokio runtime).
    pub fn start(writers: WriterQueue, clock: Arc<dyn Clock>) -> Self {
        let (sender, receiver) = mpsc::unbounded_channel();
        let flush_requested = Arc::new(Notify::new());
        tokio::spawn(write_events(writers, receiver, flush_requested.clone()));
        Self {
            sender,
            flush_requested,
            clock,
        }
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
            self.flush_requested.notify_one();
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
    writers: WriterQueue,
    mut receiver: mpsc::UnboundedReceiver<Message>,
    flush_requested: Arc<Notify>,
) {
    let mut pending = Pending::default();
    while let Some(first) = receiver.recv().await {
        pending.take(first);
        // Let a burst gather without waking for each message, unless someone waits already.
        if pending.waiting.is_empty() {
            tokio::select! {
                () = tokio::time::sleep(GATHER) => {}
                () = flush_requested.notified() => {}
            }
        }
        loop {
            while !pending.is_full() {
                match receiver.try_recv() {
                    Ok(message) => pending.take(message),
                    Err(_) => break,
                }
            }
            let full = pending.is_full();
            pending.write(&writers).await;
            if !full {
                break;
            }
        }
    }
}

/// What the writer has taken from the channel and not yet written.
#[derive(Default)]
struct Pending {
    events: Vec<AuditEvent>,
    /// Only each key's latest use matters.
    key_uses: HashMap<String, KeyUse>,
    /// Flushes answered once what came before them is written.
    waiting: Vec<oneshot::Sender<()>>,
}

impl Pending {
    fn take(&mut self, message: Message) {
        match message {
            Message::Event(event) => self.events.push(*event),
            Message::KeyUse(used) => {
                self.key_uses.insert(used.key_id.clone(), used);
            }
            Message::Flush(done) => self.waiting.push(done),
        }
    }

    fn is_full(&self) -> bool {
        self.events.len() + self.key_uses.len() >= BATCH
    }

    /// Writes everything taken in one transaction, then answers the flushes.
    async fn write(&mut self, writers: &WriterQueue) {
        if !self.events.is_empty() || !self.key_uses.is_empty() {
            // Its turn is logged by `take_turn` when it does not come.
            if let Ok(mut writer) = writers.take_turn().await
                && let Err(err) = append(&mut writer, &self.events, self.key_uses.values()).await
            {
                tracing::error!(error = %err, events = self.events.len(), "writing the audit trail failed");
            }
            self.events.clear();
            self.key_uses.clear();
        }
        for done in self.waiting.drain(..) {
            let _ = done.send(());
        }
    }
}

/// Appends on the writer's connection in one transaction. It commits without waiting for the
/// disk (`synchronous = NORMAL`): the trail survives a crash of the process, and the next IAM
/// write's sync makes it durable on disk too, while reads that only leave a trail never wait
/// for an fsync. A failed append is rolled back.
async fn append(
    writer: &mut Writer,
    events: &[AuditEvent],
    key_uses: impl Iterator<Item = &KeyUse>,
) -> sqlx::Result<()> {
    writer.begin().await?;
    match insert(writer, events, key_uses).await {
        Ok(()) => writer.commit().await,
        Err(err) => {
            writer.roll_back().await;
            Err(err)
        }
    }
}

async fn insert(
    conn: &mut SqliteConnection,
    events: &[AuditEvent],
    key_uses: impl Iterator<Item = &KeyUse>,
) -> sqlx::Result<()> {
    crate::store::audit_events::insert_all(conn, events).await?;
    for used in key_uses {
        crate::store::access_keys::record_use(
            conn,
            &used.key_id,
            used.at,
            &used.region,
            &used.service,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::test_support::{test_account, test_ctx};

    fn event(account_id: &str, n: usize) -> AuditEvent {
        AuditEvent {
            account_id: account_id.to_owned(),
            event_time: 1_767_225_600,
            principal_arn: format!("arn:aws:iam::{account_id}:root"),
            action: "iam:GetUser".into(),
            resource: format!("arn:aws:iam::{account_id}:user/u{n}"),
            result: AuditResult::Allowed,
            reason: None,
            source_ip: Some("192.0.2.1".into()),
            user_agent: Some("test".into()),
            request_id: Some(format!("req-{n}")),
            channel: Channel::Api,
        }
    }

    /// A burst larger than one batch is written whole and in order, a flush sees all of it,
    /// and an event of an account that does not exist is dropped without losing the others.
    #[tokio::test]
    async fn a_burst_over_several_batches_is_written_whole_before_a_flush_returns() {
        let (ctx, _, _dir) = test_ctx().await;
        let account_id = test_account(&ctx).await;
        let burst = BATCH * 2 + 7;
        for n in 0..burst {
            ctx.audit.record(event(&account_id, n));
            if n == BATCH {
                ctx.audit.record(event("999999999999", n));
            }
        }
        ctx.audit.flush().await;
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT account_id, request_id FROM audit_events
                 WHERE action = 'iam:GetUser' ORDER BY id",
        )
        .fetch_all(&ctx.pool)
        .await
        .unwrap();
        assert_eq!(rows.len(), burst);
        assert!(rows.iter().all(|(account, _)| *account == account_id));
        let expected: Vec<String> = (0..burst).map(|n| format!("req-{n}")).collect();
        let written: Vec<String> = rows.into_iter().map(|(_, request)| request).collect();
        assert_eq!(written, expected);
    }
}
