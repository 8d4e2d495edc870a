//! One sliding-window limiter, keyed by any string: at most `limit` events per key in
//! the last `window`. The chat uses it for messages per user per minute, the staff
//! login for failed passwords per account name, the web chat per client address and
//! for the whole server.
//!
//! Memory is bounded: a key keeps at most `limit` instants, and the table at most
//! `max_keys` keys. A full table first drops keys whose events all left the window, then,
//! if that is not enough, the keys idle longest (a tenth of the table at once, so the
//! cost is shared by the next inserts).

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Keys kept at most, unless [`RateLimiter::with_max_keys`] says otherwise.
pub const DEFAULT_MAX_KEYS: usize = 100_000;

pub struct RateLimiter {
    limit: usize,
    window: Duration,
    max_keys: usize,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
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
            max_keys: DEFAULT_MAX_KEYS,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// The same limiter keeping at most `max_keys` keys (at least 1).
    pub fn with_max_keys(mut self, max_keys: usize) -> Self {
        self.max_keys = max_keys.max(1);
        self
    }

    /// Keys tracked now (for tests and metrics).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when no key is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records an event for `key`; false (and nothing recorded) when over the limit.
    pub fn allow(&self, key: &str) -> bool {
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
        let limit = self.limit.max(1);
        let times = self.recent(&mut seen, key, now);
        times.push_back(now);
        // Past the limit only the newest `limit` events decide: older ones can go.
        while times.len() > limit {
            times.pop_front();
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        self.seen.lock().expect("limiter lock poisoned")
    }

    /// The events of `key` still inside the window at `now`; makes room first when a new
    /// key meets a full table.
    fn recent<'m>(
        &self,
        seen: &'m mut HashMap<String, VecDeque<Instant>>,
        key: &str,
        now: Instant,
    ) -> &'m mut VecDeque<Instant> {
        let window = self.window;
        let expired = move |t: &Instant| now.duration_since(*t) >= window;
        if seen.len() >= self.max_keys && !seen.contains_key(key) {
            self.make_room(seen, &expired);
        }
        let times = seen.entry(key.to_owned()).or_default();
        while times.front().is_some_and(expired) {
            times.pop_front();
        }
        times
    }
}

impl RateLimiter {
    /// Drops keys with no event left in the window, then, while the table is still above
    /// nine tenths of `max_keys`, the keys whose last event is oldest.
    fn make_room(
        &self,
        seen: &mut HashMap<String, VecDeque<Instant>>,
        expired: &dyn Fn(&Instant) -> bool,
    ) {
        seen.retain(|_, q| q.back().is_some_and(|t| !expired(t)));
        let keep = self.max_keys - self.max_keys.div_ceil(10);
        if seen.len() <= keep {
            return;
        }
        let mut by_age: Vec<(Instant, String)> = seen
            .iter()
            .map(|(k, q)| {
                (
                    q.back().copied().expect("swept keys have events"),
                    k.clone(),
                )
            })
            .collect();
        by_age.sort_unstable();
        let excess = seen.len() - keep;
        for (_, k) in by_age.into_iter().take(excess) {
            seen.remove(&k);
        }
    }
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
    fn the_table_stays_bounded_and_keeps_the_most_recent_keys() {
        let l = RateLimiter::with_window(1, Duration::from_secs(60)).with_max_keys(100);
        let t0 = Instant::now();
        for i in 0..10_000u64 {
            assert!(l.allow_at(&format!("k{i}"), t0 + Duration::from_millis(i)));
            assert!(l.len() <= 100);
        }
        let last = t0 + Duration::from_millis(9_999);
        assert!(
            !l.allow_at("k9999", last),
            "the newest key is still limited"
        );
        assert!(!l.is_empty());
    }

    #[test]
    fn recording_past_the_limit_keeps_memory_bounded() {
        let l = RateLimiter::with_window(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..1000 {
            l.record_at("a", t0);
        }
        assert_eq!(l.lock()["a"].len(), 3);
        assert!(l.is_limited_at("a", t0));
    }
}
