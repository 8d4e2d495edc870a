//! Zalo Official Account: `POST /zalo/webhook` in, `POST {api}/v3.0/oa/message/cs` out.
//!
//! Every call is verified (`X-ZEvent-Signature` = hex SHA-256 of app_id + raw body +
//! timestamp + OA secret key) before its content is read: a body over [`MAX_BODY`] gets
//! 413, a call without a well-formed signature header 401 at once. Zalo puts the
//! timestamp the signature covers inside the body, so the body is then read for that one
//! field only (nothing else kept); without a timestamp, with a wrong signature, or older
//! (or further ahead) than the maximum event age (5 minutes by default) the call gets 401
//! and is not processed. Valid calls are acknowledged at once and handled in the
//! background, de-duplicated on `message.msg_id` (Zalo retries), or on a hash of the body
//! for events without one (follow, ...). Buttons become a numbered list answered with a
//! number.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::split_text;
use crate::channel::Channel;
use crate::chat::{render, Engine, Incoming};
use crate::storage::{Storage, Table, Tree};

/// Zalo's limit on one text message.
pub const MAX_MESSAGE: usize = 2000;
pub const SIGNATURE_HEADER: &str = "x-zevent-signature";
pub const DEFAULT_API_URL: &str = "https://openapi.zalo.me";
/// Largest webhook body read (Zalo events are a few hundred bytes).
pub const MAX_BODY: usize = 64 * 1024;
/// Events older or further ahead than this are refused, unless configured otherwise.
pub const DEFAULT_MAX_EVENT_AGE_SECS: u64 = 300;

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
    seen: Table,
    max_event_age_ms: u64,
}

impl Zalo {
    pub fn new(
        settings: ZaloSettings,
        engine: Arc<Engine>,
        storage: &Storage,
    ) -> Result<Zalo, crate::storage::StorageError> {
        Ok(Zalo {
            settings: Arc::new(settings),
            engine,
            http: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(15))
                .build()
                .expect("http client builds"),
            seen: storage.tree(Tree::ZaloSeenMessages)?,
            max_event_age_ms: DEFAULT_MAX_EVENT_AGE_SECS * 1000,
        })
    }

    /// The same channel refusing events older (or further ahead) than `secs`.
    pub fn with_max_event_age(mut self, secs: u64) -> Zalo {
        self.max_event_age_ms = secs.saturating_mul(1000);
        self
    }

    pub fn router(self) -> Router {
        Router::new()
            .route("/zalo/webhook", post(webhook))
            .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
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

    /// True the first time a key is seen (atomic in the database, survives restarts, shared by replicas).
    fn first_time(&self, key: &str) -> bool {
        matches!(
            self.seen.compare_and_swap(key.as_bytes(), None, Some(b"1")),
            Ok(true)
        )
    }

    /// True when the `given` signature is the one of `body` and `timestamp`.
    fn signed(&self, given: &str, body: &[u8], timestamp: &str) -> bool {
        crate::security::constant_time_eq(
            given.as_bytes(),
            self.signature(body, timestamp).as_bytes(),
        )
    }

    /// True when an event stamped `timestamp` (Unix milliseconds; seconds accepted) is
    /// within the maximum age of now, either way.
    fn fresh(&self, timestamp: &str) -> bool {
        let Ok(stamp) = timestamp.trim().parse::<u64>() else {
            return false;
        };
        let millis = if stamp < 100_000_000_000 {
            stamp.saturating_mul(1000)
        } else {
            stamp
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        now.abs_diff(millis) <= self.max_event_age_ms
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

/// The one field read before the signature is checked.
#[derive(Deserialize)]
struct Stamp {
    #[serde(default)]
    timestamp: Option<Value>,
}

/// The signature header without its `mac=` prefix, when it is 64 hex digits.
fn signature_header(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(SIGNATURE_HEADER)?.to_str().ok()?;
    let v = v.trim().trim_start_matches("mac=").to_ascii_lowercase();
    (v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())).then_some(v)
}

/// The timestamp field of an event as the text the signature covers.
fn timestamp_of(body: &[u8]) -> Option<String> {
    match serde_json::from_slice::<Stamp>(body).ok()?.timestamp? {
        Value::String(s) if !s.trim().is_empty() => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

async fn webhook(State(zalo): State<Zalo>, headers: HeaderMap, body: Bytes) -> StatusCode {
    if body.len() > MAX_BODY {
        return StatusCode::PAYLOAD_TOO_LARGE;
    }
    let Some(given) = signature_header(&headers) else {
        tracing::warn!("zalo webhook: missing signature");
        return StatusCode::UNAUTHORIZED;
    };
    let Some(timestamp) = timestamp_of(&body) else {
        tracing::warn!("zalo webhook: no timestamp");
        return StatusCode::UNAUTHORIZED;
    };
    if !zalo.signed(&given, &body, &timestamp) {
        tracing::warn!("zalo webhook: wrong signature");
        return StatusCode::UNAUTHORIZED;
    }
    if !zalo.fresh(&timestamp) {
        tracing::warn!(timestamp = %timestamp, "zalo webhook: stale event refused");
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(event) = serde_json::from_slice::<Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    let key = match event["message"]["msg_id"].as_str() {
        Some(msg_id) => msg_id.to_owned(),
        None => format!("body:{}", hex::encode(Sha256::digest(&body))),
    };
    if !zalo.first_time(&key) {
        return StatusCode::OK;
    }
    tokio::spawn(async move { zalo.process(event).await });
    StatusCode::OK
}
