//! The one place that opens the database. `serve` and the admin CLI open the sled
//! database under the data folder through [`Storage::open`] and hand each store its
//! trees by [`Tree`] name, so tree names and cache settings live here only. The stores
//! themselves (conversations, tickets, outbox, staff) sit behind traits in their own
//! modules; the sled implementations take their trees from here.

use std::path::{Path, PathBuf};

/// Memory sled may use for its page cache.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// Every tree of the database. The names are the stored format: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tree {
    Conversations,
    Tickets,
    TicketsByStatus,
    TicketsByUser,
    TicketsByDraft,
    Outbox,
    StaffAccounts,
    StaffSessions,
    WebInbox,
    TelegramPayloads,
    ZaloSeenMessages,
    TelegramSeenUpdates,
}

impl Tree {
    pub fn name(self) -> &'static str {
        match self {
            Tree::Conversations => "conversations",
            Tree::Tickets => "tickets",
            Tree::TicketsByStatus => "tickets_by_status",
            Tree::TicketsByUser => "tickets_by_user",
            Tree::TicketsByDraft => "tickets_by_draft",
            Tree::Outbox => "outbox",
            Tree::StaffAccounts => "staff_accounts",
            Tree::StaffSessions => "staff_sessions",
            Tree::WebInbox => "web_inbox",
            Tree::TelegramPayloads => "telegram_payloads",
            Tree::ZaloSeenMessages => "zalo_seen_msg_ids",
            Tree::TelegramSeenUpdates => "telegram_seen_update_ids",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot create data folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path} (is another serve running?): {source}")]
    Open { path: PathBuf, source: sled::Error },
    #[error("database: {0}")]
    Sled(#[from] sled::Error),
}

/// The open database. Cheap to clone (sled handles are shared).
#[derive(Clone)]
pub struct Storage {
    db: sled::Db,
}

impl Storage {
    /// Opens (or creates) the database in `data_dir/db`, with a clear error when another
    /// process holds it.
    pub fn open(data_dir: &Path) -> Result<Storage, StorageError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StorageError::Folder {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join("db");
        let db = sled::Config::new()
            .path(&path)
            .cache_capacity(CACHE_BYTES)
            .open()
            .map_err(|source| StorageError::Open { path, source })?;
        Ok(Storage { db })
    }

    /// A throwaway database, deleted when the last handle is dropped (for tests).
    pub fn temporary() -> Result<Storage, sled::Error> {
        let db = sled::Config::new().temporary(true).open()?;
        Ok(Storage { db })
    }

    pub fn tree(&self, tree: Tree) -> Result<sled::Tree, sled::Error> {
        self.db.open_tree(tree.name())
    }

    /// A fresh number, unique in this database (for ticket codes).
    pub fn generate_id(&self) -> Result<u64, sled::Error> {
        self.db.generate_id()
    }

    /// Writes everything to disk before returning.
    pub fn flush(&self) -> Result<(), sled::Error> {
        self.db.flush().map(|_| ())
    }

    /// [`flush`](Self::flush) for async callers (shutdown).
    pub async fn flush_async(&self) -> Result<(), sled::Error> {
        self.db.flush_async().await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_open_of_the_same_folder_is_refused_clearly() {
        let dir = tempfile::tempdir().unwrap();
        let first = Storage::open(dir.path()).unwrap();
        first.tree(Tree::Tickets).unwrap().insert("k", "v").unwrap();
        let err = Storage::open(dir.path()).err().expect("locked");
        assert!(err.to_string().contains("another serve"), "{err}");
    }
}
