//! The web chat's recent turns per user, so that a reload, or the same browser on another
//! day, shows the conversation again (`GET /api/history?user_id=`). Kept per user id,
//! bounded to the last [`MAX_ENTRIES`] messages.

use serde::{Deserialize, Serialize};

use crate::chat::{Button, Message};
use crate::storage::{Storage, Table, Tree};
use crate::time::now_secs;

/// Messages kept per user (the page replays them all).
pub const MAX_ENTRIES: usize = 40;

/// Who wrote a message of the web chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Who {
    Citizen,
    Bot,
    /// A staff answer to a ticket.
    Officer,
}

/// One message as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub who: Who,
    pub text: String,
    #[serde(default)]
    pub buttons: Vec<Button>,
    /// Unix seconds.
    pub at: u64,
}

impl Entry {
    pub fn citizen(text: &str) -> Entry {
        Entry::of(Who::Citizen, &Message::text(text))
    }

    pub fn of(who: Who, m: &Message) -> Entry {
        Entry {
            who,
            text: m.text.clone(),
            buttons: m.buttons.clone(),
            at: now_secs(),
        }
    }
}

#[derive(Clone)]
pub struct WebHistory {
    tree: Table,
}

impl WebHistory {
    pub fn new(storage: &Storage) -> Result<WebHistory, crate::storage::StorageError> {
        Ok(WebHistory {
            tree: storage.tree(Tree::WebHistory)?,
        })
    }

    /// Appends messages to the user's history, dropping the oldest beyond the bound.
    pub fn record(
        &self,
        user: &str,
        entries: &[Entry],
    ) -> Result<(), crate::storage::StorageError> {
        self.tree.update(user.as_bytes(), |old| {
            let mut all: Vec<Entry> = old
                .and_then(|b| serde_json::from_slice(b).ok())
                .unwrap_or_default();
            all.extend_from_slice(entries);
            let excess = all.len().saturating_sub(MAX_ENTRIES);
            all.drain(..excess);
            Some(serde_json::to_vec(&all).expect("history serializes"))
        })?;
        Ok(())
    }

    /// The user's kept messages, oldest first.
    pub fn recent(&self, user: &str) -> Vec<Entry> {
        self.tree
            .get(user.as_bytes())
            .ok()
            .flatten()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_keeps_the_last_messages_in_order() {
        for (backend, storage) in crate::storage::testing::backends() {
            eprintln!("backend: {backend}");
            let h = WebHistory::new(&storage).unwrap();
            for i in 0..MAX_ENTRIES + 5 {
                h.record("u", &[Entry::citizen(&format!("câu {i}"))])
                    .unwrap();
            }
            let kept = h.recent("u");
            assert_eq!(kept.len(), MAX_ENTRIES);
            assert_eq!(kept[0].text, "câu 5");
            assert_eq!(
                kept.last().unwrap().text,
                format!("câu {}", MAX_ENTRIES + 4)
            );
            assert!(h.recent("other").is_empty());
        }
    }
}
