//! Messages waiting to reach citizens (staff answers to tickets, dossier status changes):
//! the [`Outbox`] and its implementation on the database.
//! Durable: a failed delivery is retried with growing delays and recorded in the ticket
//! history, never dropped silently.

use serde::{Deserialize, Serialize};

use super::store::TicketError;
use crate::channel::Channel;
use crate::storage::{Storage, Table, Tree};
use crate::time::now_secs;

/// Deliveries claimed at once by one notifier: few, so that sending them all takes far
/// less than a lease.
const CLAIM_BATCH: usize = 10;

/// Longest wait between two delivery attempts.
const MAX_BACKOFF_SECS: u64 = 600;

/// What a delivery is about: its `code` is a ticket code or a dossier code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    /// A staff answer; its delivery is recorded in the ticket history.
    #[default]
    Ticket,
    /// A dossier's new status, for a subscriber.
    Dossier,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub id: u64,
    /// Deliveries queued before subjects existed are ticket answers.
    #[serde(default)]
    pub subject: Subject,
    pub code: String,
    pub channel: Channel,
    pub user_id: String,
    pub text: String,
    pub attempts: u32,
    /// Unix seconds before which no new attempt is made.
    pub next_at: u64,
    pub last_error: Option<String>,
}

/// Where answers wait for delivery. Implementations keep the four primitives durable;
/// which deliveries are due and how a failure is rescheduled are shared rules.
pub trait Outbox: Send + Sync {
    /// Queues a text about `subject` `code` for a citizen; on disk before it returns.
    fn enqueue_for(
        &self,
        subject: Subject,
        code: &str,
        channel: Channel,
        user_id: &str,
        text: &str,
    ) -> Result<Delivery, TicketError>;

    /// Queues a staff answer to ticket `code`.
    fn enqueue(
        &self,
        code: &str,
        channel: Channel,
        user_id: &str,
        text: &str,
    ) -> Result<Delivery, TicketError> {
        self.enqueue_for(Subject::Ticket, code, channel, user_id, text)
    }

    /// Every pending delivery (for staff pages and the notifier).
    fn pending(&self) -> Vec<Delivery>;

    /// Stores a pending delivery's new state (attempts, next time, last error).
    fn reschedule(&self, d: &Delivery) -> Result<(), TicketError>;

    /// Removes a delivery that reached the citizen, unless it changed since it was read
    /// (claimed again by another notifier after its lease ended): true when removed.
    fn delivered(&self, d: &Delivery) -> Result<bool, TicketError>;

    /// Replaces the delivery `old` by `new` unless it changed since it was read; true when
    /// replaced (a failed attempt never brings back a delivery another notifier sent).
    fn replace(&self, old: &Delivery, new: &Delivery) -> Result<bool, TicketError>;

    /// The deliveries whose time has come, claimed for `lease_secs`: no other notifier
    /// (another replica) gets them until the lease ends, so each is sent once; one left
    /// unsent by a notifier that died is sent when its lease ends.
    fn claim_due(&self, lease_secs: u64) -> Result<Vec<Delivery>, TicketError>;

    /// Records a failed attempt and schedules the next one, later each time.
    fn failed(&self, d: &Delivery, error: &str) -> Result<Delivery, TicketError> {
        let mut next = d.clone();
        next.attempts += 1;
        next.next_at = now_secs() + (2u64.saturating_pow(next.attempts)).min(MAX_BACKOFF_SECS);
        next.last_error = Some(error.to_owned());
        self.replace(d, &next)?;
        Ok(next)
    }
}

/// The outbox in the database, keyed by a database-wide id (oldest first).
#[derive(Clone)]
pub struct StoredOutbox {
    storage: Storage,
    tree: Table,
}

impl StoredOutbox {
    pub fn new(storage: &Storage) -> Result<StoredOutbox, TicketError> {
        Ok(StoredOutbox {
            storage: storage.clone(),
            tree: storage.tree(Tree::Outbox)?,
        })
    }
}

impl Outbox for StoredOutbox {
    fn enqueue_for(
        &self,
        subject: Subject,
        code: &str,
        channel: Channel,
        user_id: &str,
        text: &str,
    ) -> Result<Delivery, TicketError> {
        let d = Delivery {
            id: self.storage.generate_id()?,
            subject,
            code: code.to_owned(),
            channel,
            user_id: user_id.to_owned(),
            text: text.to_owned(),
            attempts: 0,
            next_at: 0,
            last_error: None,
        };
        self.reschedule(&d)?;
        self.storage.flush()?;
        Ok(d)
    }

    fn pending(&self) -> Vec<Delivery> {
        self.tree
            .scan_prefix_or_none(b"")
            .iter()
            .filter_map(|(_, v)| serde_json::from_slice::<Delivery>(v).ok())
            .collect()
    }

    fn reschedule(&self, d: &Delivery) -> Result<(), TicketError> {
        let bytes = serde_json::to_vec(d).expect("delivery serializes");
        self.tree.insert(d.id.to_be_bytes(), bytes)?;
        Ok(())
    }

    fn delivered(&self, d: &Delivery) -> Result<bool, TicketError> {
        let bytes = serde_json::to_vec(d).expect("delivery serializes");
        let removed = self
            .tree
            .compare_and_swap(d.id.to_be_bytes(), Some(&bytes), None)?;
        self.storage.flush()?;
        Ok(removed)
    }

    fn replace(&self, old: &Delivery, new: &Delivery) -> Result<bool, TicketError> {
        let before = serde_json::to_vec(old).expect("delivery serializes");
        let after = serde_json::to_vec(new).expect("delivery serializes");
        let key = new.id.to_be_bytes();
        Ok(self
            .tree
            .compare_and_swap(key, Some(&before), Some(&after))?)
    }

    fn claim_due(&self, lease_secs: u64) -> Result<Vec<Delivery>, TicketError> {
        let now = now_secs();
        let claimed = self.tree.claim_due("next_at", now, CLAIM_BATCH, |old| {
            let mut d: Delivery = serde_json::from_slice(old).ok()?;
            d.next_at = now + lease_secs;
            Some(serde_json::to_vec(&d).expect("delivery serializes"))
        })?;
        Ok(claimed
            .iter()
            .filter_map(|(_, v)| serde_json::from_slice(v).ok())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::testing;

    /// Four notifiers (on PostgreSQL, four connections as from four replicas) claim the
    /// due deliveries at once: each delivery is claimed exactly once, and a claimed one
    /// is not due again until its lease ends.
    #[test]
    fn each_due_delivery_is_claimed_once() {
        let mut setups = vec![("sled", vec![Storage::temporary().unwrap(); 4])];
        if let Some(url) = testing::fresh_postgres_url() {
            let open = || {
                let backend = crate::storage::Backend::Postgres(url.clone());
                Storage::open_with(&backend, std::path::Path::new("")).unwrap()
            };
            setups.push(("postgres", (0..4).map(|_| open()).collect()));
        }
        for (backend, storages) in setups {
            let outboxes: Vec<StoredOutbox> = storages
                .iter()
                .map(|s| StoredOutbox::new(s).unwrap())
                .collect();
            for i in 0..60 {
                outboxes[0]
                    .enqueue(&format!("PA-{i}"), Channel::Web, "u", "Trả lời")
                    .unwrap();
            }
            let claimed = std::sync::Mutex::new(Vec::new());
            std::thread::scope(|s| {
                for outbox in &outboxes {
                    let claimed = &claimed;
                    s.spawn(move || loop {
                        let got = outbox.claim_due(60).unwrap();
                        if got.is_empty() {
                            break;
                        }
                        claimed
                            .lock()
                            .unwrap()
                            .extend(got.into_iter().map(|d| d.id));
                    });
                }
            });
            let mut ids = claimed.into_inner().unwrap();
            ids.sort_unstable();
            let all = ids.len();
            ids.dedup();
            assert_eq!((all, ids.len()), (60, 60), "{backend}: once each");
            assert_eq!(
                outboxes[1].pending().len(),
                60,
                "{backend}: kept until delivered"
            );
            let d = outboxes[2].pending().remove(0);
            outboxes[2]
                .reschedule(&Delivery {
                    next_at: 0,
                    ..d.clone()
                })
                .unwrap();
            let claimed = outboxes[3].claim_due(60).unwrap();
            assert_eq!(
                claimed,
                [Delivery {
                    next_at: now_secs() + 60,
                    ..d
                }]
            );
            // Sent by another notifier once the claim ran out; a late failure here does
            // not bring it back.
            assert!(outboxes[0].delivered(&claimed[0]).unwrap());
            outboxes[3].failed(&claimed[0], "timeout").unwrap();
            assert!(
                outboxes[3].pending().iter().all(|p| p.id != claimed[0].id),
                "{backend}"
            );
            assert!(!outboxes[3].delivered(&claimed[0]).unwrap());
        }
    }
}
