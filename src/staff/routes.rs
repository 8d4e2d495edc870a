//! The `/staff` router and the state its handlers share. Pages redirect to the login
//! when there is no session; the JSON API answers 401. Every POST checks the session's
//! CSRF token (see [`super::extract`]). Every answer carries the security headers of
//! [`security_headers`].

use std::sync::Arc;

use axum::http::{header, HeaderValue};
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use super::accounts::Accounts;
use super::client::Transport;
use super::replies::{self, SavedReplies};
use super::sessions::Sessions;
use super::{auth, dossier_pages, export, stats_page, team, ticket_pages};
use crate::chat::place::Places;
use crate::dossiers::DossierStore;
use crate::events::EventStore;
use crate::tickets::rules::AnswerNotice;
use crate::tickets::{Deadlines, Outbox, TicketStore, Workflow};

/// A procedure's title by id.
pub type Titles = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

#[derive(Clone)]
pub struct StaffState {
    pub tickets: Arc<dyn TicketStore>,
    pub outbox: Arc<dyn Outbox>,
    pub accounts: Arc<Accounts>,
    pub sessions: Sessions,
    pub transport: Transport,
    /// When tickets are due (the list's deadline column and overdue flag).
    pub deadlines: Deadlines,
    /// How an answer is worded for the citizen.
    pub notice: AnswerNotice,
    /// Answers staff saved for reuse.
    pub replies: SavedReplies,
    /// Dossiers imported from the one-stop system (`/staff/ho-so`).
    pub dossiers: Arc<dyn DossierStore>,
    /// The communes and wards tickets can be routed to (the served province's).
    pub places: Places,
    /// Questions and votes (`/staff/thong-ke`).
    pub events: Arc<dyn EventStore>,
    /// A procedure's title in the serving knowledge base (the dashboard's lists).
    pub titles: Titles,
    /// Who runs the bot, named on reports.
    pub service: String,
}

/// The pages use no script and no outside resource; styles are inline.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'none'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Adds the headers every staff answer carries: the content policy, no framing, no
/// caching (pages show personal data), no referrer.
pub async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

impl StaffState {
    /// The ticket rules over this state's store and outbox.
    pub fn workflow(&self) -> Workflow {
        Workflow {
            tickets: self.tickets.clone(),
            outbox: self.outbox.clone(),
            notice: self.notice.clone(),
        }
    }
}

pub fn router(state: StaffState) -> Router {
    use ticket_pages::{act, list, ticket_page, unknown_action};
    use ticket_pages::{AnswerForm, AssignForm, NoteForm, RouteForm, StatusForm};
    Router::new()
        .route("/staff", get(list))
        .route("/staff/", get(list))
        .route("/staff/login", get(auth::login_page).post(auth::login))
        .route("/staff/logout", post(auth::logout))
        .route("/staff/replies", get(replies::page).post(replies::save))
        .route("/staff/replies/delete", post(replies::delete))
        .route("/staff/ho-so", get(dossier_pages::list))
        .route("/staff/can-bo", get(team::page).post(team::save))
        .route("/staff/can-bo/state", post(team::set_state))
        .route("/staff/thong-ke", get(stats_page::page))
        .route("/staff/thong-ke/bao-cao", get(stats_page::download))
        .route("/staff/thong-ke/da-xu-ly", post(stats_page::mark_handled))
        .route("/staff/tickets/{code}", get(ticket_page))
        .route("/staff/tickets/{code}/answer", post(act::<AnswerForm>))
        .route("/staff/tickets/{code}/assign", post(act::<AssignForm>))
        .route("/staff/tickets/{code}/status", post(act::<StatusForm>))
        .route("/staff/tickets/{code}/note", post(act::<NoteForm>))
        .route("/staff/tickets/{code}/route", post(act::<RouteForm>))
        .route("/staff/tickets/{code}/{action}", post(unknown_action))
        .route("/staff/export.csv", get(export::csv))
        .route("/staff/api/tickets", get(export::api_tickets))
        .layer(map_response(security_headers))
        .with_state(state)
}
