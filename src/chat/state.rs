//! Per-user conversation state: what it holds, the [`Conversations`] store it lives in,
//! and that store in the database ([`StateStore`]): survives restarts, expires after idle time.

use serde::{Deserialize, Serialize};

use crate::channel::Channel;
use crate::storage::{Storage, Table, Tree};
use crate::time::now_secs;

/// What the bot remembers about one user between messages.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ConversationState {
    /// Id of the last procedure shown as a card (for follow-ups).
    pub last_procedure: Option<String>,
    /// Payloads of the last buttons shown, so "2" picks the second (channels without
    /// buttons show them as a numbered list).
    #[serde(default)]
    pub choices: Vec<String>,
    /// A feedback ticket being filed, if any.
    #[serde(default)]
    pub feedback: Option<super::dialogue::Draft>,
    /// The commune or ward the citizen said they are in (a question naming it, or the
    /// feedback dialogue): cards of commune-level procedures name its office.
    #[serde(default)]
    pub place: Option<crate::tickets::TicketUnit>,
    /// The dossier being looked up: waiting for the last digits, or verified.
    #[serde(default)]
    pub dossier: Option<super::dossier::DossierStep>,
    /// The question event whose 👎 awaits an optional comment.
    #[serde(default)]
    pub comment_for: Option<String>,
    /// Unix seconds of the last message.
    pub last_seen: u64,
}

impl ConversationState {
    /// The procedure of the last card shown, while it is still in the knowledge base.
    pub fn last_procedure_in<'a>(
        &self,
        s: &'a crate::search::Searcher,
    ) -> Option<&'a crate::knowledge::Procedure> {
        match s.by_id(self.last_procedure.as_deref()?)? {
            crate::search::Entry::Procedure(p) => Some(p),
            crate::search::Entry::Plan(_) => None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("state store: {0}")]
    Storage(#[from] crate::storage::StorageError),
}

/// Where conversation states are kept, keyed by channel and user id.
pub trait Conversations: Send + Sync {
    /// The user's state, or a fresh one when none is stored or it expired.
    fn load(&self, channel: Channel, user: &str) -> Result<ConversationState, StateError>;
    /// Stores the state, stamped with the current time.
    fn save(
        &self,
        channel: Channel,
        user: &str,
        state: &ConversationState,
    ) -> Result<(), StateError>;
    /// Deletes the states last used more than `secs` seconds ago; how many went.
    fn purge_older_than(&self, secs: u64) -> Result<usize, StateError>;
}

/// Conversation states in the database (sled or PostgreSQL).
#[derive(Clone)]
pub struct StateStore {
    tree: Table,
    idle_secs: u64,
}

impl StateStore {
    pub fn new(storage: &Storage, idle_secs: u64) -> Result<Self, StateError> {
        Ok(StateStore {
            tree: storage.tree(Tree::Conversations)?,
            idle_secs,
        })
    }

    fn key(channel: Channel, user: &str) -> Vec<u8> {
        format!("{channel}\u{0}{user}").into_bytes()
    }
}

impl Conversations for StateStore {
    fn load(&self, channel: Channel, user: &str) -> Result<ConversationState, StateError> {
        let Some(bytes) = self.tree.get(Self::key(channel, user))? else {
            return Ok(ConversationState::default());
        };
        let state: ConversationState = serde_json::from_slice(&bytes).unwrap_or_default();
        if now_secs().saturating_sub(state.last_seen) > self.idle_secs {
            return Ok(ConversationState::default());
        }
        Ok(state)
    }

    fn save(
        &self,
        channel: Channel,
        user: &str,
        state: &ConversationState,
    ) -> Result<(), StateError> {
        let mut state = state.clone();
        state.last_seen = now_secs();
        let bytes = serde_json::to_vec(&state).expect("state serializes");
        self.tree.insert(Self::key(channel, user), bytes)?;
        Ok(())
    }

    fn purge_older_than(&self, secs: u64) -> Result<usize, StateError> {
        purge_before(&self.tree, now_secs().saturating_sub(secs))
    }
}

/// Deletes the states of `tree` last seen before `cutoff` (unix seconds); a state saved
/// meanwhile is kept (compare-and-swap on the bytes read). Unreadable states go too.
fn purge_before(tree: &Table, cutoff: u64) -> Result<usize, StateError> {
    let mut purged = 0;
    for (key, bytes) in tree.entries()? {
        let last_seen =
            serde_json::from_slice::<ConversationState>(&bytes).map_or(0, |s| s.last_seen);
        if last_seen < cutoff && tree.compare_and_swap(&key, Some(&bytes), None)? {
            purged += 1;
        }
    }
    Ok(purged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(tree: &Table, user: &str, last_seen: u64) {
        let state = ConversationState {
            last_procedure: Some("p".into()),
            last_seen,
            ..ConversationState::default()
        };
        let key = StateStore::key(Channel::Web, user);
        tree.insert(key, serde_json::to_vec(&state).unwrap())
            .unwrap();
    }

    #[test]
    fn purge_deletes_only_states_older_than_the_retention() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let store = StateStore::new(&storage, u64::MAX).unwrap();
            let day = 24 * 3600;
            let now = now_secs();
            stored(&store.tree, "old", now - 91 * day);
            stored(&store.tree, "recent", now - 89 * day);
            store
                .save(Channel::Telegram, "today", &ConversationState::default())
                .unwrap();
            store
                .tree
                .insert(StateStore::key(Channel::Web, "junk"), &b"{"[..])
                .unwrap();

            assert_eq!(store.purge_older_than(90 * day).unwrap(), 2);
            assert!(store
                .tree
                .get(StateStore::key(Channel::Web, "old"))
                .unwrap()
                .is_none());
            assert_eq!(
                store
                    .load(Channel::Web, "recent")
                    .unwrap()
                    .last_procedure
                    .as_deref(),
                Some("p")
            );
            assert!(store
                .tree
                .get(StateStore::key(Channel::Telegram, "today"))
                .unwrap()
                .is_some());
            assert_eq!(store.purge_older_than(90 * day).unwrap(), 0);
        }
    }
}
