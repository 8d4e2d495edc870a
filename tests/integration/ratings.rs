//! Votes on answers from every channel (web, Telegram through the fake Bot API, Zalo
//! through signed webhooks), stored once per answer and user and replaced by a second
//! vote, with the 👎 reason and comment dialogue; then the staff dashboard, the content
//! gaps and the report built from them.

use std::time::Duration;

use serde_json::Value;
use tthc_bot::events::{EventStore, Reason, StoredEvents, Vote, VoteRecord};

use crate::fake_telegram::{callback_update, text_update, FakeTelegram};
use crate::support::http::{client, post_chat, staff_page, texts};
use crate::support::server::{start_server_with, TestServer};
use crate::support::wait::until;
use crate::zalo_webhook::{fake_zalo_api, sign, stamp, text_event};

const QUESTION: &str = "làm giấy khai sinh cần gì";

fn votes(server: &TestServer) -> Vec<VoteRecord> {
    StoredEvents::new(&server.storage)
        .unwrap()
        .votes(0, u64::MAX)
        .unwrap()
}

/// The payload of the button labelled `label` in a web chat reply.
fn web_button(reply: &Value, label: &str) -> String {
    reply["messages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["buttons"].as_array().cloned().unwrap_or_default())
        .find(|b| b["label"] == label)
        .unwrap_or_else(|| panic!("no {label} button in {reply}"))["payload"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The callback data of the Telegram button labelled `label` in the last message sent.
fn telegram_button(sent: &[Value], label: &str) -> String {
    let keyboard = sent.last().unwrap()["reply_markup"]["inline_keyboard"].clone();
    keyboard
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .find(|b| b["text"] == label)
        .unwrap_or_else(|| panic!("no {label} button in {keyboard}"))["callback_data"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_from_each_channel_is_stored_once_and_a_second_vote_replaces_it() {
    let fake = FakeTelegram::start().await;
    let (zalo_api, zalo_sent) = fake_zalo_api().await;
    let server = start_server_with(Some(&fake.url), |c| {
        c.zalo.app_id = "app-1".into();
        c.zalo.oa_secret_key = "secret-1".into();
        c.zalo.access_token = "token-1".into();
        c.zalo.api_url = zalo_api.clone();
    })
    .await;
    let (url, http) = (server.url.as_str(), client());

    // Web: 👍, then 👎 replaces it, with a reason and a comment.
    let card = post_chat(&http, url, "w1", QUESTION).await;
    let up = web_button(&card, "👍");
    let thanks = texts(&post_chat(&http, url, "w1", &up).await);
    assert!(thanks[0].contains("cảm ơn"), "{thanks:?}");
    assert_eq!(votes(&server).len(), 1);
    // Someone else cannot vote on this answer.
    let other = texts(&post_chat(&http, url, "w9", &up).await);
    assert!(other[0].contains("chưa ghi được"), "{other:?}");
    assert_eq!(votes(&server).len(), 1);
    let down = web_button(&card, "👎");
    let why = post_chat(&http, url, "w1", &down).await;
    assert!(texts(&why)[0].contains("chưa tốt ở điểm nào"));
    let reason = web_button(&why, "Thiếu thông tin");
    let ask = texts(&post_chat(&http, url, "w1", &reason).await);
    assert!(ask[0].contains("góp ý"), "{ask:?}");
    let done = texts(&post_chat(&http, url, "w1", "Thiếu mức lệ phí, gọi tôi 0912345678").await);
    assert!(done[0].contains("cảm ơn"), "{done:?}");
    let stored = votes(&server);
    assert_eq!(stored.len(), 1, "one vote per answer and user");
    assert_eq!(
        (stored[0].vote, stored[0].reason),
        (Vote::Down, Some(Reason::MissingInfo))
    );
    let comment = stored[0].comment.as_deref().unwrap();
    assert!(comment.starts_with("Thiếu mức lệ phí") && !comment.contains("0912345678"));
    assert_ne!(stored[0].user, "w1", "a keyed hash, not the raw id");

    // A card opened from the choices carries the votes too; it is an answer, not a
    // question, and keeps no text.
    let choices = post_chat(&http, url, "w2", "ho ngheo").await;
    let open = choices["messages"][0]["buttons"][0]["payload"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(open.starts_with("open:"), "{choices}");
    let card = post_chat(&http, url, "w2", &open).await;
    let up = web_button(&card, "👍");
    post_chat(&http, url, "w2", &up).await;
    let events = StoredEvents::new(&server.storage)
        .unwrap()
        .questions(0, u64::MAX)
        .unwrap();
    let picked: Vec<_> = events.iter().filter(|e| e.picked).collect();
    assert_eq!(picked.len(), 1);
    assert_eq!(
        (picked[0].text.as_deref(), picked[0].outcome),
        (None, tthc_bot::search::Outcome::Answer)
    );
    assert_eq!(votes(&server).len(), 2);

    // Telegram: 👍 on the card, pressed twice, is one vote.
    fake.push_update(text_update(7001, QUESTION));
    assert!(fake.wait_for(20, |f| f.sent_to(7001).len() == 1).await);
    let up = telegram_button(&fake.sent_to(7001), "👍");
    fake.push_update(callback_update(7001, &up));
    fake.push_update(callback_update(7001, &up));
    assert!(fake.wait_for(20, |f| f.sent_to(7001).len() == 3).await);
    assert_eq!(votes(&server).len(), 3);

    // Zalo: the buttons are a numbered list; the number of 👎 votes.
    let body = text_event("z-1", "m-1", QUESTION);
    let post = |body: String| {
        let url = format!("{url}/zalo/webhook");
        let signature = sign(&body, &stamp(&body));
        async move {
            reqwest::Client::new()
                .post(url)
                .header("content-type", "application/json")
                .header(tthc_bot::channels::zalo::SIGNATURE_HEADER, signature)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(post(body).await, 200);
    assert!(
        until(Duration::from_secs(20), || !zalo_sent
            .lock()
            .unwrap()
            .is_empty())
        .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let listed: String = zalo_sent
        .lock()
        .unwrap()
        .iter()
        .map(|(_, m)| m["message"]["text"].as_str().unwrap_or("").to_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let number = listed
        .lines()
        .find_map(|l| l.strip_suffix(". 👎"))
        .unwrap_or_else(|| panic!("👎 is listed: {listed}"))
        .to_owned();
    assert_eq!(post(text_event("z-1", "m-2", &number)).await, 200);
    assert!(until(Duration::from_secs(20), || votes(&server).len() == 4).await);
    let zalo_votes = votes(&server)
        .into_iter()
        .filter(|v| v.vote == Vote::Down && v.reason.is_none())
        .count();
    assert_eq!(zalo_votes, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_staff_answer_the_citizen_rates_the_handling_on_telegram() {
    use reqwest::header::COOKIE;
    use tthc_bot::tickets::{StoredTickets, TicketStore};

    use crate::tickets::{csrf_in, login};

    let fake = FakeTelegram::start().await;
    let server = start_server_with(Some(&fake.url), |_| {}).await;
    let chat = 7200;
    let steps = [
        text_update(chat, "/phananh"),
        text_update(chat, "Bộ phận một cửa hẹn trả kết quả ba lần vẫn chưa có"),
        callback_update(chat, "fb:skip"),
        callback_update(chat, "fb:skip"),
        callback_update(chat, "fb:anonymous"),
        callback_update(chat, "fb:confirm"),
    ];
    for (i, step) in steps.into_iter().enumerate() {
        fake.push_update(step);
        assert!(
            fake.wait_for(20, |f| f.sent_to(chat).len() == i + 1).await,
            "step {i}"
        );
    }
    let filed = fake.sent_to(chat).last().unwrap()["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = tthc_bot::chat::lookup::find_code(&filed).expect("a ticket code");

    // Rating before any answer is refused.
    let early = format!("sipas:{code}:5");
    fake.push_update(callback_update(chat, &early));
    assert!(fake.wait_for(20, |f| f.sent_to(chat).len() == 7).await);
    assert!(fake.sent_to(chat)[6]["text"]
        .as_str()
        .unwrap()
        .contains("chưa ghi nhận"));

    // Staff answer on the staff page; the answer arrives with the five levels.
    tthc_bot::staff::Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let http = client();
    let session = login(&http, &server.url, "lan", "mat-khau-123")
        .await
        .unwrap();
    let page_url = format!("{}/staff/tickets/{code}", server.url);
    let page = http
        .get(&page_url)
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    let csrf = csrf_in(&page.text().await.unwrap());
    let answered = http
        .post(format!("{page_url}/answer"))
        .header(COOKIE, &session)
        .form(&[
            ("csrf", csrf.as_str()),
            ("answer", "Đã trả kết quả ngày 05/12, xin lỗi bạn."),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 303);
    assert!(
        fake.wait_for(30, |f| f.sent_to(chat).len() == 8).await,
        "the answer arrives"
    );
    let sent = fake.sent_to(chat);
    assert!(sent[7]["text"]
        .as_str()
        .unwrap()
        .contains("đánh giá thế nào"));
    let satisfied = telegram_button(&sent, "Hài lòng");
    fake.push_update(callback_update(chat, &satisfied));
    assert!(fake.wait_for(20, |f| f.sent_to(chat).len() == 9).await);
    let sent = fake.sent_to(chat);
    assert!(sent[8]["text"]
        .as_str()
        .unwrap()
        .contains("liên hệ mấy lần"));
    let twice = telegram_button(&sent, "2 lần");
    fake.push_update(callback_update(chat, &twice));
    assert!(fake.wait_for(20, |f| f.sent_to(chat).len() == 10).await);

    // Someone else cannot rate it; the rating is on the ticket and in its history.
    fake.push_update(callback_update(7201, &format!("sipas:{code}:1")));
    assert!(fake.wait_for(20, |f| f.sent_to(7201).len() == 1).await);
    let ticket = StoredTickets::new(&server.storage)
        .unwrap()
        .get(&code)
        .unwrap()
        .unwrap();
    let rating = ticket.rating.expect("rated");
    assert_eq!((rating.level, rating.contacts), (4, Some(2)));
    assert!(ticket
        .history
        .iter()
        .any(|h| h.detail == "người dân đánh giá: Hài lòng"));
    let page = http
        .get(&page_url)
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    let page = page.text().await.unwrap();
    assert!(
        page.contains("Người dân đánh giá:</b> Hài lòng · đã liên hệ 2 lần"),
        "staff see the rating"
    );

    // The dashboard counts it.
    let report = staff_page(
        &http,
        &format!(
            "{}/staff/thong-ke/bao-cao?format=json&period={}",
            server.url,
            tthc_bot::stats::Period::this_quarter().name
        ),
        &session,
    )
    .await;
    let report: Value = serde_json::from_str(&report).unwrap();
    let tickets = &report["current"]["tickets"];
    assert_eq!(
        tickets["satisfaction"][1],
        serde_json::json!(["Hài lòng", 1])
    );
    assert_eq!(tickets["contacts"], serde_json::json!([0, 1, 0]));
}
