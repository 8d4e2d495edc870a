//! Web chat: the single-page chat at `/`, `POST /api/chat`, `GET /api/history` (the
//! conversation again after a reload), `GET /api/inbox` (staff answers).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::limits::{too_many_requests, ChatLimits, Limited, PeerAddr};
use crate::channel::Channel;
use crate::chat::{render, Engine, Incoming, Message};
use crate::storage::{Storage, Table, Tree};

use super::web_history::{Entry, WebHistory, Who};

const CHAT_PAGE: &str = include_str!("static/chat.html");
/// Longest accepted user id.
const MAX_USER_ID: usize = 200;

#[derive(Debug, Deserialize)]
struct ChatRequest {
    user_id: String,
    text: String,
    /// What the page showed for the message (a button's label rather than its payload).
    #[serde(default)]
    shown: Option<String>,
}

#[derive(Debug, Serialize)]
struct ChatResponse {
    messages: Vec<Message>,
}

/// Messages waiting for a web chat user (staff answers), fetched by the page's polling.
#[derive(Clone)]
pub struct WebInbox {
    tree: Table,
    storage: Storage,
    history: WebHistory,
}

impl WebInbox {
    pub fn new(storage: &Storage) -> Result<WebInbox, crate::storage::StorageError> {
        Ok(WebInbox {
            tree: storage.tree(Tree::WebInbox)?,
            storage: storage.clone(),
            history: WebHistory::new(storage)?,
        })
    }

    /// Queues a staff answer for the page and keeps it in the user's history.
    pub fn push(&self, user: &str, text: &str) -> Result<(), crate::storage::StorageError> {
        let entry = Entry::of(Who::Officer, &Message::text(text));
        self.history.record(user, &[entry])?;
        let id = self.storage.generate_id()?;
        let mut key = format!("{user}\u{0}").into_bytes();
        key.extend(id.to_be_bytes());
        self.tree.insert(key, text.as_bytes())?;
        self.storage.flush()?;
        Ok(())
    }

    /// Takes every waiting message of `user`, oldest first.
    pub fn take(&self, user: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (k, v) in self
            .tree
            .scan_prefix(format!("{user}\u{0}"))
            .unwrap_or_default()
        {
            if self.tree.remove(&k).ok().flatten().is_some() {
                out.push(String::from_utf8_lossy(&v).into_owned());
            }
        }
        out
    }
}

#[derive(Clone)]
struct WebState {
    engine: Arc<Engine>,
    inbox: WebInbox,
    limits: Arc<ChatLimits>,
}

/// Routes of the web channel, to be merged into the server's router, with the default
/// limits per client address and for the whole server.
pub fn router(engine: Arc<Engine>, inbox: WebInbox) -> Router {
    router_with_limits(engine, inbox, ChatLimits::default())
}

/// [`router`] with the given limits of `POST /api/chat`.
pub fn router_with_limits(engine: Arc<Engine>, inbox: WebInbox, limits: ChatLimits) -> Router {
    let limits = Arc::new(limits);
    Router::new()
        .route("/", get(page))
        .route("/api/chat", post(chat))
        .route("/api/info", get(info))
        .route("/api/inbox", get(inbox_messages))
        .route("/api/history", get(history))
        .with_state(WebState {
            engine,
            inbox,
            limits,
        })
}

#[derive(Debug, Deserialize)]
struct InboxQuery {
    user_id: String,
}

async fn inbox_messages(State(web): State<WebState>, Query(q): Query<InboxQuery>) -> Response {
    let user = match valid_user_id(&q.user_id) {
        Ok(user) => user,
        Err(why) => return bad_request(why),
    };
    let messages = web
        .inbox
        .take(user)
        .into_iter()
        .map(Message::text)
        .collect();
    Json(ChatResponse { messages }).into_response()
}

/// The trimmed user id, or why it is refused (with 400): empty, too long, or holding
/// control characters (NUL separates the parts of stored keys: `victim\0x` must not
/// reach them).
fn valid_user_id(user_id: &str) -> Result<&str, &'static str> {
    let user = user_id.trim();
    if user.is_empty() || user.chars().count() > MAX_USER_ID {
        return Err(render::bad_user_id());
    }
    if user.chars().any(char::is_control) {
        return Err(render::user_id_control_chars());
    }
    Ok(user)
}

async fn page() -> Response {
    let mut r = Html(CHAT_PAGE).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        "no-cache".parse().expect("valid header"),
    );
    r
}

/// Knowledge base version shown in the chat footer, and who runs the service (header,
/// hotline link).
async fn info(State(web): State<WebState>) -> Json<serde_json::Value> {
    let m = web.engine.knowledge_info();
    let bot = web.engine.bot();
    Json(json!({
        "generation": m.generation,
        "built_at": m.built_at,
        "procedures": m.procedures,
        "plan_sections": m.plan_sections,
        "service": {
            "name": bot.service.name,
            "agency": bot.service.agency,
            "logo_url": bot.service.logo_url,
            "hotline": bot.hotline,
            "hotline_name": bot.hotline_name,
            "hotline_tel": bot.hotline_digits(),
        },
    }))
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

async fn chat(
    State(web): State<WebState>,
    peer: PeerAddr,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(why) = web.limits.admit(web.limits.client_ip(peer, &headers)) {
        return too_many_requests(why);
    }
    let engine = web.engine;
    let Ok(req) = serde_json::from_slice::<ChatRequest>(&body) else {
        return bad_request(render::bad_chat_request());
    };
    let user = match valid_user_id(&req.user_id) {
        Ok(user) => user,
        Err(why) => return bad_request(why),
    };
    if !engine.admit(Channel::Web, user) {
        return too_many_requests(Limited::User);
    }
    let incoming = Incoming::new(Channel::Web, user, &req.text);
    let handled = tokio::task::spawn_blocking(move || engine.answer(&incoming)).await;
    match handled {
        Ok(messages) => {
            let shown = req.shown.as_deref().unwrap_or(&req.text);
            remember(&web.inbox.history, user, shown, &messages);
            Json(ChatResponse { messages }).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "chat task failed");
            let body = json!({ "error": render::busy() });
            (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
        }
    }
}

/// Keeps a turn in the user's history; a failure is logged, the reply still goes out.
fn remember(history: &WebHistory, user: &str, shown: &str, replies: &[Message]) {
    // An empty `shown` is a message the page sent on its own (the greeting's "/start").
    let citizen = (!shown.is_empty()).then(|| Entry::citizen(shown));
    let entries: Vec<Entry> = citizen
        .into_iter()
        .chain(replies.iter().map(|m| Entry::of(Who::Bot, m)))
        .collect();
    if let Err(e) = history.record(user, &entries) {
        tracing::warn!(error = %e, "cannot keep the web chat history");
    }
}

/// The user's recent messages, oldest first, for the page to show again after a reload.
async fn history(State(web): State<WebState>, Query(q): Query<InboxQuery>) -> Response {
    match valid_user_id(&q.user_id) {
        Ok(user) => Json(json!({ "entries": web.inbox.history.recent(user) })).into_response(),
        Err(message) => bad_request(message),
    }
}
