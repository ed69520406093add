//! What every operation runs with: the store, the clock, the randomness and the secret cipher.
//! Time and randomness are parameters so tests control expiry and generated IDs.

use std::sync::{Arc, Mutex};

use rand::{RngCore, SeedableRng, rngs::StdRng};
use sqlx::SqlitePool;
use time::OffsetDateTime;
use tokio::sync::Semaphore;

use crate::error::{IamError, IamResult};
use crate::secrets::SecretCipher;

/// A source of the current time.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

/// The system's clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still until moved; for tests.
#[derive(Debug)]
pub struct ManualClock(Mutex<OffsetDateTime>);

impl ManualClock {
    pub fn new(at: OffsetDateTime) -> Self {
        Self(Mutex::new(at))
    }

    pub fn advance(&self, by: time::Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        self.0
            .lock()
            .map(|now| *now)
            .unwrap_or_else(|e| *e.into_inner())
    }
}

/// A source of random bytes.
pub trait Random: Send + Sync {
    fn fill(&self, buf: &mut [u8]);
}

/// The operating system's randomness.
#[derive(Debug, Default)]
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        rand::rngs::OsRng.fill_bytes(buf);
    }
}

/// Repeatable randomness from a seed; for tests.
#[derive(Debug)]
pub struct SeededRandom(Mutex<StdRng>);

impl SeededRandom {
    pub fn new(seed: u64) -> Self {
        Self(Mutex::new(StdRng::seed_from_u64(seed)))
    }
}

impl Random for SeededRandom {
    fn fill(&self, buf: &mut [u8]) {
        match self.0.lock() {
            Ok(mut rng) => rng.fill_bytes(buf),
            Err(poisoned) => poisoned.into_inner().fill_bytes(buf),
        }
    }
}

/// Settings that change what the engine allows.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The account ID new accounts get instead of a random one (first start only).
    pub fixed_account_id: Option<String>,
    /// How many users an account may hold (AWS's default quota is 5,000).
    pub users_quota: u32,
    /// How long a console session lives at most, in seconds.
    pub session_absolute_secs: i64,
    /// How long an unused console session lives, in seconds.
    pub session_idle_secs: i64,
    /// The URL clients reach the server at, without a trailing slash; the issuers of outbound
    /// web identity tokens live under it.
    pub public_url: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            fixed_account_id: None,
            users_quota: 5000,
            session_absolute_secs: 12 * 3600,
            session_idle_secs: 3600,
            public_url: "http://127.0.0.1:4566".to_owned(),
        }
    }
}

/// The context of every operation. Requests clone it at every layer, so it is one shared
/// reference to its parts.
#[derive(Clone)]
pub struct Ctx(Arc<CtxParts>);

/// What every operation works with: the store, the clock, the caches, the audit trail.
pub struct CtxParts {
    pub pool: SqlitePool,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub cipher: Arc<SecretCipher>,
    pub settings: Arc<Settings>,
    /// Bounds concurrent password hashing so a flood of sign-ins cannot exhaust memory or CPU.
    pub hashing: Arc<Semaphore>,
    /// Where every authorization decision and sign-in is recorded.
    pub audit: crate::audit::AuditLog,
    /// Failed console sign-ins per user and per client address.
    pub sign_in_throttle: Arc<crate::ops::sign_in_throttle::SignInThrottle>,
    /// Parsed policies and key owners, valid until the next write.
    pub caches: Arc<crate::cache::Caches>,
    /// Makes commits durable before they are acknowledged, many per fsync.
    pub durability: Arc<crate::durability::GroupSync>,
    /// Where writers wait for their turn.
    pub writers: crate::store::WriterQueue,
}

impl std::ops::Deref for Ctx {
    type Target = CtxParts;

    fn deref(&self) -> &CtxParts {
        &self.0
    }
}

impl std::fmt::Debug for Ctx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ctx")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl Ctx {
    pub fn new(
        pool: SqlitePool,
        clock: Arc<dyn Clock>,
        random: Arc<dyn Random>,
        cipher: SecretCipher,
        settings: Settings,
    ) -> Self {
        let permits = std::thread::available_parallelism().map_or(2, |n| n.get());
        let database = pool.connect_options().get_filename().to_owned();
        let caches = Arc::new(crate::cache::Caches::default());
        let writers = crate::store::WriterQueue::new(pool.clone(), caches.key_rows_changed.clone());
        Self(Arc::new(CtxParts {
            durability: Arc::new(crate::durability::GroupSync::new(
                &database,
                writers.waiting_writers(),
            )),
            audit: crate::audit::AuditLog::start(writers.clone(), clock.clone()),
            writers,
            sign_in_throttle: Arc::default(),
            caches,
            pool,
            clock,
            random,
            cipher: Arc::new(cipher),
            settings: Arc::new(settings),
            hashing: Arc::new(Semaphore::new(permits)),
        }))
    }

    /// The same context with other settings (for tests of limits).
    #[cfg(test)]
    pub(crate) fn with_settings(self, settings: Settings) -> Self {
        let Ok(mut parts) = Arc::try_unwrap(self.0) else {
            panic!("a context shared elsewhere cannot change its settings");
        };
        parts.settings = Arc::new(settings);
        Self(Arc::new(parts))
    }

    /// Now, as UNIX seconds.
    pub fn now(&self) -> i64 {
        self.clock.now().unix_timestamp()
    }

    /// Now, as UNIX milliseconds; for waits shorter than a few seconds.
    pub fn now_millis(&self) -> i64 {
        let millis = self.clock.now().unix_timestamp_nanos() / 1_000_000;
        i64::try_from(millis).unwrap_or(i64::MAX)
    }

    pub fn random_bytes<const N: usize>(&self) -> [u8; N] {
        let mut buf = [0u8; N];
        self.random.fill(&mut buf);
        buf
    }

    /// Begins a store transaction that may write; the caches go stale when it ends.
    pub async fn begin(&self) -> IamResult<crate::cache::WriteTx> {
        let writer = self.writers.turn().await?;
        crate::cache::WriteTx::begin(
            writer,
            self.writers.clone(),
            self.caches.clone(),
            self.durability.clone(),
        )
        .await
        .map_err(crate::store::db_error)
    }
}

/// Turns a poisoned or failed background task into a service failure.
pub(crate) fn task_failed(err: impl std::fmt::Display) -> IamError {
    tracing::error!(error = %err, "background task failed");
    IamError::service_failure()
}

impl Ctx {
    /// Hashes a password off the async threads, with bounded concurrency.
    pub async fn hash_password(&self, password: &str) -> IamResult<String> {
        let _permit = self.hashing.acquire().await.map_err(task_failed)?;
        let salt: [u8; 16] = self.random_bytes();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || crate::secrets::hash_password(&password, &salt))
            .await
            .map_err(task_failed)?
    }

    /// Verifies a password off the async threads, with bounded concurrency. `None` as the hash
    /// still spends the time of one verification, so a missing user takes as long as a wrong
    /// password.
    pub async fn verify_password(&self, password: &str, hash: Option<&str>) -> IamResult<bool> {
        let _permit = self.hashing.acquire().await.map_err(task_failed)?;
        let password = password.to_owned();
        let hash = hash.map(str::to_owned);
        tokio::task::spawn_blocking(move || match hash {
            Some(hash) => crate::secrets::verify_password(&password, &hash),
            None => {
                crate::secrets::verify_password(&password, DUMMY_HASH);
                false
            }
        })
        .await
        .map_err(task_failed)
    }
}

/// A valid argon2id hash of a random value, verified against when there is nothing to verify.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3Ljs1rwWuhUvC7MXkQ/TW2gr3ds1sBfhHQlRbKvyNKM";

/// Facts about the request an operation serves, read by policy conditions (`aws:SourceIp`,
/// `aws:SecureTransport`, `aws:UserAgent`, `aws:RequestedRegion`). The HTTP layer sets them
/// around the handling of each request; operations run without them in tests and tools.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub source_ip: Option<String>,
    pub secure_transport: bool,
    pub user_agent: Option<String>,
    pub requested_region: Option<String>,
    /// Set when the request is signed with temporary credentials.
    pub temporary_credential: Option<TemporaryCredential>,
    /// The ID the response carries (`x-amzn-RequestId`), recorded in the audit trail.
    pub request_id: Option<String>,
    /// The API or the console.
    pub channel: Option<crate::model::audit::Channel>,
    /// Where the request's authorization decisions are recorded (authorization runs on a bare
    /// connection, without the context).
    pub audit: Option<crate::audit::AuditLog>,
    /// The store's caches, for the same reason.
    pub caches: Option<Arc<crate::cache::Caches>>,
}

/// What policy conditions know about temporary credentials (`aws:TokenIssueTime`,
/// `aws:MultiFactorAuthPresent`), and which call issued them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TemporaryCredential {
    pub issued_at: i64,
    pub expires_at: i64,
    pub mfa_present: bool,
    /// From `GetSessionToken` (the caller's own identity) rather than `AssumeRole`.
    pub from_session_token: bool,
}

tokio::task_local! {
    static REQUEST: RequestMeta;
}

/// Runs `fut` with `meta` as the current request's facts.
pub async fn with_request<F: std::future::Future>(meta: RequestMeta, fut: F) -> F::Output {
    REQUEST.scope(meta, fut).await
}

/// Runs `fut` with the current request's facts plus the temporary credential it is signed
/// with.
pub async fn with_temporary_credential<F: std::future::Future>(
    credential: TemporaryCredential,
    fut: F,
) -> F::Output {
    let meta = RequestMeta {
        temporary_credential: Some(credential),
        ..current_request()
    };
    REQUEST.scope(meta, fut).await
}

/// Runs `fut` with the current request's facts and `credential` in place of the request's
/// own: for what the console does as the signed-in user while it acts as a role session
/// (switching roles).
pub async fn with_credential<F: std::future::Future>(
    credential: Option<TemporaryCredential>,
    fut: F,
) -> F::Output {
    let meta = RequestMeta {
        temporary_credential: credential,
        ..current_request()
    };
    REQUEST.scope(meta, fut).await
}

/// The current request's facts (empty outside a request).
pub fn current_request() -> RequestMeta {
    request_in_scope().unwrap_or_default()
}

/// The current request's facts, if the caller runs within a request.
pub fn request_in_scope() -> Option<RequestMeta> {
    REQUEST.try_with(Clone::clone).ok()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::store::test_support::test_ctx;

    /// Password hashing waits for a permit: a flood of sign-ins queues instead of running
    /// unbounded argon2 computations (19 MiB each) at once.
    #[tokio::test]
    async fn password_hashing_is_bounded_by_its_permits() {
        let (ctx, _, _dir) = test_ctx().await;
        let all = u32::try_from(ctx.hashing.available_permits()).unwrap();
        let held = ctx.hashing.clone().acquire_many_owned(all).await.unwrap();
        let waiting = tokio::spawn({
            let ctx = ctx.clone();
            async move { ctx.hash_password("Some-Pass-1").await }
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!waiting.is_finished(), "hashing ran without a permit");
        drop(held);
        let hash = tokio::time::timeout(Duration::from_secs(10), waiting)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    }
}
