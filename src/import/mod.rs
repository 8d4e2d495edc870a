//! Import of the National Public Service Portal's procedure records (`../shared/dvc/`)
//! into the knowledge format: [`record`] reads both formats into one parsed record,
//! [`flat`] parses the flattened tables, [`write`] writes one file per national code.

pub mod flat;
pub mod record;
pub mod write;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

pub use record::{parse_defence, parse_portal, Record};
use write::Written;

use crate::files::files_with_ext;

/// Folder of the portal's detail pages, one subfolder per ministry.
const PORTAL_DIR: &str = "national";
/// Folder of the Ministry of National Defence records.
const DEFENCE_DIR: &str = "bo-quoc-phong";

/// What an import did.
#[derive(Debug, Default)]
pub struct Summary {
    pub read: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Files of earlier imports whose record is no longer in the source.
    pub removed: usize,
    /// Records not imported, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

impl Summary {
    pub fn written(&self) -> usize {
        self.created + self.updated
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}: neither national/ nor bo-quoc-phong/ found; expected the DVC data folder")]
    NotDvcFolder(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// One record file to import and the ministry it belongs to.
struct Source {
    path: PathBuf,
    ministry: String,
    defence: bool,
}

/// Imports every record below `dir` into `out/<ministry>/<code>.toml`.
pub fn import_dvc(dir: &Path, out: &Path) -> Result<Summary, ImportError> {
    let sources = list_sources(dir)?;
    let mut summary = Summary::default();
    let mut seen = HashSet::new();
    let mut produced = HashSet::new();
    for source in sources {
        summary.read += 1;
        let record = match read_record(&source) {
            Ok(r) => r,
            Err(reason) => {
                summary.skipped.push((source.path, reason));
                continue;
            }
        };
        if !seen.insert(record.code.clone()) {
            let reason = format!("duplicate national code {}", record.code);
            summary.skipped.push((source.path, reason));
            continue;
        }
        let target = out
            .join(&source.ministry)
            .join(format!("{}.toml", record.code));
        let text = write::to_toml(&record.to_procedure());
        produced.insert(target.clone());
        match write::write_if_changed(&target, &text) {
            Ok(Written::Created) => summary.created += 1,
            Ok(Written::Updated) => summary.updated += 1,
            Ok(Written::Unchanged) => summary.unchanged += 1,
            Err(source) => {
                return Err(ImportError::Io {
                    path: target,
                    source,
                })
            }
        }
    }
    summary.removed = remove_stale(out, &produced)?;
    Ok(summary)
}

/// Removes files an earlier import wrote for records the source no longer has; files
/// without the importer's mark are left alone.
fn remove_stale(out: &Path, produced: &HashSet<PathBuf>) -> Result<usize, ImportError> {
    let mut removed = 0;
    for path in files_with_ext(out, &["toml"]) {
        if !produced.contains(&path) && write::is_imported_file(&path) {
            fs::remove_file(&path).map_err(|source| ImportError::Io {
                path: path.clone(),
                source,
            })?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn read_record(source: &Source) -> Result<Record, String> {
    let text = fs::read_to_string(&source.path).map_err(|e| format!("cannot read: {e}"))?;
    let parsed = if source.defence {
        parse_defence(&text)
    } else {
        parse_portal(&text, &source.ministry)
    };
    parsed.map_err(|e| e.to_string())
}

/// Every `.json` record below `dir`, in a stable order.
fn list_sources(dir: &Path) -> Result<Vec<Source>, ImportError> {
    let portal = dir.join(PORTAL_DIR);
    let defence = dir.join(DEFENCE_DIR);
    if !portal.is_dir() && !defence.is_dir() {
        return Err(ImportError::NotDvcFolder(dir.to_path_buf()));
    }
    let mut out = Vec::new();
    if portal.is_dir() {
        for ministry in sorted_entries(&portal)?.into_iter().filter(|p| p.is_dir()) {
            let name = ministry.file_name().unwrap_or_default();
            let name = name.to_string_lossy().into_owned();
            for path in json_files(&ministry)? {
                out.push(Source {
                    path,
                    ministry: name.clone(),
                    defence: false,
                });
            }
        }
    }
    if defence.is_dir() {
        for path in json_files(&defence)? {
            out.push(Source {
                path,
                ministry: DEFENCE_DIR.to_owned(),
                defence: true,
            });
        }
    }
    Ok(out)
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let entries = sorted_entries(dir)?;
    Ok(entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect())
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let io_error = |source| ImportError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io_error)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    out.sort();
    Ok(out)
}
