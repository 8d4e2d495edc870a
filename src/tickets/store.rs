//! Where tickets are kept: the [`TicketStore`] every caller uses (the database one is
//! [`super::db_store::StoredTickets`]), its errors and the staff list's filter.

use super::model::{NewTicket, Status, Ticket};
use crate::channel::Channel;
use crate::text::{fold, normalize};

#[derive(Debug, thiserror::Error)]
pub enum TicketError {
    #[error("ticket store: {0}")]
    Storage(#[from] crate::storage::StorageError),
    #[error("ticket store transaction: {0}")]
    Transaction(String),
    #[error("ticket code {0} is taken")]
    CodeTaken(String),
    #[error("ticket {0} not found")]
    NotFound(String),
    #[error("stored ticket {code} is unreadable: {reason}")]
    Corrupt { code: String, reason: String },
}

/// Filters of the staff list and exports; empty fields match everything.
#[derive(Debug, Clone, Default)]
pub struct TicketFilter {
    pub status: Option<Status>,
    /// Unix seconds, inclusive.
    pub from: Option<u64>,
    /// Unix seconds, exclusive.
    pub to: Option<u64>,
    /// Folded substring of code, content, name, procedure, phone or unit name.
    pub text: Option<String>,
    pub assignee: Option<String>,
    /// The units a staff member may see (codes); `None` sees every ticket, and a ticket
    /// routed to no unit is seen only with `None`.
    pub scope: Option<Vec<String>>,
}

impl TicketFilter {
    pub fn matches(&self, t: &Ticket) -> bool {
        let text_ok = self.text.as_deref().map(folded).is_none_or(|q| {
            q.is_empty()
                || [
                    Some(&t.code),
                    Some(&t.content),
                    t.name.as_ref(),
                    t.procedure.as_ref(),
                    t.phone.as_ref(),
                    t.unit.as_ref().map(|u| &u.name),
                ]
                .into_iter()
                .flatten()
                .any(|f| folded(f).contains(&q))
        });
        self.status.is_none_or(|s| s == t.status)
            && self.from.is_none_or(|f| t.created_at >= f)
            && self.to.is_none_or(|to| t.created_at < to)
            && self
                .assignee
                .as_deref()
                .is_none_or(|a| a.is_empty() || t.assignee.as_deref() == Some(a))
            && self.in_scope(t)
            && text_ok
    }

    /// True when the filter's scope lets a staff member see the ticket.
    pub fn in_scope(&self, t: &Ticket) -> bool {
        self.scope
            .as_deref()
            .is_none_or(|units| t.routed_to_any(units))
    }
}

fn folded(s: &str) -> String {
    fold(&normalize(s))
}

/// The durable ticket store. Every write is on disk before it returns, so a code shown
/// to a citizen is never lost.
pub trait TicketStore: Send + Sync {
    /// Writes a new ticket with a fresh code. Only after this returns may the code be
    /// shown to the citizen.
    fn create(&self, new: NewTicket) -> Result<Ticket, TicketError>;

    /// Like [`create`](Self::create), once per `draft` id: a draft filed again (a
    /// confirmation repeated after a crash) returns the ticket filed the first time.
    fn create_once(&self, new: NewTicket, draft: &str) -> Result<Ticket, TicketError>;

    fn get(&self, code: &str) -> Result<Option<Ticket>, TicketError>;

    /// Applies `change` to a ticket and appends a history entry, atomically.
    fn update(
        &self,
        code: &str,
        actor: &str,
        action: &str,
        detail: &str,
        change: &dyn Fn(&mut Ticket),
    ) -> Result<Ticket, TicketError>;

    /// Every ticket matching the filter, newest first.
    fn list(&self, filter: &TicketFilter) -> Result<Vec<Ticket>, TicketError>;

    /// Codes of one user's tickets on one channel.
    fn codes_of_user(&self, channel: Channel, user: &str) -> Vec<String>;

    /// Number of tickets in each status.
    fn counts(&self) -> Vec<(Status, usize)>;

    /// Number of tickets in each status among those `scope` lets through (see
    /// [`TicketFilter::scope`]).
    fn counts_in(&self, scope: Option<&[String]>) -> Result<Vec<(Status, usize)>, TicketError> {
        let Some(units) = scope else {
            return Ok(self.counts());
        };
        let filter = TicketFilter {
            scope: Some(units.to_vec()),
            ..TicketFilter::default()
        };
        let tickets = self.list(&filter)?;
        Ok(Status::ALL
            .into_iter()
            .map(|s| (s, tickets.iter().filter(|t| t.status == s).count()))
            .collect())
    }

    /// The ticket only when it belongs to this channel and user.
    fn get_for_user(
        &self,
        code: &str,
        channel: Channel,
        user: &str,
    ) -> Result<Option<Ticket>, TicketError> {
        Ok(self
            .get(code)?
            .filter(|t| t.channel == channel && t.user_id == user))
    }
}
