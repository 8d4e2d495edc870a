//! Writing an imported procedure as a knowledge file (`knowledge/national/...toml`),
//! only when its text changes, so a re-import writes nothing.

use std::fs;
use std::io;
use std::path::Path;

use serde::Serialize;

use crate::knowledge::{Form, Procedure, Provenance};

/// The file layout of an imported procedure: empty fields are left out.
#[derive(Serialize)]
struct NationalFile<'a> {
    id: &'a str,
    national_code: &'a str,
    name: &'a str,
    field: &'a str,
    level: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    authority: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    where_to_submit: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    processing_time: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    fee: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    result: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    documents: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    steps: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    conditions: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    legal_basis: &'a [String],
    postal_service: bool,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    channels: &'a [String],
    online: OnlineTable<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provenance: Option<&'a Provenance>,
    #[serde(skip_serializing_if = "<[Form]>::is_empty")]
    forms: &'a [Form],
}

#[derive(Serialize)]
struct OnlineTable<'a> {
    level: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    portal: Option<&'a str>,
}

/// First line of every file the importer writes: marks files it may replace or remove.
pub const IMPORTED_MARK: &str =
    "# Imported from the National Public Service Portal by `tthc-bot import dvc`.";

/// Whether `path` is a file the importer wrote (so it may remove it).
pub fn is_imported_file(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|t| t.starts_with(IMPORTED_MARK))
}

/// The knowledge-file text of an imported procedure.
pub fn to_toml(p: &Procedure) -> String {
    let file = NationalFile {
        id: &p.id,
        national_code: p.national_code.as_deref().unwrap_or(&p.id),
        name: &p.name,
        field: &p.field,
        level: p.level.label(),
        authority: &p.authority,
        where_to_submit: &p.where_to_submit,
        processing_time: &p.processing_time,
        fee: &p.fee,
        result: &p.result,
        documents: &p.documents,
        steps: &p.steps,
        conditions: &p.conditions,
        legal_basis: &p.legal_basis,
        postal_service: p.postal_service,
        channels: &p.channels,
        online: OnlineTable {
            level: p.online.level.label(),
            url: p.online.url.as_deref(),
            portal: p.online.portal.as_deref(),
        },
        provenance: p.provenance.as_ref(),
        forms: &p.forms,
    };
    let body = toml::to_string(&file).expect("a procedure always serialises to TOML");
    format!(
        "{IMPORTED_MARK}\n\
         # Edit the hand-written file that names this national_code instead: a re-import\n\
         # overwrites this one.\n{body}"
    )
}

/// What writing one file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    Updated,
    Unchanged,
}

/// Writes `text` to `path` unless the file already holds exactly that text.
pub fn write_if_changed(path: &Path, text: &str) -> io::Result<Written> {
    let existing = match fs::read_to_string(path) {
        Ok(old) if old == text => return Ok(Written::Unchanged),
        Ok(_) => Written::Updated,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Written::Created,
        Err(e) => return Err(e),
    };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("toml.tmp");
    fs::write(&tmp, text)?;
    fs::rename(&tmp, path)?;
    Ok(existing)
}
