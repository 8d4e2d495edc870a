//! Load benchmark of `serve`: N concurrent simulated users over `POST /api/chat` on
//! loopback for a bounded time; prints throughput, p50/p99 latency and the server's peak
//! RSS. `cargo bench --bench load [-- USERS SECONDS]` (defaults 32 users, 10 s).
//! Client and server share the machine, so the figures are a lower bound.

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

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let users = args.first().copied().unwrap_or(32) as usize;
    let seconds = args.get(1).copied().unwrap_or(10);
    let repo = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    for sub in ["knowledge", "config"] {
        let status = Command::new("cp")
            .args([
                "-r",
                &format!("{repo}/{sub}"),
                &dir.path().display().to_string(),
            ])
            .status()
            .unwrap();
        assert!(status.success());
    }
    let mut server = Command::new(env!("CARGO_BIN_EXE_tthc-bot"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .env("TTHC_LOG", "warn")
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
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    let pid = server.id();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let latencies: Arc<Mutex<Vec<Duration>>> = Arc::default();
    let errors = Arc::new(Mutex::new(0usize));
    let started = Instant::now();
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let deadline = started + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        for u in 0..users {
            let (http, url, latencies, errors) = (http.clone(), url.clone(), latencies.clone(), errors.clone());
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
    });
    let elapsed = started.elapsed();
    let rss = peak_rss_kib(pid);
    let _ = server.kill();
    let _ = server.wait();

    let mut l = latencies.lock().unwrap().clone();
    l.sort();
    let pct = |p: f64| {
        l.get(((l.len().max(1) - 1) as f64 * p).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    println!("users: {users}, duration: {:.1} s", elapsed.as_secs_f64());
    println!(
        "chat turns: {} ({:.0}/s), errors: {}",
        l.len(),
        l.len() as f64 / elapsed.as_secs_f64(),
        errors.lock().unwrap()
    );
    println!(
        "latency p50: {:.2} ms, p99: {:.2} ms",
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3
    );
    println!("server peak RSS: {:.1} MiB", rss as f64 / 1024.0);
}
