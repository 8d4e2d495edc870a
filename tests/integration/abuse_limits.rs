//! Abuse limits over real HTTP: the web chat limited per client address (whatever user
//! ids it sends) and per user with HTTP 429 and a Vietnamese text; one reindex at a time;
//! a Telegram update delivered twice in webhook mode answered once.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tthc_bot::admin::Admin;
use tthc_bot::search::LiveSearcher;

use crate::fake_telegram::{text_update, FakeTelegram};
use crate::support::fixtures::{bundled_index_dir, copy_dir, repo};
use crate::support::server::{spawn_router, start_server_with};
use crate::support::wait::eventually;

async fn post(http: &reqwest::Client, url: &str, user: &str, text: &str) -> (u16, Value) {
    let r = http
        .post(format!("{url}/api/chat"))
        .json(&json!({"user_id": user, "text": text}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

/// A 429 body: the Vietnamese text as `error` and as the one message the page shows.
fn assert_limited(status: u16, body: &Value) {
    assert_eq!(status, 429, "{body}");
    let error = body["error"].as_str().unwrap();
    assert!(error.starts_with("Dạ, bạn"), "{error}");
    assert_eq!(body["messages"][0]["text"], error);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_user_id_per_request_is_limited_by_address() {
    let server = start_server_with(None, |c| c.limits.per_ip_per_minute = 8).await;
    let http = reqwest::Client::new();
    for n in 0..8 {
        let (status, body) = post(&http, &server.url, &format!("fresh-{n}"), "/start").await;
        assert_eq!(status, 200, "request {n}: {body}");
    }
    let (status, body) = post(&http, &server.url, "fresh-8", "/start").await;
    assert_limited(status, &body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_over_the_limit_gets_429() {
    let server = start_server_with(None, |c| c.limits.per_user_per_minute = 3).await;
    let http = reqwest::Client::new();
    for _ in 0..3 {
        assert_eq!(post(&http, &server.url, "same", "/start").await.0, 200);
    }
    let (status, body) = post(&http, &server.url, "same", "/start").await;
    assert_limited(status, &body);
    assert_eq!(post(&http, &server.url, "other", "/start").await.0, 200);
}

const TOKEN: &str = "admin-secret";

async fn reindex(http: &reqwest::Client, url: &str) -> (u16, Value) {
    let r = http
        .post(format!("{url}/admin/reindex"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_reindexes_one_runs_the_other_gets_409() {
    let index = tempfile::tempdir().unwrap();
    copy_dir(bundled_index_dir(), index.path());
    let searcher = Arc::new(LiveSearcher::open(index.path()).unwrap());
    let admin = Admin::new(TOKEN.into(), repo().join("knowledge"), searcher);
    let url = spawn_router(admin.router()).await;
    let http = reqwest::Client::new();

    let (a, b) = tokio::join!(reindex(&http, &url), reindex(&http, &url));
    let (started, refused) = if a.0 == 202 { (a, b) } else { (b, a) };
    assert_eq!(started.0, 202, "{started:?}");
    assert_eq!(refused.0, 409, "{refused:?}");
    let job = started.1["job"].as_u64().unwrap();
    assert_eq!(refused.1["status_url"], format!("/admin/reindex/{job}"));

    let done = eventually(Duration::from_secs(60), async || {
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
    .expect("the reindex finishes");
    assert_eq!(done["status"], "done", "{done}");
    // Once it finished, the next one starts.
    let (status, next) = reindex(&http, &url).await;
    assert_eq!(status, 202, "{next}");
    let next = next["job"].as_u64().unwrap();
    eventually(Duration::from_secs(60), async || {
        let v: Value = http
            .get(format!("{url}/admin/reindex/{next}"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (v["result"]["status"] != "running").then_some(())
    })
    .await
    .expect("the second reindex finishes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_telegram_update_delivered_twice_is_answered_once() {
    let fake = FakeTelegram::start().await;
    let server = start_server_with(Some(&fake.url), |c| {
        c.telegram.webhook_secret = "hook-secret".into();
    })
    .await;
    let http = reqwest::Client::new();
    let mut update = text_update(5150, "làm giấy khai sinh cần gì");
    update["update_id"] = json!(4242);
    let deliver = || {
        http.post(format!("{}/telegram/webhook", server.url))
            .header("x-telegram-bot-api-secret-token", "hook-secret")
            .json(&update)
            .send()
    };
    assert_eq!(deliver().await.unwrap().status(), 200);
    assert!(fake.wait_for(20, |f| !f.sent_to(5150).is_empty()).await);
    assert_eq!(deliver().await.unwrap().status(), 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let cards = fake
        .sent_to(5150)
        .iter()
        .filter(|m| {
            m["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("Dạ, thủ tục «")
        })
        .count();
    assert_eq!(cards, 1, "answered once: {:?}", fake.sent_to(5150));

    // A wrong secret is refused.
    let r = http
        .post(format!("{}/telegram/webhook", server.url))
        .header("x-telegram-bot-api-secret-token", "wrong")
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}
