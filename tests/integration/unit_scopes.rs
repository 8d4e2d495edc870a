//! Tickets routed to communes and wards after the 2025 reform: citizens name their
//! (old or new) place in the web chat, unit officers see only their units' tickets in
//! the list, its counts, the CSV and the API and get 404 on the others, staff re-route
//! tickets with the move in the history, and cards name the citizen's office.

use reqwest::header::{COOKIE, LOCATION};
use serde_json::Value;
use tthc_bot::staff::{Accounts, Role};

use crate::support::http::{chat, client};
use crate::support::server::{start_server_with, TestServer};
use crate::tickets::{csrf_in, login};

/// Xã Đức Minh (from the old xã Liên Minh, huyện Đức Thọ) and Xã Đức Thọ, Hà Tĩnh.
const DUC_MINH: &str = "18244";
const DUC_THO: &str = "18229";

/// Files an anonymous web ticket naming `place` (or skipping the question); its code.
async fn file(http: &reqwest::Client, url: &str, user: &str, place: &str) -> String {
    let content = format!("Đường vào thôn bị sạt lở, đề nghị xã xử lý ({user})");
    for text in [
        "/phananh",
        content.as_str(),
        "fb:skip",
        place,
        "fb:anonymous",
    ] {
        chat(http, url, user, text).await;
    }
    let done = chat(http, url, user, "fb:confirm").await;
    tthc_bot::chat::lookup::find_code(&done[0]).expect("a ticket code")
}

async fn get(http: &reqwest::Client, url: &str, cookie: &str) -> (u16, String) {
    let r = http.get(url).header(COOKIE, cookie).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The codes of the tickets `/staff/api/tickets` gives to this session.
async fn api_codes(http: &reqwest::Client, server: &TestServer, cookie: &str) -> Vec<String> {
    let (status, body) = get(http, &format!("{}/staff/api/tickets", server.url), cookie).await;
    assert_eq!(status, 200, "{body}");
    let tickets: Value = serde_json::from_str(&body).unwrap();
    let mut codes: Vec<String> = tickets
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap().to_owned())
        .collect();
    codes.sort();
    codes
}

/// Posts the re-route form of a ticket page: the response status and `Location`.
async fn route(
    http: &reqwest::Client,
    url: &str,
    cookie: &str,
    code: &str,
    unit: &str,
) -> (u16, String, String) {
    let (_, page) = get(http, &format!("{url}/staff/tickets/{code}"), cookie).await;
    let r = http
        .post(format!("{url}/staff/tickets/{code}/route"))
        .header(COOKIE, cookie)
        .form(&[("csrf", csrf_in(&page).as_str()), ("unit", unit)])
        .send()
        .await
        .unwrap();
    let to = r
        .headers()
        .get(LOCATION)
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (r.status().as_u16(), to, r.text().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unit_officers_see_their_units_only_and_rerouting_is_recorded() {
    let server = start_server_with(None, |c| c.service.province = "Hà Tĩnh".into()).await;
    let (url, http) = (server.url.as_str(), client());
    let minh = file(&http, url, "a", "xa lien minh huyen duc tho ha tinh").await;
    let tho = file(&http, url, "b", "xã Đức Thọ").await;
    let open = file(&http, url, "c", "fb:skip").await;

    let accounts = Accounts::new(&server.storage).unwrap();
    accounts.add("tinh", "mat-khau-123").unwrap();
    let unit = |code: &str| vec![code.to_owned()];
    accounts
        .add_with_role("minh", "mat-khau-123", Role::Unit, &unit(DUC_MINH))
        .unwrap();
    accounts
        .add_with_role("tho", "mat-khau-123", Role::Unit, &unit(DUC_THO))
        .unwrap();
    let province = login(&http, url, "tinh", "mat-khau-123").await.unwrap();
    let officer = login(&http, url, "minh", "mat-khau-123").await.unwrap();

    // The province sees every ticket; the officer of Đức Minh only the one filed with
    // the old address, in the list, its counts, the CSV and the API.
    let mut all = vec![minh.clone(), tho.clone(), open.clone()];
    all.sort();
    assert_eq!(api_codes(&http, &server, &province).await, all);
    assert_eq!(
        api_codes(&http, &server, &officer).await,
        std::slice::from_ref(&minh)
    );
    let (_, list) = get(&http, &format!("{url}/staff"), &officer).await;
    assert!(list.contains(&minh) && !list.contains(&tho) && !list.contains(&open));
    assert!(list.contains("mới: <b>1</b>"), "counts are the unit's");
    assert!(list.contains("Xã Đức Minh, Tỉnh Hà Tĩnh"));
    let (_, csv) = get(&http, &format!("{url}/staff/export.csv"), &officer).await;
    assert!(csv.contains(&minh) && !csv.contains(&tho) && !csv.contains(&open));
    assert!(csv.contains(DUC_MINH), "the CSV names the unit");

    // Another unit's ticket does not exist for the officer, nor do actions on it.
    let (status, _) = get(&http, &format!("{url}/staff/tickets/{tho}"), &officer).await;
    assert_eq!(status, 404);
    let (_, page) = get(&http, &format!("{url}/staff/tickets/{minh}"), &officer).await;
    let note = http
        .post(format!("{url}/staff/tickets/{tho}/note"))
        .header(COOKIE, &officer)
        .form(&[("csrf", csrf_in(&page).as_str()), ("note", "xem thử")])
        .send()
        .await
        .unwrap();
    assert_eq!(note.status(), 404);

    // The province routes the open ticket to Đức Minh by its old name; the officer
    // then sees it.
    let (status, to, _) = route(&http, url, &province, &open, "xã Liên Minh, huyện Đức Thọ").await;
    assert_eq!(
        (status, to.as_str()),
        (303, format!("/staff/tickets/{open}").as_str())
    );
    assert!(api_codes(&http, &server, &officer).await.contains(&open));
    let (status, _, body) = route(&http, url, &province, &open, "không có nơi này").await;
    assert!(
        status == 400 && body.contains("Không nhận ra xã/phường"),
        "{body}"
    );

    // The officer hands a ticket over to Đức Thọ: back to the list, and it is gone.
    let (status, to, _) = route(&http, url, &officer, &minh, DUC_THO).await;
    assert_eq!((status, to.as_str()), (303, "/staff"));
    let (status, _) = get(&http, &format!("{url}/staff/tickets/{minh}"), &officer).await;
    assert_eq!(status, 404);
    let (_, page) = get(&http, &format!("{url}/staff/tickets/{minh}"), &province).await;
    assert!(page.contains("Xã Đức Thọ, Tỉnh Hà Tĩnh (mã 18229)"));
    assert!(
        page.contains("chuyển từ Xã Đức Minh, Tỉnh Hà Tĩnh đến Xã Đức Thọ, Tỉnh Hà Tĩnh"),
        "the history records the move"
    );
    assert!(page.contains("chuyển đơn vị") && page.contains("<td>minh</td>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cards_name_the_citizens_office_and_the_level_that_replaced_districts() {
    let server = start_server_with(None, |_| {}).await;
    let (url, http) = (server.url.as_str(), client());
    let birth = chat(
        &http,
        url,
        "d",
        "tôi ở phường Cái Khế, Cần Thơ, làm giấy khai sinh cần gì",
    )
    .await;
    assert!(
        birth[0].starts_with("Dạ, thủ tục «Đăng ký khai sinh»"),
        "{birth:?}"
    );
    assert!(
        birth[0].contains("📍 Nộp tại Bộ phận Một cửa UBND phường Cái Khế."),
        "{birth:?}"
    );
    // The place is remembered for the next question of the conversation.
    let residence = chat(&http, url, "d", "đăng ký thường trú cần giấy tờ gì").await;
    assert!(
        residence[0].contains("📍 Nộp tại Công an phường Cái Khế."),
        "{residence:?}"
    );
    // "đổi giấy phép lái xe" alone names four records (citizens', foreigners', police and
    // military licences) and is asked back; the everyday "bằng lái" is the citizen's.
    let licence = chat(&http, url, "e", "đổi bằng lái xe ở huyện được không").await;
    assert!(
        licence[0].contains("không còn cấp huyện: thủ tục này nay do cấp tỉnh thực hiện"),
        "{licence:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_give_roles_and_units_on_the_accounts_page() {
    use crate::browser::log_in;
    use crate::webdriver::Browser;

    let server = start_server_with(None, |c| c.service.province = "Hà Tĩnh".into()).await;
    let (url, http) = (server.url.as_str(), client());
    let routed = file(&http, url, "a", "xa lien minh huyen duc tho ha tinh").await;
    let accounts = Accounts::new(&server.storage).unwrap();
    accounts
        .add_with_role("quan-tri", "mat-khau-123", Role::Admin, &[])
        .unwrap();
    accounts.add("tinh", "mat-khau-123").unwrap();

    // Only admins manage accounts; a unit name that fits nothing is explained.
    let province = login(&http, url, "tinh", "mat-khau-123").await.unwrap();
    let (status, _) = get(&http, &format!("{url}/staff/can-bo"), &province).await;
    assert_eq!(status, 403);
    let admin = login(&http, url, "quan-tri", "mat-khau-123").await.unwrap();
    let (_, page) = get(&http, &format!("{url}/staff/can-bo"), &admin).await;
    let bad = http
        .post(format!("{url}/staff/can-bo"))
        .header(COOKIE, &admin)
        .form(&[
            ("csrf", csrf_in(&page).as_str()),
            ("name", "tinh"),
            ("role", "unit"),
            ("units", "xã Không Có Thật"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("Không nhận ra"));
    let demote = http
        .post(format!("{url}/staff/can-bo"))
        .header(COOKIE, &admin)
        .form(&[
            ("csrf", csrf_in(&page).as_str()),
            ("name", "quan-tri"),
            ("role", "province"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(demote.status(), 400, "the last admin stays an admin");
    assert!(demote.text().await.unwrap().contains("quản trị cuối cùng"));

    // In the browser: a new unit officer for the old xã Liên Minh, who then sees its
    // ticket.
    let browser = Browser::start().await;
    browser.set_window_size(1280, 900).await;
    browser.goto(&format!("{url}/staff/login")).await;
    log_in(&browser, "quan-tri", "mat-khau-123").await;
    assert!(browser
        .wait_text("header span", 10, |t| t
            .contains("Cán bộ: quan-tri (Quản trị)"))
        .await
        .is_some());
    browser.goto(&format!("{url}/staff/can-bo")).await;
    let field = |id: &str| format!("#{id}");
    for (id, text) in [
        ("account-name", "xa-minh"),
        ("account-units", "xã Liên Minh, huyện Đức Thọ"),
        ("account-password", "mat-khau-456"),
    ] {
        let input = browser.find_all(&field(id)).await.pop().unwrap();
        browser.type_into(&input, text).await;
    }
    browser
        .execute("document.getElementById('account-role').value = 'unit'; return 1;")
        .await;
    browser
        .click(&browser.find_all("#account-save").await.pop().unwrap())
        .await;
    let row = browser
        .wait_text("#accounts td", 10, |t| {
            t.contains("Xã Đức Minh, Tỉnh Hà Tĩnh (18244)")
        })
        .await;
    assert!(row.is_some(), "the new officer covers Xã Đức Minh");
    browser.save_screenshot("staff-accounts-desktop.png").await;
    browser.goto(&format!("{url}/staff/tickets/{routed}")).await;
    assert!(browser
        .wait_text("#unit", 10, |t| t.contains("Xã Đức Minh, Tỉnh Hà Tĩnh"))
        .await
        .is_some());
    browser
        .save_screenshot("staff-ticket-unit-desktop.png")
        .await;
    let officer = login(&http, url, "xa-minh", "mat-khau-456").await.unwrap();
    assert_eq!(api_codes(&http, &server, &officer).await, [routed]);
}
