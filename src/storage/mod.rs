//! The one place that opens the database. `serve` and the admin CLI open it through
//! [`Storage::open`] (sled, embedded under the data folder: the default) or
//! [`Storage::open_with`] (PostgreSQL, shared by several replicas) and hand each store
//! its [`Table`]s by [`Tree`] name, so table names and backend settings live here only.
//! The stores (conversations, tickets, outbox, staff, dossiers, events) sit behind
//! traits in their own modules and work on either backend through [`Table`] and
//! [`transaction`].

mod copy;
mod leader;
mod migrations;
mod postgres;
mod postgres_tx;
mod replicas;
mod table;
pub mod testing;
mod transaction;

pub use copy::{CopyError, TableCopy};
pub use leader::Leadership;
pub use migrations::MIGRATIONS;
pub use postgres::Pg;
pub use replicas::{KnowledgeFile, ReplicaReport};
pub use table::{Entry, Table};
pub use transaction::{transaction, Tx, TxError, TxOpError};

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use argon2::password_hash::rand_core::{OsRng, RngCore};

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
    StaffReplies,
    StaffLockouts,
    WebInbox,
    WebHistory,
    TelegramPayloads,
    ZaloSeenMessages,
    TelegramSeenUpdates,
    Dossiers,
    DossierSubscriptions,
    DossierLockouts,
    EventQuestions,
    EventVotes,
    EventGapsHandled,
}

impl Tree {
    /// Every tree, in the order of the first migration.
    pub const ALL: [Tree; 21] = [
        Tree::Conversations,
        Tree::Tickets,
        Tree::TicketsByStatus,
        Tree::TicketsByUser,
        Tree::TicketsByDraft,
        Tree::Outbox,
        Tree::StaffAccounts,
        Tree::StaffSessions,
        Tree::StaffReplies,
        Tree::StaffLockouts,
        Tree::WebInbox,
        Tree::WebHistory,
        Tree::TelegramPayloads,
        Tree::ZaloSeenMessages,
        Tree::TelegramSeenUpdates,
        Tree::Dossiers,
        Tree::DossierSubscriptions,
        Tree::DossierLockouts,
        Tree::EventQuestions,
        Tree::EventVotes,
        Tree::EventGapsHandled,
    ];

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
            Tree::StaffReplies => "staff_saved_replies",
            Tree::StaffLockouts => "staff_lockouts",
            Tree::WebInbox => "web_inbox",
            Tree::WebHistory => "web_history",
            Tree::TelegramPayloads => "telegram_payloads",
            Tree::ZaloSeenMessages => "zalo_seen_msg_ids",
            Tree::TelegramSeenUpdates => "telegram_seen_update_ids",
            Tree::Dossiers => "dossiers",
            Tree::DossierSubscriptions => "dossier_subscriptions",
            Tree::DossierLockouts => "dossier_lockouts",
            Tree::EventQuestions => "event_questions",
            Tree::EventVotes => "event_votes",
            Tree::EventGapsHandled => "event_gaps_handled",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("cannot create data folder {path}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path} (is another serve running?)")]
    Open { path: PathBuf, source: sled::Error },
    #[error("database: {0}")]
    Sled(#[from] sled::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("PostgreSQL connection pool: {0}")]
    Pool(String),
    #[error("bad PostgreSQL URL: {0}")]
    Url(String),
    #[error("PostgreSQL migration {name} failed: {reason}")]
    Migration { name: String, reason: String },
    #[error("one transaction cannot span tables of two databases")]
    Mixed,
    #[error("secret key {path}: {reason}")]
    Secret { path: PathBuf, reason: String },
}

/// Name of the secret under the data folder (keyed hashes of user ids).
pub const SECRET_FILE: &str = "secret.key";
/// Mode of the data folder and the folders in it: the owner only.
const DIR_MODE: u32 = 0o700;
/// Mode of the files in the data folder: the owner only.
const FILE_MODE: u32 = 0o600;

/// Where the stores keep their data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Backend {
    /// sled, embedded in `data_dir/db`: one process.
    #[default]
    Sled,
    /// A PostgreSQL database at this URL, shared by every replica.
    Postgres(String),
}

/// The open database. Cheap to clone (handles are shared).
#[derive(Clone)]
pub struct Storage {
    db: Db,
}

#[derive(Clone)]
enum Db {
    Sled(sled::Db),
    Postgres(Pg),
}

impl Storage {
    /// Opens (or creates) the sled database in `data_dir/db`, with a clear error when
    /// another process holds it.
    /// The data folder and the database folder are made readable by the owner only
    /// (0700, files 0600) whatever the umask.
    pub fn open(data_dir: &Path) -> Result<Storage, StorageError> {
        private_dir(data_dir).map_err(|source| StorageError::Folder {
            path: data_dir.to_owned(),
            source,
        })?;
        let path = data_dir.join("db");
        private_dir(&path).map_err(|source| StorageError::Folder {
            path: path.clone(),
            source,
        })?;
        let db = sled::Config::new()
            .path(&path)
            .cache_capacity(CACHE_BYTES)
            .open()
            .map_err(|source| StorageError::Open {
                path: path.clone(),
                source,
            })?;
        restrict_below(&path);
        Ok(Storage { db: Db::Sled(db) })
    }

    /// Opens the database of `backend`: sled under `data_dir`, or PostgreSQL (its
    /// migrations applied).
    pub fn open_with(backend: &Backend, data_dir: &Path) -> Result<Storage, StorageError> {
        match backend {
            Backend::Sled => Storage::open(data_dir),
            Backend::Postgres(url) => Ok(Storage {
                db: Db::Postgres(Pg::connect(url)?),
            }),
        }
    }

    /// A throwaway sled database, deleted when the last handle is dropped (for tests).
    pub fn temporary() -> Result<Storage, StorageError> {
        let db = sled::Config::new().temporary(true).open()?;
        Ok(Storage { db: Db::Sled(db) })
    }

    /// The PostgreSQL database, when that is the backend (work shared by replicas).
    pub fn postgres(&self) -> Option<&Pg> {
        match &self.db {
            Db::Sled(_) => None,
            Db::Postgres(pg) => Some(pg),
        }
    }

    /// "sled" or "postgres" (logs, health).
    pub fn backend_name(&self) -> &'static str {
        match &self.db {
            Db::Sled(_) => "sled",
            Db::Postgres(_) => "postgres",
        }
    }

    pub fn tree(&self, tree: Tree) -> Result<Table, StorageError> {
        match &self.db {
            Db::Sled(db) => Ok(Table::Sled(db.open_tree(tree.name())?)),
            Db::Postgres(pg) => Ok(Table::Postgres(pg.table(tree.name()))),
        }
    }

    /// The key of the user hashes: the data folder's `secret.key` on sled, one secret
    /// in the database shared by every replica on PostgreSQL.
    pub fn shared_secret(&self, data_dir: &Path) -> Result<[u8; 32], StorageError> {
        match &self.db {
            Db::Sled(_) => data_secret(data_dir),
            Db::Postgres(pg) => pg.shared_secret("user-hash"),
        }
    }

    /// A fresh number, unique in this database (outbox and inbox keys).
    pub fn generate_id(&self) -> Result<u64, StorageError> {
        match &self.db {
            Db::Sled(db) => Ok(db.generate_id()?),
            Db::Postgres(pg) => pg.generate_id(),
        }
    }

    /// Writes everything to disk before returning (PostgreSQL commits are durable).
    pub fn flush(&self) -> Result<(), StorageError> {
        match &self.db {
            Db::Sled(db) => Ok(db.flush().map(drop)?),
            Db::Postgres(_) => Ok(()),
        }
    }

    /// [`flush`](Self::flush) for async callers (shutdown).
    pub async fn flush_async(&self) -> Result<(), StorageError> {
        match &self.db {
            Db::Sled(db) => Ok(db.flush_async().await.map(drop)?),
            Db::Postgres(_) => Ok(()),
        }
    }
}

/// Creates `dir` (and its parents) when missing and sets it to the owner only.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    set_mode(dir, DIR_MODE)
}

/// Opens `path` for appending, creating it readable by the owner only; an existing file
/// is set to the owner only as well.
pub fn open_private_append(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let file = options.open(path)?;
    set_mode(path, FILE_MODE)?;
    Ok(file)
}

/// The secret of this data folder (32 bytes), generated from the operating system's
/// random source on first use and kept in `data_dir/secret.key` (hex, mode 0600).
pub fn data_secret(data_dir: &Path) -> Result<[u8; 32], StorageError> {
    let path = data_dir.join(SECRET_FILE);
    let error = |reason: String| StorageError::Secret {
        path: path.clone(),
        reason,
    };
    private_dir(data_dir).map_err(|e| error(e.to_string()))?;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    match options.open(&path) {
        Ok(mut file) => {
            let mut secret = [0u8; 32];
            OsRng.fill_bytes(&mut secret);
            file.write_all(hex::encode(secret).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| error(e.to_string()))?;
            Ok(secret)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            set_mode(&path, FILE_MODE).map_err(|e| error(e.to_string()))?;
            let text = fs::read_to_string(&path).map_err(|e| error(e.to_string()))?;
            let bytes = hex::decode(text.trim()).map_err(|e| error(e.to_string()))?;
            <[u8; 32]>::try_from(bytes)
                .map_err(|_| error("expected 64 hex digits (32 bytes)".into()))
        }
        Err(e) => Err(error(e.to_string())),
    }
}

/// Sets the files below `dir` to 0600 and the folders to 0700 (sled creates its files
/// with the umask's mode). Failures are logged: the folder itself is already private.
fn restrict_below(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.flatten().map(|e| e.path()) {
        let mode = if path.is_dir() { DIR_MODE } else { FILE_MODE };
        if let Err(e) = set_mode(&path, mode) {
            tracing::warn!(path = %path.display(), error = %e, "cannot restrict file mode");
        }
        if path.is_dir() {
            restrict_below(&path);
        }
    }
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests;
