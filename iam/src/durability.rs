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
//!
//! Under load the fsyncs would still come nearly one per commit: a commit takes about as long as
//! an fsync, so each found only the commit or two made during the one before. While other
//! writers are queued for their turn, the fsync therefore waits for a few more commits (a
//! millisecond at most); a lone writer's fsync starts at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Mutex, Notify};

/// While writers are queued for their turn, an fsync waits for this many more commits at most…
const GROUP_AT_MOST: u64 = 8;
/// … and at most this long, so a write never waits long for the ones behind it.
const GATHER_AT_MOST: Duration = Duration::from_millis(1);

/// Makes committed transactions durable, many per fsync.
#[derive(Debug)]
pub struct GroupSync {
    /// The database's write-ahead log (`<database>-wal`).
    wal: PathBuf,
    /// Commits finished so far; a commit's ticket is its place in this count.
    committed: AtomicU64,
    /// Every commit with a ticket up to this one is on disk.
    durable: AtomicU64,
    /// Held by the one waiter that syncs; holds the WAL file last synced, kept open.
    syncer: Mutex<Option<OpenWal>>,
    /// Told after each sync, so the waiters it covered return at once.
    synced: Notify,
    /// Told at each commit, while the syncer gathers commits.
    commits: Notify,
    /// Writers waiting for their turn to write (the writer queue's count).
    queued: Arc<AtomicUsize>,
    /// How many times the WAL was synced (for tests and diagnostics).
    syncs: AtomicU64,
}

/// An open WAL file and its identity, to tell when SQLite made a new one.
#[derive(Debug)]
struct OpenWal {
    file: std::fs::File,
    identity: FileIdentity,
}

/// A finished commit, not yet known to be on disk.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl GroupSync {
    /// Syncs the WAL of the database file `database`; `queued` counts the writers waiting for
    /// their turn, whose commits an fsync may wait for.
    pub fn new(database: &Path, queued: Arc<AtomicUsize>) -> Self {
        let mut wal = database.as_os_str().to_owned();
        wal.push("-wal");
        Self {
            wal: PathBuf::from(wal),
            committed: AtomicU64::new(0),
            durable: AtomicU64::new(0),
            syncer: Mutex::new(None),
            synced: Notify::new(),
            commits: Notify::new(),
            queued,
            syncs: AtomicU64::new(0),
        }
    }

    /// Records that a transaction has just committed. Call it after the commit returned.
    pub fn committed(&self) -> Ticket {
        let ticket = Ticket(self.committed.fetch_add(1, Ordering::AcqRel) + 1);
        self.commits.notify_waiters();
        ticket
    }

    /// Returns once the commit behind `ticket` is on disk. One waiter syncs while the others
    /// wait for it; those its fsync covered return together, the rest sync next.
    pub async fn durable(&self, ticket: Ticket) -> std::io::Result<()> {
        loop {
            let synced = self.synced.notified();
            tokio::pin!(synced);
            synced.as_mut().enable();
            if self.durable.load(Ordering::Acquire) >= ticket.0 {
                return Ok(());
            }
            if let Ok(mut wal_file) = self.syncer.try_lock() {
                // However this ends (synced, failed, or its request gone), the others look again.
                let _tell = TellWaiters(&self.synced);
                if self.durable.load(Ordering::Acquire) < ticket.0 {
                    self.gather().await;
                    self.sync(&mut wal_file).await?;
                }
                return Ok(());
            }
            synced.await;
        }
    }

    /// While writers are queued, their commits are a turn away: waits for a few of them (or
    /// briefly), so one fsync covers them too. A lone writer syncs at once.
    async fn gather(&self) {
        let deadline = tokio::time::Instant::now() + GATHER_AT_MOST;
        loop {
            let commit = self.commits.notified();
            tokio::pin!(commit);
            commit.as_mut().enable();
            let pending =
                self.committed.load(Ordering::Acquire) - self.durable.load(Ordering::Acquire);
            if self.queued.load(Ordering::Acquire) == 0 || pending > GROUP_AT_MOST {
                return;
            }
            if tokio::time::timeout_at(deadline, commit).await.is_err() {
                return;
            }
        }
    }

    /// Syncs the WAL, making every commit counted so far durable.
    async fn sync(&self, wal_file: &mut Option<OpenWal>) -> std::io::Result<()> {
        // Every commit counted so far has finished, so its frames are in the WAL already.
        let covered = self.committed.load(Ordering::Acquire);
        let (wal, known) = (self.wal.clone(), wal_file.take());
        *wal_file = tokio::task::spawn_blocking(move || sync_wal(&wal, known))
            .await
            .map_err(std::io::Error::other)??;
        if wal_file.is_some() {
            self.syncs.fetch_add(1, Ordering::Relaxed);
        }
        self.durable.fetch_max(covered, Ordering::AcqRel);
        Ok(())
    }

    /// How many times the WAL was synced.
    pub fn syncs(&self) -> u64 {
        self.syncs.load(Ordering::Relaxed)
    }
}

/// Wakes every waiter when dropped.
struct TellWaiters<'a>(&'a Notify);

impl Drop for TellWaiters<'_> {
    fn drop(&mut self) {
        self.0.notify_waiters();
    }
}

/// Syncs the WAL file, through the handle kept from the last sync while the path still names
/// that file; a file not synced before is opened, and its directory synced too, so the file
/// itself survives a power loss.
///
/// No WAL file means none is needed: SQLite removes it only after checkpointing it into the
/// database file and syncing that.
fn sync_wal(wal: &Path, known: Option<OpenWal>) -> std::io::Result<Option<OpenWal>> {
    let identity = match FileIdentity::of_path(wal) {
        Ok(identity) => identity,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    let open = match known {
        Some(open) if open.identity == identity => open,
        _ => {
            let file = std::fs::File::open(wal)?;
            let identity = FileIdentity::of_file(&file)?;
            if let Some(dir) = wal.parent() {
                std::fs::File::open(dir)?.sync_all()?;
            }
            OpenWal { file, identity }
        }
    };
    open.file.sync_data()?;
    Ok(Some(open))
}

/// A file's device and inode numbers.
///
/// On Linux they are asked for alone (`statx` with the inode in its mask): a query that
/// includes a file's times tells recent kernels that someone watches them, so the next
/// write gives the inode a fine-grained new time, and the fdatasync after it writes the inode
/// to disk as well as the data (measured: a metadata write, about 75 µs, on every sync).
/// Where `statx` is missing or refused (old kernels, some container sandboxes) the full
/// metadata is read instead, as the standard library does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileIdentity {
    device: u64,
    inode: u64,
}

impl FileIdentity {
    #[cfg(target_os = "linux")]
    fn of_path(path: &Path) -> std::io::Result<Self> {
        use rustix::fs::{AtFlags, CWD};
        match Self::statx(CWD, path, AtFlags::empty()) {
            Err(err) if statx_unavailable(err) => Self::of_metadata(&std::fs::metadata(path)?),
            found => Ok(found?),
        }
    }

    #[cfg(target_os = "linux")]
    fn of_file(file: &std::fs::File) -> std::io::Result<Self> {
        use rustix::fs::AtFlags;
        match Self::statx(file, "", AtFlags::EMPTY_PATH) {
            Err(err) if statx_unavailable(err) => Self::of_metadata(&file.metadata()?),
            found => Ok(found?),
        }
    }

    #[cfg(target_os = "linux")]
    fn statx<Fd: rustix::fd::AsFd, P: rustix::path::Arg>(
        dir: Fd,
        path: P,
        flags: rustix::fs::AtFlags,
    ) -> rustix::io::Result<Self> {
        let stx = rustix::fs::statx(dir, path, flags, rustix::fs::StatxFlags::INO)?;
        Ok(Self {
            device: rustix::fs::makedev(stx.stx_dev_major, stx.stx_dev_minor),
            inode: stx.stx_ino,
        })
    }

    #[cfg(not(target_os = "linux"))]
    fn of_path(path: &Path) -> std::io::Result<Self> {
        Self::of_metadata(&std::fs::metadata(path)?)
    }

    #[cfg(not(target_os = "linux"))]
    fn of_file(file: &std::fs::File) -> std::io::Result<Self> {
        Self::of_metadata(&file.metadata()?)
    }

    fn of_metadata(meta: &std::fs::Metadata) -> std::io::Result<Self> {
        use std::os::unix::fs::MetadataExt;
        Ok(Self {
            device: meta.dev(),
            inode: meta.ino(),
        })
    }
}

/// Whether `statx` itself is missing (`ENOSYS`) or refused by a sandbox (`EPERM`), rather than
/// the file.
#[cfg(target_os = "linux")]
fn statx_unavailable(err: rustix::io::Errno) -> bool {
    err == rustix::io::Errno::NOSYS || err == rustix::io::Errno::PERM
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_fsync_covers_every_commit_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("db");
        std::fs::write(dir.path().join("db-wal"), b"frames").unwrap();
        let sync = std::sync::Arc::new(GroupSync::new(&db, Arc::default()));
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
        let sync = GroupSync::new(&db, Arc::default());
        sync.durable(sync.committed()).await.unwrap();
        sync.durable(sync.committed()).await.unwrap();
        assert_eq!(sync.syncs(), 2);
    }

    fn wal_in(dir: &tempfile::TempDir) -> std::path::PathBuf {
        std::fs::write(dir.path().join("db-wal"), b"frames").unwrap();
        dir.path().join("db")
    }

    /// With no writer queued the fsync starts at once: no timer runs (the paused clock would
    /// jump to it), and with one queued it waits no longer than `GATHER_AT_MOST` for its commit.
    #[tokio::test(start_paused = true)]
    async fn a_lone_writer_syncs_at_once_and_a_queued_one_is_waited_for_briefly() {
        let dir = tempfile::tempdir().unwrap();
        let queued = Arc::new(AtomicUsize::new(0));
        let sync = GroupSync::new(&wal_in(&dir), queued.clone());
        let start = tokio::time::Instant::now();
        sync.durable(sync.committed()).await.unwrap();
        assert_eq!(start.elapsed(), Duration::ZERO);

        queued.store(1, Ordering::Release);
        let start = tokio::time::Instant::now();
        sync.durable(sync.committed()).await.unwrap();
        assert_eq!(start.elapsed(), GATHER_AT_MOST);
        assert_eq!(sync.syncs(), 2);
    }

    /// While writers are queued, the commits they make while the first waits share its fsync.
    #[tokio::test(start_paused = true)]
    async fn commits_of_queued_writers_share_the_fsync_of_the_one_before() {
        let dir = tempfile::tempdir().unwrap();
        let sync = Arc::new(GroupSync::new(&wal_in(&dir), Arc::new(AtomicUsize::new(3))));
        let first = sync.committed();
        let later = {
            let sync = sync.clone();
            tokio::spawn(async move {
                let mut tickets = Vec::new();
                for _ in 0..3 {
                    tokio::task::yield_now().await;
                    tickets.push(sync.committed());
                }
                tickets
            })
        };
        sync.durable(first).await.unwrap();
        for ticket in later.await.unwrap() {
            sync.durable(ticket).await.unwrap();
        }
        assert_eq!(sync.syncs(), 1);
    }

    /// A waiter whose syncer's request ended mid-way syncs itself rather than wait forever.
    #[tokio::test(start_paused = true)]
    async fn a_syncer_that_goes_away_hands_the_sync_on() {
        let dir = tempfile::tempdir().unwrap();
        let sync = Arc::new(GroupSync::new(&wal_in(&dir), Arc::new(AtomicUsize::new(1))));
        let (first, second) = (sync.committed(), sync.committed());
        let syncer = {
            let sync = sync.clone();
            tokio::spawn(async move { sync.durable(first).await })
        };
        // The first waiter is gathering commits; the second waits for its fsync.
        tokio::task::yield_now().await;
        let waiter = {
            let sync = sync.clone();
            tokio::spawn(async move { sync.durable(second).await })
        };
        tokio::task::yield_now().await;
        syncer.abort();
        let waited = tokio::time::timeout(Duration::from_secs(5), waiter).await;
        waited.expect("the waiter synced").unwrap().unwrap();
        assert_eq!(sync.syncs(), 1);
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

    /// The identity asked for alone is the file's own device and inode.
    #[test]
    fn a_files_identity_is_its_device_and_inode() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db-wal");
        std::fs::write(&path, b"frames").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let by_path = FileIdentity::of_path(&path).unwrap();
        let by_file = FileIdentity::of_file(&std::fs::File::open(&path).unwrap()).unwrap();
        assert_eq!(by_path, by_file);
        assert_eq!((by_path.device, by_path.inode), (meta.dev(), meta.ino()));
        assert_eq!(FileIdentity::of_metadata(&meta).unwrap(), by_path);
        let other = dir.path().join("db");
        std::fs::write(&other, b"pages").unwrap();
        assert_ne!(FileIdentity::of_path(&other).unwrap(), by_path);
    }

    /// Only a missing or refused `statx` falls back to the full metadata; a missing file is an
    /// answer (no WAL), not a reason to ask again.
    #[cfg(target_os = "linux")]
    #[test]
    fn only_an_unavailable_statx_falls_back() {
        use rustix::io::Errno;
        assert!(statx_unavailable(Errno::NOSYS));
        assert!(statx_unavailable(Errno::PERM));
        assert!(!statx_unavailable(Errno::NOENT));
        assert!(!statx_unavailable(Errno::ACCESS));
    }

    #[tokio::test]
    async fn a_missing_wal_needs_no_sync() {
        let dir = tempfile::tempdir().unwrap();
        let sync = GroupSync::new(&dir.path().join("db"), Arc::default());
        sync.durable(sync.committed()).await.unwrap();
        assert_eq!(sync.syncs(), 0);
    }
}
