//! Staff security: sessions end as soon as their account is disabled (through the
//! running server's `POST /admin/staff`), the login limit holds under parallel guesses
//! and survives in the database, impossible names are neither stored nor logged, the
//! pages carry their security headers and cookies get `Secure` behind HTTPS; and
//! `tthc-bot staff` manages accounts while `serve` runs.

use std::time::Duration;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::{json, Value};
use tthc_bot::staff::Accounts;
use tthc_bot::storage::Tree;

use crate::support::binary::{command, run_cli, run_with_stdin, ServeProcess};
use crate::support::fixtures::{copy_dir, repo, TEMPLATE};
use crate::support::http::client;
use crate::support::server::{start_server, start_server_with};
use crate::tickets::login;

const TOKEN: &str = "admin-s3cret";

async fn admin_staff(http: &reqwest::Client, url: &str, token: &str, body: Value) -> (u16, Value) {
    let r = http
        .post(format!("{url}/admin/staff"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// Status and `Location` of `GET url` with `cookie`.
async fn get_with(http: &reqwest::Client, url: &str, cookie: &str) -> (u16, String) {
    let r = http.get(url).header(COOKIE, cookie).send().await.unwrap();
    let to = r
        .headers()
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (r.status().as_u16(), to)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_an_account_through_the_running_server_ends_its_sessions() {
    let server = start_server_with(None, |c| c.admin.token = TOKEN.into()).await;
    let (url, http) = (&server.url, client());
    let (status, _) = admin_staff(&http, url, "wrong", json!({"action": "list"})).await;
    assert_eq!(status, 401);
    let add = json!({"action": "add", "name": "bob", "password": "mat-khau-bob"});
    assert_eq!(admin_staff(&http, url, TOKEN, add.clone()).await.0, 201);
    assert_eq!(admin_staff(&http, url, TOKEN, add).await.0, 409);

    let cookie = login(&http, url, "bob", "mat-khau-bob").await.unwrap();
    assert_eq!(
        get_with(&http, &format!("{url}/staff"), &cookie).await.0,
        200
    );
    let api = format!("{url}/staff/api/tickets");
    assert_eq!(get_with(&http, &api, &cookie).await.0, 200);

    let (status, body) = admin_staff(
        &http,
        url,
        TOKEN,
        json!({"action": "disable", "name": "bob"}),
    )
    .await;
    assert_eq!((status, body["disabled"].as_bool()), (200, Some(true)));
    let (status, to) = get_with(&http, &format!("{url}/staff"), &cookie).await;
    assert_eq!(
        (status, to.as_str()),
        (303, "/staff/login"),
        "redirected at once"
    );
    assert_eq!(get_with(&http, &api, &cookie).await.0, 401);

    let enable = json!({"action": "enable", "name": "bob"});
    assert_eq!(admin_staff(&http, url, TOKEN, enable).await.0, 200);
    assert_eq!(
        get_with(&http, &format!("{url}/staff"), &cookie).await.0,
        303,
        "the old session stays ended"
    );
    assert!(login(&http, url, "bob", "mat-khau-bob").await.is_ok());
    let (_, list) = admin_staff(&http, url, TOKEN, json!({"action": "list"})).await;
    assert_eq!(list["accounts"][0]["name"], "bob");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forty_parallel_wrong_passwords_check_at_most_the_limit() {
    let server = start_server(None).await;
    let url = server.url.clone();
    Accounts::new(&server.storage)
        .unwrap()
        .add("lan", "mat-khau-123")
        .unwrap();
    let guesses: Vec<_> = (0..40)
        .map(|i| {
            let url = url.clone();
            tokio::spawn(async move {
                let http = client();
                login(&http, &url, "lan", &format!("doan-sai-{i}"))
                    .await
                    .unwrap_err()
                    .0
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for g in guesses {
        statuses.push(g.await.unwrap());
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let locked = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + locked, 40, "{statuses:?}");
    assert!(checked <= 5, "{checked} passwords checked: {statuses:?}");

    let (status, body) = login(&client(), &url, "lan", "mat-khau-123")
        .await
        .unwrap_err();
    assert_eq!(status, 429, "the right password is refused while locked");
    assert!(body.contains("thử lại sau"));
    let saved = server.storage.tree(Tree::StaffLockouts).unwrap();
    let failures: Vec<u64> = serde_json::from_slice(&saved.get("n:lan").unwrap().unwrap()).unwrap();
    assert!(!failures.is_empty() && failures.len() <= 5, "{failures:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_name_is_refused_without_being_kept() {
    let server = start_server(None).await;
    let (url, http) = (&server.url, client());
    let huge = "a".repeat(1 << 20);
    let (status, _) = login(&http, url, &huge, "x").await.unwrap_err();
    assert_eq!(status, 401);
    let saved = server.storage.tree(Tree::StaffLockouts).unwrap();
    for (key, _) in saved.entries().unwrap() {
        assert!(key.len() < 100, "a long key was saved: {} bytes", key.len());
    }
    assert!(
        saved.get("a:127.0.0.1").unwrap().is_some(),
        "the address counts"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_pages_send_security_headers_and_secure_cookies_behind_https() {
    let server = start_server(None).await;
    let http = client();
    for path in ["/staff/login", "/staff", "/staff/api/tickets"] {
        let r = http
            .get(format!("{}{path}", server.url))
            .send()
            .await
            .unwrap();
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("script-src 'none'"),
            "{csp}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["cache-control"], "no-store", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
    }
    let set_cookie = |r: &reqwest::Response| r.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    let login_page = |url: String, proto: &'static str| {
        let http = http.clone();
        async move {
            let r = http
                .get(format!("{url}/staff/login"))
                .header("x-forwarded-proto", proto);
            r.send().await.unwrap()
        }
    };
    let direct = login_page(server.url.clone(), "https").await;
    assert!(
        !set_cookie(&direct).contains("Secure"),
        "the header is not trusted by default"
    );

    let proxied = start_server_with(None, |c| c.web.trust_forwarded_proto = true).await;
    let r = login_page(proxied.url.clone(), "https").await;
    assert!(set_cookie(&r).contains("; Secure"), "{}", set_cookie(&r));
    let r = login_page(proxied.url.clone(), "http").await;
    assert!(!set_cookie(&r).contains("Secure"));

    let public = start_server_with(None, |c| {
        c.web.public_url = "https://hotline.example".into()
    })
    .await;
    let r = login_page(public.url.clone(), "http").await;
    assert!(set_cookie(&r).contains("; Secure"));
}

/// A folder `serve` runs in: a small knowledge base, the config, an index.
fn serve_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let procedures = dir.path().join("knowledge/procedures");
    std::fs::create_dir_all(&procedures).unwrap();
    std::fs::write(procedures.join("p.toml"), TEMPLATE).unwrap();
    copy_dir(&repo().join("config"), &dir.path().join("config"));
    assert!(run_cli(dir.path(), &["index", "build"]).status.success());
    dir
}

/// `tthc-bot staff <args>` in `dir` talking to `server`, with `token` as ADMIN_TOKEN.
fn staff_cli(
    dir: &std::path::Path,
    server: &str,
    token: Option<&str>,
    args: &[&str],
    stdin: &str,
) -> std::process::Output {
    let mut cmd = command(dir);
    cmd.arg("staff").args(args).args(["--server", server]);
    cmd.stderr(std::process::Stdio::piped());
    match token {
        Some(t) => cmd.env("ADMIN_TOKEN", t),
        None => cmd.env_remove("ADMIN_TOKEN"),
    };
    run_with_stdin(cmd, stdin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_staff_command_works_while_serve_runs_and_names_are_not_logged() {
    let dir = serve_folder();
    let log_path = dir.path().join("serve.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let server = ServeProcess::start_logging(dir.path(), &[("ADMIN_TOKEN", TOKEN)], log);
    let (url, http) = (server.url.as_str(), client());

    let out = staff_cli(dir.path(), url, None, &["add", "lan"], "mat-khau-123\n");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ADMIN_TOKEN"), "says what to set: {err}");

    let out = staff_cli(
        dir.path(),
        url,
        Some(TOKEN),
        &["add", "lan"],
        "mat-khau-123\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = staff_cli(dir.path(), url, Some(TOKEN), &["list"], "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("lan"));
    let cookie = login(&http, url, "lan", "mat-khau-123")
        .await
        .expect("the new account logs in");
    assert_eq!(
        get_with(&http, &format!("{url}/staff"), &cookie).await.0,
        200
    );

    let out = staff_cli(dir.path(), url, Some(TOKEN), &["disable", "lan"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        get_with(&http, &format!("{url}/staff"), &cookie).await.0,
        303
    );

    // A 1 MB name is refused and never reaches the log; a lockout does, with the address.
    let huge = "q".repeat(1 << 20);
    assert_eq!(login(&http, url, &huge, "x").await.unwrap_err().0, 401);
    for _ in 0..5 {
        let _ = login(&http, url, "mai", "sai-mat-khau").await;
    }
    let logged = crate::support::wait::eventually(Duration::from_secs(5), async || {
        let text = std::fs::read_to_string(&log_path).ok()?;
        text.contains("locked").then_some(text)
    })
    .await
    .expect("the lockout is logged");
    assert!(logged.len() < 20_000, "log of {} bytes", logged.len());
    assert!(
        !logged.contains(&"q".repeat(100)),
        "the huge name was logged"
    );
    let lockout = logged.lines().find(|l| l.contains("locked")).unwrap();
    assert!(
        lockout.contains("127.0.0.1") && lockout.contains("mai"),
        "{lockout}"
    );
}
