//! The `/staff` router and the state its handlers share. Pages redirect to the login
//! when there is no session; the JSON API answers 401. Every POST checks the session's
//! CSRF token (see [`super::extract`]).

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

use super::accounts::Accounts;
use super::sessions::Sessions;
use super::{auth, export, ticket_pages};
use crate::tickets::{Outbox, TicketStore, Workflow};

#[derive(Clone)]
pub struct StaffState {
    pub tickets: Arc<dyn TicketStore>,
    pub outbox: Arc<dyn Outbox>,
    pub accounts: Arc<Accounts>,
    pub sessions: Sessions,
}

impl StaffState {
    /// The ticket rules over this state's store and outbox.
    pub fn workflow(&self) -> Workflow {
        Workflow {
            tickets: self.tickets.clone(),
            outbox: self.outbox.clone(),
            notice: crate::chat::render::ticket_answer_notice,
        }
    }
}

pub fn router(state: StaffState) -> Router {
    use ticket_pages::{act, list, ticket_page, unknown_action};
    use ticket_pages::{AnswerForm, AssignForm, NoteForm, StatusForm};
    Router::new()
        .route("/staff", get(list))
        .route("/staff/", get(list))
        .route("/staff/login", get(auth::login_page).post(auth::login))
        .route("/staff/logout", post(auth::logout))
        .route("/staff/tickets/{code}", get(ticket_page))
        .route("/staff/tickets/{code}/answer", post(act::<AnswerForm>))
        .route("/staff/tickets/{code}/assign", post(act::<AssignForm>))
        .route("/staff/tickets/{code}/status", post(act::<StatusForm>))
        .route("/staff/tickets/{code}/note", post(act::<NoteForm>))
        .route("/staff/tickets/{code}/{action}", post(unknown_action))
        .route("/staff/export.csv", get(export::csv))
        .route("/staff/api/tickets", get(export::api_tickets))
        .with_state(state)
}
