//! Validation of one procedure file: every field checked, every gap and bad value
//! reported with the line it is on, so an admin sees all mistakes of a file at once.
//!
//! Imported records (not strict) may leave the detail fields empty; hand-written files
//! (strict) must fill them in.

use std::path::Path;

use serde::Deserialize;

use super::error::Problem;
use super::model::{Form, Level, OnlineLevel, OnlineService, Procedure, Provenance};

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
    conditions: Option<Vec<String>>,
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
pub(super) fn line_of(text: &str, key: &str, from: usize) -> usize {
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

/// The problem of a file that is not valid TOML, at the line the parser points to.
pub(super) fn toml_problem(path: &Path, text: &str, e: &toml::de::Error) -> Problem {
    let line = e.span().map_or(1, |s| line_of_span(text, s.start));
    let message = e.message().replace('\n', " ");
    Problem::new(path, line, "toml", message)
}

/// The non-empty items of an optional list, trimmed.
fn trimmed_items(value: Option<Vec<String>>) -> Vec<String> {
    let items = value.unwrap_or_default().into_iter();
    items
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
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
            trimmed_items(value)
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

/// Parses and validates a procedure file; `strict` requires the detail fields.
pub(super) fn parse_procedure(
    path: &Path,
    text: &str,
    strict: bool,
    problems: &mut Vec<Problem>,
) -> Option<Procedure> {
    match toml::from_str(text) {
        Ok(file) => check_file(path, text, file, strict, problems),
        Err(e) => {
            problems.push(toml_problem(path, text, &e));
            None
        }
    }
}

/// Validates a hand-written file already laid over its imported record (`merged`);
/// `text` is the hand-written file, where problems' lines are looked up.
pub(super) fn parse_merged(
    path: &Path,
    text: &str,
    merged: toml::Table,
    problems: &mut Vec<Problem>,
) -> Option<Procedure> {
    match merged.try_into::<ProcedureFile>() {
        Ok(file) => check_file(path, text, file, false, problems),
        Err(e) => {
            let message = e.message().replace('\n', " ");
            problems.push(Problem::new(path, 1, "toml", message));
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
        // Optional everywhere: many procedures state no conditions of their own.
        conditions: trimmed_items(file.conditions),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_tables_are_found_on_their_lines() {
        let text = "id = \"a\"\nname = \"B\"\n\n[online]\nlevel = \"không\"\n";
        assert_eq!(line_of(text, "name", 1), 2);
        assert_eq!(line_of(text, "missing", 1), 1);
        assert_eq!(line_of_table(text), 4);
        assert_eq!(line_of(text, "level", 4), 5);
    }

    #[test]
    fn ids_are_slugs_and_dates_are_iso() {
        assert!(is_slug("1.000232") && is_slug("khai-sinh"));
        assert!(!is_slug("Khai sinh"));
        assert!(is_date("2025-01-31"));
        assert!(!is_date("31/01/2025") && !is_date("2025-1-31"));
    }

    #[test]
    fn a_strict_file_names_each_missing_detail() {
        let text = "id = \"x\"\nname = \"X\"\nfield = \"F\"\nlevel = \"cấp xã\"\n\n[online]\nlevel = \"không\"\n";
        let mut problems = Vec::new();
        assert!(parse_procedure(Path::new("x.toml"), text, true, &mut problems).is_none());
        let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"documents"), "{fields:?}");
        assert!(fields.contains(&"postal_service"), "{fields:?}");
        let mut problems = Vec::new();
        let p = parse_procedure(Path::new("x.toml"), text, false, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(p.expect("valid").id, "x");
    }
}
