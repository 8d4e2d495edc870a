//! The two record formats in the national DVC set, read into one [`Record`] (NFC text,
//! fields parsed into structure) and turned into a knowledge `Procedure`.
//!
//! This module owns the parsed [`Record`] and the helpers every reader shares; the
//! formats are read by [`portal`] (the portal's detail pages) and [`defence`] (the
//! Ministry of National Defence's export), and [`procedure`] turns a record into a
//! knowledge-base procedure.

mod defence;
mod portal;
mod procedure;

pub use defence::parse_defence;
pub use portal::parse_portal;

use unicode_normalization::UnicodeNormalization;

use super::flat::{self, Channel, Document, LegalRef};
use crate::knowledge::Form;

/// Portal the imported online links point to.
pub const PORTAL: &str = "Cổng Dịch vụ công quốc gia";

pub use crate::knowledge::PORTAL_HOME;

/// One procedure record, parsed, whichever format it came in.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub code: String,
    pub name: String,
    pub decision: String,
    pub levels: String,
    pub field: String,
    pub authority: String,
    pub address: String,
    pub detail_url: String,
    pub ministry: String,
    pub channels: Vec<Channel>,
    pub documents: Vec<Document>,
    pub legal: Vec<LegalRef>,
    pub result: Vec<String>,
    pub steps: Vec<String>,
    /// Requirements and conditions, one item each ([`flat::parse_conditions`]).
    pub conditions: Vec<String>,
    /// All of the record's text, searched for the online level ("toàn trình").
    pub full_text: String,
    /// Known only from the portal's catalogue: name, field, agency and link.
    pub catalogue_only: bool,
    /// Forms named by the record (file names as the source gives them).
    pub forms: Vec<Form>,
}

/// Why a record cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("not a procedure record: {0}")]
    Json(#[from] serde_json::Error),
    #[error("missing {0}")]
    Missing(&'static str),
}

pub(crate) fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// "07 Ngày làm việc" → "7 ngày làm việc"; other texts ("Không quy định") as written.
pub(crate) fn lowercase_unit(time: &str) -> String {
    match time.split_once(' ') {
        Some((n, unit)) if n.chars().all(|c| c.is_ascii_digit()) => {
            let n = n.trim_start_matches('0');
            format!(
                "{} {}",
                if n.is_empty() { "0" } else { n },
                unit.to_lowercase()
            )
        }
        _ => time.to_owned(),
    }
}

fn first_filled(texts: &[&str]) -> String {
    texts
        .iter()
        .map(|t| flat::clean(t))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

pub(crate) fn require(r: Record) -> Result<Record, RecordError> {
    if r.code.is_empty() {
        Err(RecordError::Missing("procedure code"))
    } else if r.name.is_empty() {
        Err(RecordError::Missing("procedure name"))
    } else {
        Ok(r)
    }
}

/// Real records of the national set, kept in `tests/fixtures/dvc/`.
#[cfg(test)]
pub(super) mod fixtures {
    use super::{parse_portal, Record};

    pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/dvc");

    /// The portal record `national/<ministry>/<code>.json`, parsed.
    pub fn portal(ministry: &str, code: &str) -> Record {
        let path = format!("{FIXTURES}/national/{ministry}/{code}.json");
        let json = std::fs::read_to_string(&path).expect("fixture");
        parse_portal(&json, ministry).expect("parses")
    }
}
