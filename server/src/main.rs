//! `latchkey`: a self-hosted AWS IAM console and IAM/STS Query API on one port.

use clap::Parser;
use latchkey::{backup, cli, serve};

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("latchkey: cannot start the async runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match cli.command {
        cli::Command::Serve(args) => {
            cli::init_tracing(&args.log_format);
            match runtime.block_on(serve::run(*args)) {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(err) => {
                    tracing::error!(error = %err, "latchkey stopped");
                    eprintln!("latchkey: {err}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
        cli::Command::Backup(args) => match runtime.block_on(backup::run(&args)) {
            Ok(()) => {
                println!("latchkey: wrote {}", args.file.display());
                std::process::ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("latchkey: backup failed: {err}");
                std::process::ExitCode::FAILURE
            }
        },
    }
}
