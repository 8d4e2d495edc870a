//! Feedback tickets (phản ánh, kiến nghị): the model, the durable store (a trait, and its
//! implementation on the database), phone
//! validation, the outbox that delivers staff answers to citizens, and the workflow
//! rules (answer, assign, status, note) every caller applies.

pub mod code;
pub mod db_store;
pub mod due;
pub mod export;
pub mod model;
pub mod outbox;
pub mod phone;
pub mod rules;
pub mod store;

pub use db_store::StoredTickets;
pub use due::Deadlines;
pub use model::{HistoryEntry, NewTicket, Status, Ticket, TicketRating, TicketUnit};
pub use outbox::{Delivery, Outbox, StoredOutbox, Subject};
pub use rules::{RuleError, Workflow};
pub use store::{TicketError, TicketFilter, TicketStore};
