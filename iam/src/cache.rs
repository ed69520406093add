//! In-memory caches of what nearly every request reads: a principal's parsed policies, an
//! access key's signing material and the users `GetUser` returns.
//!
//! Correctness rests on one counter, the store's version, which every write transaction bumps
//! when it ends (committed, rolled back or abandoned). An entry remembers the version read
//! *before* its data was loaded and is served only while the version is unchanged, so a write
//! that commits during or after a load always invalidates what that load produced. Writes are
//! rare next to reads, so whole-cache invalidation costs little and cannot miss a dependency
//! (a group membership, a policy's default version, a boundary, a key's status).
//!
//! Signing keys have a version of their own, since every signed request reads one: it moves
//! only with a write transaction that changed an access key, changed or deleted a user, or
//! deleted an account (the writer's connection reports each changed row's table, see
//! `store::writer`). Creating users or attaching policies leaves the callers' keys cached.

use std::collections::HashMap;
use std::hash::Hash;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::durability::GroupSync;
use crate::store::{WriterQueue, WriterTurn};

/// Entries kept per cache at most; past it the cache starts over (a burst of distinct callers
/// cannot grow memory without bound).
const CAPACITY: usize = 10_000;

/// The caches of one store.
#[derive(Default)]
pub struct Caches {
    version: AtomicU64,
    /// Write transactions open now. A load inside one could see its uncommitted changes, so
    /// the policy cache stands aside while any is open.
    open_writes: AtomicUsize,
    /// A user's or role's own policies (inline, attached, its groups', its boundary), parsed.
    pub(crate) policies: VersionedMap<PolicyOwner, Arc<crate::ops::authz::PrincipalPolicies>>,
    /// Policy loads under way, so that requests by one caller that miss together load once.
    pub(crate) policy_loads: SingleFlight<PolicyOwner>,
    /// Access key ID → who owns it and whether it is active; the secret stays sealed in the store.
    /// Its entries are versioned by `key_version`.
    pub(crate) signing_keys: VersionedMap<String, crate::ops::access_keys::SealedKey>,
    key_version: AtomicU64,
    /// Set by the writer's connection when a row a signing key depends on changes; read and
    /// cleared when the write transaction ends.
    pub(crate) key_rows_changed: Arc<AtomicBool>,
    /// (account ID, name key) → the user's row and tags, as `GetUser` reads them.
    pub(crate) users: VersionedMap<(String, String), Arc<crate::store::users::UserWithTags>>,
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caches")
            .field("version", &self.version())
            .finish_non_exhaustive()
    }
}

impl Caches {
    /// The store's version now; read it before loading what is to be cached.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// The version to load and look up policies at, or `None` while a write transaction is
    /// open (its own authorization must see its own changes, and no one else may see them).
    pub(crate) fn policy_version(&self) -> Option<u64> {
        if self.open_writes.load(Ordering::Acquire) > 0 {
            return None;
        }
        Some(self.version())
    }

    /// The signing keys' version now; read it before loading a key.
    pub(crate) fn key_version(&self) -> u64 {
        self.key_version.load(Ordering::Acquire)
    }

    /// Marks every entry stale, signing keys included (for tests that write outside a write
    /// transaction; every other write takes one).
    #[cfg(test)]
    pub(crate) fn invalidate(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
        self.key_version.fetch_add(1, Ordering::AcqRel);
    }

    /// A write transaction ended: every entry is stale, signing keys only if it changed a row
    /// they depend on.
    fn write_ended(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
        if self.key_rows_changed.swap(false, Ordering::AcqRel) {
            self.key_version.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// Whose own policies an entry holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum PolicyOwner {
    User(String),
    Role(String),
}

impl PolicyOwner {
    /// The user or role whose policies govern `principal`; `None` for the root user (and its
    /// federated users).
    pub(crate) fn of(principal: &crate::ops::Principal) -> Option<Self> {
        match principal {
            crate::ops::Principal::Root { .. } => None,
            crate::ops::Principal::User { user_id, .. } => Some(Self::User(user_id.clone())),
            crate::ops::Principal::Role(session) => Some(Self::Role(session.role_id.clone())),
            crate::ops::Principal::Federated(session) => {
                session.issuer_user_id.clone().map(Self::User)
            }
        }
    }
}

/// A map whose entries hold only while the store's version is the one they were loaded at.
pub(crate) struct VersionedMap<K, V> {
    entries: Mutex<HashMap<K, (u64, V)>>,
}

impl<K, V> Default for VersionedMap<K, V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone> VersionedMap<K, V> {
    /// The value for `key` if it was loaded at `version`.
    pub(crate) fn get(&self, key: &K, version: u64) -> Option<V> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(key)
            .filter(|(loaded_at, _)| *loaded_at == version)
            .map(|(_, value)| value.clone())
    }

    /// Keeps `value`, loaded after the store was at `version`.
    pub(crate) fn insert(&self, key: K, version: u64, value: V) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.retain(|_, (loaded_at, _)| *loaded_at == version);
                if entries.len() >= CAPACITY {
                    entries.clear();
                }
            }
            entries.insert(key, (version, value));
        }
    }
}

/// Loads of one key that miss the cache together: the first caller loads, the others wait for
/// it and then find its entry. After a write, a burst of requests by one caller would otherwise
/// each load and parse the same policies at once.
pub(crate) struct SingleFlight<K> {
    loading: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
    /// Loads begun (for tests and diagnostics).
    begun: AtomicU64,
}

impl<K> Default for SingleFlight<K> {
    fn default() -> Self {
        Self {
            loading: Mutex::new(HashMap::new()),
            begun: AtomicU64::new(0),
        }
    }
}

impl<K: Eq + Hash + Clone> SingleFlight<K> {
    /// Waits until no other caller is loading `key`, then holds the turn to load it; look in
    /// the cache again once it is yours.
    pub(crate) async fn turn(&self, key: &K) -> FlightTurn<'_, K> {
        let lock = match self.loading.lock() {
            Ok(mut loading) => loading.entry(key.clone()).or_default().clone(),
            // A poisoned map only loses the sharing: load alone.
            Err(_) => Arc::default(),
        };
        let guard = lock.clone().lock_owned().await;
        FlightTurn {
            flights: self,
            key: key.clone(),
            lock,
            _guard: guard,
        }
    }

    /// How many turns found nothing cached and loaded.
    #[cfg(test)]
    pub(crate) fn begun(&self) -> u64 {
        self.begun.load(Ordering::Relaxed)
    }
}

/// One caller's turn to load a key; the next waiter's begins when it is dropped.
pub(crate) struct FlightTurn<'a, K: Eq + Hash> {
    flights: &'a SingleFlight<K>,
    key: K,
    lock: Arc<tokio::sync::Mutex<()>>,
    _guard: tokio::sync::OwnedMutexGuard<()>,
}

impl<K: Eq + Hash> FlightTurn<'_, K> {
    /// Records that this turn found nothing cached and loads.
    pub(crate) fn loading(&self) {
        self.flights.begun.fetch_add(1, Ordering::Relaxed);
    }
}

impl<K: Eq + Hash> Drop for FlightTurn<'_, K> {
    fn drop(&mut self) {
        // Waiters already holding the lock still take their turns; a caller arriving later finds
        // the entry in the cache, or starts a flight of its own.
        if let Ok(mut loading) = self.flights.loading.lock()
            && loading
                .get(&self.key)
                .is_some_and(|lock| Arc::ptr_eq(lock, &self.lock))
        {
            loading.remove(&self.key);
        }
    }
}

/// A write transaction that marks the caches stale when it ends, however it ends: committed,
/// rolled back, or dropped with its request. It holds the writer's turn and connection
/// (`WriterQueue`) until then, and its commit returns once the commit is on disk.
pub struct WriteTx {
    /// Whether the transaction still needs a commit or a rollback.
    open: bool,
    // Held for its drop, in this order: the caches go stale before the next writer's turn.
    _stale_on_end: StaleOnEnd,
    writer: WriterTurn,
    queue: WriterQueue,
    durability: Arc<GroupSync>,
}

struct StaleOnEnd(Arc<Caches>);

impl Drop for StaleOnEnd {
    fn drop(&mut self) {
        self.0.write_ended();
        self.0.open_writes.fetch_sub(1, Ordering::AcqRel);
    }
}

impl WriteTx {
    /// Begins a transaction on the writer's connection, during `writer`'s turn.
    pub(crate) async fn begin(
        mut writer: WriterTurn,
        queue: WriterQueue,
        caches: Arc<Caches>,
        durability: Arc<GroupSync>,
    ) -> sqlx::Result<Self> {
        // What the audit trail's turns changed (when keys were last used) leaves keys as cached.
        caches.key_rows_changed.store(false, Ordering::Release);
        writer.begin().await?;
        caches.open_writes.fetch_add(1, Ordering::AcqRel);
        Ok(Self {
            open: true,
            _stale_on_end: StaleOnEnd(caches),
            writer,
            queue,
            durability,
        })
    }

    /// Commits, then returns once the commit is on disk (shared with concurrent commits; see
    /// `crate::durability`). A commit that fails is rolled back.
    pub async fn commit(mut self) -> sqlx::Result<()> {
        self.writer.commit().await?;
        self.open = false;
        let durability = self.durability.clone();
        // The next writer goes on while this one waits for the disk.
        drop(self);
        let ticket = durability.committed();
        durability.durable(ticket).await.map_err(sqlx::Error::Io)
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if self.open {
            self.writer.abandon();
            self.queue.clean_up_soon();
        }
    }
}

impl Deref for WriteTx {
    type Target = sqlx::SqliteConnection;

    fn deref(&self) -> &Self::Target {
        &self.writer
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.writer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_served_only_at_the_version_it_was_loaded_at() {
        let caches = Caches::default();
        let map: VersionedMap<&str, u32> = VersionedMap::default();
        let at = caches.version();
        map.insert("alice", at, 7);
        assert_eq!(map.get(&"alice", caches.version()), Some(7));
        caches.invalidate();
        assert_eq!(map.get(&"alice", caches.version()), None);
    }

    #[test]
    fn a_full_map_drops_stale_entries_first() {
        let map: VersionedMap<usize, usize> = VersionedMap::default();
        for i in 0..CAPACITY {
            map.insert(i, 1, i);
        }
        map.insert(CAPACITY, 2, 0);
        assert_eq!(map.get(&0, 1), None);
        assert_eq!(map.get(&CAPACITY, 2), Some(0));
    }
}
