//! Sakila on minijinja (`benches/support/jinja.rs`), timed exactly as `examples/throughput.rs`
//! times fakeplate, for `benches/compare.sh`:
//! `cargo run --release --features unstable-internals --example minijinja_sakila -- 1000000`.

use std::time::Instant;

#[path = "../benches/support/jinja.rs"]
mod jinja;
#[path = "../benches/support/timestamp.rs"]
mod timestamp;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(Ok(1_000_000), |a| a.parse())?;
    let records = jinja::Jinja::new(42);
    let mut buf = Vec::with_capacity(1 << 16);
    let (mut bytes, start) = (0usize, Instant::now());
    for _ in 0..n {
        records.render_into(&mut buf);
        buf.push(b'\n');
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
