//! `latchkey-bench`: drives SigV4-signed Query API requests against a running Latchkey (and,
//! for comparison, another IAM endpoint such as moto_server) at given concurrencies and prints
//! requests per second and p50/p99 latency per operation, side by side with the ratio.

mod client;
mod scenario;
mod stats;

use std::path::{Path, PathBuf};

use clap::Parser;

#[derive(Debug, Parser)]
#[command(about = "Load-test a Latchkey Query API endpoint with signed requests")]
struct Args {
    /// The endpoint, e.g. http://127.0.0.1:4566.
    #[arg(long)]
    endpoint: String,
    /// An access key of the account's root user.
    #[arg(long)]
    key_id: String,
    /// File holding that key's secret.
    #[arg(long)]
    secret_file: PathBuf,
    /// Users to create before measuring (ListUsers pages through all of them).
    #[arg(long, default_value_t = 1000)]
    users: usize,
    /// Groups to create before measuring.
    #[arg(long, default_value_t = 100)]
    groups: usize,
    /// Customer managed policies to create before measuring.
    #[arg(long, default_value_t = 200)]
    policies: usize,
    /// A second endpoint to load and measure the same way (e.g. moto_server).
    #[arg(long)]
    compare_endpoint: Option<String>,
    /// The access key ID for the second endpoint.
    #[arg(long, default_value = "testing")]
    compare_key_id: String,
    /// File holding that key's secret (moto accepts any).
    #[arg(long)]
    compare_secret_file: Option<PathBuf>,
    /// Names of the two endpoints in the tables.
    #[arg(long, default_value = "latchkey,moto", value_delimiter = ',')]
    labels: Vec<String>,
    /// Requests per operation and concurrency level.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Concurrent clients, comma-separated.
    #[arg(long, default_value = "1,32", value_delimiter = ',')]
    concurrency: Vec<usize>,
    /// Measure only these operations, comma-separated: get-user, list-users, create-user,
    /// attach-user-policy, get-caller-identity, heavy-get-user (all when not given), and
    /// round-trip (only when named: an unsigned GET /healthz, the floor under the others).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    match run(&args).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("latchkey-bench: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn read_secret(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path)
        .map(|secret| secret.trim().to_owned())
        .map_err(|err| format!("cannot read {}: {err}", path.display()))
}

async fn run(args: &Args) -> Result<(), String> {
    let data = scenario::Dataset {
        users: args.users,
        groups: args.groups,
        policies: args.policies,
    };
    let label = |i: usize, fallback: &str| args.labels.get(i).cloned().unwrap_or(fallback.into());
    let (first, second) = (label(0, "latchkey"), label(1, "other"));
    let client = client::Client::new(
        &args.endpoint,
        &args.key_id,
        &read_secret(&args.secret_file)?,
    );
    let rows =
        scenario::run_all(&client, data, args.requests, &args.concurrency, &args.only).await?;
    println!("## {first}\n\n{}", stats::table(&rows));
    let Some(endpoint) = &args.compare_endpoint else {
        return Ok(());
    };
    let secret = match &args.compare_secret_file {
        Some(path) => read_secret(path)?,
        None => "testing".to_owned(),
    };
    let other = client::Client::new(endpoint, &args.compare_key_id, &secret);
    let other_rows =
        scenario::run_all(&other, data, args.requests, &args.concurrency, &args.only).await?;
    println!("## {second}\n\n{}", stats::table(&other_rows));
    println!(
        "## {first} / {second}\n\n{}",
        stats::comparison_table(&first, &rows, &second, &other_rows)
    );
    Ok(())
}
