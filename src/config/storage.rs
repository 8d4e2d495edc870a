//! The `[storage]` section: which database backend, and the retention of what is kept.

use serde::Deserialize;

/// The database backend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageBackend {
    #[default]
    Sled,
    Postgres,
}

/// Where the data is kept, and what is kept for how long.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StorageConfig {
    /// `sled` (embedded under the data folder, one process: the default) or `postgres`
    /// (shared by several replicas; TTHC_STORAGE_BACKEND).
    pub backend: StorageBackend,
    /// PostgreSQL connection URL, `postgres://user:password@host:port/db`
    /// (TTHC_DATABASE_URL, which also selects `postgres` unless TTHC_STORAGE_BACKEND=sled).
    pub url: String,
    /// This process's name among the replicas (health, logs; TTHC_REPLICA_NAME); empty:
    /// the host name and process id.
    pub replica: String,
    /// Conversation states unused for this many days are deleted; 0 keeps them
    /// (TTHC_CONVERSATION_RETENTION_DAYS). Tickets are never deleted.
    pub conversation_retention_days: u64,
    /// Question and comment texts of the statistics are dropped after this many days
    /// (TTHC_EVENT_TEXT_RETENTION_DAYS; 0 keeps them); the counts stay.
    #[serde(default = "default_event_text_days")]
    pub event_text_retention_days: u64,
    /// Question events and votes are deleted after this many days
    /// (TTHC_EVENT_RETENTION_DAYS; 0 keeps them).
    #[serde(default = "default_event_days")]
    pub event_retention_days: u64,
}

fn default_event_text_days() -> u64 {
    90
}

fn default_event_days() -> u64 {
    730
}

impl Default for StorageConfig {
    fn default() -> Self {
        StorageConfig {
            backend: StorageBackend::default(),
            url: String::new(),
            replica: String::new(),
            conversation_retention_days: 90,
            event_text_retention_days: default_event_text_days(),
            event_retention_days: default_event_days(),
        }
    }
}

impl StorageConfig {
    /// Environment variables override the file.
    pub(super) fn apply_env(&mut self) {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let days = |name: &str| var(name).and_then(|v| v.parse::<u64>().ok());
        match var("TTHC_STORAGE_BACKEND").as_deref() {
            Some("postgres") => self.backend = StorageBackend::Postgres,
            Some("sled") => self.backend = StorageBackend::Sled,
            Some(other) => tracing::warn!(
                value = other,
                "TTHC_STORAGE_BACKEND ignored: not sled or postgres"
            ),
            None if var("TTHC_DATABASE_URL").is_some() => self.backend = StorageBackend::Postgres,
            None => {}
        }
        if let Some(v) = var("TTHC_DATABASE_URL") {
            self.url = v;
        }
        if let Some(v) = var("TTHC_REPLICA_NAME") {
            self.replica = v;
        }
        if let Some(n) = days("TTHC_CONVERSATION_RETENTION_DAYS") {
            self.conversation_retention_days = n;
        }
        if let Some(n) = days("TTHC_EVENT_TEXT_RETENTION_DAYS") {
            self.event_text_retention_days = n;
        }
        if let Some(n) = days("TTHC_EVENT_RETENTION_DAYS") {
            self.event_retention_days = n;
        }
    }

    /// The PostgreSQL URL when that is the backend; an error when it is but no URL is set.
    pub fn postgres_url(&self) -> Result<Option<&str>, String> {
        match self.backend {
            StorageBackend::Sled => Ok(None),
            StorageBackend::Postgres if self.url.trim().is_empty() => {
                Err("[storage] backend = \"postgres\" needs url (or TTHC_DATABASE_URL)".into())
            }
            StorageBackend::Postgres => Ok(Some(self.url.trim())),
        }
    }
}
