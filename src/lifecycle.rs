//! What running front-ends share about time, kept apart so they need nothing from the module
//! that starts them ([`crate::runner`]): the shutdown signal they wait for, the count of work
//! in flight they drain, and the one backoff every retry loop uses.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::{Notify, watch};

/// How long replies in flight may take to finish once a front-end is asked to stop.
pub const DRAIN: Duration = Duration::from_secs(10);

/// One shutdown signal that every front-end can wait for. [`Shutdown::new`] also returns the
/// trigger, which the runner pulls on SIGINT/SIGTERM or when any front-end stops.
#[derive(Debug, Clone)]
pub struct Shutdown(watch::Receiver<bool>);

/// Pulls a [`Shutdown`].
#[derive(Debug, Clone)]
pub struct Trigger(Arc<watch::Sender<bool>>);

impl Shutdown {
    pub fn new() -> (Self, Trigger) {
        let (sender, receiver) = watch::channel(false);
        (Self(receiver), Trigger(Arc::new(sender)))
    }

    /// Resolves when shutdown was asked for (at once if it already was).
    pub async fn wait(mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }

    /// Whether shutdown was asked for.
    pub fn is_set(&self) -> bool {
        *self.0.borrow()
    }
}

impl Trigger {
    pub fn pull(&self) {
        let _ = self.0.send(true);
    }
}

/// Counts work in flight, so shutdown can wait for it (bounded) after it stops taking new work.
#[derive(Debug, Default)]
pub struct InFlight {
    count: AtomicUsize,
    idle: Notify,
}

/// One piece of work in flight, counted until dropped.
#[derive(Debug)]
pub struct Working(Arc<InFlight>);

impl InFlight {
    /// Counts one more piece of work until the returned guard is dropped.
    pub fn start(self: &Arc<Self>) -> Working {
        self.count.fetch_add(1, Ordering::SeqCst);
        Working(self.clone())
    }

    /// How much work is in flight now.
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Waits until nothing is in flight, or `limit` passed; false if work was still running.
    pub async fn drain(&self, limit: Duration) -> bool {
        let wait = async {
            loop {
                let idle = self.idle.notified();
                if self.count() == 0 {
                    return;
                }
                idle.await;
            }
        };
        tokio::time::timeout(limit, wait).await.is_ok()
    }
}

impl Drop for Working {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

/// Exponential backoff: `first`, doubling up to `max`, optionally for a limited number of
/// retries. Every retry loop (logins, syncs, joins, sends) uses this one, so they all back off
/// alike. Hand-written: the backoff crates bring their own retry loops and clocks, and this is
/// the whole of what is needed.
#[derive(Debug, Clone)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    next: Duration,
    retries: u32,
    limit: Option<u32>,
}

impl Backoff {
    pub const fn new(first: Duration, max: Duration) -> Self {
        Self {
            first,
            max,
            next: first,
            retries: 0,
            limit: None,
        }
    }

    /// Gives up after `limit` retries.
    pub const fn retries(mut self, limit: u32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The delay before the next retry, or `None` when the retries are used up.
    pub fn next_delay(&mut self) -> Option<Duration> {
        if self.limit.is_some_and(|limit| self.retries >= limit) {
            return None;
        }
        self.retries += 1;
        let delay = self.next;
        self.next = (self.next * 2).min(self.max);
        Some(delay)
    }

    /// Sleeps before the next retry; false (at once) when the retries are used up.
    pub async fn wait(&mut self) -> bool {
        match self.next_delay() {
            Some(delay) => {
                tokio::time::sleep(delay).await;
                true
            }
            None => false,
        }
    }

    /// Runs `op` until it succeeds or the retries are used up, then gives its last error.
    /// Each failure is logged as `what` failing, with the delay before the next try.
    pub async fn retry<T, E, Fut>(self, what: &str, op: impl FnMut() -> Fut) -> Result<T, E>
    where
        E: std::fmt::Display,
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        self.retry_unless(what, op, |_| false).await
    }

    /// [`Backoff::retry`], except that an error `fatal` says no retry can mend ends it at once.
    pub async fn retry_unless<T, E, Fut>(
        mut self,
        what: &str,
        mut op: impl FnMut() -> Fut,
        fatal: impl Fn(&E) -> bool,
    ) -> Result<T, E>
    where
        E: std::fmt::Display,
        Fut: std::future::Future<Output = Result<T, E>>,
    {
        loop {
            match op().await {
                Ok(value) => return Ok(value),
                Err(error) if fatal(&error) => return Err(error),
                Err(error) => match self.next_delay() {
                    Some(delay) => {
                        tracing::warn!(%error, ?delay, "{what} failed, retrying");
                        tokio::time::sleep(delay).await;
                    }
                    None => return Err(error),
                },
            }
        }
    }

    /// Starts again from `first` (after a success).
    pub fn reset(&mut self) {
        self.next = self.first;
        self.retries = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_cap_and_stops_at_its_limit() {
        let second = Duration::from_secs(1);
        let mut backoff = Backoff::new(second, 4 * second).retries(4);
        let delays: Vec<_> = std::iter::from_fn(|| backoff.next_delay()).collect();
        assert_eq!(delays, [second, 2 * second, 4 * second, 4 * second]);
        backoff.reset();
        assert_eq!(backoff.next_delay(), Some(second));
        let mut forever = Backoff::new(second, 2 * second);
        assert!((0..100).all(|_| forever.next_delay().is_some()));
    }

    #[tokio::test]
    async fn retry_stops_at_the_first_success_or_after_its_limit() {
        let ms = Duration::from_millis(1);
        let tries = std::cell::Cell::new(0);
        let third_time_lucky = Backoff::new(ms, ms)
            .retries(5)
            .retry("a step", || {
                tries.set(tries.get() + 1);
                std::future::ready(if tries.get() < 3 {
                    Err("down")
                } else {
                    Ok(tries.get())
                })
            })
            .await;
        assert_eq!(third_time_lucky, Ok(3));
        tries.set(0);
        let never = Backoff::new(ms, ms)
            .retries(2)
            .retry("a step", || {
                tries.set(tries.get() + 1);
                std::future::ready(Err::<(), _>(format!("down {}", tries.get())))
            })
            .await;
        // The first try and two retries; the last error comes back.
        assert_eq!(never, Err("down 3".to_owned()));
        tries.set(0);
        let gone = Backoff::new(ms, ms)
            .retry_unless(
                "a step",
                || {
                    tries.set(tries.get() + 1);
                    std::future::ready(Err::<(), _>(if tries.get() < 2 { "down" } else { "gone" }))
                },
                |error| *error == "gone",
            )
            .await;
        // No limit, but an error no retry can mend ends it.
        assert_eq!((gone, tries.get()), (Err("gone"), 2));
    }

    #[tokio::test]
    async fn drain_waits_for_work_in_flight() {
        let in_flight = Arc::new(InFlight::default());
        assert!(in_flight.drain(Duration::from_millis(10)).await);
        let working = in_flight.start();
        assert!(!in_flight.drain(Duration::from_millis(10)).await);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            drop(working);
        });
        assert!(in_flight.drain(Duration::from_secs(5)).await);
    }
}
