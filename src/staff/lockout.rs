//! The staff login limits: attempts counted per account name and per client address in
//! a sliding window. An attempt is counted, under one lock, before its password is
//! checked (so parallel guesses check at most the limit), and forgotten when it turns out
//! right. The counts are saved in the `staff_lockouts` tree, so a restart does not lift
//! a lock; both the tables and the tree are bounded. On PostgreSQL the saved counts are
//! the only ones: each attempt is counted in one transaction there, so a lock holds on
//! every replica at once.

use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::limiter::RateLimiter;
use crate::storage::{transaction, Storage, Table, Tree, TxError};
use crate::time::now_secs;

/// Failed logins allowed per account name within [`LOCK_WINDOW`].
pub const ACCOUNT_FAILURES: usize = 5;
/// Failed logins allowed per client address within [`LOCK_WINDOW`].
pub const ADDRESS_FAILURES: usize = 20;
pub const LOCK_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Names and addresses tracked at most, each.
const MAX_KEYS: usize = 10_000;
/// Saved counts are swept of expired and forgotten keys every this many writes.
const SWEEP_EVERY: u64 = 512;
const NAME_PREFIX: &str = "n:";
const ADDRESS_PREFIX: &str = "a:";

/// The key of a client address: the address itself, or its /64 network for IPv6 (one
/// client usually holds a whole /64).
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// The two limits and their saved copy.
pub struct LoginGate {
    lock: Mutex<()>,
    by_name: RateLimiter,
    by_address: RateLimiter,
    saved: Option<Table>,
    writes: AtomicU64,
}

impl LoginGate {
    /// Limits kept in memory only (tests).
    pub fn in_memory() -> LoginGate {
        LoginGate {
            lock: Mutex::new(()),
            by_name: RateLimiter::with_window(ACCOUNT_FAILURES, LOCK_WINDOW).max_keys(MAX_KEYS),
            by_address: RateLimiter::with_window(ADDRESS_FAILURES, LOCK_WINDOW).max_keys(MAX_KEYS),
            saved: None,
            writes: AtomicU64::new(0),
        }
    }

    /// Limits saved in the database, with the counts saved before loaded back (on
    /// PostgreSQL the saved counts are the only ones: nothing is loaded).
    pub fn open(storage: &Storage) -> Result<LoginGate, crate::storage::StorageError> {
        let mut gate = LoginGate::in_memory();
        let tree = storage.tree(Tree::StaffLockouts)?;
        if tree.is_shared() {
            shared_sweep(&tree);
            gate.saved = Some(tree);
            return Ok(gate);
        }
        let now = now_secs();
        for (key, value) in tree.entries()? {
            let key = String::from_utf8_lossy(&key).into_owned();
            let times = live_times(&value, now);
            if times.is_empty() {
                tree.remove(key.as_bytes())?;
            }
            if let Some((limiter, k)) = gate.table(&key) {
                for t in times {
                    limiter.record_aged(k, Duration::from_secs(now.saturating_sub(t)));
                }
            }
        }
        gate.saved = Some(tree);
        Ok(gate)
    }

    /// The table a saved key belongs to, and its key there.
    fn table<'k>(&self, key: &'k str) -> Option<(&RateLimiter, &'k str)> {
        if let Some(name) = key.strip_prefix(NAME_PREFIX) {
            Some((&self.by_name, name))
        } else {
            key.strip_prefix(ADDRESS_PREFIX)
                .map(|a| (&self.by_address, a))
        }
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts an attempt for `name` (a valid name; `None` for a name refused before any
    /// check) from `ip`; false, counting nothing, when either is locked.
    pub fn admit(&self, name: Option<&str>, ip: IpAddr) -> bool {
        let address = address_key(ip);
        if let Some(shared) = self.shared() {
            if self.writes.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
                shared_sweep(shared);
            }
            return shared_admit(shared, name, &address);
        }
        let _held = self.guard();
        let name_locked = name.is_some_and(|n| self.by_name.is_limited(n));
        if name_locked || self.by_address.is_limited(&address) {
            tracing::debug!(client = %address, "staff login refused: locked");
            return false;
        }
        self.by_address.record(&address);
        self.save(ADDRESS_PREFIX, &address, &self.by_address);
        if let Some(n) = name {
            self.by_name.record(n);
            self.save(NAME_PREFIX, n, &self.by_name);
        }
        true
    }

    /// An admitted attempt failed: it stays counted; a lock it completes is logged.
    pub fn failed(&self, name: Option<&str>, ip: IpAddr) {
        let address = address_key(ip);
        if let Some(n) = name.filter(|n| self.failures(n) == ACCOUNT_FAILURES) {
            tracing::warn!(client = %address, staff = %n, "staff login locked for {} min: too many failed passwords for the account", LOCK_WINDOW.as_secs() / 60);
        }
        let from_address = match self.shared() {
            Some(shared) => shared_count(shared, &format!("{ADDRESS_PREFIX}{address}")),
            None => self.by_address.count(&address),
        };
        if from_address == ADDRESS_FAILURES {
            tracing::warn!(client = %address, "staff login locked for {} min: too many failed passwords from this address", LOCK_WINDOW.as_secs() / 60);
        }
    }

    /// An admitted attempt had the right password: the account's failures are forgotten,
    /// and the attempt no longer counts against the address.
    pub fn succeeded(&self, name: &str, ip: IpAddr) {
        if let Some(shared) = self.shared() {
            shared_change(shared, &format!("{NAME_PREFIX}{name}"), Vec::clear);
            return shared_uncount(shared, ip);
        }
        let _held = self.guard();
        self.by_name.clear(name);
        self.save(NAME_PREFIX, name, &self.by_name);
        self.uncount_address(ip);
    }

    /// An admitted attempt is not a failure (right password, disabled account).
    pub fn not_counted(&self, name: &str, ip: IpAddr) {
        if let Some(shared) = self.shared() {
            shared_change(shared, &format!("{NAME_PREFIX}{name}"), |t| {
                t.pop();
            });
            return shared_uncount(shared, ip);
        }
        let _held = self.guard();
        self.by_name.unrecord(name);
        self.save(NAME_PREFIX, name, &self.by_name);
        self.uncount_address(ip);
    }

    fn uncount_address(&self, ip: IpAddr) {
        let address = address_key(ip);
        self.by_address.unrecord(&address);
        self.save(ADDRESS_PREFIX, &address, &self.by_address);
    }

    /// Failures counted for an account name (and saved) within the window.
    pub fn failures(&self, name: &str) -> usize {
        match self.shared() {
            Some(shared) => shared_count(shared, &format!("{NAME_PREFIX}{name}")),
            None => self.by_name.count(name),
        }
    }

    /// The saved counts when other replicas share them (PostgreSQL).
    fn shared(&self) -> Option<&Table> {
        self.saved.as_ref().filter(|t| t.is_shared())
    }

    /// Saves the count of `key` in `limiter` (its times, newest last, as seconds).
    fn save(&self, prefix: &str, key: &str, limiter: &RateLimiter) {
        let Some(tree) = &self.saved else { return };
        let stored = format!("{prefix}{key}");
        let now = now_secs();
        let result = match limiter.count(key) {
            0 => tree.remove(stored.as_bytes()).map(|_| ()),
            n => {
                let mut times = tree
                    .get(stored.as_bytes())
                    .ok()
                    .flatten()
                    .map(|v| live_times(&v, now))
                    .unwrap_or_default();
                times.resize(n, now);
                let bytes = serde_json::to_vec(&times).expect("times serialize");
                tree.insert(stored.as_bytes(), bytes).map(|_| ())
            }
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "cannot save the staff login limits");
        }
        if self.writes.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.sweep(tree);
        }
    }

    /// Drops saved keys the tables no longer hold (expired or pushed out).
    fn sweep(&self, tree: &Table) {
        for key in tree.keys_with_prefix(b"").unwrap_or_default() {
            let text = String::from_utf8_lossy(&key).into_owned();
            let held = self.table(&text).is_some_and(|(l, k)| l.count(k) > 0);
            if !held {
                let _ = tree.remove(key);
            }
        }
    }
}

/// Counts an attempt for the name (if any) and the address in one transaction, unless
/// either is at its limit; a database failure refuses the attempt.
fn shared_admit(table: &Table, name: Option<&str>, address: &str) -> bool {
    let now = now_secs();
    let keys: Vec<(String, usize)> = name
        .map(|n| (format!("{NAME_PREFIX}{n}"), ACCOUNT_FAILURES))
        .into_iter()
        .chain([(format!("{ADDRESS_PREFIX}{address}"), ADDRESS_FAILURES)])
        .collect();
    let admitted = transaction(&[table], |tx| {
        let mut counted = Vec::new();
        for (key, limit) in &keys {
            let times = tx
                .get(0, key)?
                .map(|v| live_times(&v, now))
                .unwrap_or_default();
            if times.len() >= *limit {
                return Ok(false);
            }
            counted.push((key, times));
        }
        for (key, mut times) in counted {
            times.push(now);
            tx.insert(0, key, serde_json::to_vec(&times).expect("times serialize"))?;
        }
        Ok::<_, TxError<()>>(true)
    });
    admitted.unwrap_or_else(|e| {
        tracing::error!(error = ?e, "staff login limits unreadable: attempt refused");
        false
    })
}

/// Deletes the saved keys with no attempt left in the window (unless one was counted
/// meanwhile), so that the table stays bounded as it does in memory.
fn shared_sweep(table: &Table) {
    let now = now_secs();
    for (key, value) in table.entries().unwrap_or_default() {
        if live_times(&value, now).is_empty() {
            let _ = table.compare_and_swap(&key, Some(&value), None);
        }
    }
}

/// Live attempts saved under `key`.
fn shared_count(table: &Table, key: &str) -> usize {
    let saved = table.get(key).ok().flatten();
    saved.map_or(0, |v| live_times(&v, now_secs()).len())
}

/// Changes the live attempts saved under `key` atomically (none left: the key goes).
fn shared_change(table: &Table, key: &str, change: impl Fn(&mut Vec<u64>)) {
    let now = now_secs();
    let changed = table.update(key, |old| {
        let mut times = old.map(|v| live_times(v, now)).unwrap_or_default();
        change(&mut times);
        (!times.is_empty()).then(|| serde_json::to_vec(&times).expect("times serialize"))
    });
    if let Err(e) = changed {
        tracing::warn!(error = %e, "cannot save the staff login limits");
    }
}

/// The address's latest attempt no longer counts.
fn shared_uncount(table: &Table, ip: IpAddr) {
    let key = format!("{ADDRESS_PREFIX}{}", address_key(ip));
    shared_change(table, &key, |t| {
        t.pop();
    });
}

/// The saved times (seconds) still inside the window at `now`, oldest first.
fn live_times(value: &[u8], now: u64) -> Vec<u64> {
    let times: Vec<u64> = serde_json::from_slice(value).unwrap_or_default();
    times
        .into_iter()
        .filter(|t| now.saturating_sub(*t) < LOCK_WINDOW.as_secs())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn ipv6_clients_are_counted_per_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_eq!(address_key("::ffff:10.0.0.1".parse().unwrap()), "10.0.0.1");
    }

    #[test]
    fn the_address_limit_covers_every_name_and_refused_names() {
        let gate = LoginGate::in_memory();
        for i in 0..ADDRESS_FAILURES {
            let name = format!("u{i}");
            let name = (i % 2 == 0).then_some(name.as_str());
            assert!(gate.admit(name, HOME));
        }
        assert!(!gate.admit(Some("lan"), HOME));
        assert!(gate.admit(Some("lan"), "10.1.1.1".parse().unwrap()));
    }

    #[test]
    fn locks_survive_a_reopen_and_successes_uncount() {
        let dir = tempfile::tempdir().unwrap();
        {
            let storage = Storage::open(dir.path()).unwrap();
            let gate = LoginGate::open(&storage).unwrap();
            for _ in 0..ACCOUNT_FAILURES {
                assert!(gate.admit(Some("lan"), HOME));
            }
            assert!(gate.admit(Some("mai"), HOME));
            gate.succeeded("mai", HOME);
            storage.flush().unwrap();
        }
        let storage = Storage::open(dir.path()).unwrap();
        let gate = LoginGate::open(&storage).unwrap();
        assert_eq!(gate.failures("lan"), ACCOUNT_FAILURES);
        assert_eq!(gate.failures("mai"), 0);
        assert!(
            !gate.admit(Some("lan"), HOME),
            "still locked after a restart"
        );
        assert!(gate.admit(Some("mai"), HOME));
        let tree = storage.tree(Tree::StaffLockouts).unwrap();
        let saved: Vec<u64> =
            serde_json::from_slice(&tree.get("a:127.0.0.1").unwrap().unwrap()).unwrap();
        assert_eq!(
            saved.len(),
            ACCOUNT_FAILURES + 1,
            "the success was uncounted"
        );
    }

    /// Two replicas on one PostgreSQL database: failures on one lock the account on
    /// the other, and a success on the other forgets them for both.
    #[test]
    fn replicas_on_postgres_share_one_lock() {
        let Some(url) = crate::storage::testing::fresh_postgres_url() else {
            return;
        };
        let backend = crate::storage::Backend::Postgres(url);
        let open = || Storage::open_with(&backend, std::path::Path::new("")).unwrap();
        let (a, b) = (
            LoginGate::open(&open()).unwrap(),
            LoginGate::open(&open()).unwrap(),
        );
        for i in 0..ACCOUNT_FAILURES {
            let gate = if i % 2 == 0 { &a } else { &b };
            assert!(gate.admit(Some("lan"), HOME));
        }
        assert_eq!(b.failures("lan"), ACCOUNT_FAILURES);
        assert!(!a.admit(Some("lan"), HOME) && !b.admit(Some("lan"), HOME));
        assert!(a.admit(Some("mai"), HOME));
        b.succeeded("mai", HOME);
        assert_eq!(a.failures("mai"), 0);
    }
}
