//! The per-access-key request rate limit of the Query API: a token bucket per key that refills
//! at `rate` requests a second and holds up to two seconds' worth, so short bursts pass and a
//! flood from one key gets AWS's `Throttling` error instead of starving everyone else.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before idle, full ones are forgotten.
const MAX_TRACKED_KEYS: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    refilled_at: Instant,
}

#[derive(Debug)]
pub struct RateLimiter {
    /// Requests per second per key; 0 means unlimited.
    rate: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl RateLimiter {
    pub fn new(rate: u32) -> Self {
        Self {
            rate,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn capacity(&self) -> f64 {
        f64::from(self.rate) * 2.0
    }

    /// Takes one request's token for `key`; false when the key is over its rate.
    pub fn allow(&self, key: &str) -> bool {
        self.allow_at(key, Instant::now())
    }

    pub fn allow_at(&self, key: &str, now: Instant) -> bool {
        if self.rate == 0 {
            return true;
        }
        let capacity = self.capacity();
        let rate = f64::from(self.rate);
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        if buckets.len() >= MAX_TRACKED_KEYS && !buckets.contains_key(key) {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.refilled_at).as_secs_f64() * rate < capacity
            });
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: capacity,
            refilled_at: now,
        });
        let elapsed = now.saturating_duration_since(bucket.refilled_at);
        bucket.tokens = (bucket.tokens + elapsed.as_secs_f64() * rate).min(capacity);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_passes_then_the_key_is_throttled_until_it_refills() {
        let limiter = RateLimiter::new(5);
        let start = Instant::now();
        for _ in 0..10 {
            assert!(limiter.allow_at("AKIAONE", start));
        }
        assert!(!limiter.allow_at("AKIAONE", start));
        // Another key has its own bucket.
        assert!(limiter.allow_at("AKIATWO", start));
        // A fifth of a second buys one more request at 5 a second.
        assert!(limiter.allow_at("AKIAONE", start + Duration::from_millis(200)));
        assert!(!limiter.allow_at("AKIAONE", start + Duration::from_millis(200)));
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0);
        let now = Instant::now();
        assert!((0..10_000).all(|_| limiter.allow_at("AKIA", now)));
    }
}
