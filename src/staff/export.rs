//! Exports of the filtered ticket list: `/staff/export.csv` (a download, personal data
//! left out with `no_personal=1`) and the JSON API `/staff/api/tickets`, each holding
//! only the tickets of the staff member's scope.

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
use crate::tickets::TicketFilter;

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    #[serde(flatten)]
    filter: FilterForm,
    /// Any value but empty or `0` leaves names, phones and user ids out.
    #[serde(default)]
    no_personal: Option<String>,
}

/// The form's filter within what `session` may see.
fn scoped_filter(form: FilterForm, session: &StaffSession) -> TicketFilter {
    let (mut filter, _) = form.trimmed().to_filter();
    filter.scope = session.scope.units().map(<[String]>::to_vec);
    filter
}

pub async fn csv(
    State(st): State<StaffState>,
    session: StaffSession,
    Query(q): Query<ExportQuery>,
) -> Response {
    let filter = scoped_filter(q.filter, &session);
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
    let Some(session) = session else {
        let body = Json(json!({"error": "login required"}));
        return (StatusCode::UNAUTHORIZED, body).into_response();
    };
    let filter = scoped_filter(form, &session);
    match st.tickets.list(&filter) {
        Ok(tickets) => Json(to_json(&tickets, true)).into_response(),
        Err(e) => {
            let body = Json(json!({"error": e.to_string()}));
            (StatusCode::INTERNAL_SERVER_ERROR, body).into_response()
        }
    }
}
