//! The [`EventStore`] every caller uses, and its errors.

use super::model::{Asked, AskedRef, Reason, Vote, VoteRecord};

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("event store: {0}")]
    Storage(#[from] crate::storage::StorageError),
    #[error("question event {0} not found")]
    NotFound(AskedRef),
}

/// What a purge removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Question and comment texts dropped (their events kept).
    pub texts: usize,
    /// Events and votes deleted.
    pub events: usize,
}

/// Question events and votes, by time.
pub trait EventStore: Send + Sync {
    /// Stores a question event; its `id` is assigned here. The event as stored.
    fn record(&self, asked: Asked) -> Result<Asked, EventError>;

    fn asked(&self, r: AskedRef) -> Result<Option<Asked>, EventError>;

    /// `user`'s vote on an answer, replacing their earlier one (a 👍 clears the reason
    /// and comment of an earlier 👎).
    fn vote(&self, r: AskedRef, user: &str, vote: Vote, at: u64) -> Result<(), EventError>;

    /// The reason of `user`'s 👎 (a 👎 is recorded if there was no vote).
    fn reason(&self, r: AskedRef, user: &str, reason: Reason, at: u64) -> Result<(), EventError>;

    /// The free-text comment of `user`'s vote (masked by the caller).
    fn comment(&self, r: AskedRef, user: &str, text: &str) -> Result<(), EventError>;

    /// Questions asked in `[from, to)`, oldest first.
    fn questions(&self, from: u64, to: u64) -> Result<Vec<Asked>, EventError>;

    /// Votes on the questions asked in `[from, to)`.
    fn votes(&self, from: u64, to: u64) -> Result<Vec<VoteRecord>, EventError>;

    /// Drops texts older than `text_before` and deletes events and votes older than
    /// `event_before` (Unix seconds).
    fn purge(&self, text_before: u64, event_before: u64) -> Result<Purged, EventError>;

    /// Marks a content-gap group handled (an alias or a procedure was added).
    fn mark_gap_handled(&self, key: &str, by: &str, at: u64) -> Result<(), EventError>;

    /// Keys of the content-gap groups marked handled.
    fn handled_gaps(&self) -> Result<Vec<String>, EventError>;
}
