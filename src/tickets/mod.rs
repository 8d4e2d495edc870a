//! Feedback tickets (phản ánh, kiến nghị): the model, the durable sled store, phone
//! validation, and the outbox that delivers staff answers to citizens.

pub mod export;
pub mod model;
pub mod outbox;
pub mod phone;
pub mod store;

pub use model::{HistoryEntry, NewTicket, Status, Ticket};
pub use outbox::{Delivery, Outbox};
pub use store::{TicketError, TicketFilter, TicketStore};
