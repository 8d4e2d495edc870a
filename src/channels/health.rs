//! `GET /healthz`: 200 `ok` for load balancers and probes, with headers naming the
//! replica and the index generation it serves; asked with `Accept: application/json`,
//! what this replica serves and runs and, on PostgreSQL, what every replica heard from
//! in the last minute serves (a reindex has reached them all when their checksums agree).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::chat::Engine;
use crate::storage::Storage;

/// Replicas not heard from for this long are left out of the list.
const REPLICA_SEEN_SECS: u64 = 60;

/// What the health answer reports.
pub struct Health {
    pub replica: String,
    pub engine: Arc<Engine>,
    /// Whether this replica polls Telegram now (None: Telegram polling is not on).
    pub telegram_polling: Option<Arc<AtomicBool>>,
    /// The database: its backend, and on PostgreSQL the other replicas' reports.
    pub storage: Storage,
}

pub fn router(health: Arc<Health>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .with_state(health)
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

async fn healthz(State(health): State<Arc<Health>>, headers: HeaderMap) -> Response {
    let serving = health.engine.knowledge_info();
    if !wants_json(&headers) {
        let named = [
            ("x-tthc-replica", health.replica.clone()),
            ("x-tthc-generation", serving.generation.clone()),
        ];
        return (named, "ok").into_response();
    }
    let replicas = match health.storage.postgres().cloned() {
        Some(pg) => {
            let heard = tokio::task::spawn_blocking(move || pg.replicas(REPLICA_SEEN_SECS)).await;
            match heard {
                Ok(Ok(list)) => json!(list),
                Ok(Err(e)) => json!({ "error": e.to_string() }),
                Err(e) => json!({ "error": e.to_string() }),
            }
        }
        None => json!(null),
    };
    Json(json!({
        "status": "ok",
        "replica": health.replica,
        "backend": health.storage.backend_name(),
        "generation": serving.generation,
        "knowledge_checksum": serving.knowledge_checksum,
        "telegram_polling": health.telegram_polling.as_ref().map(|p| p.load(Ordering::SeqCst)),
        "replicas": replicas,
    }))
    .into_response()
}
