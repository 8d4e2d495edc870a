//! A fake Telegram Bot API server on 127.0.0.1 for driving the real teloxide client.
//!
//! Serves `/bot<token>/<method>` (method names case-insensitive, as the Bot API does):
//! getMe, deleteWebhook, getUpdates (hands out queued updates once), setMyCommands,
//! sendMessage, sendDocument (its multipart body kept as text), answerCallbackQuery. Every
//! call is recorded for assertions.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::support::server::spawn_router;
use crate::support::wait::until;

#[derive(Default)]
struct Inner {
    calls: Vec<(String, Value)>,
    updates: VecDeque<Value>,
    next_update_id: i64,
    next_message_id: i64,
}

/// Handle on a running fake server.
#[derive(Clone, Default)]
pub struct FakeTelegram {
    inner: Arc<Mutex<Inner>>,
    pub url: String,
}

impl FakeTelegram {
    pub async fn start() -> FakeTelegram {
        let mut fake = FakeTelegram::default();
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .with_state(fake.clone());
        fake.url = format!("{}/", spawn_router(app).await);
        fake
    }

    /// Queues an update (its update_id is assigned here).
    pub fn push_update(&self, mut update: Value) {
        let mut inner = self.inner.lock().unwrap();
        inner.next_update_id += 1;
        update["update_id"] = json!(inner.next_update_id);
        inner.updates.push_back(update);
    }

    /// Recorded calls of one method (lowercase name), in order.
    pub fn calls(&self, method: &str) -> Vec<Value> {
        let inner = self.inner.lock().unwrap();
        inner
            .calls
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// sendMessage calls to one chat.
    pub fn sent_to(&self, chat: i64) -> Vec<Value> {
        self.calls("sendmessage")
            .into_iter()
            .filter(|c| c["chat_id"] == json!(chat))
            .collect()
    }

    /// Waits until `pred` holds on the recorded calls (at most `secs` seconds).
    pub async fn wait_for(&self, secs: u64, pred: impl Fn(&FakeTelegram) -> bool) -> bool {
        until(Duration::from_secs(secs), || pred(self)).await
    }
}

async fn handle(
    State(fake): State<FakeTelegram>,
    Path((_bot, method)): Path<(String, String)>,
    body: Bytes,
) -> Json<Value> {
    let method = method.to_lowercase();
    let params: Value = if method == "senddocument" {
        // Multipart: keep the raw body to check the file's name and bytes arrived.
        json!({"multipart": String::from_utf8_lossy(&body), "len": body.len()})
    } else {
        serde_json::from_slice(&body).unwrap_or(json!({}))
    };
    if method == "getupdates" {
        let batch: Vec<Value> = {
            let mut inner = fake.inner.lock().unwrap();
            inner.updates.drain(..).collect()
        };
        if batch.is_empty() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        return Json(json!({"ok": true, "result": batch}));
    }
    let mut inner = fake.inner.lock().unwrap();
    inner.calls.push((method.clone(), params.clone()));
    let result = match method.as_str() {
        "getme" => json!({
            "id": 42, "is_bot": true, "first_name": "TTHC", "username": "tthc_bot",
            "can_join_groups": false, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "has_main_web_app": false
        }),
        "sendmessage" => {
            inner.next_message_id += 1;
            json!({
                "message_id": inner.next_message_id, "date": 1_700_000_000,
                "chat": {"id": params["chat_id"], "type": "private", "first_name": "Dân"},
                "from": {"id": 42, "is_bot": true, "first_name": "TTHC"},
                "text": params["text"]
            })
        }
        "senddocument" => {
            inner.next_message_id += 1;
            json!({
                "message_id": inner.next_message_id, "date": 1_700_000_000,
                "chat": {"id": 1, "type": "private", "first_name": "Dân"},
                "from": {"id": 42, "is_bot": true, "first_name": "TTHC"},
                "document": {"file_id": "d1", "file_unique_id": "u1", "file_name": "mau.docx"}
            })
        }
        _ => json!(true),
    };
    Json(json!({"ok": true, "result": result}))
}

/// A private-chat text message update.
pub fn text_update(chat: i64, text: &str) -> Value {
    message_update(chat, json!({"text": text}))
}

/// A private-chat message update with the given content fields (text, sticker, ...).
pub fn message_update(chat: i64, content: Value) -> Value {
    let mut message = json!({
        "message_id": 1, "date": 1_700_000_000,
        "chat": {"id": chat, "type": "private", "first_name": "Dân"},
        "from": {"id": chat, "is_bot": false, "first_name": "Dân"}
    });
    for (k, v) in content.as_object().unwrap() {
        message[k] = v.clone();
    }
    json!({"message": message})
}

/// A callback query (button press) from a private chat.
pub fn callback_update(chat: i64, data: &str) -> Value {
    json!({"callback_query": {
        "id": format!("cb-{chat}-{}", data.len()),
        "from": {"id": chat, "is_bot": false, "first_name": "Dân"},
        "chat_instance": "ci",
        "data": data,
        "message": {
            "message_id": 7, "date": 1_700_000_000,
            "chat": {"id": chat, "type": "private", "first_name": "Dân"},
            "from": {"id": 42, "is_bot": true, "first_name": "TTHC"},
            "text": "..."
        }
    }})
}
