//! One sliding-window limiter, keyed by any string: at most `limit` events per key in
//! the last `window`. The chat uses it for messages per user per minute, the staff
//! login for failed passwords per account name.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Keys kept before idle ones are swept out.
const SWEEP_ABOVE: usize = 100_000;

pub struct RateLimiter {
    limit: usize,
    window: Duration,
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
            seen: Mutex::new(HashMap::new()),
        }
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
        self.recent(&mut seen, key, now).push_back(now);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        self.seen.lock().expect("limiter lock poisoned")
    }

    /// The events of `key` still inside the window at `now`; sweeps idle keys when
    /// the map has grown large.
    fn recent<'m>(
        &self,
        seen: &'m mut HashMap<String, VecDeque<Instant>>,
        key: &str,
        now: Instant,
    ) -> &'m mut VecDeque<Instant> {
        let window = self.window;
        let expired = move |t: &Instant| now.duration_since(*t) >= window;
        if seen.len() > SWEEP_ABOVE {
            seen.retain(|_, q| q.back().is_some_and(|t| !expired(t)));
        }
        let times = seen.entry(key.to_owned()).or_default();
        while times.front().is_some_and(expired) {
            times.pop_front();
        }
        times
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
}
