//! What citizens asked and what they thought of the answers, for the people who run the
//! service: a question event per searched question (outcome, procedure, knowledge-base
//! version, the masked text) and at most one vote per answer and user (👍 or 👎 with a
//! reason and an optional comment). Users are keyed hashes, never raw ids; question
//! texts are dropped after their retention period, the events after theirs
//! ([`EventStore::purge`]). Content-gap groups staff marked as handled are kept here too.

pub mod db_store;
pub mod model;
pub mod store;

pub use db_store::StoredEvents;
pub use model::{Asked, AskedRef, Reason, Vote, VoteRecord};
pub use store::{EventError, EventStore, Purged};
