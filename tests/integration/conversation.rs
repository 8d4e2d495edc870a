//! The conversation engine: cards, follow-ups, online-service list, choices, limits,
//! state that survives a restart.

use tthc_bot::chat::{Engine, Incoming, Message};

use crate::support::fixtures::engine;

fn say(engine: &Engine, user: &str, text: &str) -> Vec<Message> {
    engine.handle(&Incoming::new(tthc_bot::channel::Channel::Web, user, text))
}

#[test]
fn card_then_follow_ups_about_the_same_procedure() {
    let data = tempfile::tempdir().unwrap();
    let (engine, _db) = engine(data.path());
    let card = say(&engine, "u1", "làm giấy khai sinh cần gì");
    assert!(
        card[0].text.starts_with("Dạ, thủ tục «Đăng ký khai sinh»"),
        "{}",
        card[0].text
    );
    assert!(!card[0].buttons.is_empty());
    // The documents asked for are cut short: the card points to their button, which is there.
    let labels: Vec<&str> = card[0].buttons.iter().map(|b| b.label.as_str()).collect();
    assert!(
        card[0]
            .text
            .contains("(bấm nút «📄 Giấy tờ cần chuẩn bị» để xem đầy đủ)"),
        "{}",
        card[0].text
    );
    assert!(labels.contains(&"📄 Giấy tờ cần chuẩn bị"), "{labels:?}");

    let fee = say(&engine, "u1", "lệ phí bao nhiêu?");
    assert!(
        fee[0].text.contains("«Đăng ký khai sinh»") && fee[0].text.contains("💰 Lệ phí:"),
        "{}",
        fee[0].text
    );
    let online = say(&engine, "u1", "làm online được không?");
    assert!(
        online[0].text.contains("toàn trình") && online[0].text.contains("https://"),
        "{}",
        online[0].text
    );
    let docs = say(&engine, "u1", "cần giấy tờ gì?");
    assert!(
        docs[0].text.contains("Giấy tờ cần chuẩn bị"),
        "{}",
        docs[0].text
    );

    // Without a card before, the bot asks which procedure.
    let lost = say(&engine, "u2", "lệ phí bao nhiêu?");
    assert!(lost[0].text.contains("thủ tục nào"), "{}", lost[0].text);
}

#[test]
fn online_services_are_listed_by_field() {
    let data = tempfile::tempdir().unwrap();
    let (engine, _db) = engine(data.path());
    let list = say(&engine, "u", "thủ tục nào làm online được");
    let text = &list[0].text;
    assert!(text.contains("toàn trình"), "{text}");
    assert!(
        text.contains("\n\nHộ tịch:") && text.contains("\n• Đăng ký khai sinh\n"),
        "{text}"
    );
    assert!(
        !text.contains("Cấp thẻ căn cước\n"),
        "only fully online ones: {text}"
    );
    let menu = say(&engine, "u", "menu:dvc");
    assert_eq!(menu[0].text, list[0].text);
    // The listed procedures can be tapped: a button opens the card.
    let first = menu[0]
        .buttons
        .first()
        .expect("listed procedures are buttons");
    let card = say(&engine, "u", &first.payload);
    assert!(
        card[0].text.starts_with("Dạ, thủ tục «"),
        "{}",
        card[0].text
    );
    let plans = say(&engine, "u", "menu:kehoach");
    assert!(plans[0].buttons.len() >= 5, "one button per plan");
    assert!(
        !plans[0].text.contains("bản gốc"),
        "no internal notes: {}",
        plans[0].text
    );
    let plan = say(&engine, "u", &plans[0].buttons[0].payload);
    assert!(
        plan[0].text.starts_with("Dạ, theo Kế hoạch"),
        "{}",
        plan[0].text
    );
}

#[test]
fn greeting_declines_and_limits() {
    let data = tempfile::tempdir().unwrap();
    let (engine, _db) = engine(data.path());
    let hello = say(&engine, "u", "/start");
    let labels: Vec<&str> = hello[0].buttons.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "🔎 Tra cứu thủ tục",
            "🌐 Dịch vụ công trực tuyến",
            "✉️ Gửi phản ánh",
            "📋 Tra cứu phản ánh",
            "☎️ Đường dây nóng",
            "📑 Kế hoạch CCHC"
        ]
    );
    // Off-topic: kindly outside the scope, the hotline, no feedback ticket pushed.
    let gold = say(&engine, "u", "giá vàng hôm nay");
    assert!(gold[0].text.contains("ngoài phạm vi") && gold[0].text.contains("đường dây nóng"));
    let payloads: Vec<&str> = gold[0].buttons.iter().map(|b| b.payload.as_str()).collect();
    assert_eq!(payloads, ["/hotline"]);
    // A procedure-like question the base lacks keeps the feedback button.
    let unknown = say(&engine, "u", "cấp giấy phép bay cho khinh khí cầu mini");
    assert!(
        unknown[0].text.contains("đường dây nóng"),
        "{}",
        unknown[0].text
    );

    let long = say(&engine, "u", &"đăng ký khai sinh ".repeat(100));
    assert!(long[0].text.contains("dài quá 1000 ký tự"));

    let mut limited = false;
    for _ in 0..25 {
        if say(&engine, "spammer", "đăng ký khai sinh")[0]
            .text
            .contains("gửi tin hơi nhanh")
        {
            limited = true;
        }
    }
    assert!(limited, "20 messages a minute per user");
}

#[test]
fn state_survives_a_restart() {
    let data = tempfile::tempdir().unwrap();
    {
        let (engine, db) = engine(data.path());
        say(&engine, "u", "đổi bằng lái xe");
        db.flush().unwrap();
    }
    let (engine, _db) = engine(data.path());
    let fee = say(&engine, "u", "lệ phí bao nhiêu?");
    assert!(
        fee[0].text.contains("«Cấp đổi giấy phép lái xe»"),
        "{}",
        fee[0].text
    );
}
