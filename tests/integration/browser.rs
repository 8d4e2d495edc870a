//! The web chat in headless Chromium: type a question, click a button, see the answer.

use crate::common::engine;
use crate::webdriver::Browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_chat_question_and_button_in_chromium() {
    let data = tempfile::tempdir().unwrap();
    let (engine, db) = engine(data.path());
    let app = tthc_bot::channels::web::router(
        engine,
        tthc_bot::channels::web::WebInbox::new(&db).unwrap(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

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
