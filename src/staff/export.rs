//! Exports of the filtered ticket list: `/staff/export.csv` (a download, personal data
//! left out with `no_personal=1`) and the JSON API `/staff/api/tickets`.

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::extract::StaffSession;
use super::filter::FilterForm;
use super::html::server_error;
use super::routes::StaffState;
use crate::tickets::export::{to_csv, to_json};

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(flatten)]
    filter: FilterForm,
    /// Any value but empty or `0` leaves names, phones and user ids out.
    #[serde(default)]
    no_personal: Option<String>,
}

pub async fn csv(
    State(st): State<StaffState>,
    _session: StaffSession,
    Query(q): Query<ExportQuery>,
) -> Response {
    let (filter, _) = q.filter.trimmed().to_filter();
    let personal = q.no_personal.is_none_or(|v| v.is_empty() || v == "0");
    match st.tickets.list(&filter) {
        Ok(tickets) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"phan-anh.csv\"",
                ),
            ],
            to_csv(&tickets, personal),
        )
            .into_response(),
        Err(e) => server_error(&e.to_string()),
    }
}

pub async fn api_tickets(
    State(st): State<StaffState>,
    session: Option<StaffSession>,
    Query(form): Query<FilterForm>,
) -> Response {
    if session.is_none() {
        let body = Json(json!({"error": "login required"}));
        return (StatusCode::UNAUTHORIZED, body).into_response();
    }
    let (filter, _) = form.trimmed().to_filter();
    match st.tickets.list(&filter) {
        Ok(tickets) => Json(to_json(&tickets, true)).into_response(),
        Err(e) => {
            let body = Json(json!({"error": e.to_string()}));
            (StatusCode::INTERNAL_SERVER_ERROR, body).into_response()
        }
    }
}
