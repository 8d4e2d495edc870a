//! Admin HTTP endpoints: `POST /admin/reindex` builds a new index generation from
//! `knowledge/` in the background; `GET /admin/reindex/{id}` tells how it went.
//!
//! Both need `Authorization: Bearer <ADMIN_TOKEN>`; without a configured token the
//! endpoints answer 401 to everyone.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;

use crate::search::{build, LiveSearcher, SearchError};
use crate::security::constant_time_eq;

/// State of one reindex job.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum JobStatus {
    Running,
    Done {
        generation: String,
        procedures: usize,
        plan_sections: usize,
    },
    Failed {
        errors: Vec<String>,
    },
}

/// What the admin routes need.
pub struct Admin {
    token: String,
    knowledge_dir: PathBuf,
    searcher: Arc<LiveSearcher>,
    jobs: Mutex<HashMap<u64, JobStatus>>,
    next_id: AtomicU64,
}

impl Admin {
    pub fn new(token: String, knowledge_dir: PathBuf, searcher: Arc<LiveSearcher>) -> Arc<Admin> {
        Arc::new(Admin {
            token,
            knowledge_dir,
            searcher,
            jobs: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
        })
    }

    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/admin/reindex", post(start_reindex))
            .route("/admin/reindex/{id}", get(job_status))
            .with_state(self)
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        let given = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        !self.token.is_empty()
            && given.is_some_and(|g| constant_time_eq(g.as_bytes(), self.token.as_bytes()))
    }

    fn set(&self, id: u64, status: JobStatus) {
        self.jobs
            .lock()
            .expect("jobs lock poisoned")
            .insert(id, status);
    }

    /// Builds from the knowledge folder and switches the live searcher at once.
    fn run_job(&self, id: u64) {
        let status = match build(&self.knowledge_dir, self.searcher.index_dir()) {
            Ok(report) => {
                if let Err(e) = self.searcher.reload_if_changed() {
                    tracing::warn!(error = %e, "reload after reindex failed");
                }
                let m = report.manifest;
                tracing::info!(job = id, generation = %m.generation, "reindex done");
                JobStatus::Done {
                    generation: m.generation,
                    procedures: m.procedures,
                    plan_sections: m.plan_sections,
                }
            }
            Err(SearchError::Knowledge(problems)) => {
                let errors: Vec<String> = problems.0.iter().map(|p| p.to_string()).collect();
                tracing::warn!(
                    job = id,
                    problems = errors.len(),
                    "reindex failed: knowledge base has problems"
                );
                JobStatus::Failed { errors }
            }
            Err(e) => {
                tracing::error!(job = id, error = %e, "reindex failed");
                JobStatus::Failed {
                    errors: vec![e.to_string()],
                }
            }
        };
        self.set(id, status);
    }
}

fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"error": "missing or wrong bearer token"})),
    )
        .into_response()
}

async fn start_reindex(State(admin): State<Arc<Admin>>, headers: HeaderMap) -> Response {
    if !admin.authorized(&headers) {
        return unauthorized();
    }
    let id = admin.next_id.fetch_add(1, Ordering::Relaxed);
    admin.set(id, JobStatus::Running);
    let worker = admin.clone();
    tokio::task::spawn_blocking(move || worker.run_job(id));
    (
        StatusCode::ACCEPTED,
        Json(json!({"job": id, "status_url": format!("/admin/reindex/{id}")})),
    )
        .into_response()
}

async fn job_status(
    State(admin): State<Arc<Admin>>,
    headers: HeaderMap,
    Path(id): Path<u64>,
) -> Response {
    if !admin.authorized(&headers) {
        return unauthorized();
    }
    let status = admin
        .jobs
        .lock()
        .expect("jobs lock poisoned")
        .get(&id)
        .cloned();
    match status {
        Some(s) => Json(json!({"job": id, "result": s})).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": format!("no reindex job {id}")})),
        )
            .into_response(),
    }
}
