//! Load benchmark of `serve`: N concurrent simulated users over `POST /api/chat` on
//! loopback for a bounded time; prints throughput, p50/p99 latency and the servers' peak
//! RSS. `cargo bench --bench load [-- USERS SECONDS [MODE]]` (defaults 32 users, 10 s,
//! `sled`). MODE `postgres` runs one `serve` on PostgreSQL, `postgres2` two replicas on
//! the same database with the users split between them; both also print the storage
//! cost per turn (transactions and rows, from `pg_stat_database`). The database is the
//! server named by TTHC_TEST_DATABASE_URL (a fresh database on it), or a throwaway one
//! started with `scripts/postgres-throwaway`.
//! Client and servers share the machine, so the figures are a lower bound.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

const QUESTIONS: [&str; 8] = [
    "làm giấy khai sinh cần gì",
    "dang ky tam tru online",
    "làm lại cccd bị mất",
    "sang ten so do",
    "lệ phí đổi bằng lái xe",
    "giá vàng hôm nay",
    "thủ tục nào làm online được",
    "kế hoạch tuyên truyền CCHC xã Bắc Ruộng",
];

fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A `serve` process on `dir` with `env`; its URL.
fn start_serve(dir: &std::path::Path, env: &[(&str, String)]) -> (std::process::Child, String) {
    let mut server = Command::new(env!("CARGO_BIN_EXE_tthc-bot"))
        .args(["serve", "--port", "0"])
        .current_dir(dir)
        .env("TTHC_LOG", "warn")
        .env("TTHC_LIMIT_PER_IP_PER_MINUTE", "0")
        .env("TTHC_LIMIT_GLOBAL_PER_SECOND", "0")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("serve printed no address: {line:?}"))
        .trim_end_matches('/')
        .to_owned();
    (server, url)
}

/// A folder with copies of the repository's knowledge and config.
fn serve_dir(root: &std::path::Path, name: &str) -> std::path::PathBuf {
    let repo = env!("CARGO_MANIFEST_DIR");
    let dir = root.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    for sub in ["knowledge", "config"] {
        let status = Command::new("cp")
            .args(["-r", &format!("{repo}/{sub}"), &dir.display().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
    dir
}

/// A throwaway PostgreSQL started for this run (stopped when dropped).
struct Throwaway(std::path::PathBuf);

impl Drop for Throwaway {
    fn drop(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/postgres-throwaway");
        let _ = Command::new(script).arg("stop").arg(&self.0).status();
    }
}

/// The URL of a fresh database, and the throwaway server holding it if one was started.
fn fresh_database(root: &std::path::Path) -> (String, Option<Throwaway>) {
    use tthc_bot::storage::testing::{fresh_postgres_url, URL_VAR};
    let mut started = None;
    if std::env::var(URL_VAR).is_err() {
        let dir = root.join("pg");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/postgres-throwaway");
        let out = Command::new(script)
            .arg("start")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::env::set_var(URL_VAR, String::from_utf8_lossy(&out.stdout).trim());
        started = Some(Throwaway(dir));
    }
    (fresh_postgres_url().expect("a test PostgreSQL"), started)
}

/// Transactions and rows read and written so far in the database at `url`.
async fn pg_counters(url: &str) -> [i64; 3] {
    let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let row = client
        .query_one(
            "SELECT xact_commit, tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted \
             FROM pg_stat_database WHERE datname = current_database()",
            &[],
        )
        .await
        .unwrap();
    [row.get(0), row.get(1), row.get(2)]
}

/// Runs `users` users for `seconds` against `urls` (user u on `urls[u % len]`); the
/// latencies of the answered turns and the number of failed ones.
async fn drive(urls: &[String], users: usize, seconds: u64) -> (Vec<Duration>, usize) {
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let errors = Arc::new(Mutex::new(0usize));
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for u in 0..users {
        let url = urls[u % urls.len()].clone();
        let (http, latencies, errors) = (http.clone(), latencies.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0usize;
            while Instant::now() < deadline {
                n += 1;
                let body = json!({"user_id": format!("load-{u}-{}", n / 15), "text": QUESTIONS[(u + n) % QUESTIONS.len()]});
                let t = Instant::now();
                match http.post(format!("{url}/api/chat")).json(&body).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        latencies.lock().unwrap().push(t.elapsed());
                    }
                    _ => *errors.lock().unwrap() += 1,
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let l = latencies.lock().unwrap().clone();
    let e = *errors.lock().unwrap();
    (l, e)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let numbers: Vec<u64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let users = numbers.first().copied().unwrap_or(32) as usize;
    let seconds = numbers.get(1).copied().unwrap_or(10);
    let mode = args
        .iter()
        .find(|a| a.parse::<u64>().is_err())
        .map_or("sled", String::as_str)
        .to_owned();
    let replicas = match mode.as_str() {
        "sled" | "postgres" => 1,
        "postgres2" => 2,
        other => panic!("unknown mode {other}: sled, postgres or postgres2"),
    };
    let root = tempfile::tempdir().unwrap();
    let (db, _throwaway) = match mode.as_str() {
        "sled" => (None, None),
        _ => {
            let (url, started) = fresh_database(root.path());
            (Some(url), started)
        }
    };
    let mut servers = Vec::new();
    for r in 0..replicas {
        let mut env = vec![("TTHC_REPLICA_NAME", format!("r{r}"))];
        env.extend(db.iter().map(|url| ("TTHC_DATABASE_URL", url.clone())));
        servers.push(start_serve(&serve_dir(root.path(), &format!("r{r}")), &env));
    }
    let urls: Vec<String> = servers.iter().map(|s| s.1.clone()).collect();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let (before, (mut l, errors), after) = runtime.block_on(async {
        let before = match &db {
            Some(url) => Some(pg_counters(url).await),
            None => None,
        };
        let run = drive(&urls, users, seconds).await;
        let after = match &db {
            Some(url) => Some(pg_counters(url).await),
            None => None,
        };
        (before, run, after)
    });
    let elapsed = started.elapsed();
    let rss: Vec<u64> = servers.iter().map(|s| peak_rss_kib(s.0.id())).collect();
    for (mut child, _) in servers {
        let _ = child.kill();
        let _ = child.wait();
    }

    l.sort();
    let pct = |p: f64| {
        l.get(((l.len().max(1) - 1) as f64 * p).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "mode: {mode} ({replicas} serve), users: {users}, duration: {:.1} s",
        elapsed.as_secs_f64()
    );
    println!(
        "chat turns: {} ({:.0}/s), errors: {errors}",
        l.len(),
        l.len() as f64 / elapsed.as_secs_f64(),
    );
    println!(
        "latency p50: {:.2} ms, p99: {:.2} ms",
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
    let rss: Vec<String> = rss
        .iter()
        .map(|k| format!("{:.1} MiB", *k as f64 / 1024.0))
        .collect();
    println!("server peak RSS: {}", rss.join(", "));
    if let (Some(b), Some(a)) = (before, after) {
        let turns = l.len().max(1) as f64;
        println!(
            "storage per turn: {:.1} transactions, {:.1} rows read, {:.1} rows written",
            (a[0] - b[0]) as f64 / turns,
            (a[1] - b[1]) as f64 / turns,
            (a[2] - b[2]) as f64 / turns
        );
    }
}
