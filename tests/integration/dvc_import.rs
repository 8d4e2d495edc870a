//! `import dvc`: real national records into knowledge files, idempotent, and cards that
//! say what the records say.

use std::path::Path;

use tthc_bot::chat::render::card::values;
use tthc_bot::chat::render::procedure_card;
use tthc_bot::import::{import_dvc, parse_defence, parse_portal, Record};
use tthc_bot::knowledge::load;
use unicode_normalization::UnicodeNormalization;

use crate::support::fixtures::{config, repo, shared};

#[test]
fn import_writes_one_file_per_code_and_a_second_run_writes_nothing() {
    let fixtures = repo().join("tests/fixtures/dvc");
    let kb = tempfile::tempdir().unwrap();
    let out = kb.path().join("national");
    let first = import_dvc(&fixtures, &out).expect("imports");
    // 5 JSON records, 3 Markdown pages and 2 catalogue rows (one held by a JSON record).
    assert_eq!((first.read, first.created, first.skipped.len()), (10, 9, 1));
    assert!(out.join("bo-tu-phap/1.001193.toml").is_file());
    assert!(out.join("bo-quoc-phong/1.013127.toml").is_file());
    let second = import_dvc(&fixtures, &out).expect("imports again");
    assert_eq!((second.written(), second.unchanged), (0, 9));

    let knowledge = load(kb.path()).expect("imported files are valid knowledge");
    assert_eq!(knowledge.procedures.len(), 9);

    // A record gone from the source loses its file; files not written by the importer stay.
    let source = tempfile::tempdir().unwrap();
    let ministry = source.path().join("national/bo-tu-phap");
    std::fs::create_dir_all(&ministry).unwrap();
    std::fs::copy(
        fixtures.join("national/bo-tu-phap/1.001193.json"),
        ministry.join("1.001193.json"),
    )
    .unwrap();
    let own = out.join("bo-tu-phap/ghi-chu.toml");
    std::fs::write(&own, "# a file of the admin's own\n").unwrap();
    let third = import_dvc(source.path(), &out).expect("imports the smaller set");
    assert_eq!((third.unchanged, third.removed), (1, 8));
    assert!(out.join("bo-tu-phap/1.001193.toml").is_file());
    assert!(!out.join("bo-tu-phap/1.000080.toml").exists());
    assert!(own.is_file());
}

#[test]
fn import_rejects_a_folder_without_records_and_skips_broken_ones() {
    let empty = tempfile::tempdir().unwrap();
    let err = import_dvc(empty.path(), &empty.path().join("out")).unwrap_err();
    assert!(err
        .to_string()
        .contains("none of national/, bo-quoc-phong/ or portal-md/"));

    let dir = tempfile::tempdir().unwrap();
    let ministry = dir.path().join("national/bo-tu-phap");
    std::fs::create_dir_all(&ministry).unwrap();
    std::fs::write(ministry.join("broken.json"), "{ not json").unwrap();
    std::fs::write(ministry.join("nameless.json"), r#"{"ma_thu_tuc": "1.1"}"#).unwrap();
    let summary = import_dvc(dir.path(), &dir.path().join("out")).unwrap();
    assert_eq!(summary.read, 2);
    assert_eq!(summary.written(), 0);
    let reasons: Vec<&str> = summary.skipped.iter().map(|s| s.1.as_str()).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("not a procedure record")),
        "{reasons:?}"
    );
    assert!(reasons.contains(&"missing procedure name"), "{reasons:?}");
}

/// Every string of a record's JSON, NFC, whitespace collapsed: the text parsed fields
/// are compared with.
fn record_text(path: &Path) -> String {
    fn collect(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push(' ');
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut text = String::new();
    collect(&json, &mut text);
    let nfc: String = text.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every record file of the national set, in a stable order.
fn record_files(dvc: &Path) -> Vec<(std::path::PathBuf, Option<String>)> {
    let mut out = Vec::new();
    for ministry in std::fs::read_dir(dvc.join("national")).unwrap().flatten() {
        let name = ministry.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(ministry.path()).unwrap().flatten() {
            out.push((f.path(), Some(name.clone())));
        }
    }
    for f in std::fs::read_dir(dvc.join("bo-quoc-phong"))
        .unwrap()
        .flatten()
    {
        out.push((f.path(), None));
    }
    out.sort();
    out
}

fn parse(path: &Path, ministry: &Option<String>) -> Record {
    let json = std::fs::read_to_string(path).unwrap();
    match ministry {
        Some(m) => parse_portal(&json, m),
        None => parse_defence(&json),
    }
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn twenty_random_cards_show_the_fee_time_and_documents_of_their_record() {
    let files = record_files(&shared().join("dvc"));
    assert!(files.len() >= 2800, "{} records", files.len());
    let bot = config().bot;
    let mut seed: u64 = 0x5eed_2026;
    for _ in 0..20 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let (path, ministry) = &files[(seed >> 33) as usize % files.len()];
        let raw = record_text(path);
        let record = parse(path, ministry);
        let card = procedure_card(&record.to_procedure(), &[], &bot, "2026-11-23");
        let at = path.display();
        for c in &record.channels {
            if let Some(time) = &c.time {
                let number = time.split(' ').next().unwrap();
                assert!(
                    raw.contains(number),
                    "{at}: time {time:?} not in the record"
                );
            }
            if let Some(fee) = &c.fee {
                let amount = fee.split(" (").next().unwrap();
                let amount = if amount == "Miễn phí" {
                    "Miễn phí"
                } else {
                    amount.split(' ').next().unwrap()
                };
                assert!(
                    raw.contains(amount) || raw.contains("Phí : 0"),
                    "{at}: fee {fee:?} not in the record"
                );
            }
        }
        let procedure = record.to_procedure();
        // Fee and time are said once per distinct value, naming the channels.
        for text in [&procedure.fee, &procedure.processing_time] {
            for line in values::lines(text, &procedure.channels) {
                let head: String = line.chars().take(60).collect();
                assert!(card.contains(&head), "{at}: card lacks {head:?}\n{card}");
            }
        }
        let papers: Vec<_> = record
            .documents
            .iter()
            .filter(|d| d.originals + d.copies > 0)
            .collect();
        for (n, d) in record.documents.iter().enumerate() {
            let head: String = d.name.chars().take(40).collect();
            assert!(
                raw.contains(&head),
                "{at}: document {head:?} not in the record"
            );
            let _ = n;
        }
        // Long lists are cut on the card, with a line saying how many more there are.
        for d in papers.iter().take(5) {
            let name = d.name.trim_start_matches(['-', '+', ' ']);
            let head: String = name.chars().take(40).collect();
            assert!(card.contains(&head), "{at}: card lacks document {head:?}");
        }
        if papers.len() > 12 {
            assert!(
                card.contains("giấy tờ nữa"),
                "{at}: card hides documents silently"
            );
        }
        if let Some(code) = &procedure.national_code {
            assert!(
                card.contains(&format!("Nguồn: Cổng Dịch vụ công quốc gia, mã {code}")),
                "{at}"
            );
        }
    }
}
