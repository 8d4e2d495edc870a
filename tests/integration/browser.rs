//! The web chat in headless Chromium: type a question, click a button, see the answer.

use std::time::Duration;

use crate::support::fixtures::engine;
use crate::support::server::{spawn_router, start_server};
use crate::support::wait::eventually;
use crate::webdriver::Browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_chat_question_and_button_in_chromium() {
    let data = tempfile::tempdir().unwrap();
    let (engine, db) = engine(data.path());
    let app = tthc_bot::channels::web::router(
        engine,
        tthc_bot::channels::web::WebInbox::new(&db).unwrap(),
    );
    let url = format!("{}/", spawn_router(app).await);

    let browser = Browser::start().await;
    browser.goto(&url).await;
    let greeting = browser
        .wait_text(".msg.bot", 20, |t| t.contains("xin chào"))
        .await;
    assert!(greeting.is_some(), "the greeting appears");

    let input = browser.find_all("#text").await.pop().expect("input box");
    browser.type_into(&input, "làm giấy khai sinh cần gì").await;
    let send = browser.find_all("#send").await.pop().expect("send button");
    browser.click(&send).await;
    let card = browser
        .wait_text(".msg.bot", 20, |t| t.starts_with("Dạ, thủ tục «"))
        .await;
    let card = card.expect("a procedure card appears");
    assert!(card.contains("khai sinh"), "{card}");
    assert!(card.contains("Giấy tờ cần chuẩn bị"), "{card}");

    // Click the "online" button under the card.
    let mut clicked = false;
    for b in browser.find_all(".buttons button").await {
        if browser.text(&b).await.contains("Làm trực tuyến") {
            browser.click(&b).await;
            clicked = true;
        }
    }
    assert!(clicked, "the card has a 'Làm trực tuyến' button");
    let online = browser
        .wait_text(".msg.bot", 20, |t| t.starts_with("🌐 Làm trực tuyến:"))
        .await;
    assert!(online.is_some(), "the button's answer appears");
    if let Ok(dir) = std::env::var("TTHC_SCREENSHOT_DIR") {
        browser
            .screenshot(&std::path::Path::new(&dir).join("web-chat.png"))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_log_in_filter_answer_and_export_in_chromium() {
    use serde_json::json;
    use tthc_bot::tickets::{NewTicket, SledTickets, TicketStore};

    let server = start_server(None).await;
    tthc_bot::staff::Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let store = SledTickets::new(&server.storage).unwrap();
    let new = |content: &str| NewTicket {
        channel: tthc_bot::channel::Channel::Web,
        user_id: "citizen-1".into(),
        content: content.into(),
        phone: Some("0912345678".into()),
        category: "phản ánh".into(),
        ..NewTicket::default()
    };
    let target = store
        .create(new("Cổng dịch vụ công báo lỗi khi thanh toán lệ phí"))
        .unwrap();
    store.create(new("Bộ phận một cửa đóng cửa sớm")).unwrap();

    let browser = Browser::start().await;
    browser.goto(&format!("{}/staff", server.url)).await;
    assert!(browser.current_url().await.ends_with("/staff/login"));
    let name = browser.find_all("#name").await.pop().unwrap();
    browser.type_into(&name, "lan").await;
    let password = browser.find_all("#password").await.pop().unwrap();
    browser.type_into(&password, "mat-khau-123").await;
    browser
        .click(&browser.find_all("#login").await.pop().unwrap())
        .await;
    assert!(
        browser
            .wait_text("h2", 10, |t| t == "Phản ánh, kiến nghị")
            .await
            .is_some(),
        "list page after login"
    );

    // Filter by text: only the matching ticket stays.
    let q = browser.find_all("#f-q").await.pop().unwrap();
    browser.type_into(&q, "thanh toán").await;
    browser
        .click(&browser.find_all("#f-apply").await.pop().unwrap())
        .await;
    assert!(browser
        .wait_text("p", 10, |t| t == "1 phản ánh")
        .await
        .is_some());
    let rows = browser.texts("tbody tr").await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains(&target.code));

    // Open it and answer.
    let link = browser.find_all("tbody a").await.pop().unwrap();
    browser.click(&link).await;
    let answer = eventually(Duration::from_secs(10), async || {
        browser.find_all("#answer").await.pop()
    })
    .await
    .expect("the ticket page shows its answer box (#answer) within 10 s");
    browser
        .type_into(&answer, "Lỗi đã được khắc phục, bạn thử lại giúp.")
        .await;
    browser
        .click(&browser.find_all("#send-answer").await.pop().unwrap())
        .await;
    assert!(browser
        .wait_text(".card p", 10, |t| t == "Trạng thái: đã trả lời")
        .await
        .is_some());

    // Export the filtered list as CSV from the list page.
    browser
        .goto(&format!("{}/staff?q=thanh+to%C3%A1n", server.url))
        .await;
    let csv = browser
        .execute_async(
            "var done = arguments[arguments.length - 1]; \
             fetch(document.getElementById('export').href).then(function (r) { return r.arrayBuffer(); }) \
             .then(function (b) { var u = new Uint8Array(b); done([u[0], u[1], u[2], new TextDecoder('utf-8').decode(b)]); });",
        )
        .await;
    assert_eq!(
        [&csv[0], &csv[1], &csv[2]],
        [&json!(0xEF), &json!(0xBB), &json!(0xBF)],
        "UTF-8 BOM for Excel"
    );
    let csv = csv[3].as_str().unwrap_or_default().to_owned();
    assert!(
        csv.contains(&target.code)
            && csv.contains("đã trả lời")
            && csv.contains("Lỗi đã được khắc phục"),
        "{csv}"
    );
    assert_eq!(
        csv.lines().count(),
        2,
        "header and the one filtered ticket: {csv}"
    );
    if let Ok(dir) = std::env::var("TTHC_SCREENSHOT_DIR") {
        browser
            .goto(&format!("{}/staff/tickets/{}", server.url, target.code))
            .await;
        browser
            .screenshot(&std::path::Path::new(&dir).join("staff-ticket.png"))
            .await;
    }
}
