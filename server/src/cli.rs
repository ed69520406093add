//! The command line: every flag also reads a `LATCHKEY_*` environment variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "latchkey",
    version,
    about = "A self-hosted AWS IAM: the IAM console and the IAM/STS Query API on one port."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the console and the Query API.
    Serve(Box<ServeArgs>),
    /// Write a consistent copy of the database to FILE, also while the server runs.
    Backup(BackupArgs),
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The data directory whose database to copy.
    #[arg(long, env = "LATCHKEY_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Where to write the copy (must not exist yet).
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. 4566 is the port local AWS endpoints usually use.
    #[arg(long, env = "LATCHKEY_LISTEN", default_value = "127.0.0.1:4566")]
    pub listen: SocketAddr,

    /// Directory for the database and the secret key file (created if missing).
    #[arg(long, env = "LATCHKEY_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// The key file that encrypts secret access keys at rest (default: DATA_DIR/secret.key).
    #[arg(long, env = "LATCHKEY_KEY_FILE")]
    pub key_file: Option<PathBuf>,

    /// The directory of the console's static site (JS, WASM, CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// The 12-digit ID of the first account, instead of a random one.
    #[arg(long, env = "LATCHKEY_ACCOUNT_ID")]
    pub account_id: Option<String>,

    /// Root email of an account to create at start (with --bootstrap-root-password-file).
    #[arg(
        long,
        env = "LATCHKEY_BOOTSTRAP_ROOT_EMAIL",
        requires = "bootstrap_root_password_file"
    )]
    pub bootstrap_root_email: Option<String>,

    /// File holding the bootstrap root user's password.
    #[arg(
        long,
        env = "LATCHKEY_BOOTSTRAP_ROOT_PASSWORD_FILE",
        requires = "bootstrap_root_email"
    )]
    pub bootstrap_root_password_file: Option<PathBuf>,

    /// Access key ID to give the bootstrap root user (with --bootstrap-root-secret-access-key-file).
    #[arg(
        long,
        env = "LATCHKEY_BOOTSTRAP_ROOT_ACCESS_KEY_ID",
        requires_all = ["bootstrap_root_secret_access_key_file", "bootstrap_root_email"]
    )]
    pub bootstrap_root_access_key_id: Option<String>,

    /// File holding the bootstrap root access key's secret.
    #[arg(
        long,
        env = "LATCHKEY_BOOTSTRAP_ROOT_SECRET_ACCESS_KEY_FILE",
        requires = "bootstrap_root_access_key_id"
    )]
    pub bootstrap_root_secret_access_key_file: Option<PathBuf>,

    /// Mark console cookies Secure (set when users reach Latchkey over HTTPS through a proxy;
    /// implied by --tls-cert).
    #[arg(long, env = "LATCHKEY_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Serve HTTPS with this PEM certificate chain (with --tls-key).
    #[arg(long, env = "LATCHKEY_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The PEM private key of --tls-cert.
    #[arg(long, env = "LATCHKEY_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Query API requests each access key may make per second (bursts up to twice as many);
    /// beyond it requests get AWS's `Throttling` error. 0 turns the limit off.
    #[arg(long, env = "LATCHKEY_API_RATE_LIMIT", default_value_t = 1000)]
    pub api_rate_limit: u32,

    /// How many users an account may hold (AWS's default quota is 5000).
    #[arg(long, env = "LATCHKEY_USERS_QUOTA", default_value_t = 5000)]
    pub users_quota: u32,

    /// The URL clients reach Latchkey at (default: http, or https with --tls-cert, and the
    /// listen address). Outbound web identity federation names its token issuers under it.
    #[arg(long, env = "LATCHKEY_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Log format.
    #[arg(long, env = "LATCHKEY_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// Structured logs to stderr; `RUST_LOG` filters (default `info`).
pub fn init_tracing(format: &LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse() {
        let cli = Cli::try_parse_from([
            "latchkey",
            "serve",
            "--listen",
            "127.0.0.1:9999",
            "--data-dir",
            "/tmp/x",
        ])
        .unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("serve")
        };
        assert_eq!(args.listen.port(), 9999);
        assert_eq!(args.data_dir, PathBuf::from("/tmp/x"));
    }

    #[test]
    fn bootstrap_key_needs_its_secret() {
        let result = Cli::try_parse_from([
            "latchkey",
            "serve",
            "--bootstrap-root-email",
            "a@b.c",
            "--bootstrap-root-password-file",
            "p",
            "--bootstrap-root-access-key-id",
            "AKIAEXAMPLE123456789",
        ]);
        assert!(result.is_err());
    }
}
