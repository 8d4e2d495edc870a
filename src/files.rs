//! Listing the files below a folder, in a stable order (knowledge files, imported
//! records, the knowledge checksum). Unreadable folders are skipped.

use std::fs;
use std::path::{Path, PathBuf};

/// Every file below `dir` (recursively), sorted by path.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The files below `dir` with one of the extensions, sorted by path.
pub fn files_with_ext(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut files = files_below(dir);
    files.retain(|path| {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| exts.contains(&e))
    });
    files
}
