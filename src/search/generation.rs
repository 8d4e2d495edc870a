//! Index generations on disk and the atomic `CURRENT` pointer.
//!
//! ```text
//! index/CURRENT            name of the serving generation
//! index/gen-<millis>/      tantivy/, entries.json, synonyms.json, manifest.json
//! ```
//! A generation is complete once its `manifest.json` exists; `CURRENT` is replaced by
//! rename, so readers see either the old or the new generation, never a half-built one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::SearchError;

pub const POINTER: &str = "CURRENT";
pub const MANIFEST: &str = "manifest.json";
pub const ENTRIES: &str = "entries.json";
pub const SYNONYMS: &str = "synonyms.json";
/// Opposite sides (absent from generations written before they existed).
pub const OPPOSITES: &str = "opposites.json";
pub const TANTIVY_DIR: &str = "tantivy";
const PREFIX: &str = "gen-";

/// What a generation holds, written last when it is complete.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub generation: String,
    /// Unix seconds of the build.
    pub built_at: u64,
    /// SHA-256 over the knowledge files the generation was built from.
    pub knowledge_checksum: String,
    pub procedures: usize,
    pub plan_sections: usize,
    pub synonym_groups: usize,
}

/// The serving generation's folder, if the pointer names a complete one.
pub fn current_generation(index_dir: &Path) -> Result<PathBuf, SearchError> {
    let pointer = index_dir.join(POINTER);
    let name = fs::read_to_string(&pointer).map_err(|_| SearchError::NoIndex(index_dir.into()))?;
    let dir = index_dir.join(name.trim());
    if !dir.join(MANIFEST).is_file() {
        return Err(SearchError::Corrupt {
            path: dir,
            reason: "generation named by CURRENT has no manifest".into(),
        });
    }
    Ok(dir)
}

pub fn read_manifest(gen_dir: &Path) -> Result<Manifest, SearchError> {
    let path = gen_dir.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(SearchError::io(&path))?;
    serde_json::from_str(&text).map_err(|e| SearchError::Corrupt {
        path,
        reason: e.to_string(),
    })
}

/// Claims a fresh generation folder: creates it, failing over to the next name when
/// another build (another thread or process) created that one first, so no two builds
/// ever share a folder. Its name and path.
pub fn claim_generation(index_dir: &Path) -> Result<(String, PathBuf), SearchError> {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    for n in 0.. {
        let name = format!("{PREFIX}{millis:013}-{n}");
        let dir = index_dir.join(&name);
        match fs::create_dir(&dir) {
            Ok(()) => return Ok((name, dir)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(SearchError::io(&dir)(e)),
        }
    }
    unreachable!("an unbounded range ends only by returning")
}

/// Writes a file and syncs it to disk.
pub fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), SearchError> {
    let mut f = fs::File::create(path).map_err(SearchError::io(path))?;
    f.write_all(bytes).map_err(SearchError::io(path))?;
    f.sync_all().map_err(SearchError::io(path))
}

/// Points `CURRENT` at `name` atomically (write a temporary file, then rename).
pub fn switch_pointer(index_dir: &Path, name: &str) -> Result<(), SearchError> {
    let tmp = index_dir.join(format!("{POINTER}.tmp"));
    write_synced(&tmp, name.as_bytes())?;
    let pointer = index_dir.join(POINTER);
    fs::rename(&tmp, &pointer).map_err(SearchError::io(&pointer))?;
    if let Ok(dir) = fs::File::open(index_dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Generation folders, oldest first.
pub fn list_generations(index_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(index_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.starts_with(PREFIX))
        .collect();
    names.sort();
    names
}

/// Incomplete generations younger than this may still be being built by another process.
const BUILD_GRACE: std::time::Duration = std::time::Duration::from_secs(3600);

/// The newest complete generation older than the serving one (the rollback target).
pub fn previous_generation(index_dir: &Path) -> Option<String> {
    let current = fs::read_to_string(index_dir.join(POINTER)).unwrap_or_default();
    let current = current.trim();
    list_generations(index_dir)
        .into_iter()
        .rfind(|n| n.as_str() < current && index_dir.join(n).join(MANIFEST).is_file())
}

/// Deletes every generation except the serving one and the newest complete older one.
/// A generation still being written (no manifest yet, recent) is left alone; one left
/// half-written by a crash is deleted once it is older than [`BUILD_GRACE`].
pub fn prune(index_dir: &Path) {
    let current = fs::read_to_string(index_dir.join(POINTER)).unwrap_or_default();
    let current = current.trim().to_owned();
    let previous = previous_generation(index_dir);
    for name in list_generations(index_dir) {
        let dir = index_dir.join(&name);
        let keep =
            name == current || Some(&name) == previous.as_ref() || is_recent_incomplete(&dir);
        if !keep {
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

fn is_recent_incomplete(dir: &Path) -> bool {
    if dir.join(MANIFEST).is_file() {
        return false;
    }
    let age = fs::metadata(dir)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok());
    age.is_none_or(|a| a < BUILD_GRACE)
}

/// Points `CURRENT` back at the previous complete generation; returns its name.
pub fn rollback(index_dir: &Path) -> Result<String, SearchError> {
    let previous = previous_generation(index_dir).ok_or_else(|| SearchError::Corrupt {
        path: index_dir.to_path_buf(),
        reason: "no previous complete generation to roll back to".into(),
    })?;
    switch_pointer(index_dir, &previous)?;
    Ok(previous)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrent_claims_never_share_a_folder() {
        let index = tempfile::tempdir().unwrap();
        let claims: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..16)
                .map(|_| s.spawn(|| claim_generation(index.path()).unwrap().0))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut unique = claims.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), claims.len(), "{claims:?}");
        assert!(claims.iter().all(|n| index.path().join(n).is_dir()));
    }
}
