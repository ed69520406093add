//! Group commit: a write transaction commits without waiting for the disk, and before the write
//! is acknowledged one fsync of SQLite's write-ahead log makes it durable, together with every
//! other transaction committed by then.
//!
//! SQLite's `synchronous = FULL` would fsync inside each `COMMIT`, while the write lock is held,
//! so concurrent writers would queue behind one fsync each. With `synchronous = NORMAL` a commit
//! only appends its frames to the WAL; the frames are on disk once the WAL file is synced, and
//! the WAL is append-only between checkpoints (which SQLite syncs itself), so one fsync covers
//! every commit that finished before it began. Writers that arrive during an fsync wait for the
//! next one, which covers them all.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Mutex;

/// Makes committed transactions durable, many per fsync.
#[derive(Debug)]
pub struct GroupSync {
    /// The database's write-ahead log (`<database>-wal`).
    wal: PathBuf,
    /// Commits finished so far; a commit's ticket is its place in this count.
    committed: AtomicU64,
    /// Held while syncing, so concurrent waiters queue for the next fsync.
    state: Mutex<SyncState>,
    /// How many times the WAL was synced (for tests and diagnostics).
    syncs: AtomicU64,
}

#[derive(Debug, Default)]
struct SyncState {
    /// Every commit with a ticket up to this one is on disk.
    durable: u64,
    /// The WAL file last synced, kept open: a new WAL file's directory entry is synced once.
    wal_file: Option<OpenWal>,
}

/// An open WAL file and its identity (device, inode), to tell when SQLite made a new one.
#[derive(Debug)]
struct OpenWal {
    file: std::fs::File,
    identity: (u64, u64),
}

/// A finished commit, not yet known to be on disk.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl GroupSync {
    /// Syncs the WAL of the database file `database`.
    pub fn new(database: &Path) -> Self {
        let mut wal = database.as_os_str().to_owned();
        wal.push("-wal");
        Self {
            wal: PathBuf::from(wal),
            committed: AtomicU64::new(0),
            state: Mutex::new(SyncState::default()),
            syncs: AtomicU64::new(0),
        }
    }

    /// Records that a transaction has just committed. Call it after the commit returned.
    pub fn committed(&self) -> Ticket {
        Ticket(self.committed.fetch_add(1, Ordering::AcqRel) + 1)
    }

    /// Returns once the commit behind `ticket` is on disk.
    pub async fn durable(&self, ticket: Ticket) -> std::io::Result<()> {
        let mut state = self.state.lock().await;
        if state.durable >= ticket.0 {
            return Ok(());
        }
        // Every commit counted so far has finished, so its frames are in the WAL already.
        let covered = self.committed.load(Ordering::Acquire);
        let (wal, known) = (self.wal.clone(), state.wal_file.take());
        state.wal_file = tokio::task::spawn_blocking(move || sync_wal(&wal, known))
            .await
            .map_err(std::io::Error::other)??;
        if state.wal_file.is_some() {
            self.syncs.fetch_add(1, Ordering::Relaxed);
        }
        state.durable = covered;
        Ok(())
    }

    /// How many times the WAL was synced.
    pub fn syncs(&self) -> u64 {
        self.syncs.load(Ordering::Relaxed)
    }
}

/// Syncs the WAL file, through the handle kept from the last sync while the path still names
/// that file; a file not synced before is opened, and its directory synced too, so the file
/// itself survives a power loss.
///
/// No WAL file means none is needed: SQLite removes it only after checkpointing it into the
/// database file and syncing that.
fn sync_wal(wal: &Path, known: Option<OpenWal>) -> std::io::Result<Option<OpenWal>> {
    use std::os::unix::fs::MetadataExt;
    let meta = match std::fs::metadata(wal) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let open = match known {
        Some(open) if open.identity == (meta.dev(), meta.ino()) => open,
        _ => {
            let file = std::fs::File::open(wal)?;
            let meta = file.metadata()?;
            if let Some(dir) = wal.parent() {
                std::fs::File::open(dir)?.sync_all()?;
            }
            OpenWal {
                file,
                identity: (meta.dev(), meta.ino()),
            }
        }
    };
    open.file.sync_data()?;
    Ok(Some(open))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_fsync_covers_every_commit_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        std::fs::write(dir.path().join("db-wal"), b"frames").unwrap();
        let sync = std::sync::Arc::new(GroupSync::new(&db));
        let tickets: Vec<Ticket> = (0..32).map(|_| sync.committed()).collect();
        let waiters: Vec<_> = tickets
            .into_iter()
            .map(|ticket| {
                let sync = sync.clone();
                tokio::spawn(async move { sync.durable(ticket).await })
            })
            .collect();
        for waiter in waiters {
            waiter.await.unwrap().unwrap();
        }
        assert_eq!(sync.syncs(), 1);
    }

    #[tokio::test]
    async fn a_commit_after_an_fsync_waits_for_another() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        std::fs::write(dir.path().join("db-wal"), b"frames").unwrap();
        let sync = GroupSync::new(&db);
        sync.durable(sync.committed()).await.unwrap();
        sync.durable(sync.committed()).await.unwrap();
        assert_eq!(sync.syncs(), 2);
    }

    /// The handle is kept while the path names the same file; a new WAL file is opened.
    #[test]
    fn a_new_wal_file_is_synced_through_a_handle_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let wal = dir.path().join("db-wal");
        std::fs::write(&wal, b"frames").unwrap();
        let first = sync_wal(&wal, None).unwrap().unwrap();
        let identity = first.identity;
        let kept = sync_wal(&wal, Some(first)).unwrap().unwrap();
        assert_eq!(kept.identity, identity);
        // Made anew while the old one is still open, so it cannot reuse its inode.
        std::fs::remove_file(&wal).unwrap();
        std::fs::write(&wal, b"new frames").unwrap();
        let reopened = sync_wal(&wal, Some(kept)).unwrap().unwrap();
        assert_ne!(reopened.identity, identity);
        assert_eq!(reopened.file.metadata().unwrap().len(), 10);
    }

    #[tokio::test]
    async fn a_missing_wal_needs_no_sync() {
        let dir = tempfile::tempdir().unwrap();
        let sync = GroupSync::new(&dir.path().join("db"));
        sync.durable(sync.committed()).await.unwrap();
        assert_eq!(sync.syncs(), 0);
    }
}
