//! Sign-in throttling: after a few failed console sign-ins for one user, or from one client
//! address, each further attempt must wait twice as long as the last (up to 15 minutes), so
//! guessing passwords online is slow whatever the attacker varies. The wait is checked before
//! any password is hashed; a success clears the user's count, never the address's. Times are
//! in milliseconds, so a one-second wait lasts a whole second wherever in a second it begins.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::error::{ErrorCode, IamError, IamResult};

/// Failures a user may have before waits begin.
const FREE_PER_USER: u32 = 3;
/// Failures an address may have before waits begin (several users may share it).
const FREE_PER_ADDRESS: u32 = 10;
/// The first wait after the free failures, in milliseconds; each further failure doubles it.
const FIRST_WAIT_MS: i64 = 1_000;
/// The longest wait, in milliseconds.
const MAX_WAIT_MS: i64 = 15 * 60 * 1_000;
/// Failures older than this are forgotten, in milliseconds.
const WINDOW_MS: i64 = 3_600 * 1_000;
/// Keys tracked at most; the stalest is forgotten first.
const MAX_TRACKED: usize = 100_000;

/// What a sign-in attempt is counted under.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ThrottleKey {
    /// The root email, or the account and user name, lower-cased.
    User(String),
    Address(String),
}

impl ThrottleKey {
    fn free_failures(&self) -> u32 {
        match self {
            Self::User(_) => FREE_PER_USER,
            Self::Address(_) => FREE_PER_ADDRESS,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last_at: i64,
}

impl Failures {
    /// When the next attempt may be made, given the free failures of its key.
    fn next_allowed_at(self, free: u32) -> i64 {
        if self.count < free {
            return self.last_at;
        }
        let doublings = (self.count - free).min(20);
        self.last_at + (FIRST_WAIT_MS << doublings).min(MAX_WAIT_MS)
    }
}

#[derive(Debug, Default)]
pub struct SignInThrottle {
    failures: Mutex<HashMap<ThrottleKey, Failures>>,
}

impl SignInThrottle {
    /// Refuses the attempt with `Throttling` while any of `keys` must still wait; `now` is in
    /// milliseconds since the Unix epoch.
    pub fn check(&self, keys: &[ThrottleKey], now: i64) -> IamResult<()> {
        let Ok(failures) = self.failures.lock() else {
            return Ok(());
        };
        let wait = keys
            .iter()
            .filter_map(|key| {
                let f = failures.get(key)?;
                (now - f.last_at < WINDOW_MS).then(|| f.next_allowed_at(key.free_failures()) - now)
            })
            .max()
            .unwrap_or(0);
        if wait > 0 {
            let seconds = (wait + 999) / 1_000;
            let unit = if seconds == 1 { "second" } else { "seconds" };
            return Err(IamError::new(
                ErrorCode::Throttling,
                format!(
                    "Too many failed sign-in attempts. Wait {seconds} {unit} before you try again."
                ),
            ));
        }
        Ok(())
    }

    /// Counts a failed attempt at `now` (milliseconds since the Unix epoch).
    pub fn record_failure(&self, keys: &[ThrottleKey], now: i64) {
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        if failures.len() + keys.len() > MAX_TRACKED {
            failures.retain(|_, f| now - f.last_at < WINDOW_MS);
            while failures.len() + keys.len() > MAX_TRACKED {
                let stalest = failures
                    .iter()
                    .min_by_key(|(_, f)| f.last_at)
                    .map(|(key, _)| key.clone());
                match stalest {
                    Some(key) => failures.remove(&key),
                    None => break,
                };
            }
        }
        for key in keys {
            let entry = failures.entry(key.clone()).or_insert(Failures {
                count: 0,
                last_at: now,
            });
            if now - entry.last_at >= WINDOW_MS {
                entry.count = 0;
            }
            entry.count += 1;
            entry.last_at = now;
        }
    }

    /// A successful sign-in clears the user's failures (the address keeps its own).
    pub fn record_success(&self, keys: &[ThrottleKey]) {
        if let Ok(mut failures) = self.failures.lock() {
            for key in keys {
                if matches!(key, ThrottleKey::User(_)) {
                    failures.remove(key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> Vec<ThrottleKey> {
        vec![
            ThrottleKey::User("123456789012/alice".into()),
            ThrottleKey::Address("198.51.100.7".into()),
        ]
    }

    /// Milliseconds in `n` seconds.
    fn secs(n: i64) -> i64 {
        n * 1_000
    }

    #[test]
    fn waits_grow_after_the_free_failures_and_a_success_clears_the_user() {
        let throttle = SignInThrottle::default();
        let keys = user();
        for t in 0..3 {
            assert!(throttle.check(&keys, secs(t)).is_ok());
            throttle.record_failure(&keys, secs(t));
        }
        // The third failure starts the waits: 1 s, then 2 s, then 4 s…
        let refused = throttle.check(&keys, secs(2)).map_err(|e| e.message);
        assert_eq!(
            refused,
            Err("Too many failed sign-in attempts. Wait 1 second before you try again.".into())
        );
        assert!(throttle.check(&keys, secs(3)).is_ok());
        throttle.record_failure(&keys, secs(3));
        assert!(throttle.check(&keys, secs(4)).is_err());
        assert!(throttle.check(&keys, secs(5)).is_ok());
        throttle.record_failure(&keys, secs(5));
        assert!(throttle.check(&keys, secs(8)).is_err());
        assert!(throttle.check(&keys, secs(9)).is_ok());
        throttle.record_success(&keys);
        // The address has 5 failures, under its 10 free ones: no wait after the success.
        assert!(throttle.check(&keys, secs(9)).is_ok());
    }

    #[test]
    fn a_wait_lasts_its_whole_length_wherever_in_a_second_it_begins() {
        let throttle = SignInThrottle::default();
        let keys = user();
        for _ in 0..3 {
            throttle.record_failure(&keys, 2_990);
        }
        // 20 ms later the clock shows the next second, yet the wait has 970 ms to run.
        let refused = throttle.check(&keys, 3_010).map_err(|e| e.message);
        assert_eq!(
            refused,
            Err("Too many failed sign-in attempts. Wait 1 second before you try again.".into())
        );
        assert!(throttle.check(&keys, 3_989).is_err());
        assert!(throttle.check(&keys, 3_990).is_ok());
    }

    #[test]
    fn waits_stop_at_fifteen_minutes_and_old_failures_are_forgotten() {
        let throttle = SignInThrottle::default();
        let keys = vec![ThrottleKey::User("root:admin@example.com".into())];
        for _ in 0..40 {
            throttle.record_failure(&keys, 100);
        }
        let refused = throttle.check(&keys, 100).map_err(|e| e.message);
        assert_eq!(
            refused,
            Err("Too many failed sign-in attempts. Wait 900 seconds before you try again.".into())
        );
        assert!(throttle.check(&keys, 100 + MAX_WAIT_MS - 1).is_err());
        assert!(throttle.check(&keys, 100 + MAX_WAIT_MS).is_ok());
        throttle.record_failure(&keys, 1_000);
        throttle.record_failure(&keys, 1_000 + WINDOW_MS);
        assert!(throttle.check(&keys, 1_000 + WINDOW_MS).is_ok());
    }

    #[test]
    fn many_users_from_one_address_are_throttled_by_the_address() {
        let throttle = SignInThrottle::default();
        let address = ThrottleKey::Address("203.0.113.9".into());
        for n in 0..10 {
            let keys = [ThrottleKey::User(format!("acct/user{n}")), address.clone()];
            assert!(throttle.check(&keys, secs(50)).is_ok());
            throttle.record_failure(&keys, secs(50));
        }
        let fresh = [ThrottleKey::User("acct/someone-else".into()), address];
        assert!(throttle.check(&fresh, secs(50)).is_err());
    }
}
