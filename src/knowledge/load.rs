//! Reading and validating the `knowledge/` folder.
//!
//! Every file is read; every problem is collected (never a panic, never only the first),
//! so an admin sees all mistakes at once.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::enrich;
use super::error::{Problem, Problems};
use super::model::{Form, Knowledge, Level, OnlineLevel, OnlineService, Procedure, Provenance};
use super::plans::{parse_markdown_plan, parse_ocr_plan};
use crate::files::files_with_ext;
use crate::text::SynonymGroup;

/// Folder (below the knowledge root) of hand-written procedures.
const HAND_DIR: &str = "procedures";
/// Folder of imported national records (`tthc-bot import dvc`).
const NATIONAL_DIR: &str = "national";

/// Loads the whole knowledge base under `root`, or every problem found.
pub fn load(root: &Path) -> Result<Knowledge, Problems> {
    let mut problems = Vec::new();
    if !root.is_dir() {
        problems.push(Problem::new(root, 0, "knowledge", "folder not found"));
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

    let synonyms = load_synonyms(&root.join("synonyms.toml"), &mut problems);
    if problems.is_empty() {
        Ok(Knowledge {
            procedures,
            plan_sections,
            synonyms,
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
    let merged = enrich::overlay(record.clone(), hand);
    match merged.try_into::<ProcedureFile>() {
        Ok(file) => check_file(path, text, file, false, problems),
        Err(e) => {
            let message = e.message().replace('\n', " ");
            problems.push(Problem::new(path, 1, "toml", message));
            None
        }
    }
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

/// A procedure file as written; every field optional so validation can name each gap.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProcedureFile {
    id: Option<String>,
    national_code: Option<String>,
    name: Option<String>,
    field: Option<String>,
    level: Option<String>,
    authority: Option<String>,
    where_to_submit: Option<String>,
    summary: Option<String>,
    aliases: Option<Vec<String>>,
    documents: Option<Vec<String>>,
    steps: Option<Vec<String>>,
    processing_time: Option<String>,
    fee: Option<String>,
    result: Option<String>,
    legal_basis: Option<Vec<String>>,
    online: Option<OnlineFile>,
    postal_service: Option<bool>,
    channels: Option<Vec<String>>,
    checked: Option<String>,
    hotline: Option<String>,
    local_address: Option<String>,
    provenance: Option<Provenance>,
    forms: Option<Vec<Form>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnlineFile {
    level: Option<String>,
    url: Option<String>,
    portal: Option<String>,
}

/// Line (1-based) where `key = ...` is written, searching from line `from`.
fn line_of(text: &str, key: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| {
            let l = l.trim_start();
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|(i, _)| i + 1)
        .unwrap_or(1)
}

fn line_of_span(text: &str, offset: usize) -> usize {
    1 + text[..offset.min(text.len())].matches('\n').count()
}

/// Collects the problems of one procedure file while extracting its fields.
struct Checker<'a> {
    path: &'a Path,
    text: &'a str,
    /// Whether detail fields (documents, fee, ...) are required.
    strict: bool,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn report(&mut self, key: &str, message: &str) {
        let line = line_of(self.text, key, 1);
        self.problems
            .push(Problem::new(self.path, line, key, message));
    }

    fn text(&mut self, key: &str, value: Option<String>) -> String {
        match value.map(|v| v.trim().to_owned()) {
            Some(v) if !v.is_empty() => v,
            Some(_) => {
                self.report(key, "must not be empty");
                String::new()
            }
            None => {
                self.report(key, "missing required field");
                String::new()
            }
        }
    }

    /// A detail field: required when strict, else empty when absent.
    fn detail(&mut self, key: &str, value: Option<String>) -> String {
        if self.strict {
            self.text(key, value)
        } else {
            value.map(|v| v.trim().to_owned()).unwrap_or_default()
        }
    }

    /// A detail list: required when strict, else empty when absent.
    fn details(&mut self, key: &str, value: Option<Vec<String>>) -> Vec<String> {
        if self.strict {
            self.list(key, value)
        } else {
            let items = value.unwrap_or_default().into_iter();
            items
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        }
    }

    fn list(&mut self, key: &str, value: Option<Vec<String>>) -> Vec<String> {
        let items: Option<Vec<String>> = value.map(|v| {
            v.into_iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        });
        match items {
            Some(v) if !v.is_empty() => v,
            Some(_) => {
                self.report(key, "must list at least one item");
                Vec::new()
            }
            None => {
                self.report(key, "missing required field");
                Vec::new()
            }
        }
    }
}

fn parse_procedure(
    path: &Path,
    text: &str,
    strict: bool,
    problems: &mut Vec<Problem>,
) -> Option<Procedure> {
    match toml::from_str(text) {
        Ok(file) => check_file(path, text, file, strict, problems),
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of_span(text, s.start));
            let message = e.message().replace('\n', " ");
            problems.push(Problem::new(path, line, "toml", message));
            None
        }
    }
}

/// Validates a procedure file; `text` is where problems' lines are looked up.
fn check_file(
    path: &Path,
    text: &str,
    file: ProcedureFile,
    strict: bool,
    problems: &mut Vec<Problem>,
) -> Option<Procedure> {
    let mut c = Checker {
        path,
        text,
        strict,
        problems: Vec::new(),
    };
    let id = c.text("id", file.id);
    if !id.is_empty() && !is_slug(&id) {
        c.report("id", "must be a slug of a-z, 0-9 and '-'");
    }
    let level_text = c.text("level", file.level);
    let level = Level::parse(&level_text);
    if level.is_none() && !level_text.is_empty() {
        let msg = format!(
            "unknown level {level_text:?}, expected one of {:?}",
            Level::NAMES
        );
        c.report("level", &msg);
    }
    let online = check_online(&mut c, file.online);
    let checked = c.detail("checked", file.checked);
    if !checked.is_empty() && !is_date(&checked) {
        c.report("checked", "must be a date YYYY-MM-DD");
    }
    if file.postal_service.is_none() && strict {
        c.report("postal_service", "missing required field (true or false)");
    }
    let procedure = Procedure {
        id,
        national_code: file.national_code.filter(|s| !s.trim().is_empty()),
        name: c.text("name", file.name),
        field: c.text("field", file.field),
        level: level.unwrap_or(Level::Commune),
        authority: c.detail("authority", file.authority),
        where_to_submit: c.detail("where_to_submit", file.where_to_submit),
        summary: c.detail("summary", file.summary),
        aliases: c.details("aliases", file.aliases),
        documents: c.details("documents", file.documents),
        steps: c.details("steps", file.steps),
        processing_time: c.detail("processing_time", file.processing_time),
        fee: c.detail("fee", file.fee),
        result: c.detail("result", file.result),
        legal_basis: c.details("legal_basis", file.legal_basis),
        online: online.unwrap_or(OnlineService {
            level: OnlineLevel::None,
            url: None,
            portal: None,
        }),
        postal_service: file.postal_service.unwrap_or(false),
        channels: file.channels.unwrap_or_default(),
        checked,
        hotline: file.hotline,
        local_address: file.local_address,
        provenance: file.provenance,
        forms: file.forms.unwrap_or_default(),
    };
    if c.problems.is_empty() {
        Some(procedure)
    } else {
        problems.append(&mut c.problems);
        None
    }
}

fn check_online(c: &mut Checker, online: Option<OnlineFile>) -> Option<OnlineService> {
    let Some(online) = online else {
        c.problems.push(Problem::new(
            c.path,
            1,
            "online",
            "missing required table [online]",
        ));
        return None;
    };
    let section = line_of_table(c.text).max(1);
    let at = |key: &str| line_of(c.text, key, section);
    let Some(level_text) = online.level.filter(|l| !l.trim().is_empty()) else {
        let line = section;
        c.problems.push(Problem::new(
            c.path,
            line,
            "online.level",
            "missing required field",
        ));
        return None;
    };
    let Some(level) = OnlineLevel::parse(&level_text) else {
        let msg = format!(
            "unknown online level {level_text:?}, expected one of {:?}",
            OnlineLevel::NAMES
        );
        c.problems
            .push(Problem::new(c.path, at("level"), "online.level", msg));
        return None;
    };
    let url = online.url.filter(|u| !u.trim().is_empty());
    if !matches!(level, OnlineLevel::None | OnlineLevel::Unknown) && url.is_none() {
        let msg = "required when the service is online";
        c.problems
            .push(Problem::new(c.path, at("level"), "online.url", msg));
    }
    if let Some(u) = &url {
        if !(u.starts_with("https://") || u.starts_with("http://")) {
            let msg = format!("not a web address: {u:?}");
            c.problems
                .push(Problem::new(c.path, at("url"), "online.url", msg));
        }
    }
    Some(OnlineService {
        level,
        url,
        portal: online.portal.filter(|p| !p.trim().is_empty()),
    })
}

/// Line of the `[online]` table header (0 when absent).
fn line_of_table(text: &str) -> usize {
    text.lines()
        .position(|l| l.trim() == "[online]")
        .map_or(0, |i| i + 1)
}

fn is_slug(id: &str) -> bool {
    id.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit()))
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

fn load_synonyms(path: &Path, problems: &mut Vec<Problem>) -> Vec<SynonymGroup> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct SynonymsFile {
        #[serde(default)]
        group: Vec<SynonymGroup>,
    }
    if !path.exists() {
        return Vec::new();
    }
    let Some(text) = read_text(path, problems) else {
        return Vec::new();
    };
    match toml::from_str::<SynonymsFile>(&text) {
        Ok(f) => {
            for (i, g) in f.group.iter().enumerate() {
                if g.terms.iter().filter(|t| !t.trim().is_empty()).count() < 2 {
                    let msg = format!("group {} needs at least two terms", i + 1);
                    problems.push(Problem::new(path, 1, "terms", msg));
                }
            }
            f.group
        }
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of_span(&text, s.start));
            let message = e.message().replace('\n', " ");
            problems.push(Problem::new(path, line, "toml", message));
            Vec::new()
        }
    }
}
