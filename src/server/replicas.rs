//! What `serve` does differently when several replicas share a PostgreSQL database:
//! opening the configured database, naming the replica, serving the shared knowledge
//! generation, polling Telegram only while holding the polling lock, and counting the
//! chat limits in the database.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use crate::channels::poll_leader::poll_when_leading;
use crate::channels::telegram::Telegram;
use crate::config::Config;
use crate::search::{LiveSearcher, SharedGeneration};
use crate::storage::{Backend, Storage, StorageError};

/// How often a replica on PostgreSQL checks the knowledge generation to serve.
const SHARED_GENERATION_POLL: Duration = Duration::from_secs(2);

/// The database `[storage]` names: sled under the data folder (the default), or
/// PostgreSQL with its migrations applied.
pub fn open_storage(config: &Config) -> Result<Storage, StorageError> {
    let backend = match config.storage.postgres_url().map_err(StorageError::Url)? {
        Some(url) => Backend::Postgres(url.to_owned()),
        None => Backend::Sled,
    };
    let storage = Storage::open_with(&backend, &config.paths.data)?;
    tracing::info!(backend = storage.backend_name(), "database open");
    Ok(storage)
}

/// The limits' counts in PostgreSQL, shared by the replicas.
pub(super) struct SharedLimitCounts {
    pub(super) pg: crate::storage::Pg,
    pub(super) hits: std::sync::atomic::AtomicU64,
}

/// Windows kept in `rate_counts` (longer than any limit's window).
const KEEP_COUNTS_SECS: u64 = 3600;

impl crate::limiter::SharedCounts for SharedLimitCounts {
    fn hit(&self, key: &str, window: Duration) -> Option<u64> {
        let now = crate::time::now_secs();
        let secs = window.as_secs().max(1);
        if self
            .hits
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            .is_multiple_of(1024)
        {
            let _ = self
                .pg
                .forget_counts_before(now.saturating_sub(KEEP_COUNTS_SECS));
        }
        self.pg
            .count_hit(key, now - now % secs)
            .map_err(|e| tracing::warn!(error = %e, "shared limit count failed; counting here"))
            .ok()
    }
}

/// This replica's name: `[storage] replica`, or the host name and process id.
pub(super) fn replica_name(config: &Config) -> String {
    if !config.storage.replica.is_empty() {
        return config.storage.replica.clone();
    }
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "host".into());
    format!("{host}-{}", std::process::id())
}

/// On PostgreSQL: the generation shared with the other replicas, recorded if none is,
/// served at once if another is, and then watched.
pub(super) fn shared_generation(
    config: &Config,
    storage: &Storage,
    replica: &str,
    searcher: &Arc<LiveSearcher>,
) -> anyhow::Result<Option<Arc<SharedGeneration>>> {
    let Some(pg) = storage.postgres() else {
        return Ok(None);
    };
    let shared = Arc::new(SharedGeneration::new(
        pg.clone(),
        replica,
        &config.paths.knowledge,
        &config.paths.data.join("knowledge-sync"),
        searcher.clone(),
    ));
    shared
        .record_if_none()
        .context("cannot record the knowledge generation")?;
    shared
        .sync()
        .context("cannot serve the recorded knowledge generation")?;
    tokio::spawn(shared.clone().run(SHARED_GENERATION_POLL));
    Ok(Some(shared))
}

/// Starts Telegram long polling: at once on sled; on PostgreSQL by the one replica that
/// holds the polling lock. Whether this process polls now.
pub(super) fn poll_telegram(tg: Telegram, storage: &Storage) -> Arc<AtomicBool> {
    match storage.postgres() {
        None => {
            tokio::spawn(tg.run_polling());
            Arc::new(AtomicBool::new(true))
        }
        Some(pg) => {
            let polling = Arc::new(AtomicBool::new(false));
            tokio::spawn(poll_when_leading(tg, pg.clone(), polling.clone()));
            polling
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limiter::RateLimiter;

    /// Two replicas' limiters on one database: the allowance is for both together.
    #[test]
    fn replicas_share_one_chat_allowance() {
        let Some(url) = crate::storage::testing::fresh_postgres_url() else {
            return;
        };
        let limiter = || {
            let storage = Storage::open_with(&Backend::Postgres(url.clone()), "".as_ref());
            let counts = Arc::new(SharedLimitCounts {
                pg: storage.unwrap().postgres().unwrap().clone(),
                hits: Default::default(),
            });
            RateLimiter::with_window(3, Duration::from_secs(3600)).shared(counts, "chat-user")
        };
        let (a, b) = (limiter(), limiter());
        assert!(a.allow("web:u1") && b.allow("web:u1") && a.allow("web:u1"));
        assert!(
            !b.allow("web:u1"),
            "the fourth message in the window, on either replica"
        );
        assert!(b.allow("web:u2"), "another user has their own allowance");
    }
}
