//! Reading the `knowledge/` folder: procedures (imported records, then hand-written
//! files laid over the records they name), plans and synonyms.
//!
//! Every file is read; every problem is collected (never a panic, never only the first),
//! so an admin sees all mistakes at once. Each procedure file is checked by [`validate`].

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::enrich;
use super::error::{Problem, Problems};
use super::model::{Knowledge, Procedure};
use super::plans::{parse_markdown_plan, parse_ocr_plan};
use super::validate::{line_of, parse_merged, parse_procedure, toml_problem};
use crate::files::files_with_ext;
use crate::text::{OppositeSet, SynonymGroup};

/// Folder (below the knowledge root) of hand-written procedures.
const HAND_DIR: &str = "procedures";
/// Folder of imported national records (`tthc-bot import dvc`).
const NATIONAL_DIR: &str = "national";

/// Loads the whole knowledge base under `root`, or every problem found.
pub fn load(root: &Path) -> Result<Knowledge, Problems> {
    let mut problems = Vec::new();
    if !root.is_dir() {
        problems.push(Problem::missing_folder(root));
        return Err(Problems(problems));
    }
    let procedures = load_procedures(root, &mut problems);
    check_unique_ids(&procedures, &mut problems);
    let procedures = enrich::merge(procedures);

    let mut plan_sections = Vec::new();
    for path in files_with_ext(&root.join("plans"), &["md", "txt"]) {
        let Some(text) = read_text(&path, &mut problems) else {
            continue;
        };
        let parsed = if path.extension().is_some_and(|e| e == "md") {
            parse_markdown_plan(&path, &text)
        } else {
            parse_ocr_plan(&path, &text)
        };
        match parsed {
            Ok(sections) => plan_sections.extend(sections),
            Err(p) => problems.push(p),
        }
    }

    let (synonyms, opposites) = load_synonyms(&root.join("synonyms.toml"), &mut problems);
    if problems.is_empty() {
        Ok(Knowledge {
            procedures,
            plan_sections,
            synonyms,
            opposites,
        })
    } else {
        Err(Problems(problems))
    }
}

/// Imported records first (details may be empty), then hand-written files (details
/// required, unless the file names a national code whose record fills them in).
fn load_procedures(root: &Path, problems: &mut Vec<Problem>) -> Vec<(PathBuf, Procedure)> {
    let hand: Vec<(PathBuf, String)> = files_with_ext(&root.join(HAND_DIR), &["toml"])
        .into_iter()
        .filter_map(|path| read_text(&path, problems).map(|text| (path, text)))
        .collect();
    let wanted: HashSet<String> = hand
        .iter()
        .filter_map(|(_, text)| enrich::national_code_of(text))
        .collect();
    let mut records = HashMap::new();
    let mut procedures = Vec::new();
    for path in files_with_ext(&root.join(NATIONAL_DIR), &["toml"]) {
        let Some(text) = read_text(&path, problems) else {
            continue;
        };
        if let Some(p) = parse_procedure(&path, &text, false, problems) {
            if let Some(code) = p.national_code.as_ref().filter(|c| wanted.contains(*c)) {
                if let Ok(table) = text.parse::<toml::Table>() {
                    records.insert(code.clone(), table);
                }
            }
            procedures.push((path, p));
        }
    }
    for (path, text) in hand {
        let record = enrich::national_code_of(&text).and_then(|c| records.get(&c));
        let parsed = match record {
            Some(record) => parse_enrichment(&path, &text, record, problems),
            None => parse_procedure(&path, &text, true, problems),
        };
        procedures.extend(parsed.map(|p| (path, p)));
    }
    procedures
}

/// A hand-written file laid over the imported record it names: what it leaves out comes
/// from the record.
fn parse_enrichment(
    path: &Path,
    text: &str,
    record: &toml::Table,
    problems: &mut Vec<Problem>,
) -> Option<Procedure> {
    let Ok(hand) = text.parse::<toml::Table>() else {
        return parse_procedure(path, text, true, problems);
    };
    parse_merged(path, text, enrich::overlay(record.clone(), hand), problems)
}

/// Reads a file as UTF-8, recording a problem (with the line of the bad byte) otherwise.
fn read_text(path: &Path, problems: &mut Vec<Problem>) -> Option<String> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.push(Problem::new(path, 0, "file", format!("cannot read: {e}")));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            problems.push(Problem::new(path, line, "file", "invalid UTF-8"));
            None
        }
    }
}

fn check_unique_ids(procedures: &[(PathBuf, Procedure)], problems: &mut Vec<Problem>) {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for (path, p) in procedures {
        if let Some(first) = seen.insert(&p.id, path) {
            let text = fs::read_to_string(path).unwrap_or_default();
            let msg = format!(
                "duplicate id {:?}, already used in {}",
                p.id,
                first.display()
            );
            problems.push(Problem::new(path, line_of(&text, "id", 1), "id", msg));
        }
    }
}

fn load_synonyms(
    path: &Path,
    problems: &mut Vec<Problem>,
) -> (Vec<SynonymGroup>, Vec<OppositeSet>) {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SynonymsFile {
        #[serde(default)]
        group: Vec<SynonymGroup>,
        #[serde(default)]
        opposites: Vec<OppositeSet>,
    }
    if !path.exists() {
        return Default::default();
    }
    let Some(text) = read_text(path, problems) else {
        return Default::default();
    };
    match toml::from_str::<SynonymsFile>(&text) {
        Ok(f) => {
            let filled = |v: &[String]| v.iter().filter(|t| !t.trim().is_empty()).count();
            for (i, g) in f.group.iter().enumerate() {
                let terms = filled(&g.terms);
                if terms == 0 || terms + filled(&g.means).min(1) < 2 {
                    let msg = format!(
                        "group {} needs at least two terms, or a term and what it means",
                        i + 1
                    );
                    problems.push(Problem::new(path, 1, "terms", msg));
                }
            }
            for (i, set) in f.opposites.iter().enumerate() {
                let sides = set.sides.iter().filter(|side| filled(side) > 0).count();
                if sides < 2 || sides != set.sides.len() || sides > 32 {
                    let msg = format!(
                        "opposites {} needs 2 to 32 sides, each with at least one term",
                        i + 1
                    );
                    problems.push(Problem::new(path, 1, "sides", msg));
                }
            }
            (f.group, f.opposites)
        }
        Err(e) => {
            problems.push(toml_problem(path, &text, &e));
            Default::default()
        }
    }
}
