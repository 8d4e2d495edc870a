//! Feedback tickets (phản ánh, kiến nghị): the model, the durable store (a trait, and its
//! sled implementation), phone
//! validation, the outbox that delivers staff answers to citizens, and the workflow
//! rules (answer, assign, status, note) every caller applies.

pub mod code;
pub mod due;
pub mod export;
pub mod model;
pub mod outbox;
pub mod phone;
pub mod rules;
pub mod sled_store;
pub mod store;

pub use due::Deadlines;
pub use model::{HistoryEntry, NewTicket, Status, Ticket, TicketRating, TicketUnit};
pub use outbox::{Delivery, Outbox, SledOutbox, Subject};
pub use rules::{RuleError, Workflow};
pub use sled_store::SledTickets;
pub use store::{TicketError, TicketFilter, TicketStore};
