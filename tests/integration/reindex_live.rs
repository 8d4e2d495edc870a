//! Reindexing while `serve` answers: no failed answer, new content within 2 seconds,
//! broken builds reported and never served, crash-safe builds, two generations kept.

use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::binary::{command, run_cli, ServeProcess};
use crate::support::fixtures::{copy_dir, procedure_toml, repo, TEMPLATE};
use crate::support::http::{post_chat, try_post_chat};
use crate::support::wait::eventually;

pub(crate) const TOKEN: &str = "admin-secret";

fn start_serve(dir: &Path) -> ServeProcess {
    ServeProcess::start(dir, &[("ADMIN_TOKEN", TOKEN)])
}

fn with_fee(fee: &str) -> String {
    TEMPLATE.replace(
        "fee = \"Miễn lệ phí khi đăng ký đúng hạn\"",
        &format!("fee = \"{fee}\""),
    )
}

pub(crate) fn knowledge(dir: &Path, fee: &str) {
    let procedures = dir.join("knowledge/procedures/ho-tich");
    std::fs::create_dir_all(&procedures).unwrap();
    std::fs::write(procedures.join("dang-ky-khai-sinh.toml"), with_fee(fee)).unwrap();
    copy_dir(&repo().join("config"), &dir.join("config"));
}

async fn fee_answer(http: &reqwest::Client, url: &str, user: &str) -> Result<String, String> {
    let v = try_post_chat(http, url, user, "lệ phí đăng ký khai sinh").await?;
    let text = v["messages"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    if text.is_empty() {
        return Err("empty answer".into());
    }
    Ok(text)
}

pub(crate) async fn wait_for_fee(
    http: &reqwest::Client,
    url: &str,
    fee: &str,
    limit: Duration,
) -> Duration {
    let started = Instant::now();
    let (mut n, last) = (0, Mutex::new(String::new()));
    let served = eventually(limit, async || {
        n += 1;
        let text = fee_answer(http, url, &format!("probe-{fee}-{n}"))
            .await
            .unwrap();
        let found = text.contains(fee);
        *last.lock().unwrap() = text;
        found.then_some(())
    })
    .await;
    let last = last.into_inner().unwrap();
    assert!(
        served.is_some(),
        "{fee} not served within {limit:?}: {last}"
    );
    started.elapsed()
}

pub(crate) async fn admin_reindex(http: &reqwest::Client, url: &str) -> Value {
    let r = http
        .post(format!("{url}/admin/reindex"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let job = r.json::<Value>().await.unwrap()["job"].as_u64().unwrap();
    eventually(Duration::from_secs(10), async || {
        let v: Value = http
            .get(format!("{url}/admin/reindex/{job}"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (v["result"]["status"] != "running").then(|| v["result"].clone())
    })
    .await
    .unwrap_or_else(|| panic!("reindex job {job} did not finish within 10 s"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reindex_while_serving() {
    let dir = tempfile::tempdir().unwrap();
    knowledge(dir.path(), "10.000 đồng");
    let server = start_serve(dir.path());
    let http = reqwest::Client::new();
    let url = server.url.clone();
    wait_for_fee(&http, &url, "10.000 đồng", Duration::from_secs(5)).await;

    // Several tasks chat continuously during the reindexes.
    let stop = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(std::sync::Mutex::new(Vec::new()));
    let answered = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for t in 0..4 {
        let (http, url, stop, failures, answered) = (
            http.clone(),
            url.clone(),
            stop.clone(),
            failures.clone(),
            answered.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while stop.load(Ordering::Relaxed) == 0 {
                n += 1;
                match fee_answer(&http, &url, &format!("load-{t}-{n}")).await {
                    Ok(text) if text.contains("Lệ phí") => {
                        answered.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(text) => failures
                        .lock()
                        .unwrap()
                        .push(format!("no fee in answer: {text}")),
                    Err(e) => failures.lock().unwrap().push(e),
                }
            }
        }));
    }

    // 1. CLI build with a changed fee: served within 2 seconds.
    std::fs::write(
        dir.path()
            .join("knowledge/procedures/ho-tich/dang-ky-khai-sinh.toml"),
        with_fee("20.000 đồng"),
    )
    .unwrap();
    let build = run_cli(dir.path(), &["index", "build"]);
    assert!(build.status.success());
    let took = wait_for_fee(&http, &url, "20.000 đồng", Duration::from_secs(2)).await;
    eprintln!("new fee served {took:?} after the CLI build");

    // 2. Admin reindex with a broken file: failed with path:line: field: message, old content stays.
    let broken = procedure_toml("hong", "Thủ tục hỏng")
        .replace("level = \"cấp xã\"", "level = \"cấp huyện\"");
    std::fs::write(
        dir.path().join("knowledge/procedures/ho-tich/hong.toml"),
        broken,
    )
    .unwrap();
    std::fs::write(
        dir.path()
            .join("knowledge/procedures/ho-tich/dang-ky-khai-sinh.toml"),
        with_fee("99.000 đồng"),
    )
    .unwrap();
    let failed = admin_reindex(&http, &url).await;
    assert_eq!(failed["status"], "failed");
    let errors = failed["errors"].to_string();
    assert!(
        errors.contains("ho-tich/hong.toml:4: level: unknown level \\\"cấp huyện\\\""),
        "{errors}"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let text = fee_answer(&http, &url, "after-broken").await.unwrap();
    assert!(text.contains("20.000 đồng"), "old content kept: {text}");

    // 3. Admin reindex after the fix: new content.
    std::fs::remove_file(dir.path().join("knowledge/procedures/ho-tich/hong.toml")).unwrap();
    std::fs::write(
        dir.path()
            .join("knowledge/procedures/ho-tich/dang-ky-khai-sinh.toml"),
        with_fee("30.000 đồng"),
    )
    .unwrap();
    let done = admin_reindex(&http, &url).await;
    assert_eq!(done["status"], "done", "{done}");
    wait_for_fee(&http, &url, "30.000 đồng", Duration::from_secs(2)).await;

    stop.store(1, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    let failures = failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "failed answers: {:?}",
        &failures[..failures.len().min(5)]
    );
    assert!(
        answered.load(Ordering::Relaxed) > 20,
        "the load tasks really ran"
    );

    // The admin endpoints need the token.
    let r = http
        .post(format!("{url}/admin/reindex"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .post(format!("{url}/admin/reindex"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

fn generations(index: &Path) -> Vec<String> {
    tthc_bot::search::list_generations(index)
}

#[test]
fn ten_reindexes_keep_two_generations_and_rollback_works() {
    let dir = tempfile::tempdir().unwrap();
    knowledge(dir.path(), "10.000 đồng");
    for i in 0..10 {
        std::fs::write(
            dir.path()
                .join("knowledge/procedures/ho-tich/dang-ky-khai-sinh.toml"),
            with_fee(&format!("{i}0.000 đồng")),
        )
        .unwrap();
        assert!(run_cli(dir.path(), &["index", "build"]).status.success());
    }
    let gens = generations(&dir.path().join("index"));
    assert_eq!(gens.len(), 2, "{gens:?}");
    let current = std::fs::read_to_string(dir.path().join("index/CURRENT")).unwrap();
    assert_eq!(current, gens[1]);

    let out = run_cli(dir.path(), &["index", "rollback"]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("index/CURRENT")).unwrap(),
        gens[0]
    );
    let ask = run_cli(dir.path(), &["ask", "lệ phí đăng ký khai sinh"]);
    assert!(String::from_utf8_lossy(&ask.stdout).contains("80.000 đồng"));
}

#[test]
fn killing_a_build_leaves_a_servable_index() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("knowledge"), &dir.path().join("knowledge"));
    copy_dir(&repo().join("config"), &dir.path().join("config"));
    assert!(run_cli(dir.path(), &["index", "build"]).status.success());
    for delay_ms in [20, 150, 400] {
        let mut child = command(dir.path())
            .args(["index", "build"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build was still running when killed after {delay_ms} ms"
        );
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let current = std::fs::read_to_string(dir.path().join("index/CURRENT")).unwrap();
        assert!(dir
            .path()
            .join("index")
            .join(current.trim())
            .join("manifest.json")
            .is_file());
        let out = run_cli(dir.path(), &["ask", "--json", "đăng ký khai sinh"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["answered"], true);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_on_embedded_defaults_answers_with_the_card() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("knowledge"), &dir.path().join("knowledge"));
    assert!(
        !dir.path().join("config").exists(),
        "no config folder: the defaults embedded in the binary are used"
    );
    let server = ServeProcess::start(dir.path(), &[]);
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(format!("{}/healthz", server.url))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let v = post_chat(&http, &server.url, "fresh", "làm giấy khai sinh cần gì").await;
    let text = v["messages"][0]["text"].as_str().unwrap();
    assert!(
        text.starts_with("Dạ, thủ tục «Đăng ký khai sinh»"),
        "{text}"
    );
    assert!(
        text.contains("📄 Giấy tờ cần chuẩn bị:") && text.contains("💰 Lệ phí:"),
        "{text}"
    );
    assert!(!v["messages"][0]["buttons"].as_array().unwrap().is_empty());
    assert!(
        dir.path().join("index/CURRENT").is_file(),
        "index built on first start"
    );
}
