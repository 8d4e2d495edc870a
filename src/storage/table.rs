//! [`Table`]: one named key-value table of the database, the same operations on both
//! backends. Keys and values are bytes, keys ordered byte by byte (sled's order, and
//! PostgreSQL's `bytea` order), so prefix and range scans mean the same on both.
//! Every operation is atomic on its own; [`compare_and_swap`](Table::compare_and_swap)
//! and [`update`](Table::update) are atomic across processes sharing a PostgreSQL
//! database as they are across threads sharing a sled one.

use std::ops::ControlFlow;

use super::postgres::PgTable;
use super::StorageError;

/// A key and its value.
pub type Entry = (Vec<u8>, Vec<u8>);

/// One table of the open database. Cheap to clone.
#[derive(Clone)]
pub enum Table {
    Sled(sled::Tree),
    Postgres(PgTable),
}

/// The first key after every key starting with `prefix` (None: no such key).
pub(crate) fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

impl Table {
    pub fn get(&self, key: impl AsRef<[u8]>) -> Result<Option<Vec<u8>>, StorageError> {
        match self {
            Table::Sled(t) => Ok(t.get(key)?.map(|v| v.to_vec())),
            Table::Postgres(t) => t.get(key.as_ref()),
        }
    }

    pub fn contains_key(&self, key: impl AsRef<[u8]>) -> Result<bool, StorageError> {
        Ok(self.get(key)?.is_some())
    }

    /// Stores `value` under `key`, replacing any value.
    pub fn insert(
        &self,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), StorageError> {
        match self {
            Table::Sled(t) => t.insert(key.as_ref(), value.as_ref()).map(drop)?,
            Table::Postgres(t) => t.insert(key.as_ref(), value.as_ref())?,
        }
        Ok(())
    }

    /// Deletes `key`; its value when there was one.
    pub fn remove(&self, key: impl AsRef<[u8]>) -> Result<Option<Vec<u8>>, StorageError> {
        match self {
            Table::Sled(t) => Ok(t.remove(key)?.map(|v| v.to_vec())),
            Table::Postgres(t) => t.remove(key.as_ref()),
        }
    }

    /// Sets `key` to `new` (None deletes) only if its value is `old` (None: absent);
    /// true when it did.
    pub fn compare_and_swap(
        &self,
        key: impl AsRef<[u8]>,
        old: Option<&[u8]>,
        new: Option<&[u8]>,
    ) -> Result<bool, StorageError> {
        match self {
            Table::Sled(t) => Ok(t.compare_and_swap(key, old, new)?.is_ok()),
            Table::Postgres(t) => t.compare_and_swap(key.as_ref(), old, new),
        }
    }

    /// Replaces the value of `key` by `change(old)` (None deletes), atomically: retried
    /// when another writer got there first. The new value.
    pub fn update(
        &self,
        key: impl AsRef<[u8]>,
        change: impl Fn(Option<&[u8]>) -> Option<Vec<u8>>,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        let key = key.as_ref();
        if let Table::Sled(t) = self {
            return Ok(t.update_and_fetch(key, &change)?.map(|v| v.to_vec()));
        }
        loop {
            let old = self.get(key)?;
            let new = change(old.as_deref());
            if self.compare_and_swap(key, old.as_deref(), new.as_deref())? {
                return Ok(new);
            }
        }
    }

    /// Calls `visit` on the entries whose key is in `[from, to)` (to None: no end), in
    /// key order, until it breaks.
    pub fn visit(
        &self,
        from: &[u8],
        to: Option<&[u8]>,
        mut visit: impl FnMut(&[u8], &[u8]) -> ControlFlow<()>,
    ) -> Result<(), StorageError> {
        match self {
            Table::Sled(t) => {
                let items = match to {
                    Some(to) => t.range(from..to),
                    None => t.range(from..),
                };
                for item in items {
                    let (k, v) = item?;
                    if visit(&k, &v).is_break() {
                        break;
                    }
                }
                Ok(())
            }
            Table::Postgres(t) => t.visit(from, to, visit),
        }
    }

    /// The entries whose key is in `[from, to)`, in key order.
    pub fn range(&self, from: &[u8], to: Option<&[u8]>) -> Result<Vec<Entry>, StorageError> {
        let mut out = Vec::new();
        self.visit(from, to, |k, v| {
            out.push((k.to_vec(), v.to_vec()));
            ControlFlow::Continue(())
        })?;
        Ok(out)
    }

    /// The entries whose key starts with `prefix`, in key order (every entry for `b""`).
    pub fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> Result<Vec<Entry>, StorageError> {
        let prefix = prefix.as_ref();
        self.range(prefix, prefix_end(prefix).as_deref())
    }

    /// The keys starting with `prefix`, in order.
    pub fn keys_with_prefix(&self, prefix: impl AsRef<[u8]>) -> Result<Vec<Vec<u8>>, StorageError> {
        let prefix = prefix.as_ref();
        if let Table::Postgres(t) = self {
            return t.keys(prefix, prefix_end(prefix).as_deref());
        }
        Ok(self.scan_prefix(prefix)?.into_iter().map(|e| e.0).collect())
    }

    /// Every entry, in key order.
    pub fn entries(&self) -> Result<Vec<Entry>, StorageError> {
        self.range(b"", None)
    }

    /// [`scan_prefix`](Self::scan_prefix) for readers that cannot fail: an error is
    /// logged and reads as no entries.
    pub fn scan_prefix_or_none(&self, prefix: impl AsRef<[u8]>) -> Vec<Entry> {
        self.scan_prefix(prefix).unwrap_or_else(|e| {
            tracing::error!(error = %e, "database read failed");
            Vec::new()
        })
    }

    /// How many keys start with `prefix` (every key for `b""`).
    pub fn count_prefix(&self, prefix: impl AsRef<[u8]>) -> Result<usize, StorageError> {
        let prefix = prefix.as_ref();
        match self {
            Table::Sled(t) => Ok(t.scan_prefix(prefix).count()),
            Table::Postgres(t) => t.count(prefix, prefix_end(prefix).as_deref()),
        }
    }

    pub fn len(&self) -> Result<usize, StorageError> {
        self.count_prefix(b"")
    }

    pub fn is_empty(&self) -> Result<bool, StorageError> {
        Ok(self.len()? == 0)
    }

    /// Claims up to `limit` entries whose value is a JSON object with a number `field`
    /// at most `now`: each is replaced by `claimed(value)` and returned (new values),
    /// oldest key first. Two processes never claim the same value: on PostgreSQL the rows
    /// are locked with `FOR UPDATE SKIP LOCKED`, on sled each is compare-and-swapped.
    pub fn claim_due(
        &self,
        field: &str,
        now: u64,
        limit: usize,
        claimed: impl Fn(&[u8]) -> Option<Vec<u8>>,
    ) -> Result<Vec<Entry>, StorageError> {
        if let Table::Postgres(t) = self {
            return t.claim_due(field, now, limit, claimed);
        }
        let mut out = Vec::new();
        for (key, old) in self.entries()? {
            if out.len() == limit {
                break;
            }
            let due = serde_json::from_slice::<serde_json::Value>(&old)
                .ok()
                .and_then(|v| v.get(field)?.as_u64())
                .is_some_and(|at| at <= now);
            let Some(new) = due.then(|| claimed(&old)).flatten() else {
                continue;
            };
            if self.compare_and_swap(&key, Some(&old), Some(&new))? {
                out.push((key, new));
            }
        }
        Ok(out)
    }

    /// Writes this table's changes to disk (sled; a PostgreSQL commit already is).
    pub fn flush(&self) -> Result<(), StorageError> {
        if let Table::Sled(t) = self {
            t.flush()?;
        }
        Ok(())
    }

    /// Deletes every entry.
    pub fn clear(&self) -> Result<(), StorageError> {
        match self {
            Table::Sled(t) => Ok(t.clear()?),
            Table::Postgres(t) => t.clear(),
        }
    }

    /// True on PostgreSQL: other processes (replicas) share this table, so state kept
    /// in memory beside it is not the whole truth.
    pub fn is_shared(&self) -> bool {
        matches!(self, Table::Postgres(_))
    }

    /// The underlying sled tree (sled transactions).
    pub(crate) fn as_sled(&self) -> Option<&sled::Tree> {
        match self {
            Table::Sled(t) => Some(t),
            Table::Postgres(_) => None,
        }
    }

    pub(crate) fn as_postgres(&self) -> Option<&PgTable> {
        match self {
            Table::Sled(_) => None,
            Table::Postgres(t) => Some(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_ends_skip_full_bytes() {
        assert_eq!(prefix_end(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(prefix_end(&[1, 255]), Some(vec![2]));
        assert_eq!(prefix_end(&[255, 255]), None);
        assert_eq!(prefix_end(b""), None);
    }
}
