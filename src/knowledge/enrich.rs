//! Hand-written files that name a national code: they enrich or override the imported
//! record of that code instead of standing beside it as a duplicate.
//!
//! A file may give every field (it then replaces the record's text) or only what it adds
//! (aliases, a plain-language summary, a local address, a hotline): the loader lays it
//! over the record's table with [`overlay`], then [`merge`] drops the record itself and
//! keeps its provenance on the hand-written procedure.

use std::collections::HashMap;
use std::path::PathBuf;

use super::model::Procedure;

/// The `national_code` a procedure file names, if its TOML parses.
pub fn national_code_of(text: &str) -> Option<String> {
    let table = text.parse::<toml::Table>().ok()?;
    let code = table.get("national_code")?.as_str()?.trim();
    (!code.is_empty()).then(|| code.to_owned())
}

/// The record's table with the hand-written keys laid over it (sub-tables key by key).
pub fn overlay(mut record: toml::Table, hand: toml::Table) -> toml::Table {
    for (key, value) in hand {
        match (record.get_mut(&key), value) {
            (Some(toml::Value::Table(base)), toml::Value::Table(over)) => {
                base.extend(over);
            }
            (_, value) => {
                record.insert(key, value);
            }
        }
    }
    record
}

/// Hand-written procedures that name a national code enrich the imported record of
/// that code instead of standing beside it as a duplicate.
pub fn merge(procedures: Vec<(PathBuf, Procedure)>) -> Vec<Procedure> {
    let (national, hand): (Vec<_>, Vec<_>) = procedures
        .into_iter()
        .map(|(_, p)| p)
        .partition(|p| p.is_imported());
    let mut by_code: HashMap<String, Procedure> = national
        .into_iter()
        .filter_map(|p| p.national_code.clone().map(|c| (c, p)))
        .collect();
    let mut out = Vec::new();
    for mut p in hand {
        if let Some(record) = p.national_code.as_ref().and_then(|c| by_code.remove(c)) {
            p.provenance = record.provenance;
        }
        out.push(p);
    }
    let mut rest: Vec<Procedure> = by_code.into_values().collect();
    rest.sort_by(|a, b| a.id.cmp(&b.id));
    out.extend(rest);
    out
}

#[cfg(test)]
mod tests {
    use std::fs;

    use crate::knowledge::load;

    const RECORD: &str = r#"id = "1.001193"
national_code = "1.001193"
name = "Thủ tục đăng ký khai sinh"
field = "Hộ tịch"
level = "cấp xã"
fee = "Miễn phí"
documents = ["Tờ khai đăng ký khai sinh (1 bản chính)"]
postal_service = true

[online]
level = "có"
url = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x"
portal = "Cổng Dịch vụ công quốc gia"

[provenance]
decision = "163/QĐ-BTP"
"#;

    fn knowledge(hand: &str) -> tempfile::TempDir {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir_all(root.path().join("national/bo-tu-phap")).unwrap();
        fs::create_dir_all(root.path().join("procedures/ho-tich")).unwrap();
        fs::write(
            root.path().join("national/bo-tu-phap/1.001193.toml"),
            RECORD,
        )
        .unwrap();
        fs::write(root.path().join("procedures/ho-tich/khai-sinh.toml"), hand).unwrap();
        root
    }

    #[test]
    fn a_short_file_enriches_the_record_it_names() {
        let root = knowledge(
            r#"id = "khai-sinh"
national_code = "1.001193"
summary = "Làm giấy khai sinh cho trẻ mới sinh."
aliases = ["làm giấy khai sinh"]
hotline = "0263 3822 111"

[online]
level = "toàn trình"
"#,
        );
        let kb = load(root.path()).expect("enrichment loads");
        assert_eq!(kb.procedures.len(), 1, "no duplicate of the record");
        let p = &kb.procedures[0];
        assert_eq!(p.id, "khai-sinh");
        assert_eq!(p.name, "Thủ tục đăng ký khai sinh");
        assert_eq!(p.aliases, ["làm giấy khai sinh"]);
        assert_eq!(p.hotline.as_deref(), Some("0263 3822 111"));
        assert_eq!(p.documents, ["Tờ khai đăng ký khai sinh (1 bản chính)"]);
        assert_eq!(p.online.level.label(), "toàn trình");
        assert_eq!(
            p.online.url.as_deref(),
            Some("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x")
        );
        let prov = p.provenance.as_ref().expect("source kept");
        assert_eq!(prov.decision.as_deref(), Some("163/QĐ-BTP"));
    }

    #[test]
    fn a_short_file_naming_an_unknown_code_must_be_complete() {
        let root = knowledge(
            r#"id = "khai-sinh"
national_code = "9.999999"
aliases = ["làm giấy khai sinh"]
"#,
        );
        let problems = load(root.path()).unwrap_err().to_string();
        assert!(
            problems.contains("khai-sinh.toml:1: name: missing required field"),
            "{problems}"
        );
    }
}
