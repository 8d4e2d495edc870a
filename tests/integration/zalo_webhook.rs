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

type Received = Arc<Mutex<Vec<(String, Value)>>>;

async fn fake_zalo_api() -> (String, Received) {
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

fn sign(body: &str, timestamp: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(
        format!("app-1{body}{timestamp}secret-1").as_bytes(),
    ))
}

fn text_event(user: &str, msg_id: &str, text: &str) -> String {
    json!({
        "app_id": "app-1", "event_name": "user_send_text", "timestamp": "1732250000000",
        "sender": {"id": user}, "recipient": {"id": "oa-1"},
        "message": {"text": text, "msg_id": msg_id}
    })
    .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_webhooks_are_answered_once_and_bad_signatures_rejected() {
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
    let server = spawn_router(app).await;
    let http = reqwest::Client::new();
    let post = |body: String, signature: Option<String>| {
        let mut req = http
            .post(format!("{server}/zalo/webhook"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(s) = signature {
            req = req.header(SIGNATURE_HEADER, s);
        }
        req.send()
    };

    // Bad and missing signatures: 401, nothing sent.
    let body = text_event("u-bad", "m-bad", "đăng ký khai sinh");
    assert_eq!(
        post(body.clone(), Some("0".repeat(64)))
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(post(body.clone(), None).await.unwrap().status(), 401);

    // A question, delivered twice (Zalo retries): answered once.
    let body = text_event("u-1", "m-1", "làm giấy khai sinh cần gì");
    let signature = sign(&body, "1732250000000");
    assert_eq!(
        post(body.clone(), Some(signature.clone()))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        post(body.clone(), Some(format!("mac={signature}")))
            .await
            .unwrap()
            .status(),
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

    // A number picks the button of that number.
    let body = text_event("u-1", "m-2", "2");
    assert_eq!(
        post(body.clone(), Some(sign(&body, "1732250000000")))
            .await
            .unwrap()
            .status(),
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
    let other = json!({"app_id": "app-1", "event_name": "user_send_sticker", "timestamp": "1", "sender": {"id": "u-2"}}).to_string();
    assert_eq!(
        post(other.clone(), Some(sign(&other, "1")))
            .await
            .unwrap()
            .status(),
        200
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(received.lock().unwrap().len(), before + 1);
}
