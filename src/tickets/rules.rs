//! The ticket workflow every caller shares: answering marks a ticket answered and
//! queues the reply for the citizen in the outbox, assigning someone moves a new ticket
//! in progress, and answers and notes have bounded length. Each step is one store update
//! with its history entry.

use std::sync::Arc;

use super::model::{Status, Ticket, TicketUnit};
use super::outbox::Outbox;
use super::store::{TicketError, TicketStore};

/// The message that carries an answer to the citizen, from the ticket and the answer; the
/// wording belongs to the chat's texts, which sit above tickets.
pub type AnswerNotice = Arc<dyn Fn(&Ticket, &str) -> String + Send + Sync>;

/// Longest staff answer or note, in characters.
pub const MAX_TEXT: usize = 4000;

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("an answer must have 1 to {MAX_TEXT} characters")]
    AnswerLength,
    #[error("a note must have 1 to {MAX_TEXT} characters")]
    NoteLength,
    #[error(transparent)]
    Store(#[from] TicketError),
}

/// The tickets and the outbox the answers go through. Cheap to clone.
#[derive(Clone)]
pub struct Workflow {
    pub tickets: Arc<dyn TicketStore>,
    pub outbox: Arc<dyn Outbox>,
    /// How an answer is worded for the citizen.
    pub notice: AnswerNotice,
}

/// Trimmed `text` when it has 1 to [`MAX_TEXT`] characters.
fn bounded(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty() && text.chars().count() <= MAX_TEXT).then_some(text)
}

impl Workflow {
    /// Records `actor`'s answer, marks the ticket answered and queues the answer for
    /// delivery to the citizen.
    pub fn answer(&self, code: &str, actor: &str, answer: &str) -> Result<Ticket, RuleError> {
        let answer = bounded(answer).ok_or(RuleError::AnswerLength)?;
        let t = self
            .tickets
            .update(code, actor, "answer", answer, &|t: &mut Ticket| {
                t.status = Status::Answered
            })?;
        self.outbox
            .enqueue(&t.code, t.channel, &t.user_id, &(self.notice)(&t, answer))?;
        Ok(t)
    }

    /// Assigns the ticket (an empty name unassigns it); a new ticket given to someone
    /// is in progress from then on.
    pub fn assign(&self, code: &str, actor: &str, assignee: &str) -> Result<Ticket, RuleError> {
        let who = assignee.trim();
        let detail = if who.is_empty() {
            "bỏ phân công".to_owned()
        } else {
            format!("giao cho {who}")
        };
        Ok(self
            .tickets
            .update(code, actor, "assign", &detail, &|t: &mut Ticket| {
                t.assignee = Some(who.to_owned()).filter(|w| !w.is_empty());
                if t.status == Status::New && !who.is_empty() {
                    t.status = Status::InProgress;
                }
            })?)
    }

    pub fn set_status(&self, code: &str, actor: &str, status: Status) -> Result<Ticket, RuleError> {
        Ok(self
            .tickets
            .update(code, actor, "status", status.label(), &|t: &mut Ticket| {
                t.status = status
            })?)
    }

    /// Routes the ticket to `unit` (none: the province's common queue); the history
    /// records from where to where.
    pub fn route(
        &self,
        code: &str,
        actor: &str,
        unit: Option<TicketUnit>,
    ) -> Result<Ticket, RuleError> {
        let before = self
            .tickets
            .get(code)?
            .ok_or_else(|| RuleError::Store(TicketError::NotFound(code.to_owned())))?;
        let name = |u: &Option<TicketUnit>| {
            u.as_ref()
                .map_or_else(|| "chưa có đơn vị".to_owned(), |u| u.name.clone())
        };
        let detail = format!("chuyển từ {} đến {}", name(&before.unit), name(&unit));
        Ok(self
            .tickets
            .update(code, actor, "route", &detail, &|t: &mut Ticket| {
                t.unit = unit.clone()
            })?)
    }

    /// Adds an internal note to the history.
    pub fn note(&self, code: &str, actor: &str, note: &str) -> Result<Ticket, RuleError> {
        let note = bounded(note).ok_or(RuleError::NoteLength)?;
        Ok(self.tickets.update(code, actor, "note", note, &|_| {})?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tickets::{NewTicket, StoredOutbox, StoredTickets};

    fn workflow() -> (Workflow, Ticket) {
        let db = crate::storage::Storage::temporary().unwrap();
        let w = Workflow {
            tickets: Arc::new(StoredTickets::new(&db).unwrap()),
            outbox: Arc::new(StoredOutbox::new(&db).unwrap()),
            notice: Arc::new(|t: &Ticket, answer: &str| format!("{}: {answer}", t.code)),
        };
        let t = w
            .tickets
            .create(NewTicket {
                channel: crate::channel::Channel::Web,
                user_id: "u1".into(),
                content: "Hồ sơ chậm".into(),
                category: "phản ánh".into(),
                ..NewTicket::default()
            })
            .unwrap();
        (w, t)
    }

    #[test]
    fn answering_marks_answered_and_queues_the_reply() {
        let (w, t) = workflow();
        let done = w
            .answer(&t.code.to_lowercase(), "lan", "  Đã xử lý.  ")
            .unwrap();
        assert_eq!(done.status, Status::Answered);
        assert_eq!(done.history.last().unwrap().detail, "Đã xử lý.");
        let queued = w.outbox.pending();
        assert_eq!(queued.len(), 1);
        assert_eq!(
            (queued[0].channel, queued[0].user_id.as_str()),
            (crate::channel::Channel::Web, "u1")
        );
        assert_eq!(queued[0].text, format!("{}: Đã xử lý.", t.code));
    }

    #[test]
    fn empty_or_long_answers_and_notes_change_nothing() {
        let (w, t) = workflow();
        let long = "a".repeat(MAX_TEXT + 1);
        assert!(matches!(
            w.answer(&t.code, "lan", " "),
            Err(RuleError::AnswerLength)
        ));
        assert!(matches!(
            w.answer(&t.code, "lan", &long),
            Err(RuleError::AnswerLength)
        ));
        assert!(matches!(
            w.note(&t.code, "lan", ""),
            Err(RuleError::NoteLength)
        ));
        assert!(w.note(&t.code, "lan", &"a".repeat(MAX_TEXT)).is_ok());
        assert!(w.outbox.pending().is_empty());
        assert_eq!(w.tickets.get(&t.code).unwrap().unwrap().status, Status::New);
    }

    #[test]
    fn assigning_moves_a_new_ticket_in_progress_only() {
        let (w, t) = workflow();
        let a = w.assign(&t.code, "lan", " tuan ").unwrap();
        assert_eq!(
            (a.status, a.assignee.as_deref()),
            (Status::InProgress, Some("tuan"))
        );
        assert_eq!(a.history.last().unwrap().detail, "giao cho tuan");
        w.set_status(&t.code, "lan", Status::Closed).unwrap();
        let b = w.assign(&t.code, "lan", "").unwrap();
        assert_eq!((b.status, b.assignee), (Status::Closed, None));
        assert_eq!(b.history.last().unwrap().detail, "bỏ phân công");
    }

    #[test]
    fn routing_changes_the_unit_and_records_both_ends() {
        let (w, t) = workflow();
        let unit = |code: &str, name: &str| TicketUnit {
            code: code.into(),
            name: name.into(),
        };
        let a = w
            .route(&t.code, "lan", Some(unit("18244", "Xã Đức Minh")))
            .unwrap();
        assert_eq!(a.unit_code(), Some("18244"));
        let b = w
            .route(&t.code, "lan", Some(unit("18247", "Xã Đức Thọ")))
            .unwrap();
        let routes: Vec<&str> = b
            .history
            .iter()
            .filter(|h| h.action == "route")
            .map(|h| h.detail.as_str())
            .collect();
        assert_eq!(
            routes,
            [
                "chuyển từ chưa có đơn vị đến Xã Đức Minh",
                "chuyển từ Xã Đức Minh đến Xã Đức Thọ"
            ]
        );
        assert!(
            w.outbox.pending().is_empty(),
            "routing tells the citizen nothing"
        );
    }

    #[test]
    fn unknown_tickets_are_not_found() {
        let (w, _) = workflow();
        assert!(matches!(
            w.note("PA-2000-999999", "lan", "x"),
            Err(RuleError::Store(TicketError::NotFound(_)))
        ));
    }
}
