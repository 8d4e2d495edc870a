//! One sliding-window limiter, keyed by any string: at most `limit` events per key in
//! the last `window`. The chat uses it for messages per user per minute, the staff
//! login for failed passwords per account name and per client address.
//!
//! The table is bounded: past [`MAX_KEYS`] keys, keys whose events all left the window
//! are dropped, and when that is not enough the stalest tenth of the keys goes.
//!
//! With several replicas a limiter can count in [`SharedCounts`] instead (fixed windows
//! in the shared database), so that spreading requests over replicas does not multiply
//! the allowance; when the shared count fails, the limiter counts in memory.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Keys kept at most (default); beyond it idle keys, then the stalest, are dropped.
pub const MAX_KEYS: usize = 100_000;

pub struct RateLimiter {
    limit: usize,
    window: Duration,
    max_keys: usize,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
    shared: Option<(std::sync::Arc<dyn SharedCounts>, String)>,
}

/// Event counts shared by several processes, in fixed windows.
pub trait SharedCounts: Send + Sync {
    /// Counts one event of `key` in the current window of length `window`; the events of
    /// `key` in that window so far, this one included (None when it cannot count).
    fn hit(&self, key: &str, window: Duration) -> Option<u64>;
}

impl RateLimiter {
    /// At most `per_minute` events per key in a sliding minute.
    pub fn new(per_minute: usize) -> Self {
        Self::with_window(per_minute, Duration::from_secs(60))
    }

    /// At most `limit` events per key in a sliding `window`.
    pub fn with_window(limit: usize, window: Duration) -> Self {
        RateLimiter {
            limit,
            window,
            max_keys: MAX_KEYS,
            seen: Mutex::new(HashMap::new()),
            shared: None,
        }
    }

    /// The same limiter counting [`allow`](Self::allow) in `counts`, its keys prefixed
    /// by `scope`.
    pub fn shared(mut self, counts: std::sync::Arc<dyn SharedCounts>, scope: &str) -> Self {
        self.shared = Some((counts, scope.to_owned()));
        self
    }

    /// The same limiter keeping at most `max_keys` keys (at least 10).
    pub fn max_keys(mut self, max_keys: usize) -> Self {
        self.max_keys = max_keys.max(10);
        self
    }

    /// Keys currently held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Events of `key` inside the window.
    pub fn count(&self, key: &str) -> usize {
        let mut seen = self.lock();
        self.recent(&mut seen, key, Instant::now()).len()
    }

    /// Records an event for `key`; false (and nothing recorded) when over the limit.
    pub fn allow(&self, key: &str) -> bool {
        if let Some((counts, scope)) = &self.shared {
            if let Some(n) = counts.hit(&format!("{scope}:{key}"), self.window) {
                return n <= self.limit as u64;
            }
        }
        self.allow_at(key, Instant::now())
    }

    /// True when `key` already has `limit` events in the window (records nothing).
    pub fn is_limited(&self, key: &str) -> bool {
        self.is_limited_at(key, Instant::now())
    }

    /// Records an event for `key` whatever the count.
    pub fn record(&self, key: &str) {
        self.record_at(key, Instant::now());
    }

    /// Records an event for `key` that happened `age` ago (restoring saved events).
    pub fn record_aged(&self, key: &str, age: Duration) {
        let now = Instant::now();
        self.record_at(key, now.checked_sub(age).unwrap_or(now));
    }

    /// Forgets the latest event of `key` (an attempt that turned out fine).
    pub fn unrecord(&self, key: &str) {
        let mut seen = self.lock();
        if let Some(times) = seen.get_mut(key) {
            times.pop_back();
            if times.is_empty() {
                seen.remove(key);
            }
        }
    }

    /// Forgets every event of `key`.
    pub fn clear(&self, key: &str) {
        self.lock().remove(key);
    }

    fn allow_at(&self, key: &str, now: Instant) -> bool {
        let mut seen = self.lock();
        let times = self.recent(&mut seen, key, now);
        if times.len() >= self.limit {
            return false;
        }
        times.push_back(now);
        true
    }

    fn is_limited_at(&self, key: &str, now: Instant) -> bool {
        let mut seen = self.lock();
        self.recent(&mut seen, key, now).len() >= self.limit
    }

    fn record_at(&self, key: &str, now: Instant) {
        let mut seen = self.lock();
        self.recent(&mut seen, key, now).push_back(now);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        self.seen.lock().expect("limiter lock poisoned")
    }

    /// The events of `key` still inside the window at `now`; makes room first when the
    /// map is full and `key` is new.
    fn recent<'m>(
        &self,
        seen: &'m mut HashMap<String, VecDeque<Instant>>,
        key: &str,
        now: Instant,
    ) -> &'m mut VecDeque<Instant> {
        let window = self.window;
        let expired = move |t: &Instant| now.duration_since(*t) >= window;
        if seen.len() >= self.max_keys && !seen.contains_key(key) {
            seen.retain(|_, q| q.back().is_some_and(|t| !expired(t)));
            if seen.len() >= self.max_keys {
                drop_stalest(seen, self.max_keys / 10);
            }
        }
        let times = seen.entry(key.to_owned()).or_default();
        while times.front().is_some_and(expired) {
            times.pop_front();
        }
        times
    }
}

/// Drops about `n` keys whose latest event is the oldest (at least one).
fn drop_stalest(seen: &mut HashMap<String, VecDeque<Instant>>, n: usize) {
    let mut latest: Vec<Option<Instant>> = seen.values().map(|q| q.back().copied()).collect();
    let n = n.clamp(1, latest.len());
    let (_, cut, _) = latest.select_nth_unstable(n - 1);
    let cut = *cut;
    seen.retain(|_, q| q.back().copied() > cut);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_user_separately() {
        let l = RateLimiter::new(2);
        assert!(l.allow("a") && l.allow("a"));
        assert!(!l.allow("a"));
        assert!(l.allow("b"));
    }

    #[test]
    fn events_leave_the_window() {
        let l = RateLimiter::with_window(2, Duration::from_secs(10));
        let t0 = Instant::now();
        assert!(l.allow_at("a", t0) && l.allow_at("a", t0 + Duration::from_secs(5)));
        assert!(!l.allow_at("a", t0 + Duration::from_secs(9)));
        assert!(l.allow_at("a", t0 + Duration::from_secs(10)));
        assert!(!l.allow_at("a", t0 + Duration::from_secs(11)));
    }

    #[test]
    fn record_check_and_clear() {
        let l = RateLimiter::with_window(2, Duration::from_secs(60));
        let t0 = Instant::now();
        l.record_at("a", t0);
        assert!(!l.is_limited_at("a", t0));
        l.record_at("a", t0);
        l.record_at("a", t0);
        assert!(l.is_limited_at("a", t0));
        assert!(!l.is_limited_at("a", t0 + Duration::from_secs(60)));
        l.record_at("a", t0);
        l.clear("a");
        assert!(!l.is_limited("a"));
    }

    #[test]
    fn the_table_never_grows_past_its_bound() {
        let l = RateLimiter::with_window(3, Duration::from_secs(600)).max_keys(100);
        for i in 0..10_000 {
            l.record(&format!("k{i}"));
            assert!(l.len() <= 100, "{} keys", l.len());
        }
        assert_eq!(l.count("k9999"), 1, "the newest key is kept");
    }

    #[test]
    fn unrecord_and_aged_events() {
        let l = RateLimiter::with_window(2, Duration::from_secs(60));
        l.record("a");
        l.record("a");
        l.unrecord("a");
        assert_eq!(l.count("a"), 1);
        l.record_aged("b", Duration::from_secs(120));
        assert_eq!(l.count("b"), 0, "an event older than the window is gone");
        l.record_aged("b", Duration::from_secs(30));
        assert_eq!(l.count("b"), 1);
    }
}
