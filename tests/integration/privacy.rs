//! Privacy of the data folder: questions are logged with names, e-mail addresses, home
//! addresses and phones masked and a keyed user pseudonym; the folder and its files are
//! readable by the owner only.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::binary::command;
use crate::support::http::{chat, client};
use crate::support::server::start_server;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personal_data_in_questions_is_masked_in_the_reply_log() {
    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let user = "123456789";
    let question = "Tôi tên là Nguyễn Văn An, email an.nguyen@example.com, nhà tôi ở 12 Lý Thường \
                    Kiệt, Hoàn Kiếm, số điện thoại 0912 345 678, hỏi thủ tục cấp hộ chiếu";
    chat(&http, url, user, question).await;

    let data = server.data_dir();
    let log = std::fs::read_to_string(data.join("replies.jsonl")).unwrap();
    let record: Value = log
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|r| r["question"].as_str().unwrap_or("").contains("hộ chiếu"))
        .unwrap_or_else(|| panic!("the question is logged: {log}"));
    let logged = record["question"].as_str().unwrap();
    for secret in [
        "Nguyễn",
        "Văn An",
        "an.nguyen",
        "example.com",
        "Lý Thường",
        "Hoàn Kiếm",
        "345 678",
    ] {
        assert!(!logged.contains(secret), "{secret} in {logged}");
    }
    assert!(logged.contains("***") && logged.contains("thủ tục cấp hộ chiếu"));

    // The user id is not the unsalted hash anyone can recompute from a numeric id.
    let unsalted = hex::encode(&Sha256::digest(format!("web:{user}").as_bytes())[..8]);
    let pseudonym = record["user"].as_str().unwrap();
    assert_eq!(pseudonym.len(), 16);
    assert_ne!(pseudonym, unsalted);
    assert!(!log.contains(user));

    assert_eq!(mode(&data.join("replies.jsonl")), 0o600);
    assert_eq!(mode(&data.join("secret.key")), 0o600);
    assert_eq!(mode(&data.join("db")), 0o700);
    let secret = std::fs::read_to_string(data.join("secret.key")).unwrap();
    assert_eq!(secret.trim().len(), 64, "32 random bytes in hex");
}

#[test]
fn a_new_data_folder_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("fresh").join("data");
    let out = command(dir.path())
        .env("TTHC_DATA_DIR", &data)
        .args(["tickets", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("db")), 0o700);
    for entry in std::fs::read_dir(data.join("db")).unwrap() {
        let path = entry.unwrap().path();
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), want, "{}", path.display());
    }
}
