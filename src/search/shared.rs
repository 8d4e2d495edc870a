//! The knowledge generation replicas share on PostgreSQL. A reindex on any replica
//! records its knowledge checksum and files ([`SharedGeneration::record`]); every replica
//! checks the record every few seconds ([`SharedGeneration::run`]) and, when it serves
//! another generation, builds the recorded one from the recorded files and switches to
//! it. Each check also reports what the replica serves (`/healthz` lists them).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::build::build;
use super::error::SearchError;
use super::generation::Manifest;
use super::live::LiveSearcher;
use crate::files::files_below;
use crate::storage::{KnowledgeFile, Pg};

/// The shared generation, seen from one replica.
pub struct SharedGeneration {
    pg: Pg,
    replica: String,
    knowledge_dir: PathBuf,
    /// Where recorded knowledge files are written before a build.
    sync_dir: PathBuf,
    searcher: Arc<LiveSearcher>,
    /// Held by every build of this replica (reindex or sync), so that they never race.
    building: Mutex<()>,
}

impl SharedGeneration {
    pub fn new(
        pg: Pg,
        replica: &str,
        knowledge_dir: &Path,
        sync_dir: &Path,
        searcher: Arc<LiveSearcher>,
    ) -> SharedGeneration {
        SharedGeneration {
            pg,
            replica: replica.to_owned(),
            knowledge_dir: knowledge_dir.to_owned(),
            sync_dir: sync_dir.to_owned(),
            searcher,
            building: Mutex::new(()),
        }
    }

    /// Runs `build` while no other build of this replica runs.
    pub fn exclusive<T>(&self, build: impl FnOnce() -> T) -> T {
        let _guard = self.building.lock().unwrap_or_else(|e| e.into_inner());
        build()
    }

    /// Records the generation just built from the knowledge folder as the one every
    /// replica serves.
    pub fn record(&self, built: &Manifest) -> Result<(), SearchError> {
        self.record_serving(built, false)
    }

    /// At start: records the serving generation when none is recorded yet.
    pub fn record_if_none(&self) -> Result<(), SearchError> {
        let serving = self.searcher.get().manifest().clone();
        self.record_serving(&serving, true)
    }

    fn record_serving(&self, built: &Manifest, only_if_none: bool) -> Result<(), SearchError> {
        let files = read_files(&self.knowledge_dir)?;
        self.pg
            .record_generation(
                &built.knowledge_checksum,
                &files,
                &self.replica,
                only_if_none,
            )
            .map_err(SearchError::shared)
    }

    /// Switches to the recorded generation when this replica serves another; the
    /// checksum it switched to. Reports what it serves.
    pub fn sync(&self) -> Result<Option<String>, SearchError> {
        let recorded = self.pg.recorded_generation().map_err(SearchError::shared)?;
        let serving = self.searcher.get().manifest().knowledge_checksum.clone();
        let switched = match recorded {
            Some(target) if target != serving => self.exclusive(|| self.build_recorded(&target))?,
            _ => None,
        };
        let now = self.searcher.get().manifest().knowledge_checksum.clone();
        self.pg
            .report_replica(&self.replica, &now)
            .map_err(SearchError::shared)?;
        Ok(switched)
    }

    /// Writes the recorded files of `target` to the sync folder, builds them and switches.
    fn build_recorded(&self, target: &str) -> Result<Option<String>, SearchError> {
        if self.searcher.get().manifest().knowledge_checksum == target {
            return Ok(None);
        }
        let files = self
            .pg
            .generation_files(target)
            .map_err(SearchError::shared)?;
        if files.is_empty() {
            tracing::warn!(
                generation = target,
                "recorded generation has no files; not switching"
            );
            return Ok(None);
        }
        let dir = self.sync_dir.join(target);
        write_files(&dir, &files)?;
        let report = build(&dir, self.searcher.index_dir());
        let _ = std::fs::remove_dir_all(&dir);
        let report = report?;
        self.searcher.reload_if_changed()?;
        tracing::info!(generation = %report.manifest.generation, checksum = target, "switched to the generation recorded by another replica");
        Ok(Some(target.to_owned()))
    }

    /// Checks the record every `every`, for the life of the process.
    pub async fn run(self: Arc<Self>, every: Duration) {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            let shared = self.clone();
            match tokio::task::spawn_blocking(move || shared.sync()).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "shared generation check failed"),
                Err(e) => tracing::warn!(error = %e, "shared generation task failed"),
            }
        }
    }
}

/// The files below `dir`, with their paths relative to it.
fn read_files(dir: &Path) -> Result<Vec<KnowledgeFile>, SearchError> {
    files_below(dir)
        .into_iter()
        .map(|path| {
            let content = std::fs::read(&path).map_err(SearchError::io(&path))?;
            let rel = path.strip_prefix(dir).unwrap_or(&path);
            Ok((rel.to_string_lossy().into_owned(), content))
        })
        .collect()
}

/// Writes `files` below a fresh `dir`, refusing paths that would leave it.
fn write_files(dir: &Path, files: &[KnowledgeFile]) -> Result<(), SearchError> {
    let _ = std::fs::remove_dir_all(dir);
    for (rel, content) in files {
        let rel = Path::new(rel);
        let inside = rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            tracing::warn!(path = %rel.display(), "recorded knowledge path skipped");
            continue;
        }
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(SearchError::io(parent))?;
        }
        std::fs::write(&path, content).map_err(SearchError::io(&path))?;
    }
    Ok(())
}
