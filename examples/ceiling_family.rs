//! The hand-written Rust ceilings of three template families (`benches/support/ceiling_*.rs`),
//! timed exactly as `examples/throughput.rs` times fakeplate, for `benches/families.sh`:
//! `cargo run --release --features unstable-internals --example ceiling_family -- wide-numeric 5000000`
//! (or `date-heavy`, `v2-rentals`). Before timing, checks that the first 1,000 records of seed 42 are
//! byte-identical to fakeplate's for the family's template.

use std::time::Instant;

#[path = "../benches/support/ceiling_date_heavy.rs"]
mod ceiling_date_heavy;
#[path = "../benches/support/ceiling_v2_rentals.rs"]
mod ceiling_v2_rentals;
#[path = "../benches/support/ceiling_wide_numeric.rs"]
mod ceiling_wide_numeric;
#[path = "../benches/support/timestamp.rs"]
#[allow(dead_code)]
mod timestamp;

const WIDE_NUMERIC: &str = include_str!("../benches/templates/wide-numeric.tmpl");
const DATE_HEAVY: &str = include_str!("../benches/templates/date-heavy.tmpl");
const V2_RENTALS: &str = include_str!("../benches/templates/v2-rentals.tmpl");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let family = args.next().unwrap_or_default();
    let n: u64 = args.next().map_or(Ok(2_000_000), |a| a.parse())?;
    match family.as_str() {
        "wide-numeric" => {
            let mut c = ceiling_wide_numeric::WideNumeric::new(42);
            run(WIDE_NUMERIC, n, |out| c.next_into(out))
        }
        "date-heavy" => {
            let mut c = ceiling_date_heavy::DateHeavy::new();
            run(DATE_HEAVY, n, |out| c.next_into(out))
        }
        "v2-rentals" => {
            let mut c = ceiling_v2_rentals::V2Rentals::new(42);
            run(V2_RENTALS, n, |out| c.next_into(out))
        }
        other => {
            Err(format!("no ceiling for `{other}`: wide-numeric, date-heavy or v2-rentals").into())
        }
    }
}

/// Checks the ceiling against fakeplate, then times `n` records of it.
fn run(
    template: &str,
    n: u64,
    mut next: impl FnMut(&mut String),
) -> Result<(), Box<dyn std::error::Error>> {
    // The same bytes as fakeplate, or the ceiling measures something else.
    let mut records = fakeplate::Template::compile(template)?.generator(42);
    let (mut want, mut got) = (String::new(), String::new());
    for i in 0..1000 {
        want.clear();
        got.clear();
        records.next_into(&mut want);
        next(&mut got);
        if want != got {
            return Err(format!("record {i} differs:\nfakeplate {want}\nceiling   {got}").into());
        }
    }
    // Timed from record 1000 on: a fresh ceiling would restart at record 0.
    let mut buf = String::with_capacity(1 << 16);
    let (mut bytes, start) = (0usize, Instant::now());
    for _ in 0..n {
        next(&mut buf);
        buf.push('\n');
        if buf.len() > 60_000 {
            bytes += buf.len();
            buf.clear();
        }
    }
    bytes += buf.len();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{n} records, {:.1} bytes/record, {:.0} records/s, {:.1} MB/s",
        bytes as f64 / n as f64,
        n as f64 / secs,
        bytes as f64 / secs / 1e6
    );
    Ok(())
}
