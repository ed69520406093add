//! The measured operations: seed the account, then drive each operation at each concurrency.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::client::{Client, element};
use crate::stats::Row;

const ATTACHABLE: [&str; 10] = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
    "arn:aws:iam::aws:policy/IAMReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonSNSReadOnlyAccess",
    "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
    "arn:aws:iam::aws:policy/AWSLambda_ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonRDSReadOnlyAccess",
];

fn seeded_user(i: usize) -> String {
    format!("bench-user-{i:05}")
}

/// Runs `requests` calls of `op` with `concurrency` clients; `op` gets the request's index.
async fn measure<F, Fut>(
    name: &str,
    concurrency: usize,
    requests: usize,
    op: F,
) -> Result<Row, String>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    let op = Arc::new(op);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (op, next) = (op.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= requests {
                    return Ok::<Vec<Duration>, String>(latencies);
                }
                let t = Instant::now();
                op(i).await?;
                latencies.push(t.elapsed());
            }
        }));
    }
    let mut latencies = Vec::with_capacity(requests);
    for worker in workers {
        latencies.extend(worker.await.map_err(|e| e.to_string())??);
    }
    Ok(Row {
        operation: name.to_owned(),
        concurrency,
        requests,
        elapsed: started.elapsed(),
        latencies,
    })
}

/// Creates the users every scenario reads.
async fn seed(client: &Client, users: usize) -> Result<(), String> {
    let client = client.clone();
    measure("seed", 16, users, move |i| {
        let client = client.clone();
        async move {
            let name = seeded_user(i);
            match client
                .call(
                    "iam",
                    &[
                        ("Action", "CreateUser"),
                        ("Version", "2010-05-08"),
                        ("UserName", &name),
                    ],
                )
                .await
            {
                Ok(_) => Ok(()),
                Err(body) if body.contains("EntityAlreadyExists") => Ok(()),
                Err(body) => Err(body),
            }
        }
    })
    .await
    .map(|_| ())
}

pub async fn run_all(
    client: &Client,
    users: usize,
    requests: usize,
    levels: &[usize],
) -> Result<Vec<Row>, String> {
    seed(client, users).await?;
    let mut rows = Vec::new();
    let run_id = time::OffsetDateTime::now_utc().unix_timestamp();
    for &concurrency in levels {
        let c = client.clone();
        rows.push(
            measure("GetUser", concurrency, requests, move |i| {
                let c = c.clone();
                async move {
                    let name = seeded_user(i % users);
                    c.call(
                        "iam",
                        &[
                            ("Action", "GetUser"),
                            ("Version", "2010-05-08"),
                            ("UserName", &name),
                        ],
                    )
                    .await
                    .map(|_| ())
                }
            })
            .await?,
        );
        // One request is one full listing: every page of 100 users, following the markers.
        let c = client.clone();
        let listings = (requests / 20).max(10);
        rows.push(
            measure(
                &format!("ListUsers (all {users}, pages of 100)"),
                concurrency,
                listings,
                move |_| {
                    let c = c.clone();
                    async move {
                        let mut marker: Option<String> = None;
                        loop {
                            let mut params = vec![
                                ("Action", "ListUsers"),
                                ("Version", "2010-05-08"),
                                ("MaxItems", "100"),
                            ];
                            let current = marker.clone();
                            if let Some(m) = &current {
                                params.push(("Marker", m));
                            }
                            let body = c.call("iam", &params).await?;
                            marker = element(&body, "Marker").map(str::to_owned);
                            if marker.is_none() {
                                return Ok(());
                            }
                        }
                    }
                },
            )
            .await?,
        );
        let c = client.clone();
        rows.push(
            measure("CreateUser", concurrency, requests, move |i| {
                let c = c.clone();
                async move {
                    let name = format!("bench-new-{run_id}-{concurrency}-{i}");
                    c.call(
                        "iam",
                        &[
                            ("Action", "CreateUser"),
                            ("Version", "2010-05-08"),
                            ("UserName", &name),
                        ],
                    )
                    .await
                    .map(|_| ())
                }
            })
            .await?,
        );
        let c = client.clone();
        rows.push(
            measure(
                "AttachUserPolicy",
                concurrency,
                requests.min(users * ATTACHABLE.len()),
                move |i| {
                    let c = c.clone();
                    async move {
                        let name = seeded_user(i % users);
                        let policy = ATTACHABLE[(i / users) % ATTACHABLE.len()];
                        c.call(
                            "iam",
                            &[
                                ("Action", "AttachUserPolicy"),
                                ("Version", "2010-05-08"),
                                ("UserName", &name),
                                ("PolicyArn", policy),
                            ],
                        )
                        .await
                        .map(|_| ())
                    }
                },
            )
            .await?,
        );
        let c = client.clone();
        rows.push(
            measure("GetCallerIdentity", concurrency, requests, move |_| {
                let c = c.clone();
                async move {
                    c.call(
                        "sts",
                        &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
                    )
                    .await
                    .map(|_| ())
                }
            })
            .await?,
        );
    }
    Ok(rows)
}
