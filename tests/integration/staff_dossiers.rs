//! The staff dossier dashboard `/staff/ho-so` on the real `serve` assembly: dossiers
//! pushed through `POST /admin/dossiers`, counts by status and "Trễ hạn", the filters
//! (code, status, late, unit), the login rule, no phone or ID number anywhere in the
//! page, and the page in Chromium (screenshot `target/screenshots/staff-ho-so.png`).

use reqwest::header::{COOKIE, LOCATION};
use serde_json::{json, Value};
use tthc_bot::time::{now_secs, vn_date};

use crate::browser::log_in;
use crate::support::http::client;
use crate::support::server::{start_server_with, TestServer};
use crate::tickets::login;
use crate::webdriver::Browser;

const ADMIN_TOKEN: &str = "admin-token-for-dossier-tests";
const PHONE: &str = "0912345678";
const ID_NUMBER: &str = "001099012345";
const LATE_CODE: &str = "000.00.12.H12-251123-0002";

/// A day `days` from today (negative: in the past), as the export writes it.
fn day(days: i64) -> String {
    vn_date(now_secs().saturating_add_signed(days * 86_400))
}

/// Six dossiers: two being processed (one 5 days late), one received, one waiting for a
/// supplement, one done past its date (closed: not late), one returned.
fn fixture() -> String {
    let record =
        |code: &str, tthc: &str, status: u8, due: i64, unit: &str, secret: (&str, &str)| {
            let mut r = json!({
                "ma_ho_so": code, "ma_tthc": "1.001193", "ten_tthc": tthc, "kenh": "trực tiếp",
                "chu_ho_so": "Nguyễn Văn An", "ngay_tiep_nhan": day(-20), "ngay_hen_tra": day(due),
                "trang_thai": status, "don_vi_xu_ly": unit,
            });
            r[secret.0] = json!(secret.1);
            r.to_string()
        };
    let phone = |n: &'static str| ("so_dien_thoai", n);
    [
        record(
            "000.00.12.H12-251123-0001",
            "Đăng ký khai sinh",
            4,
            3,
            "UBND phường Ba Đình",
            phone(PHONE),
        ),
        record(
            LATE_CODE,
            "Chứng thực bản sao từ bản chính",
            4,
            -5,
            "UBND phường Ba Đình",
            ("so_giay_to", ID_NUMBER),
        ),
        record(
            "H12.23-251123-0003",
            "Đăng ký kết hôn",
            2,
            10,
            "UBND xã Đông Anh",
            phone("0987000111"),
        ),
        record(
            "H12.23-251123-0004",
            "Cấp giấy phép xây dựng",
            5,
            2,
            "Sở Xây dựng",
            phone("0987000222"),
        ),
        record(
            "H12.23-251123-0005",
            "Đăng ký thường trú",
            9,
            -2,
            "Công an phường Ba Đình",
            phone("0987000333"),
        ),
        record(
            "H12.23-251123-0006",
            "Cấp phiếu lý lịch tư pháp",
            10,
            -9,
            "Sở Tư pháp",
            phone("0987000444"),
        ),
    ]
    .join("\n")
}

/// A server with the fixture pushed and a staff account "lan".
async fn server_with_dossiers() -> TestServer {
    let server = start_server_with(None, |c| c.admin.token = ADMIN_TOKEN.into()).await;
    tthc_bot::staff::Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let pushed = client()
        .post(format!("{}/admin/dossiers", server.url))
        .bearer_auth(ADMIN_TOKEN)
        .body(fixture())
        .send()
        .await
        .unwrap();
    assert_eq!(pushed.status(), 200);
    let report: Value = pushed.json().await.unwrap();
    assert_eq!(report["inserted"], 6, "{report}");
    server
}

/// The number shown in the count tile `id`.
fn count(html: &str, id: &str) -> usize {
    let at = html.find(&format!("id=\"{id}\"")).expect(id);
    let tile = &html[at..];
    let start = tile.find("<b>").unwrap() + 3;
    tile[start..tile.find("</b>").unwrap()].parse().unwrap()
}

/// The dossier codes of the table's rows, in order.
fn codes(html: &str) -> Vec<String> {
    html.split("<td class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_owned())
        .collect()
}

async fn page(server: &TestServer, cookie: &str, query: &str) -> String {
    let r = client()
        .get(format!("{}/staff/ho-so?{query}", server.url))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{query}");
    r.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_see_dossier_counts_filters_and_no_phone_or_id_number() {
    let server = server_with_dossiers().await;
    let anonymous = client()
        .get(format!("{}/staff/ho-so", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 303, "pages redirect to the login");
    assert_eq!(anonymous.headers()[LOCATION], "/staff/login");
    let http = client();
    let cookie = login(&http, &server.url, "lan", "mat-khau-123")
        .await
        .unwrap();

    let all = page(&server, &cookie, "").await;
    let expected = [0, 1, 0, 2, 1, 0, 0, 0, 1, 1];
    for (status, n) in (1..=10).zip(expected) {
        assert_eq!(
            count(&all, &format!("count-{status}")),
            n,
            "status {status}"
        );
    }
    assert_eq!(count(&all, "count-late"), 1);
    assert!(all.contains("id=\"total\">6 hồ sơ"), "{all}");
    assert_eq!(codes(&all).len(), 6);
    assert_eq!(
        codes(&all)[0],
        LATE_CODE,
        "open dossiers first, earliest promised date first"
    );
    assert!(all.contains("⚠ Trễ hạn 5 ngày") && all.contains("Nguyễn Văn An"));
    assert!(all.contains("href=\"/staff/ho-so\"") && all.contains(">Hồ sơ</a>"));

    let by_status = page(&server, &cookie, "status=4").await;
    assert_eq!(codes(&by_status), [LATE_CODE, "000.00.12.H12-251123-0001"]);
    assert_eq!(codes(&page(&server, &cookie, "late=1").await), [LATE_CODE]);
    let by_code = page(&server, &cookie, "q=h12.23-").await;
    assert_eq!(codes(&by_code).len(), 4, "code search ignores case");
    assert!(by_code.contains("4 hồ sơ (trong 6 hồ sơ)"));
    let by_unit = page(&server, &cookie, "unit=ba+dinh").await;
    assert_eq!(codes(&by_unit).len(), 3, "unit matches without diacritics");
    let one_unit = page(
        &server,
        &cookie,
        "unit=UBND+ph%C6%B0%E1%BB%9Dng+Ba+%C4%90%C3%ACnh&late=1",
    )
    .await;
    assert_eq!(codes(&one_unit), [LATE_CODE]);
    let none = page(&server, &cookie, "status=3").await;
    assert!(none.contains("Không có hồ sơ nào khớp bộ lọc."));
    let bad = page(&server, &cookie, "status=abc").await;
    assert!(bad.contains("Trạng thái không hợp lệ: abc") && codes(&bad).len() == 6);

    for html in [&all, &by_status, &by_code, &by_unit] {
        for secret in [PHONE, ID_NUMBER, "0987000111", "345678", "012345"] {
            assert!(!html.contains(secret), "{secret} shown");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_dossier_page_filters_late_ones_in_chromium() {
    let server = server_with_dossiers().await;
    let browser = Browser::start().await;
    browser.set_window_size(1280, 900).await;
    browser.goto(&format!("{}/staff/ho-so", server.url)).await;
    assert!(browser.current_url().await.ends_with("/staff/login"));
    log_in(&browser, "lan", "mat-khau-123").await;
    // The log-in lands on the ticket list; only then is the session cookie set.
    assert!(browser
        .wait_text("h2", 10, |t| t == "Phản ánh, kiến nghị")
        .await
        .is_some());
    browser.goto(&format!("{}/staff/ho-so", server.url)).await;
    assert!(browser
        .wait_text("h2", 10, |t| t == "Hồ sơ thủ tục hành chính")
        .await
        .is_some());
    let tiles = browser.texts(".tiles a").await;
    assert_eq!(tiles.len(), 11, "{tiles:?}");
    assert!(tiles[10].contains("Trễ hạn"), "{tiles:?}");

    browser
        .click(&browser.find_all("#d-late").await.pop().unwrap())
        .await;
    browser
        .click(&browser.find_all("#d-apply").await.pop().unwrap())
        .await;
    assert!(browser
        .wait_text("#total", 10, |t| t.starts_with("1 hồ sơ"))
        .await
        .is_some());
    let rows = browser.texts("#dossiers tbody tr").await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains(LATE_CODE) && rows[0].contains("Trễ hạn 5 ngày"));

    browser.goto(&format!("{}/staff/ho-so", server.url)).await;
    assert!(browser
        .wait_text("#total", 10, |t| t == "6 hồ sơ")
        .await
        .is_some());
    let fits = browser
        .execute("return document.documentElement.scrollWidth <= window.innerWidth;")
        .await;
    assert_eq!(fits, json!(true), "no sideways scroll on a desktop");
    browser.save_screenshot("staff-ho-so.png").await;
    browser.set_window_size(390, 844).await;
    browser.save_screenshot("staff-ho-so-phone.png").await;
}
