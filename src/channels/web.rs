//! Web chat: the single-page chat at `/`, `POST /api/chat`, `GET /healthz`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::chat::{Engine, Incoming, Message};

const CHAT_PAGE: &str = include_str!("static/chat.html");
/// Longest accepted user id.
const MAX_USER_ID: usize = 200;

#[derive(Debug, Deserialize)]
struct ChatRequest {
    user_id: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct ChatResponse {
    messages: Vec<Message>,
}

/// Routes of the web channel, to be merged into the server's router.
pub fn router(engine: Arc<Engine>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/api/chat", post(chat))
        .route("/api/info", get(info))
        .route("/healthz", get(healthz))
        .with_state(engine)
}

async fn page() -> Response {
    let mut r = Html(CHAT_PAGE).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        "no-cache".parse().expect("valid header"),
    );
    r
}

async fn healthz() -> &'static str {
    "ok"
}

/// Knowledge base version shown in the chat footer.
async fn info(State(engine): State<Arc<Engine>>) -> Json<serde_json::Value> {
    let searcher = engine.searcher().get();
    let m = searcher.manifest();
    Json(json!({
        "generation": m.generation,
        "built_at": m.built_at,
        "procedures": m.procedures,
        "plan_sections": m.plan_sections,
    }))
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

async fn chat(State(engine): State<Arc<Engine>>, body: Bytes) -> Response {
    let Ok(req) = serde_json::from_slice::<ChatRequest>(&body) else {
        return bad_request(
            "Dữ liệu gửi lên không hợp lệ: cần JSON {\"user_id\": \"...\", \"text\": \"...\"}.",
        );
    };
    let user = req.user_id.trim();
    if user.is_empty() || user.chars().count() > MAX_USER_ID {
        return bad_request("Thiếu mã người dùng (user_id) hoặc mã quá dài.");
    }
    let incoming = Incoming::new("web", user, &req.text);
    let handled = tokio::task::spawn_blocking(move || engine.handle(&incoming)).await;
    match handled {
        Ok(messages) => Json(ChatResponse { messages }).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "chat task failed");
            let body = json!({ "error": "Hệ thống đang bận, bạn vui lòng thử lại." });
            (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
        }
    }
}
