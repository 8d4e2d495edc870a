//! The catalogue of `portal-md/`: `MANIFEST.csv` (one row per catalogued procedure, the
//! path of its page when there is one, whether the page is a flattened fallback, the
//! portal link) joined with `catalogue.csv` (the executing agency). A procedure without a
//! page becomes a catalogue-only [`Record`]: name, field, ministry, agency and link.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::flat;
use super::markdown::infer_levels;
use super::record::{nfc, Record};

/// One catalogued procedure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: String,
    pub name: String,
    pub field: String,
    /// Ministry folder the procedure is written to ("bo-y-te").
    pub ministry: String,
    /// The page, when the set holds one.
    pub page: Option<PathBuf>,
    /// The page's tables are flattened into text (fallback source).
    pub fallback: bool,
    pub url: String,
    pub agency: String,
}

/// Reads `MANIFEST.csv` and `catalogue.csv` of a `portal-md/` folder, in file order.
pub fn read(dir: &Path) -> Result<Vec<Entry>, String> {
    let manifest = read_csv(&dir.join("MANIFEST.csv"))?;
    let catalogue = read_csv(&dir.join("catalogue.csv")).unwrap_or_default();
    let agencies: HashMap<String, (String, String)> = catalogue
        .iter()
        .map(|row| {
            let code = flat::clean(field(row, "Mã số"));
            let agency = agency(field(row, "Cơ quan thực hiện"));
            (code, (agency, field(row, "URL").trim().to_owned()))
        })
        .collect();
    let mut out = Vec::new();
    for row in &manifest {
        let code = flat::clean(field(row, "ma_so"));
        if code.is_empty() {
            continue;
        }
        let (agency, catalogue_url) = agencies.get(&code).cloned().unwrap_or_default();
        let url = field(row, "url").trim();
        let page = field(row, "detail_md").trim();
        out.push(Entry {
            name: flat::clean(field(row, "ten")),
            field: flat::clean(field(row, "linh_vuc")),
            ministry: ministry_slug(field(row, "group")),
            page: (!page.is_empty()).then(|| dir.join(page)),
            fallback: field(row, "fallback_flattened").trim() == "1",
            url: if url.is_empty() {
                catalogue_url
            } else {
                url.to_owned()
            },
            agency,
            code,
        });
    }
    Ok(out)
}

/// "A; A; B" → "A; B" (the catalogue repeats agencies).
fn agency(text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in text.split(';').map(flat::clean).filter(|p| !p.is_empty()) {
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.join("; ")
}

/// The folder of a ministry named in the catalogue.
pub fn ministry_slug(group: &str) -> String {
    let folded = crate::text::fold(&crate::text::normalize(group));
    let known = [
        ("bao hiem xa hoi", "bao-hiem-xa-hoi-viet-nam"),
        ("khoa hoc va cong nghe", "bo-khoa-hoc-cong-nghe"),
        ("cong thuong", "bo-cong-thuong"),
        ("van hoa", "bo-van-hoa-the-thao-du-lich"),
        ("y te", "bo-y-te"),
        ("noi vu", "bo-noi-vu"),
        ("giao duc", "bo-giao-duc-dao-tao"),
        ("ngoai giao", "bo-ngoai-giao"),
        ("dan toc", "bo-dan-toc-ton-giao"),
    ];
    if let Some((_, slug)) = known.iter().find(|(k, _)| folded.contains(k)) {
        return (*slug).to_owned();
    }
    let slug: String = folded
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let parts: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "khac".to_owned()
    } else {
        parts.join("-")
    }
}

impl Entry {
    /// The record of a procedure known only from the catalogue.
    pub fn catalogue_record(&self) -> Record {
        let mut levels = level_in_name(&self.name);
        if levels.is_empty() {
            levels = infer_levels(&self.agency);
        }
        Record {
            code: self.code.clone(),
            name: self.name.clone(),
            decision: String::new(),
            levels,
            field: self.field.clone(),
            authority: self.agency.clone(),
            address: String::new(),
            detail_url: self.url.clone(),
            ministry: self.ministry.clone(),
            channels: Vec::new(),
            documents: Vec::new(),
            legal: Vec::new(),
            result: Vec::new(),
            steps: Vec::new(),
            conditions: Vec::new(),
            full_text: String::new(),
            catalogue_only: true,
            forms: Vec::new(),
        }
    }
}

/// "... (Cấp tỉnh)" → "Cấp tỉnh".
fn level_in_name(name: &str) -> String {
    name.rsplit_once('(')
        .and_then(|(_, tail)| tail.strip_suffix(')'))
        .filter(|t| crate::knowledge::Level::parse(t).is_some())
        .map(str::to_owned)
        .unwrap_or_default()
}

type Row = HashMap<String, String>;

fn field<'a>(row: &'a Row, name: &str) -> &'a str {
    row.get(name).map_or("", String::as_str)
}

/// A CSV file (RFC 4180: quoted fields, doubled quotes, a leading BOM) as rows keyed by
/// the header, NFC.
fn read_csv(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let text = nfc(text.trim_start_matches('\u{feff}'));
    let mut records = parse_csv(&text).into_iter();
    let header = records.next().unwrap_or_default();
    Ok(records
        .filter(|r| r.iter().any(|c| !c.trim().is_empty()))
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect())
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_and_commas() {
        let rows = parse_csv("a,b\n\"x, \"\"y\"\"\",2\r\n3,\n");
        assert_eq!(rows, [vec!["a", "b"], vec!["x, \"y\"", "2"], vec!["3", ""]]);
    }

    #[test]
    fn ministries_and_levels() {
        assert_eq!(
            ministry_slug("Bảo hiểm xã hội Việt Nam (published under Bộ Tài chính)"),
            "bao-hiem-xa-hoi-viet-nam"
        );
        assert_eq!(ministry_slug("Bộ Công thương"), "bo-cong-thuong");
        assert_eq!(ministry_slug("Bộ Mới"), "bo-moi");
        assert_eq!(level_in_name("Cấp phép (Cấp tỉnh)"), "Cấp tỉnh");
        assert_eq!(level_in_name("Cấp phép (mới)"), "");
        assert_eq!(agency("A; A; B"), "A; B");
    }
}
