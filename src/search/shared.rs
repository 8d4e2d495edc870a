//! The knowledge generation replicas share on PostgreSQL. A reindex on any replica
//! records its knowledge checksum and files ([`SharedGeneration::record`]); every replica
//! checks the record every few seconds ([`SharedGeneration::run`]) and, when it serves
//! another generation, builds the recorded one from the recorded files and switches to
//! it. Each check also reports what the replica serves (`/healthz` lists them).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::build::{build, checksum_of};
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
    /// A recorded generation whose files do not make it: not tried again.
    failed: Mutex<Option<String>>,
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
            failed: Mutex::new(None),
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

    /// At start: records the serving generation when none is recorded yet (reading
    /// and uploading the knowledge files only then).
    pub fn record_if_none(&self) -> Result<(), SearchError> {
        if self
            .pg
            .recorded_generation()
            .map_err(SearchError::shared)?
            .is_some()
        {
            return Ok(());
        }
        let serving = self.searcher.get().manifest().clone();
        self.record_serving(&serving, true)
    }

    /// Records `built` with the knowledge folder's files, if they are still the ones it
    /// was built from (else other replicas could not rebuild it: nothing is recorded).
    fn record_serving(&self, built: &Manifest, only_if_none: bool) -> Result<(), SearchError> {
        let files = read_files(&self.knowledge_dir)?;
        if checksum_of(&files) != built.knowledge_checksum {
            tracing::warn!(
                generation = %built.generation,
                "knowledge folder changed since this generation was built: not recorded; reindex to share it"
            );
            return Ok(());
        }
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
        let switched = self.exclusive(|| {
            let recorded = self.pg.recorded_generation().map_err(SearchError::shared)?;
            let serving = self.searcher.get().manifest().knowledge_checksum.clone();
            match recorded {
                Some(target) if target != serving => self.build_recorded(&target),
                _ => Ok(None),
            }
        })?;
        let now = self.searcher.get().manifest().knowledge_checksum.clone();
        self.pg
            .report_replica(&self.replica, &now)
            .map_err(SearchError::shared)?;
        Ok(switched)
    }

    /// Writes the recorded files of `target` to the sync folder, builds them and switches;
    /// a target whose recorded files do not make it is refused once and for all.
    fn build_recorded(&self, target: &str) -> Result<Option<String>, SearchError> {
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        let valid = target.len() == 64 && target.bytes().all(|b| b.is_ascii_hexdigit());
        if !valid || failed.as_deref() == Some(target) {
            return Ok(None);
        }
        let files = self
            .pg
            .generation_files(target)
            .map_err(SearchError::shared)?;
        if checksum_of(&files) != target {
            tracing::error!(
                generation = target,
                "the recorded files do not make the recorded generation: not switching"
            );
            *failed = Some(target.to_owned());
            return Ok(None);
        }
        let dir = self.sync_dir.join(target);
        write_files(&dir, &files)?;
        let report = build(&dir, self.searcher.index_dir());
        let _ = std::fs::remove_dir_all(&dir);
        let report = report?;
        if report.manifest.knowledge_checksum != target {
            *failed = Some(target.to_owned());
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_read_back_give_the_checksum_a_build_records() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("procedures/ho-tich")).unwrap();
        std::fs::write(dir.path().join("procedures/ho-tich/a.toml"), "id = \"a\"").unwrap();
        std::fs::write(dir.path().join("synonyms.toml"), "cccd = [\"căn cước\"]").unwrap();
        let files = read_files(dir.path()).unwrap();
        assert_eq!(
            checksum_of(&files),
            super::super::build::checksum(dir.path())
        );
        let copy = tempfile::tempdir().unwrap();
        let mut hostile = files.clone();
        hostile.push(("../outside.toml".into(), b"x".to_vec()));
        write_files(copy.path(), &hostile).unwrap();
        assert_eq!(
            read_files(copy.path()).unwrap(),
            files,
            "the path leaving the folder is skipped"
        );
    }
}
