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
    use tthc_bot::tickets::{NewTicket, StoredTickets, TicketStore};

    let server = start_server(None).await;
    tthc_bot::staff::Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let store = StoredTickets::new(&server.storage).unwrap();
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
    log_in(&browser, "lan", "mat-khau-123").await;
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

/// Fills and sends the staff login form of the page the browser shows.
pub async fn log_in(browser: &Browser, name: &str, password: &str) {
    let name_box = browser.find_all("#name").await.pop().unwrap();
    browser.type_into(&name_box, name).await;
    let password_box = browser.find_all("#password").await.pop().unwrap();
    browser.type_into(&password_box, password).await;
    browser
        .click(&browser.find_all("#login").await.pop().unwrap())
        .await;
}

/// Where the top of the last bot message starting with `prefix` is, relative to the
/// visible part of the chat log: "visible" when its first line can be read.
const FIRST_LINE_VISIBLE: &str = r#"
  var log = document.getElementById('log').getBoundingClientRect();
  var msgs = Array.from(document.querySelectorAll('.msg.bot'))
    .filter(function (m) { return m.textContent.indexOf(arguments_prefix) === 0; });
  var m = msgs[msgs.length - 1];
  if (!m) return 'missing';
  var top = m.getBoundingClientRect().top;
  return (top >= log.top - 1 && top + 20 <= log.bottom) ? 'visible' : 'hidden at ' + top;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_chat_on_a_phone_keeps_the_conversation_and_shows_answers_from_their_start() {
    let server = start_server(None).await;
    let url = format!("{}/", server.url);
    let browser = Browser::start().await;
    browser.set_window_size(390, 844).await;
    browser.goto(&url).await;
    let greeting = browser
        .wait_text(".msg.bot", 20, |t| t.contains("trợ lý tự động"))
        .await;
    assert!(
        greeting.is_some(),
        "the greeting says it is an automated assistant"
    );
    assert!(
        browser.texts(".msg.me").await.is_empty(),
        "no message is shown as the citizen's before they write"
    );
    let tel = browser
        .execute("var a = document.querySelector('header a[href^=\"tel:\"]'); return a && a.getAttribute('href');")
        .await;
    assert_eq!(
        tel,
        serde_json::json!("tel:18001096"),
        "the hotline is a tap-to-call link"
    );
    let smallest = browser
        .execute("return Math.min.apply(null, Array.from(document.querySelectorAll('.buttons button, #send, #menu')).map(function (b) { return b.getBoundingClientRect().height; }));")
        .await;
    assert!(
        smallest.as_f64().unwrap() >= 44.0,
        "buttons are at least 44 px tall: {smallest}"
    );

    let input = browser.find_all("#text").await.pop().unwrap();
    browser.type_into(&input, "làm giấy khai sinh cần gì").await;
    browser
        .click(&browser.find_all("#send").await.pop().unwrap())
        .await;
    let card = browser
        .wait_text(".msg.bot", 20, |t| t.starts_with("Dạ, thủ tục «"))
        .await;
    assert!(card.is_some(), "a procedure card appears");
    let where_card = browser
        .execute(&FIRST_LINE_VISIBLE.replace("arguments_prefix", "'Dạ, thủ tục «'"))
        .await;
    assert_eq!(
        where_card,
        serde_json::json!("visible"),
        "the answer's first line is on screen"
    );
    let stale = browser
        .execute("var rows = Array.from(document.querySelectorAll('.buttons')); rows.pop(); return rows.reduce(function (n, r) { return n + r.querySelectorAll('button:not([disabled])').length; }, 0);")
        .await;
    assert_eq!(
        stale,
        serde_json::json!(0),
        "only the newest buttons can be pressed"
    );
    browser.save_screenshot("citizen-chat-phone.png").await;

    // A reload shows the conversation again.
    browser.goto(&url).await;
    let again = browser
        .wait_text(".msg.me", 20, |t| t == "làm giấy khai sinh cần gì")
        .await;
    assert!(again.is_some(), "the question comes back after a reload");
    assert!(browser
        .texts(".msg.bot")
        .await
        .iter()
        .any(|t| t.starts_with("Dạ, thủ tục «")));

    // Consent comes before name and phone.
    for text in ["/phananh", "Bộ phận một cửa đóng cửa sớm hơn giờ niêm yết"] {
        let input = browser.find_all("#text").await.pop().unwrap();
        browser.type_into(&input, text).await;
        browser
            .click(&browser.find_all("#send").await.pop().unwrap())
            .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let skip = eventually(Duration::from_secs(10), async || {
        for b in browser.find_all(".buttons button").await {
            if browser.text(&b).await == "Bỏ qua" {
                return Some(b);
            }
        }
        None
    })
    .await
    .expect("the procedure question offers 'Bỏ qua'");
    browser.click(&skip).await;

    // A name shared by several wards gets the candidates as buttons.
    assert!(browser
        .wait_text(".msg.bot", 20, |t| t.contains("xã/phường nào"))
        .await
        .is_some());
    let input = browser.find_all("#text").await.pop().unwrap();
    browser.type_into(&input, "phường Tân Thành").await;
    browser
        .click(&browser.find_all("#send").await.pop().unwrap())
        .await;
    let choice = eventually(Duration::from_secs(10), async || {
        for b in browser.find_all(".buttons button").await {
            if browser.text(&b).await.starts_with("Phường Tân Thành, ") {
                return Some(b);
            }
        }
        None
    })
    .await
    .expect("the wards named Tân Thành are offered");
    browser
        .save_screenshot("citizen-place-choices-phone.png")
        .await;
    browser.click(&choice).await;
    let consent = browser
        .wait_text(".msg.bot", 20, |t| t.contains("Nghị định 13/2023/NĐ-CP"))
        .await;
    assert!(
        consent.is_some(),
        "what name and phone are for is said first"
    );
    browser.save_screenshot("citizen-consent-phone.png").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_list_sorted_by_due_date_flags_overdue_and_assigns_from_the_staff_list() {
    use tthc_bot::storage::Tree;
    use tthc_bot::tickets::{NewTicket, StoredTickets, TicketStore};

    let server = start_server(None).await;
    let accounts = tthc_bot::staff::Accounts::new(&server.storage).unwrap();
    accounts.add("lan", "mat-khau-123").unwrap();
    accounts.add("tuan", "mat-khau-456").unwrap();
    let store = StoredTickets::new(&server.storage).unwrap();
    let new = |content: &str| NewTicket {
        channel: tthc_bot::channel::Channel::Web,
        user_id: "citizen-1".into(),
        content: content.into(),
        category: "phản ánh".into(),
        ..NewTicket::default()
    };
    let fresh = store.create(new("Hỏi về lệ phí chứng thực")).unwrap();
    // A ticket filed 30 days ago, never answered: overdue.
    let mut old = store
        .create(new("Hồ sơ đất đai chưa được giải quyết"))
        .unwrap();
    old.created_at -= 30 * 86_400;
    let tree = server.storage.tree(Tree::Tickets).unwrap();
    tree.insert(old.code.as_bytes(), serde_json::to_vec(&old).unwrap())
        .unwrap();

    let browser = Browser::start().await;
    browser.set_window_size(1280, 800).await;
    browser.goto(&format!("{}/staff/login", server.url)).await;
    log_in(&browser, "lan", "mat-khau-123").await;
    let rows = eventually(Duration::from_secs(10), async || {
        let rows = browser.texts("#tickets tbody tr").await;
        (rows.len() == 2).then_some(rows)
    })
    .await
    .expect("both tickets listed");
    assert!(rows[0].contains(&old.code), "earliest due first: {rows:?}");
    assert!(rows[0].contains("Quá hạn"), "{rows:?}");
    assert!(rows[1].contains(&fresh.code) && !rows[1].contains("Quá hạn"));
    browser.save_screenshot("staff-list-desktop.png").await;

    // Assign from the list of staff accounts.
    browser
        .goto(&format!("{}/staff/tickets/{}", server.url, fresh.code))
        .await;
    let options = eventually(Duration::from_secs(10), async || {
        let o = browser.texts("#assignee option").await;
        (!o.is_empty()).then_some(o)
    })
    .await
    .expect("an assignee list");
    assert_eq!(options, ["(chưa phân công)", "lan", "tuan"]);
    browser
        .execute("document.getElementById('assignee').value = 'tuan'; return true;")
        .await;
    browser
        .click(&browser.find_all("#assign").await.pop().unwrap())
        .await;
    let assigned = browser
        .wait_text("p", 10, |t| t == "Người xử lý: tuan")
        .await;
    assert!(assigned.is_some(), "assigned to a listed account");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ticket_is_looked_up_from_a_fresh_browser_with_its_code_and_phone() {
    use crate::support::http::{chat, client};

    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let content = "Trang dịch vụ công báo lỗi khi thanh toán";
    for text in [
        "/phananh",
        content,
        "fb:skip",
        "fb:skip",
        "fb:agree",
        "fb:skip",
        "0912 345 678",
    ] {
        chat(&http, url, "phone-user", text).await;
    }
    let done = chat(&http, url, "phone-user", "fb:confirm").await;
    let code = tthc_bot::chat::lookup::find_code(&done[0]).expect("a ticket code");

    let browser = Browser::start().await;
    browser.set_window_size(390, 844).await;
    browser.goto(&format!("{url}/")).await;
    assert!(browser
        .wait_text(".msg.bot", 20, |t| t.contains("xin chào"))
        .await
        .is_some());
    browser
        .execute("document.getElementById('lookup-box').open = true; return true;")
        .await;
    let wrong = |phone: &str| {
        format!(
            "document.getElementById('lookup-code').value = '{code}'; \
             document.getElementById('lookup-phone').value = '{phone}'; \
             document.getElementById('lookup-send').click(); return true;"
        )
    };
    browser.execute(&wrong("0987 654 321")).await;
    let refused = browser
        .wait_text(".msg.bot", 20, |t| t.contains("không tìm thấy phản ánh"))
        .await;
    assert!(refused.is_some(), "another number finds nothing");
    browser
        .execute("document.getElementById('lookup-box').open = true; return true;")
        .await;
    browser.execute(&wrong("0912 345 678")).await;
    let status = browser
        .wait_text(".msg.bot", 20, |t| {
            t.contains(&code) && t.contains("trạng thái")
        })
        .await;
    let status = status.expect("the ticket's status with the right number");
    assert!(status.contains(content), "{status}");
    let shown = browser.texts(".msg.me").await.join("\n");
    assert!(
        !shown.contains("0912"),
        "the number is not shown in the conversation: {shown}"
    );
    browser.save_screenshot("citizen-lookup-phone.png").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_account_added_while_serving_logs_in_from_the_browser() {
    let server = crate::support::server::start_server_with(None, |c| {
        c.admin.token = "admin-token-for-tests".into();
    })
    .await;
    let added = reqwest::Client::new()
        .post(format!("{}/admin/staff", server.url))
        .bearer_auth("admin-token-for-tests")
        .json(&serde_json::json!({"action": "add", "name": "hoa", "password": "mat-khau-789"}))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201, "added while the server runs");

    let browser = Browser::start().await;
    browser.set_window_size(1280, 800).await;
    browser.goto(&format!("{}/staff/login", server.url)).await;
    log_in(&browser, "hoa", "mat-khau-789").await;
    let header = browser
        .wait_text("header span", 10, |t| t.contains("Cán bộ: hoa"))
        .await;
    assert!(header.is_some(), "the new account is logged in");
}
