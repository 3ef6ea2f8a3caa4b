//! Per-user rate limiting for the chat front-ends: at most N asks per sliding window. Platform
//! neutral (a user is a string key); Discord and Matrix hash their own user ids into it.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many tracked users, users idle for a whole window are forgotten, so memory stays
/// bounded by the users of one window, however many people ask. The next pruning waits until
/// the map has doubled again, so pruning stays amortized O(1) per ask even when every tracked
/// user is still active (a load test found each ask scanning 40,000 users).
const PRUNE_ABOVE: usize = 10_000;

/// A sliding-window limiter: each key may pass `max` times per `window`.
#[derive(Debug)]
pub struct RateLimiter {
    max: usize,
    window: Duration,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    users: HashMap<String, VecDeque<Instant>>,
    /// Prune when more users than this are tracked.
    prune_above: usize,
}

impl RateLimiter {
    /// `max` of zero turns limiting off.
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max: max as usize,
            window,
            seen: Mutex::new(Seen {
                users: HashMap::new(),
                prune_above: PRUNE_ABOVE,
            }),
        }
    }

    /// The sliding window.
    pub fn window(&self) -> Duration {
        self.window
    }

    /// Whether `key` may go ahead now; counts the attempt if so.
    pub fn allow(&self, key: &str) -> bool {
        self.allow_at(key, Instant::now())
    }

    /// [`RateLimiter::allow`] at a given instant (for tests).
    pub fn allow_at(&self, key: &str, now: Instant) -> bool {
        if self.max == 0 {
            return true;
        }
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.users.len() > seen.prune_above {
            let window = self.window;
            seen.users.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|&last| now.duration_since(last) < window)
            });
            seen.prune_above = PRUNE_ABOVE.max(seen.users.len() * 2);
        }
        let times = seen.users.entry(key.to_owned()).or_default();
        while times
            .front()
            .is_some_and(|&first| now.duration_since(first) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= self.max {
            return false;
        }
        times.push_back(now);
        true
    }

    /// How many keys are tracked (for tests and metrics).
    pub fn tracked(&self) -> usize {
        self.seen.lock().map_or(0, |seen| seen.users.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_max_per_window_per_key() {
        let limiter = RateLimiter::new(2, Duration::from_secs(10));
        let start = Instant::now();
        assert!(limiter.allow_at("a", start));
        assert!(limiter.allow_at("a", start + Duration::from_secs(1)));
        assert!(
            !limiter.allow_at("a", start + Duration::from_secs(2)),
            "third in the window"
        );
        assert!(
            limiter.allow_at("b", start + Duration::from_secs(2)),
            "keys are apart"
        );
        assert!(
            limiter.allow_at("a", start + Duration::from_secs(10)),
            "the first left the window"
        );
        assert!(!limiter.allow_at("a", start + Duration::from_secs(10)));
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0, Duration::from_secs(10));
        assert!((0..100).all(|_| limiter.allow("a")));
    }

    #[test]
    fn many_active_users_do_not_make_each_ask_scan_them_all() {
        let limiter = RateLimiter::new(5, Duration::from_secs(10));
        let start = Instant::now();
        for i in 0..(PRUNE_ABOVE * 4) {
            assert!(limiter.allow_at(&i.to_string(), start));
        }
        let seen = limiter.seen.lock().unwrap();
        assert_eq!(seen.users.len(), PRUNE_ABOVE * 4, "all are active");
        assert!(
            seen.prune_above >= PRUNE_ABOVE * 4,
            "the next prune waits for the map to double: {}",
            seen.prune_above
        );
    }

    #[test]
    fn memory_stays_bounded_by_the_users_of_about_one_window() {
        let limiter = RateLimiter::new(1, Duration::from_secs(1));
        let start = Instant::now();
        let later = start + Duration::from_secs(5);
        let crowd = PRUNE_ABOVE + 10;
        for i in 0..crowd {
            limiter.allow_at(&format!("early {i}"), start);
        }
        // A second crowd, after the first one's window: the first is forgotten on the way.
        for i in 0..(crowd * 2) {
            limiter.allow_at(&format!("late {i}"), later);
        }
        let seen = limiter.seen.lock().unwrap();
        assert!(!seen.users.contains_key("early 0"));
        assert!(seen.users.len() <= crowd * 2, "{}", seen.users.len());
    }
}
