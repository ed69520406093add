//! The executor of the console's server-side tasks. Leptos runs the data loads of a page render
//! on spawned tasks; a plain `tokio::spawn` would drop the request's facts (source address,
//! user agent, request ID, audit trail), so policy conditions and the audit trail would not see
//! them. This executor carries the facts of the spawning request into every task it spawns.

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use iam::context::{request_in_scope, with_request};

struct RequestScopedExecutor;

impl CustomExecutor for RequestScopedExecutor {
    fn spawn(&self, fut: PinnedFuture<()>) {
        match request_in_scope() {
            Some(meta) => tokio::spawn(with_request(meta, fut)),
            None => tokio::spawn(fut),
        };
    }

    fn spawn_local(&self, fut: PinnedLocalFuture<()>) {
        match request_in_scope() {
            Some(meta) => tokio::task::spawn_local(with_request(meta, fut)),
            None => tokio::task::spawn_local(fut),
        };
    }

    fn poll_local(&self) {}
}

/// Installs the executor for the process (before Leptos would install plain Tokio); later
/// calls change nothing.
pub fn install() {
    let _ = Executor::init_custom_executor(RequestScopedExecutor);
}

#[cfg(test)]
mod tests {
    use super::*;
    use iam::context::{RequestMeta, current_request};

    #[tokio::test]
    async fn spawned_tasks_keep_the_request_facts() {
        install();
        let meta = RequestMeta {
            source_ip: Some("198.51.100.20".into()),
            request_id: Some("req-spawned".into()),
            ..RequestMeta::default()
        };
        let (sender, receiver) = tokio::sync::oneshot::channel();
        with_request(meta, async move {
            Executor::spawn(async move {
                let _ = sender.send(current_request());
            });
        })
        .await;
        let seen = receiver.await.unwrap();
        assert_eq!(seen.source_ip.as_deref(), Some("198.51.100.20"));
        assert_eq!(seen.request_id.as_deref(), Some("req-spawned"));
    }
}
