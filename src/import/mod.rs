//! Import of the National Public Service Portal's procedure records (`../shared/dvc/`)
//! into the knowledge format: [`record`] reads the JSON formats into one parsed record,
//! [`flat`] parses their flattened tables, [`markdown`] (with [`fallback`]) reads the
//! Markdown pages of `portal-md/`, [`catalogue`] its catalogue (procedures without a page
//! become catalogue-only entries), and [`write`] writes one file per national code.

pub mod catalogue;
pub mod fallback;
pub mod flat;
pub mod forms;
pub mod markdown;
pub mod record;
pub mod write;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

pub use markdown::parse_markdown;
pub use record::{parse_defence, parse_portal, Record};
use write::Written;

use crate::files::files_with_ext;

/// Folder of the portal's detail pages, one subfolder per ministry.
const PORTAL_DIR: &str = "national";
/// Folder of the Ministry of National Defence records.
const DEFENCE_DIR: &str = "bo-quoc-phong";
/// Folder of the Markdown pages and the catalogue of the other ministries.
const MARKDOWN_DIR: &str = "portal-md";

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
    /// Entries written (or unchanged) that are known only from the catalogue.
    pub catalogue_only: usize,
    /// Pages of the fallback source (tables flattened into text), with what was parsed.
    pub fallback: Vec<(PathBuf, String)>,
    /// Form files copied under `forms/` (written, unchanged).
    pub forms: forms::Copied,
}

impl Summary {
    pub fn written(&self) -> usize {
        self.created + self.updated
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{0}: none of national/, bo-quoc-phong/ or portal-md/ found; expected the DVC data folder"
    )]
    NotDvcFolder(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Catalogue(String),
}

/// One record file to import and the ministry it belongs to.
struct Source {
    path: PathBuf,
    ministry: String,
    defence: bool,
}

/// A parsed record and where it came from.
struct Candidate {
    path: PathBuf,
    record: Record,
}

/// Imports every record below `dir` into `out/<ministry>/<code>.toml`.
pub fn import_dvc(dir: &Path, out: &Path) -> Result<Summary, ImportError> {
    let portal = dir.join(PORTAL_DIR);
    let defence = dir.join(DEFENCE_DIR);
    let markdown = dir.join(MARKDOWN_DIR);
    if !portal.is_dir() && !defence.is_dir() && !markdown.is_dir() {
        return Err(ImportError::NotDvcFolder(dir.to_path_buf()));
    }
    let mut summary = Summary::default();
    let mut candidates = Vec::new();
    for source in list_sources(&portal, &defence)? {
        summary.read += 1;
        match read_record(&source) {
            Ok(record) => candidates.push(Candidate {
                path: source.path,
                record,
            }),
            Err(reason) => summary.skipped.push((source.path, reason)),
        }
    }
    if markdown.is_dir() {
        read_markdown(&markdown, &mut candidates, &mut summary)?;
    }
    let kept = one_per_code(candidates, &mut summary);
    let mut produced = HashSet::new();
    let forms_dir = out.parent().unwrap_or(out).join("forms");
    for mut c in kept {
        if !c.record.forms.is_empty() {
            let copied =
                forms::copy_forms(&c.path, &mut c.record, &forms_dir).map_err(|source| {
                    ImportError::Io {
                        path: forms_dir.clone(),
                        source,
                    }
                })?;
            summary.forms.written += copied.written;
            summary.forms.unchanged += copied.unchanged;
        }
        let target = out
            .join(&c.record.ministry)
            .join(format!("{}.toml", c.record.code));
        let text = write::to_toml(&c.record.to_procedure());
        produced.insert(target.clone());
        summary.catalogue_only += usize::from(c.record.catalogue_only);
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

/// The pages and catalogue-only entries of `portal-md/`.
fn read_markdown(
    dir: &Path,
    candidates: &mut Vec<Candidate>,
    summary: &mut Summary,
) -> Result<(), ImportError> {
    let entries = catalogue::read(dir).map_err(ImportError::Catalogue)?;
    for entry in entries {
        summary.read += 1;
        let Some(page) = &entry.page else {
            candidates.push(Candidate {
                path: dir.join("MANIFEST.csv"),
                record: entry.catalogue_record(),
            });
            continue;
        };
        let parsed = fs::read_to_string(page)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| {
                parse_markdown(&text, &entry.ministry, &entry.url, entry.fallback)
                    .map_err(|e| e.to_string())
            });
        match parsed {
            Ok(mut record) => {
                if record.authority.is_empty() {
                    // The catalogue names the agency the page leaves out.
                    record.authority = entry.agency.clone();
                }
                if entry.fallback {
                    summary
                        .fallback
                        .push((page.clone(), fallback_note(&record)));
                }
                candidates.push(Candidate {
                    path: page.clone(),
                    record,
                });
            }
            Err(reason) => summary.skipped.push((page.clone(), reason)),
        }
    }
    Ok(())
}

/// What was parsed of a fallback page.
fn fallback_note(r: &Record) -> String {
    let counted = r
        .documents
        .iter()
        .filter(|d| d.originals + d.copies > 0)
        .count();
    let timed = r.channels.iter().filter(|c| c.time.is_some()).count();
    format!(
        "tables flattened: {} channel(s), {timed} with a time, {counted} document(s) with counts parsed; \
         the rest kept as text; no legal basis, result or decision on the page",
        r.channels.len()
    )
}

/// One record per national code: the richer one when two sources hold the code (the
/// first on a tie); the other is reported as skipped, naming the one kept.
fn one_per_code(candidates: Vec<Candidate>, summary: &mut Summary) -> Vec<Candidate> {
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    let mut at: HashMap<String, usize> = HashMap::new();
    for c in candidates {
        let Some(&i) = at.get(&c.record.code) else {
            at.insert(c.record.code.clone(), kept.len());
            kept.push(c);
            continue;
        };
        let loser = if richness(&c.record) > richness(&kept[i].record) {
            std::mem::replace(&mut kept[i], c)
        } else {
            c
        };
        let what = if loser.record.catalogue_only {
            "catalogue-only entry"
        } else {
            "record"
        };
        let reason = format!(
            "{what} {} also in {}; kept that richer record",
            loser.record.code,
            kept[i].path.display()
        );
        summary.skipped.push((loser.path, reason));
    }
    kept
}

/// How many parts of a procedure a record fills in (a catalogue-only entry: none).
fn richness(r: &Record) -> usize {
    if r.catalogue_only {
        return 0;
    }
    let parts = [
        !r.authority.is_empty(),
        !r.address.is_empty(),
        !r.decision.is_empty(),
        r.channels.iter().any(|c| c.time.is_some()),
        r.channels.iter().any(|c| c.fee.is_some()),
        !r.documents.is_empty(),
        !r.legal.is_empty(),
        !r.result.is_empty(),
        !r.steps.is_empty(),
    ];
    1 + parts.iter().filter(|p| **p).count()
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

/// Every `.json` record of the two JSON folders, in a stable order.
fn list_sources(portal: &Path, defence: &Path) -> Result<Vec<Source>, ImportError> {
    let mut out = Vec::new();
    if portal.is_dir() {
        for ministry in sorted_entries(portal)?.into_iter().filter(|p| p.is_dir()) {
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
        for path in json_files(defence)? {
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
