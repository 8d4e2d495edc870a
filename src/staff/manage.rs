//! `POST /admin/staff`: staff accounts added, disabled, enabled and listed while `serve`
//! runs (the database belongs to the running process; `tthc-bot staff` comes here when
//! it finds the database held). Needs `Authorization: Bearer <ADMIN_TOKEN>`; without a
//! configured token it answers 401 to everyone.
//!
//! Body: `{"action": "add"|"disable"|"enable"|"role"|"list", "name": "...",
//! "password": "...", "role": "admin"|"province"|"unit", "units": ["18244"]}`; `add`
//! without a role makes a `province` account, `role` changes an account's role and units.
//! A disabled account's sessions end at once, since every staff request checks its
//! account.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::accounts::{Accounts, StaffError};
use super::roles::Role;
use crate::security::bearer_matches;

/// One request to the endpoint.
#[derive(Debug, Serialize, Deserialize)]
pub struct StaffRequest {
    pub action: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<String>,
}

impl StaffRequest {
    /// A request with no password, role or units.
    pub fn named(action: &str, name: String) -> StaffRequest {
        StaffRequest {
            action: action.to_owned(),
            name,
            password: None,
            role: None,
            units: Vec::new(),
        }
    }

    /// The role asked for: `province` when none is given.
    fn role(&self) -> Result<Role, StaffError> {
        match self.role.as_deref() {
            None => Ok(Role::Province),
            Some(text) => Role::parse(text).ok_or_else(|| StaffError::BadRole(text.to_owned())),
        }
    }
}

#[derive(Clone)]
struct Manage {
    accounts: Arc<Accounts>,
    token: Arc<str>,
}

/// The `/admin/staff` router over `accounts`, guarded by the admin `token`.
pub fn router(accounts: Arc<Accounts>, token: &str) -> Router {
    Router::new()
        .route("/admin/staff", post(manage))
        .with_state(Manage {
            accounts,
            token: token.into(),
        })
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

async fn manage(State(m): State<Manage>, headers: HeaderMap, body: Bytes) -> Response {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if !bearer_matches(auth, &m.token) {
        return error(StatusCode::UNAUTHORIZED, "admin token required");
    }
    let request: StaffRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, &format!("invalid request: {e}")),
    };
    let action = request.action.clone();
    let accounts = m.accounts.clone();
    let done = tokio::task::spawn_blocking(move || apply(&accounts, request)).await;
    match done {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => {
            let status = match e {
                StaffError::BadName
                | StaffError::WeakPassword
                | StaffError::BadRole(_)
                | StaffError::Scope(_) => StatusCode::BAD_REQUEST,
                StaffError::Exists(_) => StatusCode::CONFLICT,
                StaffError::NotFound(_) => StatusCode::NOT_FOUND,
                StaffError::Storage(_) | StaffError::Hash(_) => StatusCode::INTERNAL_SERVER_ERROR,
            };
            error(status, &e.to_string())
        }
        Err(e) => {
            tracing::error!(error = %e, action = %action.escape_debug(), "staff admin task failed");
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

/// Carries out one request.
fn apply(accounts: &Accounts, request: StaffRequest) -> Result<Response, StaffError> {
    let name = request.name.as_str();
    let changed =
        |what: &str| tracing::info!(staff = %name, "staff account {what} through /admin/staff");
    match request.action.as_str() {
        "add" => {
            let role = request.role()?;
            let password = request.password.as_deref().unwrap_or("");
            accounts.add_with_role(name, password, role, &request.units)?;
            changed("created");
            let account = accounts
                .get(name)?
                .ok_or_else(|| StaffError::NotFound(name.into()))?;
            Ok((StatusCode::CREATED, Json(described(&account))).into_response())
        }
        "role" => {
            accounts.set_role(name, request.role()?, &request.units)?;
            changed("given a new role");
            let account = accounts
                .get(name)?
                .ok_or_else(|| StaffError::NotFound(name.into()))?;
            Ok(Json(described(&account)).into_response())
        }
        "disable" | "enable" => {
            let disabled = request.action == "disable";
            accounts.set_disabled(name, disabled)?;
            changed(if disabled { "disabled" } else { "enabled" });
            Ok(Json(json!({"name": name, "disabled": disabled})).into_response())
        }
        "list" => {
            let list: Vec<_> = accounts.list().iter().map(described).collect();
            Ok(Json(json!({ "accounts": list })).into_response())
        }
        _ => Ok(error(
            StatusCode::BAD_REQUEST,
            "action must be add, disable, enable, role or list",
        )),
    }
}

/// An account as the endpoint describes it (never its password hash).
fn described(a: &super::accounts::Account) -> serde_json::Value {
    json!({
        "name": a.name,
        "disabled": a.disabled,
        "created_at": a.created_at,
        "role": a.role,
        "units": a.units,
    })
}
