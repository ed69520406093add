//! `latchkey serve`: opens the data directory, applies bootstrap settings and serves until
//! SIGTERM or Ctrl-C.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use iam::context::{Ctx, OsRandom, Random, Settings, SystemClock};
use iam::ops::accounts::{self, Bootstrap};
use iam::secrets::{SecretCipher, SecretString};
use leptos::config::{Env, LeptosOptions};

use axum_server::tls_rustls::RustlsConfig;

use crate::cli::ServeArgs;
use crate::oidc_keys::ProviderKeys;
use crate::query::rate_limit::RateLimiter;
use crate::state::{AppState, StateParts};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot use the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot use the key file {path}: {source}")]
    KeyFile {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Database(String),
    #[error("cannot read {path}: {source}")]
    SecretFile {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot set up the HTTPS client for identity providers: {0}")]
    HttpClient(String),
    #[error("bootstrap failed: {0}")]
    Bootstrap(iam::IamError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot use the TLS certificate {cert} and key {key}: {source}")]
    Tls {
        cert: String,
        key: String,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

fn read_secret_file(path: &Path) -> Result<SecretString, ServeError> {
    std::fs::read_to_string(path)
        .map(|s| SecretString::new(s.trim_end_matches(['\n', '\r'])))
        .map_err(|source| ServeError::SecretFile {
            path: path.display().to_string(),
            source,
        })
}

/// Where clients reach this server: `--public-url`, else the listen address (loopback for an
/// unspecified one), without a trailing slash.
fn public_url(args: &ServeArgs) -> String {
    if let Some(url) = &args.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let scheme = if args.tls_cert.is_some() {
        "https"
    } else {
        "http"
    };
    let mut address = args.listen;
    if address.ip().is_unspecified() {
        address.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    format!("{scheme}://{address}")
}

pub async fn run(args: ServeArgs) -> Result<(), ServeError> {
    let data_dir = args.data_dir.clone();
    std::fs::create_dir_all(&data_dir).map_err(|source| ServeError::DataDir {
        path: data_dir.display().to_string(),
        source,
    })?;
    let key_file = args
        .key_file
        .clone()
        .unwrap_or_else(|| data_dir.join("secret.key"));
    let random: Arc<dyn Random> = Arc::new(OsRandom);
    let mut fresh_key = [0u8; 32];
    random.fill(&mut fresh_key);
    let cipher = SecretCipher::load_or_create(&key_file, fresh_key).map_err(|source| {
        ServeError::KeyFile {
            path: key_file.display().to_string(),
            source,
        }
    })?;
    let pool = iam::store::open(&data_dir)
        .await
        .map_err(|e| ServeError::Database(e.to_string()))?;
    let settings = Settings {
        fixed_account_id: args.account_id.clone(),
        users_quota: args.users_quota,
        public_url: public_url(&args),
        ..Settings::default()
    };
    let ctx = Ctx::new(pool, Arc::new(SystemClock), random, cipher, settings);

    if let (Some(email), Some(password_file)) = (
        &args.bootstrap_root_email,
        &args.bootstrap_root_password_file,
    ) {
        let access_key = match (
            &args.bootstrap_root_access_key_id,
            &args.bootstrap_root_secret_access_key_file,
        ) {
            (Some(id), Some(file)) => Some((id.clone(), read_secret_file(file)?)),
            _ => None,
        };
        let boot = Bootstrap {
            email: email.clone(),
            password: read_secret_file(password_file)?,
            access_key,
        };
        let account = accounts::bootstrap(&ctx, boot)
            .await
            .map_err(ServeError::Bootstrap)?;
        tracing::info!(account_id = %account.account_id, "bootstrap applied");
    }

    let leptos_options = LeptosOptions::builder()
        .output_name(app::OUTPUT_NAME)
        .site_root(args.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .env(Env::PROD)
        .site_addr(args.listen)
        .build();
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tls_config(cert, key).await?),
        _ => None,
    };
    let state = AppState::new(StateParts {
        ctx: ctx.clone(),
        leptos_options,
        secure_cookies: args.secure_cookies || tls.is_some(),
        tls: tls.is_some(),
        rate_limiter: Arc::new(RateLimiter::new(args.api_rate_limit)),
        provider_keys: Arc::new(ProviderKeys::new().map_err(ServeError::HttpClient)?),
    });
    let service = crate::router::build(state).into_make_service_with_connect_info::<SocketAddr>();

    tokio::spawn(sweep_sessions(ctx));

    let listener = std::net::TcpListener::bind(args.listen)
        .and_then(|listener| {
            listener.set_nonblocking(true)?;
            Ok(listener)
        })
        .map_err(|source| ServeError::Listen {
            addr: args.listen,
            source,
        })?;
    let local = listener.local_addr().map_err(ServeError::Serve)?;
    let handle = axum_server::Handle::new();
    tokio::spawn({
        let handle = handle.clone();
        async move {
            shutdown_signal().await;
            handle.graceful_shutdown(Some(Duration::from_secs(10)));
        }
    });
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(address = %local, data_dir = %data_dir.display(), "Latchkey is listening on {scheme}://{local}");
    match tls {
        Some(config) => {
            axum_server::from_tcp_rustls(listener, config)
                .handle(handle)
                .serve(service)
                .await
        }
        None => {
            axum_server::from_tcp(listener)
                .handle(handle)
                .serve(service)
                .await
        }
    }
    .map_err(ServeError::Serve)?;
    tracing::info!("Latchkey stopped");
    Ok(())
}

/// The rustls configuration of `--tls-cert` and `--tls-key` (ring as the crypto provider).
async fn tls_config(cert: &Path, key: &Path) -> Result<RustlsConfig, ServeError> {
    // Another part of the process may have installed the provider already; either is ring.
    let _ = rustls::crypto::ring::default_provider().install_default();
    RustlsConfig::from_pem_file(cert, key)
        .await
        .map_err(|source| ServeError::Tls {
            cert: cert.display().to_string(),
            key: key.display().to_string(),
            source,
        })
}

/// Deletes expired console sessions every ten minutes.
async fn sweep_sessions(ctx: Ctx) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        if let Err(err) = iam::ops::signin::sweep_sessions(&ctx).await {
            tracing::warn!(error = %err, "sweeping expired sessions failed");
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
