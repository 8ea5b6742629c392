//! Time and fresh ids come from one injectable source, so that tests can fix the clock (a
//! rectification becomes 逾期 after its deadline) and the demo data is the same on every run.

use chrono::{DateTime, Duration, Utc};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use uuid::Uuid;

/// Gives the current time and mints UUID v7 ids.
pub trait Minter: Send {
    /// The current time.
    fn now(&mut self) -> DateTime<Utc>;
    /// A fresh UUID v7 whose timestamp is [`Minter::now`].
    fn uuid(&mut self) -> Uuid;
}

/// The real clock and the operating system's randomness.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemMinter;

impl Minter for SystemMinter {
    fn now(&mut self) -> DateTime<Utc> {
        Utc::now()
    }

    fn uuid(&mut self) -> Uuid {
        Uuid::now_v7()
    }
}

/// A deterministic clock and id source: starts at a fixed time, advances a fixed step per call to
/// [`Minter::now`], and draws the random bits of each id from a seeded ChaCha20 stream.
pub struct SeededMinter {
    time: DateTime<Utc>,
    step: Duration,
    rng: ChaCha20Rng,
}

impl SeededMinter {
    /// A minter starting at `start`, advancing `step` per tick, seeded with `seed`.
    pub fn new(start: DateTime<Utc>, step: Duration, seed: u64) -> Self {
        Self { time: start, step, rng: ChaCha20Rng::seed_from_u64(seed) }
    }

    /// Moves the clock to `time` (tests use this to pass a deadline).
    pub fn set_time(&mut self, time: DateTime<Utc>) {
        self.time = time;
    }
}

impl Minter for SeededMinter {
    fn now(&mut self) -> DateTime<Utc> {
        let now = self.time;
        self.time += self.step;
        now
    }

    fn uuid(&mut self) -> Uuid {
        let mut random = [0u8; 10];
        self.rng.fill_bytes(&mut random);
        let millis = u64::try_from(self.time.timestamp_millis()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn seeded_minter_repeats_itself() {
        let start = Utc.with_ymd_and_hms(2017, 9, 12, 1, 0, 0).unwrap();
        let mut a = SeededMinter::new(start, Duration::seconds(1), 7);
        let mut b = SeededMinter::new(start, Duration::seconds(1), 7);
        for _ in 0..5 {
            assert_eq!(a.uuid(), b.uuid());
            assert_eq!(a.now(), b.now());
        }
        let id = a.uuid();
        assert_eq!(id.get_version_num(), 7);
        let mut c = SeededMinter::new(start, Duration::seconds(1), 8);
        assert_ne!(c.uuid(), SeededMinter::new(start, Duration::seconds(1), 7).uuid());
    }
}
