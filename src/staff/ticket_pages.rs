//! The ticket list with its filters, one ticket's page, and the staff actions on a
//! ticket (answer, assign, status, note, route to a unit). The actions only read their
//! form and apply [`crate::tickets::Workflow`]; the rules live there. A staff member
//! sees only the tickets of their scope (see [`super::roles`]): any other ticket is not
//! found, in the list, its counts and its page alike.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::extract::{CsrfForm, NoFields, StaffSession};
use super::filter::FilterForm;
use super::html::{not_found, respond, server_error, Deadline, ListPage, TicketPage, UserBar};
use super::listing;
use super::routes::StaffState;
use crate::chat::place::Reading;
use crate::tickets::rules::MAX_TEXT;
use crate::tickets::{Delivery, RuleError, Status, Ticket, TicketError, TicketUnit, Workflow};
use crate::time::{now_secs, vn_date};

impl StaffSession {
    pub(super) fn user_bar(&self) -> UserBar<'_> {
        UserBar {
            name: &self.staff,
            csrf: &self.csrf,
            role: self.role.label(),
            admin: self.role == super::roles::Role::Admin,
        }
    }

    /// The ticket with this code, when it exists and this staff member may see it.
    fn visible_ticket(&self, st: &StaffState, code: &str) -> Result<Option<Ticket>, TicketError> {
        Ok(st.tickets.get(code)?.filter(|t| self.scope.sees(t)))
    }
}

pub async fn list(
    State(st): State<StaffState>,
    session: StaffSession,
    Query(form): Query<FilterForm>,
) -> Response {
    let form = form.trimmed();
    let (mut filter, error) = form.to_filter();
    filter.scope = session.scope.units().map(<[String]>::to_vec);
    let counts = st.tickets.counts_in(session.scope.units());
    match (st.tickets.list(&filter), counts) {
        (Ok(tickets), Ok(counts)) => {
            let listing = listing::page(&tickets, &form, &session.staff, &st.deadlines, now_secs());
            let page = ListPage::new(
                session.user_bar(),
                &form,
                filter.status,
                listing,
                &counts,
                error.as_deref(),
            );
            respond(StatusCode::OK, &page)
        }
        (Err(e), _) | (_, Err(e)) => server_error(&e.to_string()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TicketQuery {
    /// A saved reply to fill the answer box with.
    reply: String,
}

pub async fn ticket_page(
    State(st): State<StaffState>,
    session: StaffSession,
    Path(code): Path<String>,
    Query(q): Query<TicketQuery>,
) -> Response {
    let prefill = st.replies.get(q.reply.trim()).unwrap_or_default();
    render_ticket_with(&st, &session, &code, StatusCode::OK, None, prefill)
}

/// What the staff page says about an answer not yet delivered.
fn pending_line(d: &Delivery) -> String {
    match &d.last_error {
        Some(e) => format!(
            "Trả lời chưa gửi được tới công dân ({} lần thử): {e}. Hệ thống sẽ tự gửi lại.",
            d.attempts
        ),
        None => "Trả lời đang chờ gửi tới công dân.".to_owned(),
    }
}

fn render_ticket(
    st: &StaffState,
    session: &StaffSession,
    code: &str,
    status: StatusCode,
    notice: Option<&str>,
) -> Response {
    render_ticket_with(st, session, code, status, notice, String::new())
}

fn render_ticket_with(
    st: &StaffState,
    session: &StaffSession,
    code: &str,
    status: StatusCode,
    notice: Option<&str>,
    prefill: String,
) -> Response {
    let t = match session.visible_ticket(st, code) {
        Ok(Some(t)) => t,
        Ok(None) => return not_found(code),
        Err(e) => return server_error(&e.to_string()),
    };
    let pending: Vec<String> = st
        .outbox
        .pending()
        .iter()
        .filter(|d| d.code == t.code)
        .map(pending_line)
        .collect();
    let staff: Vec<String> = st
        .accounts
        .list()
        .into_iter()
        .filter(|a| !a.disabled)
        .map(|a| a.name)
        .collect();
    let saved: Vec<String> = st.replies.list().into_iter().map(|(n, _)| n).collect();
    let due = st.deadlines.due(t.created_at);
    let deadline = Deadline {
        day: vn_date(due - 1),
        overdue: st.deadlines.overdue(&t, now_secs()),
    };
    let page = TicketPage::new(session.user_bar(), &t, &pending, notice)
        .with_deadline(deadline)
        .with_staff(&staff)
        .with_saved_replies(&saved, prefill);
    respond(status, &page)
}

/// The ticket page again with a 400 and what was wrong with the form.
fn rejected(st: &StaffState, session: &StaffSession, code: &str, message: &str) -> Response {
    render_ticket(st, session, code, StatusCode::BAD_REQUEST, Some(message))
}

/// Why an action was not applied, beyond the ticket store failing.
pub enum Refusal {
    /// The form is wrong: the ticket page again with this message and a 400.
    Form(String),
    Rule(RuleError),
}

impl From<RuleError> for Refusal {
    fn from(e: RuleError) -> Self {
        match e {
            RuleError::AnswerLength => Refusal::Form(format!(
                "Nội dung trả lời phải có từ 1 đến {MAX_TEXT} ký tự."
            )),
            RuleError::NoteLength => {
                Refusal::Form(format!("Ghi chú phải có từ 1 đến {MAX_TEXT} ký tự."))
            }
            e => Refusal::Rule(e),
        }
    }
}

/// The form of one staff action on a ticket, applied through the workflow rules.
pub trait TicketAction: DeserializeOwned + Send + 'static {
    /// Checks against the staff state before the action (e.g. the assignee exists),
    /// resolving what the form names.
    fn check(&mut self, _st: &StaffState) -> Result<(), Refusal> {
        Ok(())
    }

    fn apply(self, w: &Workflow, code: &str, staff: &str) -> Result<Ticket, Refusal>;
}

/// `POST /staff/tickets/{code}/answer`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    answer: String,
}

impl TicketAction for AnswerForm {
    fn apply(self, w: &Workflow, code: &str, staff: &str) -> Result<Ticket, Refusal> {
        Ok(w.answer(code, staff, &self.answer)?)
    }
}

/// `POST /staff/tickets/{code}/assign`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    assignee: String,
}

impl TicketAction for AssignForm {
    /// Tickets go to enabled staff accounts only (or to nobody, with an empty name).
    fn check(&mut self, st: &StaffState) -> Result<(), Refusal> {
        let who = self.assignee.trim();
        let known = st
            .accounts
            .get(who)
            .ok()
            .flatten()
            .is_some_and(|a| !a.disabled);
        if who.is_empty() || known {
            Ok(())
        } else {
            Err(Refusal::Form(format!(
                "Không có cán bộ «{who}» trong danh sách, bạn chọn lại người xử lý."
            )))
        }
    }

    fn apply(self, w: &Workflow, code: &str, staff: &str) -> Result<Ticket, Refusal> {
        Ok(w.assign(code, staff, &self.assignee)?)
    }
}

/// `POST /staff/tickets/{code}/status`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StatusForm {
    status: String,
}

impl TicketAction for StatusForm {
    fn apply(self, w: &Workflow, code: &str, staff: &str) -> Result<Ticket, Refusal> {
        let Some(status) = Status::parse(self.status.trim()) else {
            return Err(Refusal::Form("Trạng thái không hợp lệ.".into()));
        };
        Ok(w.set_status(code, staff, status)?)
    }
}

/// `POST /staff/tickets/{code}/note`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    note: String,
}

impl TicketAction for NoteForm {
    fn apply(self, w: &Workflow, code: &str, staff: &str) -> Result<Ticket, Refusal> {
        Ok(w.note(code, staff, &self.note)?)
    }
}

/// `POST /staff/tickets/{code}/route`: the commune or ward, by name (old names too) or
/// code, within the served province.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RouteForm {
    unit: String,
    #[serde(skip)]
    resolved: Option<TicketUnit>,
}

impl TicketAction for RouteForm {
    fn check(&mut self, st: &StaffState) -> Result<(), Refusal> {
        let text = self.unit.trim();
        match st.places.resolve(text) {
            Reading::One { unit, .. } => {
                self.resolved = Some(unit);
                Ok(())
            }
            Reading::Choose { units, .. } => {
                let named: Vec<String> = units
                    .iter()
                    .map(|u| format!("{} (mã {})", u.name, u.code))
                    .collect();
                Err(Refusal::Form(format!(
                    "«{text}» ứng với nhiều đơn vị: {}. Bạn gõ mã đơn vị.",
                    named.join("; ")
                )))
            }
            Reading::ProvinceOnly(_) | Reading::Unknown => Err(Refusal::Form(format!(
                "Không nhận ra xã/phường «{text}». Bạn gõ tên xã/phường (kèm tỉnh nếu cần) hoặc mã đơn vị."
            ))),
        }
    }

    fn apply(self, w: &Workflow, code: &str, staff: &str) -> Result<Ticket, Refusal> {
        Ok(w.route(code, staff, self.resolved)?)
    }
}

/// Applies action `A` off the async runtime, then redirects to the ticket (to the list
/// when the action moved it out of the staff member's scope) or explains what went
/// wrong. A ticket outside the scope is not found.
pub async fn act<A: TicketAction>(
    State(st): State<StaffState>,
    Path(code): Path<String>,
    form: CsrfForm<A>,
) -> Response {
    let CsrfForm {
        session,
        mut fields,
    } = form;
    match session.visible_ticket(&st, &code) {
        Ok(Some(_)) => {}
        Ok(None) => return not_found(&code),
        Err(e) => return server_error(&e.to_string()),
    }
    if let Err(Refusal::Form(message)) = fields.check(&st) {
        return rejected(&st, &session, &code, &message);
    }
    let workflow = st.workflow();
    let (staff, target) = (session.staff.clone(), code.clone());
    let done = tokio::task::spawn_blocking(move || fields.apply(&workflow, &target, &staff)).await;
    match done {
        Ok(Ok(t)) if session.scope.sees(&t) => {
            Redirect::to(&format!("/staff/tickets/{}", t.code)).into_response()
        }
        Ok(Ok(_)) => Redirect::to("/staff").into_response(),
        Ok(Err(Refusal::Form(message))) => rejected(&st, &session, &code, &message),
        Ok(Err(Refusal::Rule(RuleError::Store(TicketError::NotFound(_))))) => not_found(&code),
        Ok(Err(Refusal::Rule(e))) => server_error(&e.to_string()),
        Err(e) => server_error(&e.to_string()),
    }
}

/// Any other `/staff/tickets/{code}/{action}` POST.
pub async fn unknown_action(
    State(st): State<StaffState>,
    Path((code, _action)): Path<(String, String)>,
    form: CsrfForm<NoFields>,
) -> Response {
    rejected(&st, &form.session, &code, "Thao tác không hợp lệ.")
}
