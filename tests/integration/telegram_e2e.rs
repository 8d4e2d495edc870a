//! The real teloxide dispatcher against a fake Bot API server on 127.0.0.1.

use serde_json::{json, Value};
use teloxide::types::ChatId;
use tthc_bot::channels::telegram::{make_bot, Telegram};
use tthc_bot::chat::render::labels::{facet as facet_label, CARD_FACETS};
use tthc_bot::chat::{render, Message};

use crate::fake_telegram::{callback_update, message_update, text_update, FakeTelegram};
use crate::support::fixtures::engine;

fn keyboard_labels(call: &Value) -> Vec<String> {
    call["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| {
                    r.as_array()
                        .unwrap()
                        .iter()
                        .map(|b| b["text"].as_str().unwrap().to_owned())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn text_of(call: &Value) -> &str {
    call["text"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_text_callback_sticker_long_message_and_splitting() {
    let fake = FakeTelegram::start().await;
    let data = tempfile::tempdir().unwrap();
    let (engine, db) = engine(data.path());
    let tg = Telegram {
        bot: make_bot("123456:TEST", Some(reqwest::Url::parse(&fake.url).unwrap())),
        engine,
        payloads: db.tree(tthc_bot::storage::Tree::TelegramPayloads).unwrap(),
        forms_dir: None,
    };
    let sticker = json!({"sticker": {
        "file_id": "s1", "file_unique_id": "u1", "type": "regular",
        "width": 512, "height": 512, "is_animated": false, "is_video": false
    }});
    fake.push_update(text_update(1001, "làm giấy khai sinh cần gì"));
    fake.push_update(message_update(1002, sticker));
    let long = "đăng ký khai sinh ".repeat(300);
    assert!(long.chars().count() > 5000);
    fake.push_update(text_update(1003, &long));
    tokio::spawn(tg.clone().run_polling());

    assert!(
        fake.wait_for(30, |f| f.sent_to(1001).len() == 1
            && f.sent_to(1002).len() == 1
            && f.sent_to(1003).len() == 2)
            .await
    );

    let commands = fake.calls("setmycommands");
    assert_eq!(commands.len(), 1);
    let names: Vec<&str> = commands[0]["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["start", "help", "tracuu", "hoso", "phananh", "hotline"]
    );

    // A question: a short card with the long parts behind inline buttons.
    let card = &fake.sent_to(1001)[0];
    assert!(
        text_of(card).starts_with("Dạ, thủ tục «"),
        "{}",
        text_of(card)
    );
    assert!(text_of(card).contains("khai sinh"), "{}", text_of(card));
    assert!(
        text_of(card).contains("📄 Giấy tờ cần chuẩn bị:"),
        "documents asked first: {}",
        text_of(card)
    );
    // The documents were cut short, so their button stays.
    assert!(text_of(card).contains("(bấm nút «📄 Giấy tờ cần chuẩn bị» để xem đầy đủ)"));
    let expected: Vec<String> = CARD_FACETS.map(|f| facet_label(f).to_string()).to_vec();
    assert_eq!(keyboard_labels(card), expected);

    // A sticker: a polite request to type.
    assert_eq!(text_of(&fake.sent_to(1002)[0]), render::not_text());

    // 5,000 characters: a notice that only the start was read, then the answer.
    let long_replies = fake.sent_to(1003);
    assert_eq!(text_of(&long_replies[0]), render::truncated(1000));
    assert!(text_of(&long_replies[1]).contains("khai sinh"));

    // A button press: the callback is answered and the fee part is sent.
    let fee_button = card["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap().clone())
        .find(|b| b["text"] == "🌐 Làm trực tuyến")
        .unwrap();
    let data = fee_button["callback_data"].as_str().unwrap().to_owned();
    assert!(data.len() <= 64);
    fake.push_update(callback_update(1001, &data));
    assert!(fake.wait_for(20, |f| f.sent_to(1001).len() == 2).await);
    let answered = fake.calls("answercallbackquery");
    assert_eq!(answered.len(), 1);
    assert_eq!(
        answered[0]["callback_query_id"],
        json!(format!("cb-1001-{}", data.len()))
    );
    let online = &fake.sent_to(1001)[1];
    assert!(
        text_of(online).starts_with("🌐 Làm trực tuyến:"),
        "{}",
        text_of(online)
    );
    assert!(keyboard_labels(online).is_empty());

    // Replies longer than 4,096 characters are split, the keyboard under the last part.
    let body = format!("{}\n{}", "a".repeat(4000), "b".repeat(2000));
    let reply = Message::with_buttons(body, vec![tthc_bot::chat::Button::new("Nút", "/start")]);
    tg.send_reply(ChatId(1004), &reply).await.unwrap();
    let parts = fake.sent_to(1004);
    assert_eq!(parts.len(), 2);
    assert_eq!(text_of(&parts[0]), "a".repeat(4000));
    assert_eq!(text_of(&parts[1]), "b".repeat(2000));
    assert!(keyboard_labels(&parts[0]).is_empty());
    assert_eq!(keyboard_labels(&parts[1]), ["Nút"]);
}
