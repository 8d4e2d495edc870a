//! Feedback tickets (phản ánh, kiến nghị): the model, the durable sled store, phone
//! validation, the outbox that delivers staff answers to citizens, and the workflow
//! rules (answer, assign, status, note) every caller applies.

pub mod export;
pub mod model;
pub mod outbox;
pub mod phone;
pub mod rules;
pub mod store;

pub use model::{HistoryEntry, NewTicket, Status, Ticket};
pub use outbox::{Delivery, Outbox};
pub use rules::{RuleError, Workflow};
pub use store::{TicketError, TicketFilter, TicketStore};
