//! `import dvc` of the third format (`portal-md/`: Markdown pages, fallback pages, the
//! catalogue) beside the two JSON formats, and the cards citizens read from it.

use tthc_bot::chat::render::card::{values, FEE_NOT_PUBLISHED, MAX_SUMMARY_CHARS};
use tthc_bot::chat::render::{procedure_card, procedure_summary};
use tthc_bot::chat::Facet;
use tthc_bot::import::{import_dvc, parse_portal};
use tthc_bot::knowledge::{load, Knowledge, OnlineLevel, Procedure};

use crate::support::fixtures::{config, repo, shared};

const DATE: &str = "23/11/2026";

/// The three formats of the fixtures imported into a fresh knowledge folder.
fn imported() -> (tempfile::TempDir, Knowledge) {
    let kb = tempfile::tempdir().unwrap();
    let out = kb.path().join("national");
    let first = import_dvc(&repo().join("tests/fixtures/dvc"), &out).expect("imports");
    // 5 JSON records, 3 Markdown pages, 2 catalogue-only rows; 1.001193 is held by a
    // JSON record and a catalogue row: the richer JSON record is kept.
    assert_eq!((first.read, first.created), (10, 9), "{first:?}");
    assert_eq!(first.skipped.len(), 1, "{:?}", first.skipped);
    assert!(
        first.skipped[0].1.contains("1.001193 also in"),
        "{:?}",
        first.skipped
    );
    assert!(first.skipped[0]
        .1
        .contains("national/bo-tu-phap/1.001193.json"));
    assert_eq!(first.catalogue_only, 1);
    assert_eq!(first.fallback.len(), 1);
    assert!(first.fallback[0]
        .0
        .ends_with("1_001731_procedure_detail.md"));
    let second = import_dvc(&repo().join("tests/fixtures/dvc"), &out).expect("again");
    assert_eq!(
        (second.written(), second.unchanged, second.removed),
        (0, 9, 0)
    );
    for file in [
        "bo-ngoai-giao/1.000736.toml",
        "bo-giao-duc-dao-tao/3.000465.toml",
        "bo-y-te/1.001731.toml",
        "bo-van-hoa-the-thao-du-lich/1.001029.toml",
        "bo-tu-phap/1.001193.toml",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let knowledge = load(kb.path()).expect("the loader accepts every imported entry");
    (kb, knowledge)
}

fn procedure<'a>(k: &'a Knowledge, code: &str) -> &'a Procedure {
    k.procedures
        .iter()
        .find(|p| p.national_code.as_deref() == Some(code))
        .unwrap_or_else(|| panic!("{code} imported"))
}

#[test]
fn markdown_pages_and_catalogue_import_beside_the_json_formats() {
    let (_kb, k) = imported();
    assert_eq!(k.procedures.len(), 9);
    let page = procedure(&k, "3.000465");
    assert_eq!(page.name, "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc");
    assert_eq!(page.processing_time, "1 ngày làm việc");
    assert_eq!(page.fee, "", "the page states no fee");
    assert_eq!(page.online.level, OnlineLevel::Offered);
    assert!(page
        .legal_basis
        .iter()
        .any(|l| l.contains("10/2026/TT-BGDĐT")));
    let prov = page.provenance.as_ref().unwrap();
    assert_eq!(prov.decision.as_deref(), Some("985/QĐ-BGDĐT"));
    assert!(prov
        .detail_url
        .as_deref()
        .unwrap()
        .ends_with("4c9d1f98674c"));

    let fallback = procedure(&k, "1.001731");
    assert_eq!(fallback.processing_time, "3 ngày làm việc");
    assert_eq!(fallback.authority, "Ủy ban nhân dân cấp xã");
    assert!(fallback.documents[1].starts_with("Bản sao giấy chứng tử"));
    assert!(fallback.documents[1].ends_with("(1 bản sao)"));

    let catalogue = procedure(&k, "1.001029");
    assert!(catalogue.is_catalogue_only());
    assert!(catalogue.documents.is_empty() && catalogue.fee.is_empty());
    assert_eq!(catalogue.online.level, OnlineLevel::Unknown);
    assert!(catalogue
        .authority
        .starts_with("Sở Văn hóa và Thể thao Thành phố Hà Nội"));

    let richer = procedure(&k, "1.001193");
    assert!(!richer.is_catalogue_only(), "the JSON record is kept");
    assert_eq!(richer.fee, "Miễn phí");
}

#[test]
fn a_fee_less_page_never_reads_free() {
    let (_kb, k) = imported();
    let bot = config().bot;
    for code in ["3.000465", "1.000736", "1.001731", "1.001029"] {
        let p = procedure(&k, code);
        for card in [
            procedure_card(p, &[], &bot, DATE),
            procedure_card(p, &[Facet::Fee], &bot, DATE),
            procedure_summary(p, &[], &bot, DATE),
        ] {
            assert!(!card.contains("Miễn phí"), "{code}: {card}");
            assert!(card.contains("chưa công bố"), "{code}: {card}");
        }
        if !p.is_catalogue_only() {
            let card = procedure_card(p, &[], &bot, DATE);
            assert!(card.contains(FEE_NOT_PUBLISHED), "{code}: {card}");
        }
    }
}

#[test]
fn documents_keep_the_portal_groups_with_counts_and_notes_apart() {
    let (_kb, k) = imported();
    let p = procedure(&k, "1.000736");
    let card = procedure_card(p, &[Facet::Documents], &config().bot, DATE);
    let submit = card.find("Giấy tờ phải nộp:\n• ").expect("submit group");
    let show = card
        .find("Giấy tờ phải xuất trình:\n• ")
        .expect("show group");
    assert!(submit < show, "{card}");
    assert!(card.contains("(1 bản chính, 1 bản sao)"), "{card}");
    // A paper never sits under the notes heading.
    if let Some(notes) = card.find("📝 Lưu ý:") {
        assert!(notes > show, "{card}");
    }
}

#[test]
fn catalogue_only_card_gives_name_link_and_an_honest_note() {
    let (_kb, k) = imported();
    let p = procedure(&k, "1.001029");
    let bot = config().bot;
    let card = procedure_summary(p, &[Facet::Fee], &bot, DATE);
    assert!(card.starts_with("Dạ, thủ tục «cấp giấy phép đủ điều kiện kinh doanh dịch vụ karaoke»"));
    assert!(card.contains(
        "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfd-ad75-7498-8351-f28ea12bf605"
    ));
    assert!(
        card.contains("mới công bố tên thủ tục này trong danh mục"),
        "{card}"
    );
    assert!(card.contains(&bot.hotline), "{card}");
    for invented in ["📄", "⏱", "ngày làm việc", "Miễn phí", "bản chính"] {
        assert!(!card.contains(invented), "{invented}: {card}");
    }
}

#[test]
fn three_identical_fee_rows_are_said_once() {
    let json = std::fs::read_to_string(shared().join("dvc/national/bo-cong-an/3.000170.json"))
        .expect("record");
    let p = parse_portal(&json, "bo-cong-an").unwrap().to_procedure();
    assert_eq!(p.fee.matches("150,000").count(), 3, "three rows: {}", p.fee);
    let card = procedure_card(&p, &[], &config().bot, DATE);
    let fee: Vec<&str> = card.lines().filter(|l| l.contains("150")).collect();
    assert_eq!(
        fee,
        ["💰 Lệ phí: 150.000 đồng — nộp trực tuyến, qua bưu chính hoặc trực tiếp (150.000 đồng/1 giấy)"],
        "{card}"
    );
}

#[test]
fn every_bundled_summary_fits_one_phone_screen() {
    let k = load(&repo().join("knowledge")).expect("bundled knowledge");
    let bot = config().bot;
    let catalogue = k
        .procedures
        .iter()
        .filter(|p| p.is_catalogue_only())
        .count();
    assert!(catalogue >= 1100, "{catalogue} catalogue-only entries");
    assert!(
        k.procedures.len() - catalogue >= 3500,
        "procedures with details"
    );
    for p in &k.procedures {
        let text = procedure_summary(p, &[], &bot, DATE);
        let n = text.chars().count();
        assert!(n <= MAX_SUMMARY_CHARS, "{}: {n} chars\n{text}", p.id);
        if p.provenance.is_some() && !p.is_catalogue_only() {
            let second = text.lines().nth(1).unwrap_or_default();
            assert!(second.starts_with("👉 "), "{}: {text}", p.id);
        }
        if p.fee.is_empty() {
            assert!(!text.contains("Miễn phí"), "{}: {text}", p.id);
        }
        for line in values::lines(&p.fee, &p.channels).iter().take(1) {
            let head: String = line.chars().take(30).collect();
            assert!(
                text.contains(&head) || n > 700,
                "{}: fee missing\n{text}",
                p.id
            );
        }
    }
}
