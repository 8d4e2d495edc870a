//! Dossier look-up (issue 18): imports (CLI and `POST /admin/dossiers`), verification
//! through `POST /api/chat`, the lock after three wrong answers, the late flag, and a
//! status change reaching a Telegram subscriber exactly once — with no applicant's name
//! or phone in any message or log line.

use std::time::Duration;

use serde_json::Value;
use tthc_bot::dossiers::{DossierStore, Status, StoredDossiers};
use tthc_bot::time::{now_secs, vn_date};

use crate::fake_telegram::{callback_update, text_update, FakeTelegram};
use crate::support::http::{chat, client};
use crate::support::server::start_server_with;

const TOKEN: &str = "admin-token-for-dossier-tests";
const NAME: &str = "Nguyễn Văn An";
const PHONE: &str = "0912345678";
const ID_NUMBER: &str = "001099012345";

/// "dd/MM/yyyy" `days` from today (negative: in the past).
fn day(days: i64) -> String {
    vn_date((now_secs() as i64 + days * 86_400) as u64)
}

fn jsonl(code: &str, status: u8, due_in_days: i64) -> String {
    format!(
        r#"{{"ma_ho_so":"{code}","ma_tthc":"1.001193","ten_tthc":"Đăng ký khai sinh","kenh":"trực tuyến","chu_ho_so":"{NAME}","so_dien_thoai":"{PHONE}","so_giay_to":"{ID_NUMBER}","ngay_tiep_nhan":"{}","ngay_hen_tra":"{}","trang_thai":{status},"don_vi_xu_ly":"UBND phường Cái Khế","ghi_chu":"Bản sao giấy chứng sinh"}}"#,
        day(-5),
        day(due_in_days)
    )
}

#[test]
fn cli_imports_jsonl_and_csv_reports_the_bad_line_and_reimports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl_file = dir.path().join("export.jsonl");
    let lines = [
        jsonl("H12.23-251123-0001", 4, 3),
        r#"{"ma_ho_so":"H12.23-251123-0002","ten_tthc":"X","trang_thai":"đang chờ","so_dien_thoai":"0912345678"}"#.to_owned(),
        jsonl("000.00.12.H12-251123-0003", 9, -1),
    ];
    std::fs::write(&jsonl_file, lines.join("\n")).unwrap();
    let csv_file = dir.path().join("export.csv");
    std::fs::write(
        &csv_file,
        "ma_ho_so,ten_tthc,trang_thai,so_giay_to,ngay_hen_tra\n\
         H12.23-251123-0004,\"Cấp đổi, cấp lại giấy phép lái xe\",Đang xử lý,001099012345,20251201170000\n\
         H12.23-251123-0005,X,5,001099012345,31/02/2025\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    let import = |file: &std::path::Path| {
        let mut cmd = crate::support::binary::command(dir.path());
        cmd.env("TTHC_DATA_DIR", &data)
            .args(["dossiers", "import"])
            .arg(file);
        cmd.output().unwrap()
    };
    let out = import(&jsonl_file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("read 3, inserted 2, updated 0, unchanged 0, rejected 1"),
        "{stdout}"
    );
    assert!(
        stderr.contains("export.jsonl:2: rejected: trang_thai"),
        "{stderr}"
    );
    let out = import(&csv_file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("read 2, inserted 1,"), "{stdout}");
    assert!(
        stderr.contains("export.csv:3: rejected: ngay_hen_tra"),
        "{stderr}"
    );

    let before = tree_checksum(&data);
    let again = import(&jsonl_file);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("read 3, inserted 0, updated 0, unchanged 2, rejected 1"),
        "{stdout}"
    );
    assert_eq!(
        tree_checksum(&data),
        before,
        "an unchanged re-import writes nothing"
    );

    let storage = tthc_bot::storage::Storage::open(&data).unwrap();
    let store = StoredDossiers::new(&storage).unwrap();
    let csv = store
        .get("H12.23-251123-0004")
        .unwrap()
        .expect("CSV row stored");
    assert_eq!(csv.ten_tthc, "Cấp đổi, cấp lại giấy phép lái xe");
    assert_eq!(csv.trang_thai, Status::Processing);
    assert_eq!(store.all().unwrap().len(), 3);
}

fn tree_checksum(data: &std::path::Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let storage = tthc_bot::storage::Storage::open(data).unwrap();
    let entries = storage
        .tree(tthc_bot::storage::Tree::Dossiers)
        .unwrap()
        .entries()
        .unwrap();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    entries.hash(&mut hasher);
    hasher.finish()
}

async fn push(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: String,
) -> (u16, Value) {
    let mut request = http.post(format!("{url}/admin/dossiers")).body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_lookup_verifies_locks_after_three_wrong_answers_and_shows_late() {
    let server = start_server_with(None, |c| c.admin.token = TOKEN.into()).await;
    let http = client();
    let (status, _) = push(&http, &server.url, None, jsonl("H12.23-251123-0001", 4, -2)).await;
    assert_eq!(status, 401, "no token");
    let (status, _) = push(
        &http,
        &server.url,
        Some("wrong"),
        jsonl("H12.23-251123-0001", 4, -2),
    )
    .await;
    assert_eq!(status, 401, "wrong token");
    let body = [
        jsonl("H12.23-251123-0001", 4, -2),
        "not json".into(),
        jsonl("H12.23-251123-0002", 5, 4),
    ]
    .join("\n");
    let (status, report) = push(&http, &server.url, Some(TOKEN), body.clone()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["inserted"], 2, "{report}");
    assert_eq!(report["rejected"][0]["line"], 2, "{report}");
    let (_, again) = push(&http, &server.url, Some(TOKEN), body).await;
    assert_eq!(
        (again["inserted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2)),
        "{again}"
    );

    let url = &server.url;
    let ask = chat(&http, url, "citizen-1", "tra cứu hồ sơ h12.23-251123-0001").await;
    assert!(ask[0].contains("4 số cuối"), "{ask:?}");
    let shown = chat(&http, url, "citizen-1", "5678").await.join("\n");
    assert!(shown.contains("Đăng ký khai sinh"), "{shown}");
    assert!(
        shown.contains("đang được xử lý tại UBND phường Cái Khế"),
        "{shown}"
    );
    assert!(shown.contains("đã trễ hạn 2 ngày"), "{shown}");
    assert!(shown.contains("xin lỗi"), "{shown}");
    assert!(!shown.contains(NAME) && !shown.contains(PHONE), "{shown}");

    // A supplement request says what is missing; the ID number's digits verify too.
    chat(&http, url, "citizen-1", "/hoso H12.23-251123-0002").await;
    let supplement = chat(&http, url, "citizen-1", "2345").await.join("\n");
    assert!(
        supplement.contains("Cần bổ sung: Bản sao giấy chứng sinh"),
        "{supplement}"
    );
    assert!(supplement.contains("còn 4 ngày"), "{supplement}");

    // Unknown code and wrong digits: the same reply; the third failure locks the code.
    chat(&http, url, "citizen-2", "H12.23-999999-0009").await;
    let unknown = chat(&http, url, "citizen-2", "5678").await;
    chat(&http, url, "citizen-2", "H12.23-251123-0001").await;
    let wrong = chat(&http, url, "citizen-2", "1111").await;
    assert_eq!(
        unknown[0].replace("H12.23-999999-0009", "CODE"),
        wrong[0].replace("H12.23-251123-0001", "CODE")
    );
    assert!(wrong[0].contains("còn 2 lần thử"), "{wrong:?}");
    assert!(chat(&http, url, "citizen-2", "2222").await[0].contains("còn 1 lần thử"));
    let locked = chat(&http, url, "citizen-2", "3333").await;
    assert!(locked[0].contains("tạm khóa"), "{locked:?}");
    let again = chat(&http, url, "citizen-2", "H12.23-251123-0001").await;
    assert!(
        again[0].contains("tạm khóa"),
        "asked again after the lock: {again:?}"
    );
    let digits = chat(&http, url, "citizen-2", "5678").await.join("\n");
    assert!(
        !digits.contains("Đăng ký khai sinh"),
        "right digits after the lock: {digits}"
    );
    // Another user is not locked out by citizen-2's failures.
    chat(&http, url, "citizen-3", "H12.23-251123-0001").await;
    assert!(chat(&http, url, "citizen-3", "5678").await[0].contains("Đăng ký khai sinh"));

    let log = std::fs::read_to_string(server.data_dir().join("replies.jsonl")).unwrap();
    for secret in [NAME, PHONE, "5678", "2345", ID_NUMBER] {
        assert!(!log.contains(secret), "reply log holds {secret}: {log}");
    }
}

fn keyboard(call: &Value) -> Vec<(String, String)> {
    call["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().unwrap().clone())
        .map(|b| {
            let text = b["text"].as_str().unwrap_or_default().to_owned();
            (
                text,
                b["callback_data"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_change_reaches_the_telegram_subscriber_exactly_once() {
    let fake = FakeTelegram::start().await;
    let server = start_server_with(Some(&fake.url), |c| c.admin.token = TOKEN.into()).await;
    let http = client();
    let code = "H12.23-251123-0007";
    let (status, _) = push(&http, &server.url, Some(TOKEN), jsonl(code, 4, 3)).await;
    assert_eq!(status, 200);
    let chat_id = 7007;
    fake.push_update(text_update(chat_id, &format!("/hoso {code}")));
    assert!(fake.wait_for(20, |f| f.sent_to(chat_id).len() == 1).await);
    fake.push_update(text_update(chat_id, "5678"));
    assert!(fake.wait_for(20, |f| f.sent_to(chat_id).len() == 2).await);
    let card = &fake.sent_to(chat_id)[1];
    let follow = keyboard(card)
        .into_iter()
        .find(|(label, _)| label.contains("Theo dõi"))
        .unwrap_or_else(|| panic!("a follow button: {card}"));
    fake.push_update(callback_update(chat_id, &follow.1));
    assert!(fake.wait_for(20, |f| f.sent_to(chat_id).len() == 3).await);
    assert!(fake.sent_to(chat_id)[2]["text"]
        .as_str()
        .unwrap()
        .contains("sẽ nhận tin nhắn"));

    // Pushed twice: the change is told once; an unchanged push tells nothing.
    for _ in 0..2 {
        let (_, report) = push(&http, &server.url, Some(TOKEN), jsonl(code, 9, 3)).await;
        assert!(
            report["rejected"].as_array().unwrap().is_empty(),
            "{report}"
        );
    }
    assert!(fake.wait_for(20, |f| f.sent_to(chat_id).len() == 4).await);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let sent = fake.sent_to(chat_id);
    assert_eq!(sent.len(), 4, "exactly one notice: {sent:?}");
    let notice = sent[3]["text"].as_str().unwrap();
    assert!(
        notice.contains(code) && notice.contains("đã xử lý xong"),
        "{notice}"
    );
    // Finished: the subscription ended, a later change tells nothing.
    push(&http, &server.url, Some(TOKEN), jsonl(code, 10, 3)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(fake.sent_to(chat_id).len(), 4);
    for call in fake.sent_to(chat_id) {
        let text = call["text"].as_str().unwrap_or_default();
        assert!(
            !text.contains(NAME) && !text.contains(PHONE) && !text.contains(ID_NUMBER),
            "{text}"
        );
    }
    let store = StoredDossiers::new(&server.storage).unwrap();
    assert!(store.subscriptions(code).unwrap().is_empty());
}
