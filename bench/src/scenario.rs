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

/// The data both servers hold before anything is measured.
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    pub users: usize,
    pub groups: usize,
    pub policies: usize,
}

/// Groups the heavy caller belongs to (IAM's quota), each with this many policies attached.
const HEAVY_GROUPS: usize = 10;
const HEAVY_POLICIES_PER_GROUP: usize = 10;
const HEAVY_USER: &str = "bench-heavy-caller";

fn group_name(g: usize) -> String {
    format!("bench-group-{g:03}")
}

fn policy_name(p: usize) -> String {
    format!("bench-policy-{p:03}")
}

/// A customer managed policy of a few statements, as real ones look.
fn policy_document(p: usize) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Sid":"Read","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}},{{"Sid":"OwnKeys{p}","Effect":"Allow","Action":["iam:CreateAccessKey","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::*:user/bench-user-{p:05}"}},{{"Sid":"NoPasswordPolicy","Effect":"Deny","Action":"iam:DeleteAccountPasswordPolicy","Resource":"*","Condition":{{"StringEquals":{{"aws:PrincipalTag/team":"bench-{p}"}}}}}}]}}"#
    )
}

/// Tolerates what an earlier seeding left behind.
fn created(result: Result<String, String>) -> Result<(), String> {
    match result {
        Ok(_) => Ok(()),
        Err(body) if body.contains("EntityAlreadyExists") => Ok(()),
        Err(body) => Err(body),
    }
}

/// Runs `count` seeding calls built by `call` with 16 clients.
async fn seed_step<F, Fut>(count: usize, call: F) -> Result<(), String>
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    if count == 0 {
        return Ok(());
    }
    measure("seed", 16, count, call).await.map(|_| ())
}

/// Loads the dataset: users, customer managed policies, groups with two policies each (ten for
/// the heavy caller's groups), every user in one group with one policy of its own, and the
/// heavy caller in ten groups of ten policies. Returns a client signed as the heavy caller.
pub async fn seed(client: &Client, data: Dataset) -> Result<Client, String> {
    let identity = client
        .call(
            "sts",
            &[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
        )
        .await?;
    let account = element(&identity, "Account")
        .ok_or("GetCallerIdentity named no account")?
        .to_owned();
    let policy_arn = move |p: usize| format!("arn:aws:iam::{account}:policy/{}", policy_name(p));

    let c = client.clone();
    seed_step(data.users, move |i| {
        let c = c.clone();
        async move {
            let name = seeded_user(i);
            created(
                c.call(
                    "iam",
                    &[
                        ("Action", "CreateUser"),
                        ("Version", "2010-05-08"),
                        ("UserName", &name),
                    ],
                )
                .await,
            )
        }
    })
    .await?;
    let c = client.clone();
    seed_step(data.policies, move |p| {
        let c = c.clone();
        async move {
            let (name, document) = (policy_name(p), policy_document(p));
            created(
                c.call(
                    "iam",
                    &[
                        ("Action", "CreatePolicy"),
                        ("Version", "2010-05-08"),
                        ("PolicyName", &name),
                        ("PolicyDocument", &document),
                    ],
                )
                .await,
            )
        }
    })
    .await?;
    let c = client.clone();
    seed_step(data.groups, move |g| {
        let c = c.clone();
        async move {
            let name = group_name(g);
            created(
                c.call(
                    "iam",
                    &[
                        ("Action", "CreateGroup"),
                        ("Version", "2010-05-08"),
                        ("GroupName", &name),
                    ],
                )
                .await,
            )
        }
    })
    .await?;
    // Group g < 10 gets ten policies, the others two; policies wrap around the dataset's.
    let heavy_groups = HEAVY_GROUPS.min(data.groups);
    let attachments: Vec<(usize, usize)> = (0..data.groups)
        .flat_map(|g| {
            let per_group = if g < heavy_groups {
                HEAVY_POLICIES_PER_GROUP
            } else {
                2
            };
            (0..per_group)
                .map(move |k| (g, (g * HEAVY_POLICIES_PER_GROUP + k) % data.policies.max(1)))
        })
        .filter(|_| data.policies > 0)
        .collect();
    let attachments = Arc::new(attachments);
    let (c, arn, list) = (client.clone(), policy_arn.clone(), attachments.clone());
    seed_step(attachments.len(), move |i| {
        let (c, arn, list) = (c.clone(), arn.clone(), list.clone());
        async move {
            let (g, p) = list[i];
            let (group, policy) = (group_name(g), arn(p));
            c.call(
                "iam",
                &[
                    ("Action", "AttachGroupPolicy"),
                    ("Version", "2010-05-08"),
                    ("GroupName", &group),
                    ("PolicyArn", &policy),
                ],
            )
            .await
            .map(|_| ())
        }
    })
    .await?;
    let (c, arn) = (client.clone(), policy_arn.clone());
    let groups = data.groups;
    let policies = data.policies;
    seed_step(if groups > 0 { data.users } else { 0 }, move |i| {
        let (c, arn) = (c.clone(), arn.clone());
        async move {
            let (user, group) = (seeded_user(i), group_name(i % groups));
            c.call(
                "iam",
                &[
                    ("Action", "AddUserToGroup"),
                    ("Version", "2010-05-08"),
                    ("GroupName", &group),
                    ("UserName", &user),
                ],
            )
            .await?;
            if policies > 0 {
                let policy = arn(i % policies);
                c.call(
                    "iam",
                    &[
                        ("Action", "AttachUserPolicy"),
                        ("Version", "2010-05-08"),
                        ("UserName", &user),
                        ("PolicyArn", &policy),
                    ],
                )
                .await?;
            }
            Ok(())
        }
    })
    .await?;

    created(
        client
            .call(
                "iam",
                &[
                    ("Action", "CreateUser"),
                    ("Version", "2010-05-08"),
                    ("UserName", HEAVY_USER),
                ],
            )
            .await,
    )?;
    for g in 0..heavy_groups {
        let group = group_name(g);
        client
            .call(
                "iam",
                &[
                    ("Action", "AddUserToGroup"),
                    ("Version", "2010-05-08"),
                    ("GroupName", &group),
                    ("UserName", HEAVY_USER),
                ],
            )
            .await?;
    }
    let key = client
        .call(
            "iam",
            &[
                ("Action", "CreateAccessKey"),
                ("Version", "2010-05-08"),
                ("UserName", HEAVY_USER),
            ],
        )
        .await?;
    let key_id = element(&key, "AccessKeyId").ok_or("CreateAccessKey returned no key")?;
    let secret = element(&key, "SecretAccessKey").ok_or("CreateAccessKey returned no secret")?;
    Ok(client.signed_as(key_id, secret))
}

/// The heavy caller's operation: authorization over 10 groups × 10 policies.
pub const HEAVY_OPERATION: &str = "GetUser by a user in 10 groups × 10 policies";

/// The operations measured after all the others.
const WRITE_OPERATIONS: [&str; 2] = ["create-user", "attach-user-policy"];

/// The floor's row: what a request costs with no work behind it.
const ROUND_TRIP: &str = "Round trip alone (unsigned GET /healthz)";

pub async fn run_all(
    client: &Client,
    data: Dataset,
    requests: usize,
    levels: &[usize],
    only: &[String],
) -> Result<Vec<Row>, String> {
    let wanted = |key: &str| only.is_empty() || only.iter().any(|o| o == key);
    let heavy = seed(client, data).await?;
    let users = data.users;
    let mut rows = Vec::new();
    let run_id = time::OffsetDateTime::now_utc().unix_timestamp();
    // Reads at every level first, then writes: the users a write run creates would otherwise be
    // paged through by every later listing.
    for writes in [false, true] {
        for &concurrency in levels {
            let run = |key: &str| wanted(key) && WRITE_OPERATIONS.contains(&key) == writes;
            if run("get-user") {
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
            }
            // One request is one full listing: every page of 100 users, following the markers.
            if run("list-users") {
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
            }
            if run("create-user") {
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
            }
            if run("attach-user-policy") {
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
            }
            if run("get-caller-identity") {
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
            if run("heavy-get-user") {
                let c = heavy.clone();
                rows.push(
                    measure(HEAVY_OPERATION, concurrency, requests, move |_| {
                        let c = c.clone();
                        async move {
                            c.call(
                                "iam",
                                &[
                                    ("Action", "GetUser"),
                                    ("Version", "2010-05-08"),
                                    ("UserName", HEAVY_USER),
                                ],
                            )
                            .await
                            .map(|_| ())
                        }
                    })
                    .await?,
                );
            }
            // Asked for by name only: the floor under every row above, an unsigned request that
            // does no work, through the same client and the server's HTTP layer.
            if !writes && only.iter().any(|o| o == "round-trip") {
                let c = client.clone();
                rows.push(
                    measure(ROUND_TRIP, concurrency, requests, move |_| {
                        let c = c.clone();
                        async move { c.get("/healthz").await }
                    })
                    .await?,
                );
            }
        }
    }
    Ok(rows)
}
