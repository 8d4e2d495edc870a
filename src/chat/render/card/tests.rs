//! Cards of imported records: said once, grouped, honest about what is unstated.

use super::lists::{bullets, numbered, MAX_ITEM_CHARS, MAX_LIST_ITEMS};
use super::*;
use crate::knowledge::{Level, OnlineLevel, OnlineService, Provenance};

fn bot() -> BotConfig {
    crate::config::Config::load(None)
        .expect("embedded config")
        .bot
}

pub(super) fn imported() -> Procedure {
    Procedure {
        id: "1.000001".into(),
        national_code: Some("1.000001".into()),
        name: "Thủ tục cấp bản sao văn bằng".into(),
        field: "Văn bằng, chứng chỉ".into(),
        level: Level::Province,
        authority: "Sở Giáo dục và Đào tạo".into(),
        where_to_submit: String::new(),
        summary: String::new(),
        aliases: Vec::new(),
        documents: vec![
            "Giấy tờ phải nộp:".into(),
            "Đơn đề nghị (1 bản chính)".into(),
            "Giấy tờ phải xuất trình:".into(),
            "Căn cước (1 bản chính)".into(),
        ],
        steps: Vec::new(),
        conditions: Vec::new(),
        processing_time: "5 ngày làm việc".into(),
        fee: String::new(),
        result: String::new(),
        legal_basis: Vec::new(),
        online: OnlineService {
            level: OnlineLevel::Offered,
            url: Some("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x".into()),
            portal: Some("Cổng Dịch vụ công quốc gia".into()),
        },
        postal_service: true,
        channels: vec![
            "Trực tuyến".into(),
            "Dịch vụ bưu chính".into(),
            "Trực tiếp".into(),
        ],
        checked: String::new(),
        hotline: None,
        local_address: None,
        provenance: Some(Provenance {
            detail_url: Some("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x".into()),
            decision: None,
            ministry: Some("bo-giao-duc-dao-tao".into()),
            catalogue_only: false,
        }),
        forms: Vec::new(),
    }
}

#[test]
fn a_fee_less_record_never_reads_free() {
    let p = imported();
    let card = procedure_card(&p, &[Facet::Fee], &bot(), "23/11/2026");
    assert!(!card.contains("Miễn phí"), "{card}");
    assert!(card.contains(FEE_NOT_PUBLISHED), "{card}");
}

#[test]
fn three_identical_fee_rows_are_said_once() {
    let mut p = imported();
    p.fee = "Trực tuyến: 50,000 VNĐ (Lệ phí cấp bản sao); Dịch vụ bưu chính: 50,000 Việt Nam Đồng (Lệ phí cấp bản sao); Trực tiếp: 50,000 VNĐ (Lệ phí cấp bản sao)".into();
    let fee = facet_text(&p, Facet::Fee);
    assert_eq!(
        fee,
        "💰 Lệ phí: 50.000 đồng — nộp trực tuyến, qua bưu chính hoặc trực tiếp (Lệ phí cấp bản sao)"
    );
    p.fee = "Miễn phí".into();
    assert_eq!(
        facet_text(&p, Facet::Fee),
        "💰 Lệ phí: Miễn phí — nộp trực tuyến, qua bưu chính hoặc trực tiếp"
    );
}

#[test]
fn summary_opens_with_one_generated_line_and_fits_a_phone_screen() {
    let mut p = imported();
    p.documents = (1..40)
        .map(|n| format!("Giấy tờ thứ {n} khá dài {} (1 bản sao)", "x".repeat(60)))
        .collect();
    let text = procedure_summary(&p, &[Facet::Documents], &bot(), "23/11/2026");
    let second = text.lines().nth(1).unwrap();
    assert_eq!(
        second,
        "👉 Sở Giáo dục và Đào tạo giải quyết, trong 5 ngày làm việc; nộp trực tuyến được; có nộp, nhận qua bưu chính."
    );
    assert!(
        text.chars().count() <= MAX_SUMMARY_CHARS,
        "{} chars: {text}",
        text.chars().count()
    );
    assert!(
        text.contains("… (bấm nút «📄 Giấy tờ cần chuẩn bị» để xem đầy đủ)"),
        "{text}"
    );
    assert!(
        text.contains("Nguồn: Cổng Dịch vụ công quốc gia, mã 1.000001"),
        "{text}"
    );
}

#[test]
fn unitless_time_is_said_in_words() {
    let mut p = imported();
    p.processing_time = "7 (Cổng Dịch vụ công không ghi đơn vị)".into();
    let card = procedure_card(&p, &[], &bot(), "23/11/2026");
    assert!(
        !card.contains("(Cổng Dịch vụ công không ghi đơn vị)"),
        "{card}"
    );
    assert!(
        card.contains("ghi «7» nhưng không ghi là ngày hay giờ"),
        "{card}"
    );
}

#[test]
fn catalogue_only_card_has_name_link_and_honest_note() {
    let mut p = imported();
    p.documents.clear();
    p.processing_time.clear();
    p.channels.clear();
    p.postal_service = false;
    p.online = OnlineService {
        level: OnlineLevel::Unknown,
        url: None,
        portal: None,
    };
    p.provenance.as_mut().unwrap().catalogue_only = true;
    let b = bot();
    for card in [
        procedure_card(&p, &[Facet::Fee, Facet::Online], &b, "23/11/2026"),
        procedure_summary(&p, &[], &b, "23/11/2026"),
    ] {
        assert!(
            card.starts_with("Dạ, thủ tục «cấp bản sao văn bằng»"),
            "{card}"
        );
        assert!(
            card.contains("https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x"),
            "{card}"
        );
        assert!(
            card.contains("mới công bố tên thủ tục này trong danh mục"),
            "{card}"
        );
        assert!(card.contains(&b.hotline), "{card}");
        assert!(!card.contains("Miễn phí") && !card.contains("📄"), "{card}");
    }
}

#[test]
fn long_lists_are_cut_and_say_how_many_are_left() {
    let items: Vec<String> = (1..=30).map(|n| format!("Giấy tờ số {n}")).collect();
    let text = bullets(&items);
    assert_eq!(text.lines().count(), MAX_LIST_ITEMS + 1);
    assert!(text.starts_with("• Giấy tờ số 1\n"));
    assert!(text.ends_with("… và còn 18 mục nữa, bạn xem đầy đủ tại Cổng Dịch vụ công quốc gia."));
    let long = vec!["a".repeat(1000), "b".into()];
    let text = numbered(&long);
    assert!(text.starts_with(&format!("1. {} …\n2. b", "a".repeat(MAX_ITEM_CHARS))));
    assert_eq!(bullets(&["x".into()]), "• x");
}

#[test]
fn forms_link_their_files_or_name_the_portal_page() {
    let mut p = imported();
    p.forms = vec![
        crate::knowledge::Form {
            name: "- Tờ khai theo mẫu 01".into(),
            file: Some("to-khai-01.docx".into()),
        },
        crate::knowledge::Form {
            name: "Đơn đề nghị".into(),
            file: None,
        },
    ];
    assert_eq!(
        facet_text(&p, Facet::Forms),
        "📎 Mẫu đơn, tờ khai:\n• Tờ khai theo mẫu 01: tải mẫu tại /forms/1.000001/to-khai-01.docx\n• Đơn đề nghị\nMẫu chưa có tệp ở đây, bạn tải tại trang của thủ tục: https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x"
    );
    assert!(procedure_card(&p, &[], &bot(), "23/11/2026").contains("📎 Mẫu đơn, tờ khai:"));
}

#[test]
fn a_question_on_conditions_opens_with_them_and_a_button_shows_them() {
    let mut p = imported();
    let asked = [Facet::Conditions];
    let card = procedure_summary(&p, &asked, &bot(), "23/11/2026");
    assert!(
        card.contains("📋 Điều kiện thực hiện: chưa có thông tin"),
        "none stated is said: {card}"
    );
    let labels = |p: &Procedure| -> Vec<String> {
        card_buttons(p, &[], "")
            .into_iter()
            .map(|b| b.label)
            .collect()
    };
    assert!(!labels(&p).contains(&crate::chat::render::labels::CONDITIONS.to_owned()));
    p.conditions = vec![
        "Người đề nghị có bằng cử nhân trở lên.".into(),
        "Không thuộc trường hợp đang bị truy cứu trách nhiệm hình sự.".into(),
    ];
    let card = procedure_summary(&p, &asked, &bot(), "23/11/2026");
    let opening = card.find("📋 Điều kiện thực hiện:\n• Người đề nghị có bằng cử nhân");
    let fee = card.find("💰 Lệ phí").expect("fee is always said");
    assert!(opening.is_some_and(|at| at < fee), "{card}");
    assert_eq!(labels(&p)[0], crate::chat::render::labels::CONDITIONS);
    let asked_button = |card: &str, p: &Procedure| {
        card_buttons(p, &asked, card)
            .iter()
            .any(|b| b.label == crate::chat::render::labels::CONDITIONS)
    };
    assert!(!asked_button(&card, &p), "shown whole, no button: {card}");
    // Cut short, the card points to the part's button: the button is there.
    p.conditions = (1..=30)
        .map(|n| format!("Điều kiện thứ {n} mà người đề nghị phải đáp ứng đầy đủ."))
        .collect();
    let card = procedure_summary(&p, &asked, &bot(), "23/11/2026");
    assert!(card.contains("(bấm nút «📋 Điều kiện thực hiện» để xem đầy đủ)"));
    assert!(
        asked_button(&card, &p),
        "cut short, the button stays: {card}"
    );
}
