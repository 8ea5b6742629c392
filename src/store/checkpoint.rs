//! WAL checkpoints off the writing thread. A commit is durable once its frames are in the WAL
//! (`synchronous = FULL`); copying them into the database file (the checkpoint) is housekeeping.
//! SQLite's automatic checkpoint does that copy inside the commit that crosses 1000 pages, so a
//! large import or merge waited for it (about a fifth of writing 100k records). Here the store's
//! connection has automatic checkpoints off, and after a commit that leaves the WAL larger than
//! [`THRESHOLD`] a thread with its own connection runs a passive checkpoint, which never blocks
//! the writer. After a smaller commit it waits for a quiet moment ([`QUIET`] without another
//! commit) and checkpoints then, so the database file on its own soon holds every edit (someone
//! who copies only `daocha.db` off a laptop, or a backup tool that skips the `-wal` file, loses
//! at most the last moments). When the store closes, the thread is stopped first; SQLite then
//! checkpoints and removes the WAL as the last connection closes, as before.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// WAL size after which a checkpoint is asked for: SQLite's default of 1000 pages of 4 KiB.
pub const THRESHOLD: u64 = 1000 * 4096;

/// How long the store must be without a commit before a small WAL is checkpointed: edits come
/// in bursts, and one checkpoint after a burst does the work of many.
pub const QUIET: Duration = Duration::from_secs(1);

/// What a commit asks of the thread.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ask {
    /// A checkpoint once the store has been quiet for [`QUIET`].
    Soon,
    /// A checkpoint now: the WAL is past [`THRESHOLD`].
    Now,
}

/// The checkpoint thread of one store.
pub(crate) struct Checkpointer {
    wake: Option<Sender<Ask>>,
    thread: Option<JoinHandle<()>>,
    wal: PathBuf,
}

impl Checkpointer {
    /// Starts the thread for the database at `path`, as SQLite names it (`Connection::path`:
    /// absolute, symbolic links resolved, so its WAL is found beside it); `None` if no thread
    /// could be started (the caller then keeps SQLite's automatic checkpoints).
    pub(crate) fn start(path: &Path) -> Option<Checkpointer> {
        let (wake, asked) = channel::<Ask>();
        let db = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("daocha-checkpoint".into())
            .spawn(move || {
                let mut conn: Option<Connection> = None;
                while let Ok(mut ask) = asked.recv() {
                    // Wait for the burst of commits to end, unless one of them filled the WAL.
                    while ask == Ask::Soon {
                        match asked.recv_timeout(QUIET) {
                            Ok(next) => ask = next,
                            Err(RecvTimeoutError::Timeout) => break,
                            // The store is closing: SQLite checkpoints as it closes.
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    while asked.try_recv().is_ok() {}
                    if conn.is_none() {
                        conn = open(&db).ok();
                    }
                    if let Some(conn) = &conn {
                        // PASSIVE: copies what it can without waiting for readers or the writer.
                        // A failure leaves the frames in the WAL, where they are safe; the next
                        // commit asks again.
                        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    }
                }
            })
            .ok()?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        Some(Checkpointer { wake: Some(wake), thread: Some(thread), wal: PathBuf::from(wal) })
    }

    /// Called after each commit: asks for a checkpoint now when the WAL has grown past the
    /// threshold (or when its size cannot be read: a passive checkpoint with nothing to do costs
    /// little), else once the store is quiet.
    pub(crate) fn committed(&self) {
        let big = std::fs::metadata(&self.wal).map_or(true, |m| m.len() > THRESHOLD);
        if let Some(wake) = &self.wake {
            let _ = wake.send(if big { Ask::Now } else { Ask::Soon });
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.wake.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;")?;
    Ok(conn)
}
