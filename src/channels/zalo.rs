//! Zalo Official Account: `POST /zalo/webhook` in, `POST {api}/v3.0/oa/message/cs` out.
//!
//! Every call is verified (`X-ZEvent-Signature` = hex SHA-256 of app_id + raw body +
//! timestamp + OA secret key); a missing or wrong signature gets 401 and is not processed.
//! Valid calls are acknowledged at once and handled in the background, de-duplicated on
//! `message.msg_id` (Zalo retries). Buttons become a numbered list answered with a number.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::split_text;
use crate::channel::Channel;
use crate::chat::{render, Engine, Incoming};
use crate::storage::{Storage, Tree};

/// Zalo's limit on one text message.
pub const MAX_MESSAGE: usize = 2000;
pub const SIGNATURE_HEADER: &str = "x-zevent-signature";
pub const DEFAULT_API_URL: &str = "https://openapi.zalo.me";

/// Settings of the Zalo channel.
#[derive(Debug, Clone)]
pub struct ZaloSettings {
    pub app_id: String,
    pub secret_key: String,
    pub access_token: String,
    pub api_url: String,
    /// Public address of the server, to turn form links (`/forms/...`) into full links.
    pub public_url: String,
}

/// The Zalo channel: engine, HTTP client for replies, and the seen-message set.
#[derive(Clone)]
pub struct Zalo {
    settings: Arc<ZaloSettings>,
    engine: Arc<Engine>,
    http: reqwest::Client,
    seen: sled::Tree,
}

impl Zalo {
    pub fn new(
        settings: ZaloSettings,
        engine: Arc<Engine>,
        storage: &Storage,
    ) -> Result<Zalo, sled::Error> {
        Ok(Zalo {
            settings: Arc::new(settings),
            engine,
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(15))
                .build()
                .expect("http client builds"),
            seen: storage.tree(Tree::ZaloSeenMessages)?,
        })
    }

    pub fn router(self) -> Router {
        Router::new()
            .route("/zalo/webhook", post(webhook))
            .with_state(self)
    }

    /// Expected signature of a webhook body.
    pub fn signature(&self, body: &[u8], timestamp: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.settings.app_id.as_bytes());
        h.update(body);
        h.update(timestamp.as_bytes());
        h.update(self.settings.secret_key.as_bytes());
        hex::encode(h.finalize())
    }

    /// True the first time a msg_id is seen (atomic in sled, survives restarts).
    fn first_time(&self, msg_id: &str) -> bool {
        matches!(
            self.seen
                .compare_and_swap(msg_id.as_bytes(), None as Option<&[u8]>, Some(&b"1"[..])),
            Ok(Ok(()))
        )
    }

    async fn process(&self, event: Value) {
        let name = event["event_name"].as_str().unwrap_or_default();
        let (user, text) = match name {
            "user_send_text" => (
                event["sender"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                event["message"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            ),
            "follow" => (
                event["follower"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                "/start".to_owned(),
            ),
            _ => return,
        };
        if user.is_empty() {
            return;
        }
        let engine = self.engine.clone();
        let incoming = Incoming::new(Channel::Zalo, &user, &text);
        let replies = match tokio::task::spawn_blocking(move || engine.handle(&incoming)).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "zalo conversation task failed");
                return;
            }
        };
        for reply in &replies {
            let text = super::forms::absolute_links(
                &render::as_numbered_text(reply),
                &self.settings.public_url,
            );
            if let Err(e) = self.send_long(&user, &text).await {
                tracing::warn!(error = %e, "zalo reply failed");
            }
        }
    }

    /// Sends a text of any length, split into Zalo-sized parts.
    pub async fn send_long(&self, user: &str, text: &str) -> Result<(), reqwest::Error> {
        for part in split_text(text, MAX_MESSAGE) {
            self.send(user, &part).await?;
        }
        Ok(())
    }

    async fn send(&self, user: &str, text: &str) -> Result<(), reqwest::Error> {
        let url = format!(
            "{}/v3.0/oa/message/cs",
            self.settings.api_url.trim_end_matches('/')
        );
        let body = json!({"recipient": {"user_id": user}, "message": {"text": text}});
        self.http
            .post(url)
            .header("access_token", &self.settings.access_token)
            .json(&body)
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }
}

async fn webhook(State(zalo): State<Zalo>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let timestamp = match &event["timestamp"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let given = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().trim_start_matches("mac=").to_lowercase());
    if !given.is_some_and(|g| {
        crate::security::constant_time_eq(
            g.as_bytes(),
            zalo.signature(&body, &timestamp).as_bytes(),
        )
    }) {
        tracing::warn!("zalo webhook: missing or wrong signature");
        return StatusCode::UNAUTHORIZED;
    }
    if let Some(msg_id) = event["message"]["msg_id"].as_str() {
        if !zalo.first_time(msg_id) {
            return StatusCode::OK;
        }
    }
    tokio::spawn(async move { zalo.process(event).await });
    StatusCode::OK
}
