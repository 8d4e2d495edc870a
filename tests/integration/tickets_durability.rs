//! Tickets survive SIGKILL: 20 concurrent users file tickets through `POST /api/chat`
//! while the server is killed and restarted; every confirmed code is stored with its
//! content afterwards, and no code is ever reused.

use std::collections::HashMap;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
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
async fn file_ticket(
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

/// Twenty citizens filing tickets one after another until stopped, and the codes
/// confirmed to them with their contents.
pub(crate) struct Citizens {
    confirmed: Arc<Mutex<HashMap<String, String>>>,
    stop: Arc<AtomicBool>,
    users: Vec<tokio::task::JoinHandle<()>>,
}

impl Citizens {
    /// Starts them: citizen `u` files at `route(u, failed)`, where `failed` is true once
    /// one of their attempts found no server there.
    pub(crate) fn start(route: impl Fn(usize, bool) -> String + Send + Sync + 'static) -> Citizens {
        let route = Arc::new(route);
        let confirmed: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let users = (0..20)
            .map(|u| {
                let (http, route, confirmed, stop) =
                    (http.clone(), route.clone(), confirmed.clone(), stop.clone());
                tokio::spawn(async move {
                    let (mut n, mut failed) = (0, false);
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let content = format!("Phản ánh của người dân {u}, lần {n}: hồ sơ trễ hẹn");
                        let url = route(u, failed);
                        match file_ticket(&http, &url, &format!("user-{u}"), &content).await {
                            Some(code) => {
                                let previous =
                                    confirmed.lock().unwrap().insert(code.clone(), content);
                                assert!(previous.is_none(), "code {code} confirmed twice");
                            }
                            None => {
                                failed = true;
                                tokio::time::sleep(Duration::from_millis(100)).await;
                            }
                        }
                    }
                })
            })
            .collect();
        Citizens {
            confirmed,
            stop,
            users,
        }
    }

    /// Stops them once their tickets in progress are done; the codes confirmed to them
    /// (at least one each).
    pub(crate) async fn stop(self) -> HashMap<String, String> {
        self.stop.store(true, Ordering::Relaxed);
        for u in self.users {
            u.await.unwrap();
        }
        let confirmed = self.confirmed.lock().unwrap().clone();
        assert!(
            confirmed.len() >= 20,
            "tickets were filed: {}",
            confirmed.len()
        );
        confirmed
    }
}

/// Checks a `tickets export --format json` run: every confirmed ticket is stored with
/// its content and no code twice. How many tickets are stored.
pub(crate) fn assert_all_stored(export: &Output, confirmed: &HashMap<String, String>) -> usize {
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let stored: Vec<Value> = serde_json::from_slice(&export.stdout).unwrap();
    let by_code: HashMap<&str, &str> = stored
        .iter()
        .map(|t| (t["code"].as_str().unwrap(), t["content"].as_str().unwrap()))
        .collect();
    assert_eq!(by_code.len(), stored.len(), "no code is stored twice");
    for (code, content) in confirmed {
        assert_eq!(
            by_code.get(code.as_str()),
            Some(&content.as_str()),
            "confirmed ticket {code} stored"
        );
    }
    stored.len()
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
    let current = url.clone();
    let citizens = Citizens::start(move |_, _| current.read().unwrap().clone());
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill(); // SIGKILL
        server = ServeProcess::start(dir.path(), &[]);
        *url.write().unwrap() = server.url.clone();
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let confirmed = citizens.stop().await;
    server.kill();

    let export = run_cli(dir.path(), &["tickets", "export", "--format", "json"]);
    let stored = assert_all_stored(&export, &confirmed);
    eprintln!(
        "{} tickets confirmed, {} stored, across 3 SIGKILLs",
        confirmed.len(),
        stored
    );
}
