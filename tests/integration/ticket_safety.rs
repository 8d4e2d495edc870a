//! Tickets against abuse: texts that read as spreadsheet formulas are exported as text
//! (staff CSV and JSON, `tickets export`), codes are random with a check character (a
//! typo is caught, numeric codes of the older format still look up), and user ids with
//! control characters are refused.

use reqwest::header::COOKIE;
use serde_json::{json, Value};
use tthc_bot::channel::Channel;
use tthc_bot::chat::lookup::find_code;
use tthc_bot::staff::Accounts;
use tthc_bot::storage::{Storage, Tree};
use tthc_bot::tickets::code::{kind, CodeKind, ALPHABET};
use tthc_bot::tickets::{NewTicket, StoredTickets, TicketStore};

use crate::support::binary::command;
use crate::support::http::{chat, client, staff_page};
use crate::support::server::start_server;
use crate::tickets::login;

const FORMULA: &str = "=HYPERLINK(\"http://evil.example/?x=1\";\"Bấm vào đây\")";
const LEGACY_CODE: &str = "PA-2025-000123";

fn new_ticket(user: &str, name: Option<&str>, content: &str) -> NewTicket {
    NewTicket {
        channel: Channel::Web,
        user_id: user.into(),
        name: name.map(Into::into),
        content: content.into(),
        category: "phản ánh".into(),
        ..NewTicket::default()
    }
}

/// Stores a copy of ticket `code` under `legacy`, as tickets of the older format were.
fn store_legacy_copy(storage: &Storage, code: &str, legacy: &str) {
    let store = StoredTickets::new(storage).unwrap();
    let mut t = store.get(code).unwrap().unwrap();
    t.code = legacy.into();
    let tree = storage.tree(Tree::Tickets).unwrap();
    tree.insert(legacy, serde_json::to_vec(&t).unwrap())
        .unwrap();
    storage.flush().unwrap();
}

/// Files a ticket through `POST /api/chat`; its code.
async fn file_on_web(http: &reqwest::Client, url: &str, user: &str, content: &str) -> String {
    for text in [
        "/phananh", content, "fb:skip", "fb:skip", "fb:agree", "+cmd", "fb:skip",
    ] {
        chat(http, url, user, text).await;
    }
    let done = chat(http, url, user, "fb:confirm").await;
    find_code(&done[0]).unwrap_or_else(|| panic!("a code in {done:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formulas_are_exported_as_text_by_the_staff_pages() {
    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let code = file_on_web(&http, url, "web-user", FORMULA).await;
    Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let session = login(&http, url, "lan", "mat-khau-123").await.unwrap();

    let csv = staff_page(&http, &format!("{url}/staff/export.csv"), &session).await;
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil"), "{csv}");
    assert!(!csv.contains("\"=HYPERLINK"), "{csv}");
    assert!(csv.contains("\"'+cmd\""), "{csv}");

    let api: Value = http
        .get(format!("{url}/staff/api/tickets"))
        .header(COOKIE, &session)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let t = api
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == json!(code))
        .expect("the ticket is listed");
    assert_eq!(t["content"], json!(format!("'{FORMULA}")));
    assert_eq!(t["name"], "'+cmd");
}

#[test]
fn the_cli_exports_formulas_as_text_and_shows_old_and_new_codes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let code = {
        let storage = Storage::open(&data).unwrap();
        let store = StoredTickets::new(&storage).unwrap();
        let t = store
            .create(new_ticket("u1", Some("+cmd"), FORMULA))
            .unwrap();
        store_legacy_copy(&storage, &t.code, LEGACY_CODE);
        t.code
    };
    let run = |args: &[&str]| {
        command(dir.path())
            .env("TTHC_DATA_DIR", &data)
            .args(args)
            .output()
            .unwrap()
    };

    let csv = run(&["tickets", "export"]);
    assert!(csv.status.success());
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil"), "{csv}");
    assert!(
        csv.contains("\"'+cmd\"") && !csv.contains("\"+cmd\""),
        "{csv}"
    );

    let out = run(&["tickets", "export", "--format", "json"]);
    let tickets: Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &tickets.as_array().unwrap()[0];
    assert_eq!(t["content"], json!(format!("'{FORMULA}")));
    assert_eq!(t["name"], "'+cmd");

    for shown in [code.as_str(), &code.to_lowercase(), LEGACY_CODE] {
        let out = run(&["tickets", "show", shown]);
        assert!(out.status.success(), "tickets show {shown}");
        assert!(String::from_utf8_lossy(&out.stdout).contains(&shown.to_uppercase()));
    }
    let out = run(&["tickets", "show", &typo(&code)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("mistyped"));
}

/// `code` with its last character replaced by another of the alphabet.
fn typo(code: &str) -> String {
    let last = code.as_bytes()[code.len() - 1];
    let other = ALPHABET.iter().find(|&&c| c != last).unwrap();
    format!("{}{}", &code[..code.len() - 1], *other as char)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticket_codes_are_random_checked_and_old_codes_still_look_up() {
    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let store = StoredTickets::new(&server.storage).unwrap();
    let codes: Vec<String> = (0..20)
        .map(|i| {
            let content = format!("Hồ sơ số {i} trễ hẹn");
            store
                .create(new_ticket("other", None, &content))
                .unwrap()
                .code
        })
        .collect();
    for code in &codes {
        assert_eq!(kind(code), Some(CodeKind::Current), "{code}");
        assert_eq!(code.len(), "PA-2026-7K3QX9".len(), "{code}");
    }
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 20, "{codes:?}");
    assert_ne!(unique, codes, "codes are not given in sequence: {codes:?}");

    // The owner looks a new code up; a one-character typo is called a typo.
    let code = file_on_web(&http, url, "web-user", "Cán bộ hẹn nhiều lần").await;
    let found = chat(&http, url, "web-user", &format!("/tracuu {code}")).await;
    assert!(found[0].contains("trạng thái: mới"), "{found:?}");
    let mistyped = chat(&http, url, "web-user", &format!("/tracuu {}", typo(&code))).await;
    assert!(mistyped[0].contains("gõ nhầm"), "{mistyped:?}");
    let with_o = format!("{}O", &code[..code.len() - 1]);
    let mistyped = chat(&http, url, "web-user", &format!("/tracuu {with_o}")).await;
    assert!(mistyped[0].contains("gõ nhầm"), "{mistyped:?}");

    // A numeric code of the older format still looks up, in the chat and staff pages.
    store_legacy_copy(&server.storage, &code, LEGACY_CODE);
    let found = chat(&http, url, "web-user", &format!("/tracuu {LEGACY_CODE}")).await;
    assert!(
        found[0].contains(LEGACY_CODE) && found[0].contains("trạng thái: mới"),
        "{found:?}"
    );
    Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let session = login(&http, url, "lan", "mat-khau-123").await.unwrap();
    for shown in [code.as_str(), LEGACY_CODE] {
        let page = http
            .get(format!("{url}/staff/tickets/{shown}"))
            .header(COOKIE, &session)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_ids_with_control_characters_are_refused() {
    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let store = StoredTickets::new(&server.storage).unwrap();
    let code = store
        .create(new_ticket("victim", None, "Hồ sơ trễ hẹn"))
        .unwrap()
        .code;
    for user in ["victim\u{0}x", "victim\u{0}", "victim\nx", "a\u{7f}"] {
        let r = http
            .post(format!("{url}/api/chat"))
            .json(&json!({"user_id": user, "text": "/tracuu"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{user:?}");
        let body: Value = r.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains("ký tự điều khiển"),
            "{body}"
        );
        let r = http
            .get(format!("{url}/api/inbox"))
            .query(&[("user_id", user)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "inbox {user:?}");
    }
    let own = chat(&http, url, "victim", "/tracuu").await;
    assert!(own[0].contains(&code), "{own:?}");
}
