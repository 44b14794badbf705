//! The history: every delivery `listen` received, in an SQLite database
//! (one file, write-ahead logged), so that it survives a restart of
//! `listen`, and `hookcheck history` and `hookcheck replay` read it from
//! another process while `listen` writes.
//!
//! Bounded by a count and a size: each commit drops the oldest records
//! past either (never those it adds). Records are appended by one writer
//! thread that commits them in groups (whatever arrived while the last
//! commit was being written), each commit on disk (`synchronous = FULL`)
//! before any of its records is acknowledged: a flood costs a commit per
//! group, not per delivery, and no acknowledged record is lost. Ids come
//! from SQLite's `AUTOINCREMENT`: never reused, even after the oldest are
//! dropped.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension as _, params};
use tokio::sync::oneshot;

use crate::record::Record;

/// At most this many records go into one commit.
const GROUP: usize = 512;

/// How long a reader or the writer waits for the other's lock.
const BUSY: Duration = Duration::from_secs(5);

/// How much history is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Records at most.
    pub count: u64,
    /// Bytes of records at most (their JSON).
    pub bytes: u64,
}

impl Default for Bounds {
    /// 10,000 deliveries or 256 MiB, whichever is reached first.
    fn default() -> Bounds {
        Bounds {
            count: 10_000,
            bytes: 256 << 20,
        }
    }
}

/// Why the history cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened, read or written.
    #[error("the history `{path}`: {message}")]
    Database {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A record in it is not one this version reads.
    #[error("the history `{path}` holds record {id}, which cannot be read: {message}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The record.
        id: u64,
        /// What is wrong with it.
        message: String,
    },
    /// The writer thread stopped.
    #[error("the history's writer stopped")]
    Stopped,
}

/// The history, open.
pub struct Store {
    path: PathBuf,
    reader: Mutex<Connection>,
    writer: Option<mpsc::Sender<Pending>>,
    thread: Option<thread::JoinHandle<()>>,
}

/// A record waiting for its commit, and who waits for its id.
struct Pending {
    record: Record,
    done: oneshot::Sender<Result<u64, String>>,
}

impl Store {
    /// Opens the history at `path` (created, with its folder, when absent)
    /// for reading and appending, keeping within `bounds`.
    pub fn open(path: &Path, bounds: Bounds) -> Result<Store, StoreError> {
        let failed = |message: String| StoreError::Database {
            path: path.to_owned(),
            message,
        };
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| failed(e.to_string()))?;
        }
        let writing = connect(path).map_err(|e| failed(e.to_string()))?;
        writing
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 PRAGMA synchronous = FULL;
                 CREATE TABLE IF NOT EXISTS records (
                     id INTEGER PRIMARY KEY AUTOINCREMENT,
                     json BLOB NOT NULL
                 );
                 CREATE TABLE IF NOT EXISTS totals (
                     one INTEGER PRIMARY KEY CHECK (one = 1),
                     bytes INTEGER NOT NULL
                 );
                 INSERT OR IGNORE INTO totals (one, bytes)
                     SELECT 1, COALESCE(SUM(LENGTH(json)), 0) FROM records;",
            )
            .map_err(|e| failed(e.to_string()))?;
        let reader = connect(path).map_err(|e| failed(e.to_string()))?;
        let (writer, pending) = mpsc::channel();
        let thread = thread::Builder::new()
            .name("history".to_owned())
            .spawn(move || write_groups(writing, &pending, bounds))
            .map_err(|e| failed(e.to_string()))?;
        Ok(Store {
            path: path.to_owned(),
            reader: Mutex::new(reader),
            writer: Some(writer),
            thread: Some(thread),
        })
    }

    /// Appends `record`, returning its id once it is on disk.
    pub async fn append(&self, record: Record) -> Result<u64, StoreError> {
        let (done, id) = oneshot::channel();
        let writer = self.writer.as_ref().ok_or(StoreError::Stopped)?;
        writer
            .send(Pending { record, done })
            .map_err(|_| StoreError::Stopped)?;
        match id.await {
            Ok(Ok(id)) => Ok(id),
            Ok(Err(message)) => Err(StoreError::Database {
                path: self.path.clone(),
                message,
            }),
            Err(_) => Err(StoreError::Stopped),
        }
    }

    /// The newest `limit` records, oldest first.
    pub fn recent(&self, limit: usize) -> Result<Vec<Record>, StoreError> {
        self.recent_as(limit, |record| record)
    }

    /// The newest `limit` records as `view` makes them, oldest first: each
    /// record is decoded and viewed before the next is read, so a list of
    /// summaries never holds every body at once.
    pub fn recent_as<T>(
        &self,
        limit: usize,
        mut view: impl FnMut(Record) -> T,
    ) -> Result<Vec<T>, StoreError> {
        let reader = self.reader.lock().map_err(|_| StoreError::Stopped)?;
        let mut statement = reader
            .prepare_cached("SELECT id, json FROM records ORDER BY id DESC LIMIT ?1")
            .map_err(|e| self.failed(&e))?;
        let rows = statement
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
            })
            .map_err(|e| self.failed(&e))?;
        let mut views = Vec::new();
        for row in rows {
            let (id, json) = row.map_err(|e| self.failed(&e))?;
            views.push(view(self.decode(unsigned(id), &json)?));
        }
        views.reverse();
        Ok(views)
    }

    /// The record `id`, when it is still kept.
    pub fn get(&self, id: u64) -> Result<Option<Record>, StoreError> {
        let reader = self.reader.lock().map_err(|_| StoreError::Stopped)?;
        let json: Option<Vec<u8>> = reader
            .query_row(
                "SELECT json FROM records WHERE id = ?1",
                [signed(id)],
                |row| row.get(0),
            )
            .optional()
            .map_err(|e| self.failed(&e))?;
        json.map(|json| self.decode(id, &json)).transpose()
    }

    /// How many records are kept, and their size in bytes.
    pub fn usage(&self) -> Result<(u64, u64), StoreError> {
        let reader = self.reader.lock().map_err(|_| StoreError::Stopped)?;
        totals(&reader).map_err(|e| self.failed(&e))
    }

    fn decode(&self, id: u64, json: &[u8]) -> Result<Record, StoreError> {
        let mut record: Record = serde_json::from_slice(json).map_err(|e| StoreError::Corrupt {
            path: self.path.clone(),
            id,
            message: e.to_string(),
        })?;
        record.id = id;
        Ok(record)
    }

    fn failed(&self, error: &dyn std::fmt::Display) -> StoreError {
        StoreError::Database {
            path: self.path.clone(),
            message: error.to_string(),
        }
    }
}

impl Drop for Store {
    /// Lets the writer commit what it was given, then stop.
    fn drop(&mut self) {
        self.writer.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// How many records are kept, and their size in bytes.
fn totals(db: &Connection) -> rusqlite::Result<(u64, u64)> {
    db.query_row(
        "SELECT (SELECT COUNT(*) FROM records), bytes FROM totals",
        [],
        |row| Ok((unsigned(row.get(0)?), unsigned(row.get(1)?))),
    )
}

/// SQLite's integers are signed; ids, counts and sizes are not negative.
fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(BUSY)?;
    Ok(connection)
}

/// The writer: commits whatever has arrived, a group at a time, then
/// answers each record's waiter; ends when the store is dropped.
fn write_groups(mut db: Connection, pending: &mpsc::Receiver<Pending>, bounds: Bounds) {
    while let Ok(first) = pending.recv() {
        let mut group = vec![first];
        while group.len() < GROUP {
            match pending.try_recv() {
                Ok(next) => group.push(next),
                Err(_) => break,
            }
        }
        match commit(&mut db, group.iter().map(|p| &p.record), bounds) {
            Ok(ids) => {
                for (waiting, id) in group.into_iter().zip(ids) {
                    let _ = waiting.done.send(Ok(id));
                }
            }
            Err(error) => {
                for waiting in group {
                    let _ = waiting.done.send(Err(error.to_string()));
                }
            }
        }
    }
}

/// Appends `records` in one transaction, dropping the oldest past
/// `bounds`; returns their ids once it is committed.
fn commit<'a>(
    db: &mut Connection,
    records: impl Iterator<Item = &'a Record>,
    bounds: Bounds,
) -> Result<Vec<u64>, Box<dyn std::error::Error>> {
    let txn = db.transaction()?;
    let mut ids = Vec::new();
    let mut added = 0u64;
    {
        let mut insert = txn.prepare_cached("INSERT INTO records (json) VALUES (?1)")?;
        for record in records {
            let json = serde_json::to_vec(record)?;
            insert.execute([&json])?;
            added += json.len() as u64;
            ids.push(unsigned(txn.last_insert_rowid()));
        }
    }
    txn.execute("UPDATE totals SET bytes = bytes + ?1", [signed(added)])?;
    // The oldest go first; never this commit's own, acknowledged next.
    let first_new = ids.first().copied().unwrap_or(u64::MAX);
    loop {
        let (count, bytes) = totals(&txn)?;
        if count <= bounds.count && bytes <= bounds.bytes {
            break;
        }
        let oldest: Option<(i64, i64)> = txn
            .query_row(
                "SELECT id, LENGTH(json) FROM records ORDER BY id LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((id, length)) = oldest.filter(|(id, _)| unsigned(*id) < first_new) else {
            break;
        };
        txn.execute("DELETE FROM records WHERE id = ?1", params![id])?;
        txn.execute("UPDATE totals SET bytes = bytes - ?1", params![length])?;
    }
    txn.commit()?;
    Ok(ids)
}
