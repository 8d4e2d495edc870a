//! Staff answers waiting to reach citizens. Durable (sled): a failed delivery is retried
//! with growing delays and recorded in the ticket history, never dropped silently.

use serde::{Deserialize, Serialize};

use super::store::TicketError;
use crate::storage::{Storage, Tree};
use crate::time::now_secs;

/// Longest wait between two delivery attempts.
const MAX_BACKOFF_SECS: u64 = 600;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: u64,
    pub code: String,
    pub channel: String,
    pub user_id: String,
    pub text: String,
    pub attempts: u32,
    /// Unix seconds before which no new attempt is made.
    pub next_at: u64,
    pub last_error: Option<String>,
}

#[derive(Clone)]
pub struct Outbox {
    storage: Storage,
    tree: sled::Tree,
}

impl Outbox {
    pub fn new(storage: &Storage) -> Result<Outbox, TicketError> {
        Ok(Outbox {
            storage: storage.clone(),
            tree: storage.tree(Tree::Outbox)?,
        })
    }

    pub fn enqueue(
        &self,
        code: &str,
        channel: &str,
        user_id: &str,
        text: &str,
    ) -> Result<Delivery, TicketError> {
        let id = self.storage.generate_id()?;
        let d = Delivery {
            id,
            code: code.to_owned(),
            channel: channel.to_owned(),
            user_id: user_id.to_owned(),
            text: text.to_owned(),
            attempts: 0,
            next_at: 0,
            last_error: None,
        };
        self.put(&d)?;
        self.storage.flush()?;
        Ok(d)
    }

    fn put(&self, d: &Delivery) -> Result<(), TicketError> {
        self.tree.insert(
            d.id.to_be_bytes(),
            serde_json::to_vec(d).expect("delivery serializes"),
        )?;
        Ok(())
    }

    /// Deliveries whose time has come.
    pub fn due(&self) -> Vec<Delivery> {
        let now = now_secs();
        self.tree
            .iter()
            .values()
            .filter_map(Result::ok)
            .filter_map(|v| serde_json::from_slice::<Delivery>(&v).ok())
            .filter(|d| d.next_at <= now)
            .collect()
    }

    /// Every pending delivery (for staff pages).
    pub fn pending(&self) -> Vec<Delivery> {
        self.tree
            .iter()
            .values()
            .filter_map(Result::ok)
            .filter_map(|v| serde_json::from_slice::<Delivery>(&v).ok())
            .collect()
    }

    pub fn delivered(&self, d: &Delivery) -> Result<(), TicketError> {
        self.tree.remove(d.id.to_be_bytes())?;
        self.storage.flush()?;
        Ok(())
    }

    /// Records a failed attempt and schedules the next one.
    pub fn failed(&self, d: &Delivery, error: &str) -> Result<Delivery, TicketError> {
        let mut next = d.clone();
        next.attempts += 1;
        next.next_at = now_secs() + (2u64.saturating_pow(next.attempts)).min(MAX_BACKOFF_SECS);
        next.last_error = Some(error.to_owned());
        self.put(&next)?;
        Ok(next)
    }
}
