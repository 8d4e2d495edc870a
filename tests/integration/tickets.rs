//! Feedback tickets end to end: a citizen files through the fake Telegram server, staff
//! answer through the staff HTTP endpoints, and the answer reaches that chat. Also the
//! staff authentication rules and bad input.

use std::time::Duration;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{json, Value};
use tthc_bot::staff::Accounts;
use tthc_bot::tickets::TicketStore;

use crate::fake_telegram::{callback_update, text_update, FakeTelegram};
use crate::support::http::{chat, client, staff_page, texts};
use crate::support::server::start_server;
use crate::support::wait::eventually;

pub fn cookie_value(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.strip_prefix(&format!("{name}="))
                .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
        })
}

/// The value of the first `name="csrf" value="..."` in a page.
pub fn csrf_in(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("page has a CSRF field")
        + "name=\"csrf\" value=\"".len();
    page[at..].split('"').next().unwrap().to_owned()
}

/// Logs in; returns the session cookie header value, or the failed response status.
pub async fn login(
    http: &reqwest::Client,
    url: &str,
    name: &str,
    password: &str,
) -> Result<String, (u16, String)> {
    let page = http.get(format!("{url}/staff/login")).send().await.unwrap();
    let login_csrf = cookie_value(&page, "tthc_login_csrf").expect("login csrf cookie");
    let csrf = csrf_in(&page.text().await.unwrap());
    let r = http
        .post(format!("{url}/staff/login"))
        .header(COOKIE, format!("tthc_login_csrf={login_csrf}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", name),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    match cookie_value(&r, "tthc_staff") {
        Some(token) if r.status() == 303 => Ok(format!("tthc_staff={token}")),
        _ => Err((r.status().as_u16(), r.text().await.unwrap_or_default())),
    }
}

fn add_staff(db: &tthc_bot::storage::Storage, name: &str, password: &str) {
    Accounts::new(db).unwrap().add(name, password).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn citizen_files_on_telegram_staff_answers_citizen_receives() {
    let fake = FakeTelegram::start().await;
    let server = start_server(Some(&fake.url)).await;
    let url = server.url.clone();
    let chat = 5001;

    // The citizen files a ticket in the guided dialogue.
    fake.push_update(text_update(chat, "/phananh"));
    assert!(fake.wait_for(20, |f| f.sent_to(chat).len() == 1).await);
    let content = "Cán bộ xã hẹn 3 lần chưa trả kết quả <script>alert(1)</script>";
    let steps: Vec<Value> = vec![
        text_update(chat, content),
        callback_update(chat, "fb:skip"),
        // The old address: xã Liên Minh of the former huyện Đức Thọ is now Xã Đức Minh.
        text_update(chat, "xa lien minh huyen duc tho ha tinh"),
        callback_update(chat, "fb:agree"),
        text_update(chat, "Nguyễn Văn An"),
        text_update(chat, "0912 345 678"),
        callback_update(chat, "fb:confirm"),
    ];
    // Messages sent so far after each step: the old place is answered with its new
    // unit, then the consent question.
    let totals = [2, 3, 5, 6, 7, 8, 9];
    for (i, (step, total)) in steps.into_iter().zip(totals).enumerate() {
        fake.push_update(step);
        assert!(
            fake.wait_for(20, |f| f.sent_to(chat).len() == total).await,
            "step {i}"
        );
    }
    let sent = fake.sent_to(chat);
    let text = |i: usize| sent[i]["text"].as_str().unwrap().to_owned();
    assert!(
        text(2).contains("xã/phường nào"),
        "the place is asked after the procedure"
    );
    assert!(
        text(3).contains("nay thuộc Xã Đức Minh, Tỉnh Hà Tĩnh"),
        "{}",
        text(3)
    );
    assert!(
        text(4).contains("13/2023/NĐ-CP"),
        "consent is asked before name and phone"
    );
    let summary = text(7);
    assert!(
        summary.contains("0912345678")
            && summary.contains("Nguyễn Văn An")
            && summary.contains("Xã/phường: Xã Đức Minh, Tỉnh Hà Tĩnh"),
        "{summary}"
    );
    let confirmation = text(8);
    let code = tthc_bot::chat::lookup::find_code(&confirmation).expect("a ticket code");
    assert!(
        confirmation.contains("trong 10 ngày làm việc"),
        "{confirmation}"
    );

    // The citizen can look it up; someone else cannot.
    fake.push_update(text_update(chat, &format!("/tracuu {code}")));
    assert!(fake.wait_for(20, |f| f.sent_to(chat).len() == 10).await);
    assert!(fake.sent_to(chat)[9]["text"]
        .as_str()
        .unwrap()
        .contains("trạng thái: mới"));
    fake.push_update(text_update(5002, &format!("/tracuu {code}")));
    assert!(fake.wait_for(20, |f| f.sent_to(5002).len() == 1).await);
    assert!(fake.sent_to(5002)[0]["text"]
        .as_str()
        .unwrap()
        .contains("không tìm thấy"));

    // Staff answer through the staff endpoints.
    add_staff(&server.storage, "lan", "mat-khau-123");
    let http = client();
    let session = login(&http, &url, "lan", "mat-khau-123")
        .await
        .expect("staff logs in");
    let page = http
        .get(format!("{url}/staff/tickets/{code}"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "content is escaped"
    );
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("0912345678"), "staff see the phone");
    assert!(
        page.contains("Xã Đức Minh, Tỉnh Hà Tĩnh (mã 18244)"),
        "the ticket landed on the new unit"
    );
    let csrf = csrf_in(&page);
    let answer = "Xã đã trả kết quả ngày 25/11, xin lỗi bạn vì sự chậm trễ.";
    let forged = http
        .post(format!("{url}/staff/tickets/{code}/answer"))
        .header(COOKIE, &session)
        .form(&[("answer", answer)])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "no CSRF token, refused");
    let r = http
        .post(format!("{url}/staff/tickets/{code}/answer"))
        .header(COOKIE, &session)
        .form(&[("csrf", csrf.as_str()), ("answer", answer)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    // The answer reaches the citizen's chat.
    assert!(
        fake.wait_for(20, |f| f
            .sent_to(chat)
            .iter()
            .any(|m| m["text"].as_str().unwrap_or("").contains(answer)))
            .await
    );
    let api: Value = http
        .get(format!("{url}/staff/api/tickets"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ticket = api
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == json!(code))
        .unwrap()
        .clone();
    assert_eq!(ticket["status"], "answered");
    assert_eq!(ticket["unit"]["code"], "18244");
    let actions: Vec<&str> = ticket["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"answer"), "{actions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_pages_require_login_csrf_and_active_accounts() {
    let server = start_server(None).await;
    let url = &server.url;
    let http = client();

    let r = http.get(format!("{url}/staff")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()[LOCATION], "/staff/login");
    let r = http
        .get(format!("{url}/staff/tickets/PA-2026-000001"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        http.get(format!("{url}/staff/api/tickets"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        http.get(format!("{url}/staff/export.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );

    // Login form without its CSRF token.
    let r = http
        .post(format!("{url}/staff/login"))
        .form(&[("name", "lan"), ("password", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    add_staff(&server.storage, "lan", "mat-khau-123");
    add_staff(&server.storage, "tuan", "mat-khau-456");
    Accounts::new(&server.storage)
        .unwrap()
        .set_disabled("tuan", true)
        .unwrap();
    let (status, body) = login(&http, url, "tuan", "mat-khau-456").await.unwrap_err();
    assert_eq!(status, 403);
    assert!(body.contains("bị khóa"));

    for _ in 0..5 {
        let (status, body) = login(&http, url, "lan", "sai-mat-khau").await.unwrap_err();
        assert_eq!(status, 401);
        assert!(body.contains("Sai tên đăng nhập hoặc mật khẩu"));
    }
    let (status, body) = login(&http, url, "lan", "mat-khau-123").await.unwrap_err();
    assert_eq!(status, 429, "locked after repeated failures");
    assert!(body.contains("15 phút"));

    // Logout needs the CSRF token too.
    add_staff(&server.storage, "mai", "mat-khau-789");
    let session = login(&http, url, "mai", "mat-khau-789").await.unwrap();
    let r = http
        .post(format!("{url}/staff/logout"))
        .header(COOKIE, &session)
        .form(&[("csrf", "wrong")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        http.get(format!("{url}/staff"))
            .header(COOKIE, &session)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_feedback_input_gets_clear_messages_and_stores_nothing_half_written() {
    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let store = tthc_bot::tickets::StoredTickets::new(&server.storage).unwrap();
    let count = || store.list(&Default::default()).unwrap().len();

    chat(&http, url, "u", "tôi muốn phản ánh").await;
    let empty = chat(&http, url, "u", "   ").await;
    assert!(empty[0].contains("không được để trống"), "{empty:?}");
    let huge = chat(&http, url, "u", &"a".repeat(10_000)).await;
    assert!(
        huge[0].contains("10.000 ký tự") && huge[0].contains("2.000"),
        "{huge:?}"
    );
    assert_eq!(count(), 0);
    chat(
        &http,
        url,
        "u",
        "Bộ phận một cửa không nhận hồ sơ trực tuyến",
    )
    .await;
    chat(&http, url, "u", "fb:skip").await;
    let unknown = chat(&http, url, "u", "ở chỗ nào đó không rõ").await;
    assert!(unknown[0].contains("chưa nhận ra xã/phường"), "{unknown:?}");
    chat(&http, url, "u", "fb:skip").await;
    chat(&http, url, "u", "fb:agree").await;
    chat(&http, url, "u", "fb:skip").await;
    let bad_phone = chat(&http, url, "u", "12345").await;
    assert!(
        bad_phone[0].contains("chưa đúng định dạng"),
        "{bad_phone:?}"
    );
    let cancelled = chat(&http, url, "u", "hủy").await;
    assert!(cancelled[0].contains("đã hủy"), "{cancelled:?}");
    assert_eq!(count(), 0, "a cancelled dialogue stores nothing");

    let missing = chat(&http, url, "u", "/tracuu PA-2026-999999").await;
    assert!(
        missing[0].contains("không tìm thấy phản ánh PA-2026-999999"),
        "{missing:?}"
    );
}

/// A web user files an anonymous ticket, and staff "lan" logs in: (code, staff cookie).
async fn anonymous_ticket_and_staff(
    server: &crate::support::server::TestServer,
    http: &reqwest::Client,
    user: &str,
) -> (String, String) {
    let url = &server.url;
    let content = "Trang dịch vụ công báo lỗi khi nộp hồ sơ";
    for text in ["/phananh", content, "fb:skip", "fb:skip", "fb:anonymous"] {
        chat(http, url, user, text).await;
    }
    let done = chat(http, url, user, "fb:confirm").await;
    let code = tthc_bot::chat::lookup::find_code(&done[0]).unwrap();
    add_staff(&server.storage, "lan", "mat-khau-123");
    let session = login(http, url, "lan", "mat-khau-123").await.unwrap();
    (code, session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answer_to_a_web_user_waits_in_the_inbox() {
    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let (code, session) = anonymous_ticket_and_staff(&server, &http, "web-user").await;
    let page = staff_page(&http, &format!("{url}/staff/tickets/{code}"), &session).await;
    let csrf = csrf_in(&page);
    http.post(format!("{url}/staff/tickets/{code}/answer"))
        .header(COOKIE, &session)
        .form(&[("csrf", csrf.as_str()), ("answer", "Đã khắc phục lỗi.")])
        .send()
        .await
        .unwrap();
    let got = eventually(Duration::from_secs(10), async || {
        let v: Value = http
            .get(format!("{url}/api/inbox?user_id=web-user"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Some(texts(&v)).filter(|t| !t.is_empty())
    })
    .await
    .unwrap_or_default();
    assert_eq!(got.len(), 1);
    assert!(got[0].contains("Đã khắc phục lỗi.") && got[0].contains(&code));
    assert!(
        got[0].contains("Cán bộ") && got[0].contains("«Trang dịch vụ công báo lỗi khi nộp hồ sơ»"),
        "an officer's answer, with the question it answers: {}",
        got[0]
    );
    // The answer stays in the conversation after a reload, shown as an officer's.
    let history: Value = http
        .get(format!("{url}/api/history?user_id=web-user"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = history["entries"].as_array().unwrap();
    let officer = entries.iter().filter(|e| e["who"] == "officer").count();
    assert_eq!(officer, 1, "{history}");
    assert_eq!(entries[0]["who"], "citizen");
    // A stale "Gửi" pressed again files nothing and says why.
    let stale = chat(&http, url, "web-user", "fb:confirm").await;
    assert!(stale[0].contains("đã được gửi hoặc đã hủy"), "{stale:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saved_replies_fill_the_answer_box() {
    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let (code, session) = anonymous_ticket_and_staff(&server, &http, "u1").await;
    let get = |path: String| {
        let (http, session) = (http.clone(), session.clone());
        async move {
            let r = http
                .get(path)
                .header(COOKIE, &session)
                .send()
                .await
                .unwrap();
            r.text().await.unwrap()
        }
    };
    let page = get(format!("{url}/staff/replies")).await;
    let csrf = csrf_in(&page);
    let saved = http
        .post(format!("{url}/staff/replies"))
        .header(COOKIE, &session)
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Đã chuyển"),
            (
                "text",
                "Phản ánh của bạn đã được chuyển tới bộ phận phụ trách.",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    let ticket = get(format!("{url}/staff/tickets/{code}")).await;
    assert!(
        ticket.contains("Dùng mẫu:") && ticket.contains("Đã chuyển"),
        "{ticket}"
    );
    let filled = get(format!(
        "{url}/staff/tickets/{code}?reply=%C4%90%C3%A3+chuy%E1%BB%83n"
    ))
    .await;
    assert!(
        filled.contains(">Phản ánh của bạn đã được chuyển tới bộ phận phụ trách.</textarea>"),
        "{filled}"
    );
    let refused = http
        .post(format!("{url}/staff/replies"))
        .header(COOKIE, &session)
        .form(&[("csrf", "wrong"), ("name", "x"), ("text", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "the CSRF check applies");
}
