//! `latchkey-bench`: drives SigV4-signed Query API requests against a running Latchkey at a
//! given concurrency and prints requests per second and p50/p99 latency per operation.

mod client;
mod scenario;
mod stats;

use std::path::PathBuf;

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
    /// Requests per operation and concurrency level.
    #[arg(long, default_value_t = 2000)]
    requests: usize,
    /// Concurrent clients, comma-separated.
    #[arg(long, default_value = "1,32", value_delimiter = ',')]
    concurrency: Vec<usize>,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let secret = match std::fs::read_to_string(&args.secret_file) {
        Ok(secret) => secret.trim().to_owned(),
        Err(err) => {
            eprintln!(
                "latchkey-bench: cannot read {}: {err}",
                args.secret_file.display()
            );
            return std::process::ExitCode::FAILURE;
        }
    };
    let client = client::Client::new(&args.endpoint, &args.key_id, &secret);
    match scenario::run_all(&client, args.users, args.requests, &args.concurrency).await {
        Ok(rows) => {
            println!("{}", stats::table(&rows));
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("latchkey-bench: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
