//! The hand-written Rust ceiling for `benches/templates/v2-rentals.tmpl`, the language v2
//! family: the same record bytes from the same random draws as fakeplate, in the template's
//! order (`days`, `qty`, the normal price, then the fields), with the samplers of
//! `fakeplate::internals` (the ziggurat normal, the zipf alias table, the `random.unique`
//! permutation, `math.round`) and everything else by hand: the literals as constants, numbers
//! with itoa and as cents, the record time formatted once per second, the return and payment
//! days from the day count. `examples/ceiling_family.rs` asserts byte equality with
//! fakeplate before timing it.

use fake::locales::{Data, EN};
use fakeplate::BLOCK_LEN;
use fakeplate::internals::{Rng, Zipf, permute, round_half_up, standard_normal};

use crate::timestamp::civil_from_days;

const STATE: &[&str] = <EN as Data>::ADDRESS_STATE;
/// 2026-01-01T00:00:00Z, the virtual clock's default start, and its step.
const START_MS: i64 = 1_767_225_600_000;
const STEP_MS: i64 = 100;
/// `date.between("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")`.
const BETWEEN_MS: i64 = 31 * 86_400_000;
const UNIQUE_N: u64 = 16044;

/// Records of the v2 rental family for one seed, from record 0.
pub struct V2Rentals {
    rng: Rng,
    seed: u64,
    index: u64,
    zipf: Zipf,
    /// The record time's second, and its `YYYY-MM-DDTHH:mm:ss.`.
    second: (i64, String),
}

/// `YYYY-MM-DDTHH:mm:ss.` of a Unix second.
fn second_text(out: &mut String, second: i64) {
    let (days, secs) = (second.div_euclid(86_400), second.rem_euclid(86_400));
    push_day(out, days);
    out.push('T');
    push2(out, secs / 3600);
    out.push(':');
    push2(out, secs / 60 % 60);
    out.push(':');
    push2(out, secs % 60);
    out.push('.');
}

/// `YYYY-MM-DD` of a day since 1970-01-01 (years 1000 to 9999).
fn push_day(out: &mut String, days: i64) {
    let (y, m, d) = civil_from_days(days);
    push2(out, y / 100);
    push2(out, y % 100);
    out.push('-');
    push2(out, m);
    out.push('-');
    push2(out, d);
}

fn push2(out: &mut String, v: i64) {
    out.push(char::from(b'0' + (v / 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

/// A number of cents as JavaScript prints cents / 100: `3.3`, `12.54`, `4`.
fn push_cents(out: &mut String, cents: i64, num: &mut itoa::Buffer) {
    out.push_str(num.format(cents / 100));
    let frac = cents % 100;
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            out.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
}

impl V2Rentals {
    pub fn new(seed: u64) -> V2Rentals {
        V2Rentals {
            rng: Rng::for_block(seed, 0),
            seed,
            index: 0,
            zipf: Zipf::new(599, 1.07),
            second: (i64::MIN, String::new()),
        }
    }

    /// Appends the next record (no line break).
    #[inline]
    pub fn next_into(&mut self, out: &mut String) {
        if self.index % BLOCK_LEN == 0 && self.index != 0 {
            self.rng.set_block(self.index / BLOCK_LEN);
        }
        let rng = &mut self.rng;
        let now = START_MS + STEP_MS * self.index as i64;
        let days = rng.range_i64(1, 7);
        let qty = rng.range_i64(1, 3);
        let price = {
            let mut x = 2.99 + standard_normal(rng);
            let mut tries = 1;
            while !(0.99..=4.99).contains(&x) && tries < 64 {
                x = 2.99 + standard_normal(rng);
                tries += 1;
            }
            round_half_up((x.clamp(0.99, 4.99) / 0.01).round() * 0.01, 2)
        };
        let total = round_half_up(qty as f64 * price, 2);

        let mut num = itoa::Buffer::new();
        out.push_str("{\t\"rental_id\":");
        // The first `random.unique` of a template is keyed 1.
        let id = 1 + permute(
            self.index % UNIQUE_N,
            UNIQUE_N,
            self.seed ^ 1u64.rotate_left(32),
        );
        out.push_str(num.format(id));

        let (second, milli) = (now.div_euclid(1000), now.rem_euclid(1000));
        if self.second.0 != second {
            self.second.0 = second;
            self.second.1.clear();
            second_text(&mut self.second.1, second);
        }
        let push_millis = |out: &mut String| {
            out.push(char::from(b'0' + (milli / 100) as u8));
            push2(out, milli % 100);
            out.push('Z');
        };
        out.push_str(",\t\"rental_date\":\"");
        out.push_str(&self.second.1);
        push_millis(out);
        // The return date: the same time of day, `days` later (UTC).
        out.push_str("\",\t\"return_date\":\"");
        push_day(out, second.div_euclid(86_400) + days);
        out.push_str(&self.second.1[10..]);
        push_millis(out);

        let paid = START_MS + rng.range_i64(0, BETWEEN_MS);
        out.push_str("\",\t\"payment_date\":\"");
        push_day(out, paid.div_euclid(86_400_000));

        out.push_str("\",\t\"customer_id\":");
        out.push_str(num.format(self.zipf.sample(rng)));
        out.push_str(",\t\"film_id\":");
        out.push_str(num.format(rng.range_i64(1, 1000)));
        out.push_str(",\t\"staff\":\"staff-");
        out.push_str(num.format(rng.range_i64(1, 2)));
        out.push_str("\",\t\"rental_days\":");
        out.push_str(num.format(days));
        out.push_str(if days > 5 {
            ",\t\"late\":true,\t\"quantity\":"
        } else {
            ",\t\"late\":false,\t\"quantity\":"
        });
        out.push_str(num.format(qty));
        // Both are whole cents (`precision` 0.01, `math.round(…, 2)`), below 2^53 cents.
        out.push_str(",\t\"unit_price\":");
        push_cents(out, (price * 100.0).round() as i64, &mut num);
        out.push_str(",\t\"total\":");
        push_cents(out, (total * 100.0).round() as i64, &mut num);
        out.push_str(if total > 10.0 {
            ",\t\"tier\":\"gold\",\t\"coupon\":"
        } else {
            ",\t\"tier\":\"standard\",\t\"coupon\":"
        });
        if rng.unit_f64() < 0.25 {
            const CHARS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
            out.push_str("\"CP-");
            for _ in 0..6 {
                out.push(char::from(CHARS[rng.index(CHARS.len())]));
            }
            out.push('"');
        } else {
            out.push_str("null");
        }
        out.push_str(",\t\"state\":\"");
        out.push_str(rng.pick_str(STATE));
        out.push_str("\"}");
        self.index += 1;
    }
}
