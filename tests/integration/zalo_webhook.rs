//! Signed Zalo webhooks over real HTTP to the running server; replies reach a fake Zalo API.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use tthc_bot::channels::zalo::{Zalo, ZaloSettings, SIGNATURE_HEADER};

use crate::support::fixtures::engine;
use crate::support::server::spawn_router;
use crate::support::wait::until;

pub type Received = Arc<Mutex<Vec<(String, Value)>>>;

pub async fn fake_zalo_api() -> (String, Received) {
    let received: Received = Arc::default();
    let app = Router::new()
        .route(
            "/v3.0/oa/message/cs",
            post(|State(r): State<Received>, headers: HeaderMap, Json(body): Json<Value>| async move {
                let token = headers.get("access_token").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                r.lock().unwrap().push((token, body));
                Json(json!({"error": 0, "message": "Success"}))
            }),
        )
        .with_state(received.clone());
    (spawn_router(app).await, received)
}

pub fn sign(body: &str, timestamp: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(
        format!("app-1{body}{timestamp}secret-1").as_bytes(),
    ))
}

/// Now in Unix milliseconds, as Zalo stamps events.
fn now_ms() -> String {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    d.as_millis().to_string()
}

pub fn text_event(user: &str, msg_id: &str, text: &str) -> String {
    json!({
        "app_id": "app-1", "event_name": "user_send_text", "timestamp": now_ms(),
        "sender": {"id": user}, "recipient": {"id": "oa-1"},
        "message": {"text": text, "msg_id": msg_id}
    })
    .to_string()
}

/// A Zalo channel (app-1, secret-1) behind the web router, replying to a fake Zalo API:
/// its address, what the API received, and the data folder to keep.
async fn zalo_server() -> (String, Received, tempfile::TempDir) {
    let (api_url, received) = fake_zalo_api().await;
    let data = tempfile::tempdir().unwrap();
    let (engine, db) = engine(data.path());
    let settings = ZaloSettings {
        app_id: "app-1".into(),
        secret_key: "secret-1".into(),
        access_token: "token-1".into(),
        api_url,
        public_url: String::new(),
    };
    let app = tthc_bot::channels::web::router(
        engine.clone(),
        tthc_bot::channels::web::WebInbox::new(&db).unwrap(),
    )
    .merge(Zalo::new(settings, engine, &db).unwrap().router());
    (spawn_router(app).await, received, data)
}

/// Posts a webhook body with the signature header when given; the status.
async fn deliver(server: &str, body: &str, signature: Option<String>) -> u16 {
    let mut req = reqwest::Client::new()
        .post(format!("{server}/zalo/webhook"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(s) = signature {
        req = req.header(SIGNATURE_HEADER, s);
    }
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_webhooks_are_answered_once_and_bad_signatures_rejected() {
    let (server, received, _data) = zalo_server().await;
    let post = |body: String, signature: Option<String>| {
        let server = server.clone();
        async move { deliver(&server, &body, signature).await }
    };

    // Bad and missing signatures: 401, nothing sent.
    let body = text_event("u-bad", "m-bad", "đăng ký khai sinh");
    assert_eq!(post(body.clone(), Some("0".repeat(64))).await, 401);
    assert_eq!(post(body.clone(), None).await, 401);

    // A question, delivered twice (Zalo retries): answered once.
    let body = text_event("u-1", "m-1", "làm giấy khai sinh cần gì");
    let signature = sign(&body, &stamp(&body));
    assert_eq!(post(body.clone(), Some(signature.clone())).await, 200);
    assert_eq!(
        post(body.clone(), Some(format!("mac={signature}"))).await,
        200
    );
    assert!(
        until(Duration::from_secs(20), || !received
            .lock()
            .unwrap()
            .is_empty())
        .await
    );
    tokio::time::sleep(Duration::from_millis(500)).await;

    // One answer, split into Zalo-sized messages when longer than 2,000 characters.
    let got = received.lock().unwrap().clone();
    let texts: Vec<&str> = got
        .iter()
        .map(|(_, reply)| reply["message"]["text"].as_str().unwrap())
        .collect();
    let cards = texts
        .iter()
        .filter(|t| t.starts_with("Dạ, thủ tục «"))
        .count();
    assert_eq!(cards, 1, "answered once: {got:?}");
    for (token, reply) in &got {
        assert_eq!(token, "token-1");
        assert_eq!(reply["recipient"]["user_id"], "u-1");
    }
    assert!(texts[0].starts_with("Dạ, thủ tục «"), "{texts:?}");
    let whole = texts.concat();
    assert!(
        whole.contains("Bạn trả lời bằng số để chọn:\n1. "),
        "{whole}"
    );
    assert!(texts.iter().all(|t| t.chars().count() <= 2000));

    // A number picks the button of that number (1 is the documents the card cut short).
    assert!(whole.contains("\n3. 📍 Nơi nộp hồ sơ"), "{whole}");
    let body = text_event("u-1", "m-2", "3");
    assert_eq!(
        post(body.clone(), Some(sign(&body, &stamp(&body)))).await,
        200
    );
    let before = got.len();
    assert!(
        until(Duration::from_secs(20), || received.lock().unwrap().len()
            == before + 1)
        .await
    );
    let second = received.lock().unwrap()[before].1["message"]["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(second.starts_with("📍 Nơi nộp hồ sơ:"), "{second}");

    // Other events are acknowledged and ignored.
    let other = json!({"app_id": "app-1", "event_name": "user_send_sticker", "timestamp": now_ms(), "sender": {"id": "u-2"}}).to_string();
    assert_eq!(
        post(other.clone(), Some(sign(&other, &stamp(&other)))).await,
        200
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(received.lock().unwrap().len(), before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_unstamped_and_repeated_events_are_refused_or_skipped() {
    let (server, received, _data) = zalo_server().await;
    let event = |timestamp: Value| {
        json!({
            "app_id": "app-1", "event_name": "user_send_text", "timestamp": timestamp,
            "sender": {"id": "u-old"}, "message": {"text": "khai sinh", "msg_id": "m-old"}
        })
        .to_string()
    };
    // A correctly signed event from 2019, one from the future, one without a timestamp.
    let old = event(json!("1560000000000"));
    assert_eq!(
        deliver(&server, &old, Some(sign(&old, "1560000000000"))).await,
        401
    );
    let ahead = (now_ms().parse::<u64>().unwrap() + 3_600_000).to_string();
    let future = event(json!(ahead));
    assert_eq!(
        deliver(&server, &future, Some(sign(&future, &ahead))).await,
        401
    );
    let unstamped = json!({
        "app_id": "app-1", "event_name": "user_send_text",
        "sender": {"id": "u-old"}, "message": {"text": "khai sinh", "msg_id": "m-none"}
    })
    .to_string();
    assert_eq!(
        deliver(&server, &unstamped, Some(sign(&unstamped, ""))).await,
        401
    );
    // Numeric timestamps are read as well.
    let numeric = event(json!(now_ms().parse::<u64>().unwrap()));
    let signature = sign(&numeric, &stamp(&numeric));
    assert_eq!(deliver(&server, &numeric, Some(signature)).await, 200);
    assert!(
        until(Duration::from_secs(20), || !received
            .lock()
            .unwrap()
            .is_empty())
        .await
    );

    // A follow event (no msg_id) delivered twice: greeted once.
    let follow = json!({
        "app_id": "app-1", "event_name": "follow", "timestamp": now_ms(),
        "follower": {"id": "u-follow"}, "oa_id": "oa-1"
    })
    .to_string();
    let greeted = || {
        received
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, r)| r["recipient"]["user_id"] == "u-follow")
            .count()
    };
    assert_eq!(
        deliver(&server, &follow, Some(sign(&follow, &stamp(&follow)))).await,
        200
    );
    assert!(until(Duration::from_secs(20), || greeted() > 0).await);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let once = greeted();
    assert_eq!(
        deliver(&server, &follow, Some(sign(&follow, &stamp(&follow)))).await,
        200
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(
        greeted(),
        once,
        "a repeated follow event is not processed again"
    );
}

/// The timestamp of an event body, string or number, as the signature covers it.
pub fn stamp(body: &str) -> String {
    match &serde_json::from_str::<Value>(body).unwrap()["timestamp"] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
