//! Admin HTTP endpoints: `POST /admin/reindex` builds a new index generation from
//! `knowledge/` in the background; `GET /admin/reindex/{id}` tells how it went. One
//! build runs at a time: a request while one runs gets 409 with the running job's URL.
//! `POST /admin/dossiers` upserts a JSON Lines body of dossier records and answers with
//! the import report.
//!
//! All need `Authorization: Bearer <ADMIN_TOKEN>`; without a configured token the
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

use crate::dossiers::input::read_jsonl;
use crate::dossiers::Importer;
use crate::search::{build, LiveSearcher, SearchError, SharedGeneration};
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
    /// The job building now, if any.
    running: Mutex<Option<u64>>,
    /// With replicas on PostgreSQL: where a new generation is recorded for the others.
    shared: Option<Arc<SharedGeneration>>,
}

/// Finished jobs remembered for `GET /admin/reindex/{id}`.
const KEPT_JOBS: usize = 100;

impl Admin {
    pub fn new(token: String, knowledge_dir: PathBuf, searcher: Arc<LiveSearcher>) -> Arc<Admin> {
        Arc::new(Admin {
            token,
            knowledge_dir,
            searcher,
            jobs: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            running: Mutex::new(None),
            shared: None,
        })
    }

    /// An admin whose reindexes are recorded for every replica in `shared`.
    pub fn shared(
        token: String,
        knowledge_dir: PathBuf,
        searcher: Arc<LiveSearcher>,
        shared: Arc<SharedGeneration>,
    ) -> Arc<Admin> {
        let mut admin =
            Arc::into_inner(Admin::new(token, knowledge_dir, searcher)).expect("just made");
        admin.shared = Some(shared);
        Arc::new(admin)
    }

    pub fn router(self: Arc<Self>) -> Router {
        Router::new()
            .route("/admin/reindex", post(start_reindex))
            .route("/admin/reindex/{id}", get(job_status))
            .with_state(self)
    }

    fn authorized(&self, headers: &HeaderMap) -> bool {
        bearer_ok(&self.token, headers)
    }

    fn set(&self, id: u64, status: JobStatus) {
        let mut jobs = self.jobs.lock().expect("jobs lock poisoned");
        jobs.insert(id, status);
        if jobs.len() > KEPT_JOBS {
            let oldest = jobs.keys().min().copied();
            jobs.retain(|k, _| Some(*k) != oldest);
        }
    }

    /// Starts a job unless one is running: `Ok(new id)`, or `Err(running id)`.
    fn claim(&self) -> Result<u64, u64> {
        let mut running = self.running.lock().expect("running lock poisoned");
        if let Some(id) = *running {
            return Err(id);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        *running = Some(id);
        self.set(id, JobStatus::Running);
        Ok(id)
    }

    /// Runs job `id`, then lets the next one start (also when the build panicked).
    fn run_claimed(&self, id: u64) {
        struct Release<'a>(&'a Admin, u64);
        impl Drop for Release<'_> {
            fn drop(&mut self) {
                if let Ok(mut jobs) = self.0.jobs.lock() {
                    if let Some(status @ JobStatus::Running) = jobs.get_mut(&self.1) {
                        *status = JobStatus::Failed {
                            errors: vec!["the build stopped unexpectedly".into()],
                        };
                    }
                }
                if let Ok(mut running) = self.0.running.lock() {
                    *running = None;
                }
            }
        }
        let _release = Release(self, id);
        self.run_job(id);
    }

    /// Builds from the knowledge folder and switches the live searcher at once; with
    /// replicas, records the new generation for the others.
    fn run_job(&self, id: u64) {
        let built = match &self.shared {
            Some(shared) => shared.exclusive(|| {
                let report = build(&self.knowledge_dir, self.searcher.index_dir())?;
                shared.record(&report.manifest)?;
                Ok(report)
            }),
            None => build(&self.knowledge_dir, self.searcher.index_dir()),
        };
        let status = match built {
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

/// The request carries `Authorization: Bearer <token>` and a token is configured.
fn bearer_ok(token: &str, headers: &HeaderMap) -> bool {
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    !token.is_empty() && given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.as_bytes()))
}

/// Largest dossier batch accepted in one request.
const MAX_DOSSIER_BODY: usize = 256 * 1024 * 1024;

struct DossierPush {
    token: String,
    importer: Arc<Importer>,
}

/// `POST /admin/dossiers`: a JSON Lines body upserted by `ma_ho_so` (idempotent).
pub fn dossiers_router(token: &str, importer: Arc<Importer>) -> Router {
    let state = Arc::new(DossierPush {
        token: token.to_owned(),
        importer,
    });
    Router::new()
        .route("/admin/dossiers", post(push_dossiers))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_DOSSIER_BODY))
        .with_state(state)
}

async fn push_dossiers(
    State(push): State<Arc<DossierPush>>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if !bearer_ok(&push.token, &headers) {
        return unauthorized();
    }
    let worker = push.clone();
    let done = tokio::task::spawn_blocking(move || {
        let lines = read_jsonl(&body);
        worker.importer.import_lines(lines)
    })
    .await;
    match done {
        Ok(Ok(report)) => {
            tracing::info!(report = %report.summary(), "dossiers pushed");
            Json(report).into_response()
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "dossier push failed");
            let body = json!({"error": format!("cannot store the dossiers: {e}")});
            (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "dossier push task failed");
            let body = json!({"error": "the import stopped unexpectedly"});
            (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
        }
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
    let id = match admin.claim() {
        Ok(id) => id,
        Err(running) => {
            let body = json!({
                "error": "a reindex is already running",
                "job": running,
                "status_url": format!("/admin/reindex/{running}"),
            });
            return (StatusCode::CONFLICT, Json(body)).into_response();
        }
    };
    let worker = admin.clone();
    tokio::task::spawn_blocking(move || worker.run_claimed(id));
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
