//! Tickets survive SIGKILL: 20 concurrent users file tickets through `POST /api/chat`
//! while the server is killed and restarted; every confirmed code is stored with its
//! content afterwards, and no code is ever reused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use serde_json::Value;

use crate::support::binary::{run_cli, ServeProcess};
use crate::support::fixtures::{copy_dir, repo, TEMPLATE};
use crate::support::http::{texts, try_post_chat};

/// The reply's texts joined, or None when the server is gone.
async fn say(http: &reqwest::Client, url: &str, user: &str, text: &str) -> Option<String> {
    let reply = try_post_chat(http, url, user, text).await.ok()?;
    Some(texts(&reply).join("\n"))
}

/// Files one ticket; the confirmed code, or None when the server went away mid-way.
pub(crate) async fn file_ticket(
    http: &reqwest::Client,
    url: &str,
    user: &str,
    content: &str,
) -> Option<String> {
    say(http, url, user, "hủy").await?;
    for text in ["/phananh", content, "fb:skip", "fb:skip", "fb:skip"] {
        say(http, url, user, text).await?;
    }
    let reply = say(http, url, user, "fb:confirm").await?;
    tthc_bot::chat::lookup::find_code(&reply)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confirmed_tickets_survive_sigkill_and_codes_are_never_reused() {
    let dir = tempfile::tempdir().unwrap();
    let procedures = dir.path().join("knowledge/procedures");
    std::fs::create_dir_all(&procedures).unwrap();
    std::fs::write(procedures.join("p.toml"), TEMPLATE).unwrap();
    copy_dir(&repo().join("config"), &dir.path().join("config"));
    assert!(run_cli(dir.path(), &["index", "build"]).status.success());

    let mut server = ServeProcess::start(dir.path(), &[]);
    let url = Arc::new(RwLock::new(server.url.clone()));
    let confirmed: Arc<Mutex<HashMap<String, String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();

    let mut users = Vec::new();
    for u in 0..20 {
        let (http, url, confirmed, stop) =
            (http.clone(), url.clone(), confirmed.clone(), stop.clone());
        users.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let content = format!("Phản ánh của người dân {u}, lần {n}: hồ sơ trễ hẹn");
                let current = url.read().unwrap().clone();
                match file_ticket(&http, &current, &format!("user-{u}"), &content).await {
                    Some(code) => {
                        let previous = confirmed.lock().unwrap().insert(code.clone(), content);
                        assert!(previous.is_none(), "code {code} confirmed twice");
                    }
                    None => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        }));
    }

    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill(); // SIGKILL
        server = ServeProcess::start(dir.path(), &[]);
        *url.write().unwrap() = server.url.clone();
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for u in users {
        u.await.unwrap();
    }
    server.kill();

    let confirmed = confirmed.lock().unwrap().clone();
    assert!(
        confirmed.len() >= 20,
        "tickets were filed: {}",
        confirmed.len()
    );
    let export = run_cli(dir.path(), &["tickets", "export", "--format", "json"]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let stored: Vec<Value> = serde_json::from_slice(&export.stdout).unwrap();
    let by_code: HashMap<String, String> = stored
        .iter()
        .map(|t| {
            (
                t["code"].as_str().unwrap().to_owned(),
                t["content"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(by_code.len(), stored.len(), "no code is stored twice");
    for (code, content) in &confirmed {
        assert_eq!(
            by_code.get(code),
            Some(content),
            "confirmed ticket {code} survived"
        );
    }
    eprintln!(
        "{} tickets confirmed, {} stored, across 3 SIGKILLs",
        confirmed.len(),
        stored.len()
    );
}
