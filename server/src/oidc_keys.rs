//! The key sets of outside identity providers, for `AssumeRoleWithWebIdentity`: fetched over
//! HTTPS by OpenID Connect discovery (`<issuer>/.well-known/openid-configuration`, then its
//! `jwks_uri`), and kept a few minutes. Server certificates are checked against the system's
//! trust store (or `SSL_CERT_FILE`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use iam::ops::sts::web_identity::KeySetSource;
use serde_json::Value;

/// How long a fetched key set is used before it is fetched again.
const KEEP_FOR: Duration = Duration::from_secs(300);
/// A refetch for an unknown key waits at least this long after the last fetch, so tokens
/// naming unknown keys cannot make Latchkey hammer a provider.
const REFETCH_AFTER: Duration = Duration::from_secs(10);
const TIMEOUT: Duration = Duration::from_secs(5);
/// Key sets are small; anything larger is refused.
const MAX_DOCUMENT_BYTES: usize = 512 * 1024;

#[derive(Debug)]
pub struct ProviderKeys {
    client: reqwest::Client,
    cache: Mutex<HashMap<String, (Instant, Value)>>,
}

impl ProviderKeys {
    pub fn new() -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .https_only(true)
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()
            .map_err(|err| err.to_string())?;
        Ok(Self {
            client,
            cache: Mutex::new(HashMap::new()),
        })
    }

    fn cached(&self, issuer: &str, max_age: Duration) -> Option<Value> {
        let cache = self.cache.lock().ok()?;
        cache
            .get(issuer)
            .filter(|(at, _)| at.elapsed() < max_age)
            .map(|(_, keys)| keys.clone())
    }

    async fn get_json(&self, url: &str) -> Result<Value, String> {
        let response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|err| format!("{url}: {err}"))?
            .error_for_status()
            .map_err(|err| format!("{url}: {err}"))?;
        let body = response
            .bytes()
            .await
            .map_err(|err| format!("{url}: {err}"))?;
        if body.len() > MAX_DOCUMENT_BYTES {
            return Err(format!(
                "{url}: the document is over {MAX_DOCUMENT_BYTES} bytes"
            ));
        }
        serde_json::from_slice(&body).map_err(|err| format!("{url}: {err}"))
    }

    async fn fetch(&self, issuer: &str) -> Result<Value, String> {
        let discovery = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let configuration = self.get_json(&discovery).await?;
        let jwks_uri = configuration["jwks_uri"]
            .as_str()
            .ok_or_else(|| format!("{discovery}: no jwks_uri"))?;
        let keys = self.get_json(jwks_uri).await?;
        if !keys["keys"].is_array() {
            return Err(format!("{jwks_uri}: not a JSON Web Key Set"));
        }
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(issuer.to_owned(), (Instant::now(), keys.clone()));
        }
        Ok(keys)
    }
}

impl KeySetSource for ProviderKeys {
    async fn key_set(&self, issuer: &str, fresh: bool) -> Result<Value, String> {
        let max_age = if fresh { REFETCH_AFTER } else { KEEP_FOR };
        if let Some(keys) = self.cached(issuer, max_age) {
            return Ok(keys);
        }
        self.fetch(issuer).await
    }
}
