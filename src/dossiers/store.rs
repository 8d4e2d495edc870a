//! Where dossiers, their subscriptions and look-up failures are kept: the
//! [`DossierStore`] trait and its implementation on the database (sled or PostgreSQL), [`StoredDossiers`].

use serde::{Deserialize, Serialize};

use super::record::Dossier;
use super::status::Status;
use crate::channel::Channel;
use crate::storage::{Storage, Table, Tree};

#[derive(Debug, thiserror::Error)]
pub enum DossierError {
    #[error("dossier store: {0}")]
    Storage(#[from] crate::storage::StorageError),
    #[error("dossier store: stored record is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
    #[error(transparent)]
    Outbox(#[from] crate::tickets::TicketError),
}

/// What storing one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upserted {
    Inserted,
    /// Some field changed; `previous` is the status before.
    Updated {
        previous: Status,
    },
    /// Identical to what was stored: nothing written.
    Unchanged,
}

/// A citizen following a dossier on the channel they looked it up on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub code: String,
    pub channel: Channel,
    pub user_id: String,
    /// Unix seconds.
    pub since: u64,
}

/// Wrong verification answers of one user for one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Failures {
    pub count: u32,
    /// Unix seconds of the first failure of the current series.
    pub first_at: u64,
}

pub trait DossierStore: Send + Sync {
    fn get(&self, code: &str) -> Result<Option<Dossier>, DossierError>;
    /// Stores one record (by `ma_ho_so`), writing nothing when it is unchanged.
    fn upsert(&self, record: &Dossier) -> Result<Upserted, DossierError>;
    /// Every dossier, in code order (staff pages).
    fn all(&self) -> Result<Vec<Dossier>, DossierError>;
    /// Makes what was written durable.
    fn flush(&self) -> Result<(), DossierError>;

    fn subscribe(&self, subscription: &Subscription) -> Result<(), DossierError>;
    /// False when there was no such subscription.
    fn unsubscribe(&self, code: &str, channel: Channel, user: &str) -> Result<bool, DossierError>;
    fn subscriptions(&self, code: &str) -> Result<Vec<Subscription>, DossierError>;

    /// The failures recorded under `key` (user and code).
    fn failures(&self, key: &str) -> Result<Failures, DossierError>;
    /// Replaces them; `None` clears them.
    fn set_failures(&self, key: &str, failures: Option<Failures>) -> Result<(), DossierError>;
}

/// Dossiers in the database: one table of records by code, one of subscriptions by code, channel
/// and user, one of verification failures.
#[derive(Clone)]
pub struct StoredDossiers {
    storage: Storage,
    records: Table,
    subscriptions: Table,
    failures: Table,
}

impl StoredDossiers {
    pub fn new(storage: &Storage) -> Result<StoredDossiers, DossierError> {
        Ok(StoredDossiers {
            storage: storage.clone(),
            records: storage.tree(Tree::Dossiers)?,
            subscriptions: storage.tree(Tree::DossierSubscriptions)?,
            failures: storage.tree(Tree::DossierLockouts)?,
        })
    }
}

fn subscription_key(code: &str, channel: Channel, user: &str) -> Vec<u8> {
    format!("{code}\u{0}{channel}\u{0}{user}").into_bytes()
}

impl DossierStore for StoredDossiers {
    fn get(&self, code: &str) -> Result<Option<Dossier>, DossierError> {
        match self.records.get(code.as_bytes())? {
            Some(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
            None => Ok(None),
        }
    }

    fn upsert(&self, record: &Dossier) -> Result<Upserted, DossierError> {
        let previous = self.get(&record.ma_ho_so)?;
        let outcome = match &previous {
            Some(old) if old == record => return Ok(Upserted::Unchanged),
            Some(old) => Upserted::Updated {
                previous: old.trang_thai,
            },
            None => Upserted::Inserted,
        };
        self.records
            .insert(record.ma_ho_so.as_bytes(), serde_json::to_vec(record)?)?;
        Ok(outcome)
    }

    fn all(&self) -> Result<Vec<Dossier>, DossierError> {
        self.records
            .entries()?
            .iter()
            .map(|(_, v)| Ok(serde_json::from_slice(v)?))
            .collect()
    }

    fn flush(&self) -> Result<(), DossierError> {
        Ok(self.storage.flush()?)
    }

    fn subscribe(&self, s: &Subscription) -> Result<(), DossierError> {
        let key = subscription_key(&s.code, s.channel, &s.user_id);
        self.subscriptions.insert(key, serde_json::to_vec(s)?)?;
        self.storage.flush()?;
        Ok(())
    }

    fn unsubscribe(&self, code: &str, channel: Channel, user: &str) -> Result<bool, DossierError> {
        let removed = self
            .subscriptions
            .remove(subscription_key(code, channel, user))?;
        self.storage.flush()?;
        Ok(removed.is_some())
    }

    fn subscriptions(&self, code: &str) -> Result<Vec<Subscription>, DossierError> {
        self.subscriptions
            .scan_prefix(format!("{code}\u{0}").as_bytes())?
            .iter()
            .map(|(_, v)| Ok(serde_json::from_slice(v)?))
            .collect()
    }

    fn failures(&self, key: &str) -> Result<Failures, DossierError> {
        match self.failures.get(key.as_bytes())? {
            Some(bytes) => Ok(serde_json::from_slice(&bytes)?),
            None => Ok(Failures::default()),
        }
    }

    fn set_failures(&self, key: &str, failures: Option<Failures>) -> Result<(), DossierError> {
        match failures {
            Some(f) => self
                .failures
                .insert(key.as_bytes(), serde_json::to_vec(&f)?)?,
            None => drop(self.failures.remove(key.as_bytes())?),
        };
        Ok(())
    }
}
