//! Per-user rate limiting for the chat front-ends: at most N asks per sliding window. Platform
//! neutral (a user is a string key); Discord and Matrix hash their own user ids into it.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Above this many tracked users, users idle for a whole window are forgotten, so memory stays
/// bounded however many people ask.
const PRUNE_ABOVE: usize = 10_000;

/// A sliding-window limiter: each key may pass `max` times per `window`.
#[derive(Debug)]
pub struct RateLimiter {
    max: usize,
    window: Duration,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    /// `max` of zero turns limiting off.
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max: max as usize,
            window,
            seen: Mutex::new(HashMap::new()),
        }
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
        if seen.len() > PRUNE_ABOVE {
            let window = self.window;
            seen.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|&last| now.duration_since(last) < window)
            });
        }
        let times = seen.entry(key.to_owned()).or_default();
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
        self.seen.lock().map_or(0, |seen| seen.len())
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
    fn memory_stays_bounded() {
        let limiter = RateLimiter::new(1, Duration::from_secs(1));
        let start = Instant::now();
        for i in 0..(PRUNE_ABOVE + 10) {
            limiter.allow_at(&i.to_string(), start);
        }
        limiter.allow_at("late", start + Duration::from_secs(5));
        assert!(limiter.tracked() <= 2, "{}", limiter.tracked());
    }
}
