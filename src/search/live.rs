//! The serving searcher, swapped without restart when `index/CURRENT` changes.
//!
//! Readers take an `Arc<Searcher>` and keep it for the whole request, so an in-flight
//! search finishes on the generation it started on while new requests see the new one.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use super::error::SearchError;
use super::generation::current_generation;
use super::searcher::Searcher;

/// A hot-swappable handle on the serving generation.
pub struct LiveSearcher {
    index_dir: PathBuf,
    current: RwLock<Arc<Searcher>>,
}

impl LiveSearcher {
    pub fn open(index_dir: &Path) -> Result<LiveSearcher, SearchError> {
        let searcher = Searcher::open(index_dir)?;
        Ok(LiveSearcher {
            index_dir: index_dir.to_path_buf(),
            current: RwLock::new(Arc::new(searcher)),
        })
    }

    /// The generation to use for one request.
    pub fn get(&self) -> Arc<Searcher> {
        self.current.read().expect("searcher lock poisoned").clone()
    }

    pub fn index_dir(&self) -> &Path {
        &self.index_dir
    }

    /// Polls `CURRENT` every `every` and switches when it names a new generation.
    pub async fn watch(self: Arc<Self>, every: std::time::Duration) {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let s = self.clone();
            match tokio::task::spawn_blocking(move || s.reload_if_changed()).await {
                Ok(Ok(Some(name))) => {
                    tracing::info!(generation = %name, "switched to new index generation")
                }
                Ok(Ok(None)) => {}
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, "index reload failed; still serving the previous generation")
                }
                Err(e) => tracing::warn!(error = %e, "index reload task failed"),
            }
        }
    }

    /// Switches to the generation `CURRENT` names if it is not the serving one.
    /// Returns the new generation's name when it switched.
    pub fn reload_if_changed(&self) -> Result<Option<String>, SearchError> {
        let dir = current_generation(&self.index_dir)?;
        if dir == self.get().dir() {
            return Ok(None);
        }
        let searcher = Arc::new(Searcher::open_generation(&dir)?);
        let name = searcher.manifest().generation.clone();
        *self.current.write().expect("searcher lock poisoned") = searcher;
        Ok(Some(name))
    }
}
