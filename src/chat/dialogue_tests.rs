//! Tests of the feedback dialogue.
use super::*;

/// One step with the units of the whole country.
fn step(d: Draft, input: &str) -> Transition {
    super::step(d, input, &Places::default())
}

fn begin(text: &str) -> Draft {
    start(text, Some("Đăng ký khai sinh".into()), None, "d1".into())
        .expect("starts")
        .0
}

fn ask(t: Transition) -> (Draft, Vec<Message>) {
    match t {
        Transition::Ask(d, m) => (d, m),
        other => panic!("expected a question, got {other:?}"),
    }
}

#[test]
fn only_feedback_phrases_start_the_dialogue() {
    assert!(start("làm giấy khai sinh", None, None, "x".into()).is_none());
    assert_eq!(begin("/phananh").step, Step::Content);
    let d = begin("tôi muốn kiến nghị");
    assert_eq!(d.category, "kiến nghị");
    assert_eq!(d.id, "d1");
}

#[test]
fn inline_content_skips_the_content_question() {
    let d = begin("tôi muốn phản ánh cán bộ một cửa hẹn trả hồ sơ quá trễ");
    assert_eq!(d.step, Step::Procedure);
    assert_eq!(d.content, "cán bộ một cửa hẹn trả hồ sơ quá trễ");
}

#[test]
fn a_full_walk_files_the_draft_once_confirmed() {
    let d = begin("/phananh");
    let (d, _) = ask(step(d, "Bộ phận một cửa đóng cửa sớm"));
    let (d, _) = ask(step(d, &Payload::Keep.to_string()));
    assert_eq!(d.procedure.as_deref(), Some("Đăng ký khai sinh"));
    assert_eq!(d.step, Step::Place);
    let (d, messages) = ask(step(d, "xa lien minh huyen duc tho ha tinh"));
    assert!(messages[0]
        .text
        .contains("nay thuộc Xã Đức Minh, Tỉnh Hà Tĩnh"));
    assert_eq!(d.step, Step::Consent, "consent before name and phone");
    let (d, _) = ask(step(d, &Payload::Agree.to_string()));
    let (d, _) = ask(step(d, "Nguyễn Văn A"));
    let (d, messages) = ask(step(d, "0912 345 678"));
    assert_eq!(d.step, Step::Confirm);
    assert!(messages[0].text.contains("Nguyễn Văn A"));
    match step(d, &Payload::Confirm.to_string()) {
        Transition::File(filed) => {
            let ticket = filed.to_ticket(Channel::Web, "u1");
            assert_eq!(ticket.phone.as_deref(), Some("0912345678"));
            assert_eq!(ticket.content, "Bộ phận một cửa đóng cửa sớm");
            assert_eq!(ticket.unit.map(|u| u.code).as_deref(), Some("18244"));
        }
        other => panic!("expected filing, got {other:?}"),
    }
}

#[test]
fn errors_keep_the_step_and_explain() {
    let d = begin("/phananh");
    let (d, messages) = ask(step(d, &"x".repeat(MAX_CONTENT_CHARS + 1)));
    assert_eq!(d.step, Step::Content);
    assert_eq!(messages.len(), 2, "the error, then the question again");
    let (d, messages) = ask(step(d, "ok"));
    assert_eq!(d.step, Step::Content, "too short to act on");
    assert!(messages[0].text.contains("hơi ngắn"));
    let (d, _) = ask(step(d, "nội dung phản ánh"));
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, messages) = ask(step(d, "chỗ nào đó"));
    assert_eq!(d.step, Step::Place);
    assert!(messages[0].text.contains("chưa nhận ra xã/phường"));
    let (d, messages) = ask(step(d, "tỉnh Sóc Trăng"));
    assert_eq!(d.step, Step::Place);
    assert!(
        messages[0].text.contains("thuộc Thành phố Cần Thơ"),
        "{}",
        messages[0].text
    );
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, messages) = ask(step(d, "chưa biết"));
    assert_eq!(d.step, Step::Consent);
    assert!(messages[0].text.contains("Gửi ẩn danh"));
    let (d, _) = ask(step(d, "đồng ý"));
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, messages) = ask(step(d, "12345"));
    assert_eq!(d.step, Step::Phone);
    assert!(messages[0].text.contains("chưa đúng định dạng"));
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, messages) = ask(step(d, "để tôi nghĩ đã"));
    assert_eq!(d.step, Step::Confirm);
    assert!(messages[0].text.contains("bấm \"Gửi\""));
}

#[test]
fn anonymous_filing_skips_name_and_phone() {
    let d = begin("/phananh");
    let (d, _) = ask(step(d, "Bộ phận một cửa đóng cửa sớm"));
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, messages) = ask(step(d, &Payload::Anonymous.to_string()));
    assert_eq!(d.step, Step::Confirm);
    assert!(d.anonymous && d.name.is_none() && d.phone.is_none());
    assert!(messages[0].text.contains("Họ tên: (không có)"));
}

#[test]
fn edit_changes_one_part_and_returns_to_the_review() {
    let d = begin("/phananh");
    let (d, _) = ask(step(d, "Bộ phận một cửa đóng cửa sớm"));
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, _) = ask(step(d, &Payload::Anonymous.to_string()));
    let (d, messages) = ask(step(d, &Payload::Edit.to_string()));
    assert_eq!(d.step, Step::Edit);
    assert_eq!(
        messages[0].buttons.len(),
        4,
        "content, procedure, place, cancel"
    );
    let (d, _) = ask(step(d, &Payload::EditPart(EditPart::Content).to_string()));
    assert_eq!(d.step, Step::Content);
    let (d, messages) = ask(step(d, "Bộ phận một cửa mở cửa muộn"));
    assert_eq!(d.step, Step::Confirm, "back to the review");
    assert!(messages[0].text.contains("mở cửa muộn"));
    let (d, _) = ask(step(d, &Payload::Edit.to_string()));
    let (d, _) = ask(step(d, &Payload::EditPart(EditPart::Contact).to_string()));
    assert_eq!(d.step, Step::Consent);
    let (d, _) = ask(step(d, &Payload::Agree.to_string()));
    let (d, _) = ask(step(d, "Trần Thị B"));
    let (d, _) = ask(step(d, "bỏ qua"));
    assert_eq!(
        (d.step, d.name.as_deref()),
        (Step::Confirm, Some("Trần Thị B"))
    );
}

#[test]
fn cancel_works_at_any_step() {
    let d = begin("/phananh");
    assert!(matches!(step(d.clone(), "hủy"), Transition::Cancelled(_)));
    let (d, _) = ask(step(d, "nội dung phản ánh"));
    assert!(matches!(
        step(d, &Payload::Cancel.to_string()),
        Transition::Cancelled(_)
    ));
}

#[test]
fn a_split_or_shared_name_offers_its_units_and_a_button_picks_one() {
    let d = begin("tôi muốn phản ánh cán bộ một cửa hẹn trả hồ sơ quá trễ");
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, messages) = ask(step(d, "phường Tân Thạnh"));
    assert_eq!(d.step, Step::Place, "several units share the name");
    assert!(d.unit_choices.len() >= 2, "{:?}", d.unit_choices);
    assert_eq!(messages.len(), 1, "one question with the candidates");
    assert!(messages[0].text.contains("trùng tên"));
    let offered: Vec<&str> = messages[0]
        .buttons
        .iter()
        .map(|b| b.payload.as_str())
        .collect();
    let first = d.unit_choices[0].clone();
    assert!(offered.contains(&Payload::Unit(first.code.clone()).to_string().as_str()));
    let (d, _) = ask(step(d, &Payload::Unit(first.code.clone()).to_string()));
    assert_eq!((d.step, d.unit.as_ref()), (Step::Consent, Some(&first)));
    assert!(d.unit_choices.is_empty());

    let d = begin("tôi muốn phản ánh đường liên xã bị sạt lở chưa ai xử lý");
    let (d, _) = ask(step(d, "bỏ qua"));
    let (d, messages) = ask(step(d, "xã Tân Thạnh, huyện Thới Lai, Cần Thơ"));
    assert!(messages[0].text.contains("được chia về nhiều xã/phường"));
    let codes: Vec<&str> = d.unit_choices.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["31288", "31666"], "the default ward first");
    assert_eq!(messages[0].buttons.len(), 4, "two wards, skip, cancel");
}

#[test]
fn the_place_named_before_is_offered_and_can_be_edited() {
    let known = TicketUnit {
        code: "18244".into(),
        name: "Xã Đức Minh, Tỉnh Hà Tĩnh".into(),
    };
    let (d, _) = start("/phananh", None, Some(known.clone()), "d2".into()).unwrap();
    let (d, _) = ask(step(d, "Bộ phận một cửa đóng cửa sớm"));
    let (d, messages) = ask(step(d, "bỏ qua"));
    assert_eq!(messages[0].buttons[0].payload, "fb:unit:18244");
    let (d, _) = ask(step(d, "fb:unit:18244"));
    let (d, _) = ask(step(d, &Payload::Anonymous.to_string()));
    let (d, _) = ask(step(d, &Payload::Edit.to_string()));
    let (d, _) = ask(step(d, &Payload::EditPart(EditPart::Place).to_string()));
    assert_eq!(d.step, Step::Place);
    let (d, messages) = ask(step(d, "fb:unit:00000"));
    assert_eq!(d.step, Step::Place, "an unknown code is not taken");
    assert!(messages[0].text.contains("chưa nhận ra"));
    let (d, messages) = ask(step(d, "phuong cai khe can tho"));
    assert_eq!(d.step, Step::Confirm, "back to the review");
    assert!(messages[0]
        .text
        .contains("Xã/phường: Phường Cái Khế, Thành phố Cần Thơ"));
    assert_eq!(d.unit.map(|u| u.code).as_deref(), Some("31120"));
}
