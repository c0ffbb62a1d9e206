//! The hand-written Rust ceiling for `templates/sakila.tmpl`: the same record bytes from the
//! same random draws as fakeplate, with nothing generic left: literals inlined, the weighted
//! table as constants, the timestamp formatted by hand once per second.
//!
//! Shared by `benches/render.rs` and `examples/ceiling.rs` through `#[path]` (with
//! `timestamp.rs`); the bench asserts byte equality with fakeplate before timing anything.

use fake::locales::{Data, EN};
use fakeplate::internals::Rng;
use fakeplate::{BLOCK_LEN, Clock};

use crate::timestamp::write_timestamp;

const STATE: &[&str] = <EN as Data>::ADDRESS_STATE;
const DISTRIBUTOR: &[&str] = &[
    "amazon prime",
    "google play",
    "apple itunes",
    "twitter",
    "microsoft",
    "meta",
    "youtube",
];
const PLATFORM: &[&str] = &["ios", "android", "xbox", "social-media", "tech", "other"];
const EVENT: [&str; 3] = ["rent", "buy", "trailer"];
// The cumulative weights src/rng.rs's WeightTable builds from [0.3, 0.1, 0.6], summed in the
// same order so that every bit matches.
const CUMULATIVE: [f64; 2] = [0.3, 0.3 + 0.1];
const TOTAL: f64 = 0.3 + 0.1 + 0.6;

/// Records of sakila for one seed, from record 0, on the default virtual clock.
pub struct Ceiling {
    rng: Rng,
    index: u64,
    /// The second `stamp` was formatted for.
    second: i64,
    stamp: String,
}

impl Ceiling {
    pub fn new(seed: u64) -> Ceiling {
        Ceiling {
            rng: Rng::for_block(seed, 0),
            index: 0,
            second: i64::MIN,
            stamp: String::with_capacity(32),
        }
    }

    /// Appends the next record (no line break).
    #[inline]
    pub fn next_into(&mut self, out: &mut String) {
        if self.index % BLOCK_LEN == 0 && self.index != 0 {
            self.rng.set_block(self.index / BLOCK_LEN);
        }
        let ms = Clock::DEFAULT_START_MS + Clock::DEFAULT_STEP_MS * self.index as i64;
        let second = ms.div_euclid(1000);
        if second != self.second {
            self.second = second;
            self.stamp.clear();
            write_timestamp(&mut self.stamp, second);
        }
        let u = self.rng.unit_f64() * TOTAL;
        let event = if u < CUMULATIVE[0] {
            EVENT[0]
        } else if u < CUMULATIVE[1] {
            EVENT[1]
        } else {
            EVENT[2]
        };
        let film = self.rng.range_i64(1, 1000);
        let distributor = self.rng.pick_str(DISTRIBUTOR);
        let platform = self.rng.pick_str(PLATFORM);
        let state = self.rng.pick_str(STATE);

        out.push_str("{\t\"timestamp\":\"");
        out.push_str(&self.stamp);
        out.push_str("\",\t\"eventType\":\"");
        out.push_str(event);
        out.push_str("\",\t\"film_id\":");
        out.push_str(itoa::Buffer::new().format(film));
        out.push_str(",\t\"distributor\":\"");
        out.push_str(distributor);
        out.push_str("\",\t\"platform\": \"");
        out.push_str(platform);
        out.push_str("\",\t\"state\":\"");
        out.push_str(state);
        out.push_str("\"}");
        self.index += 1;
    }
}
