//! The hand-written Rust ceiling for sakila (`benches/support/ceiling.rs`), timed exactly as
//! `examples/throughput.rs` times fakeplate, for `benches/compare.sh`:
//! `cargo run --release --features unstable-internals --example ceiling -- 5000000`.

use std::time::Instant;

#[path = "../benches/support/ceiling.rs"]
mod ceiling;
#[path = "../benches/support/timestamp.rs"]
mod timestamp;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(Ok(2_000_000), |a| a.parse())?;
    let mut records = ceiling::Ceiling::new(42);
    let mut buf = String::with_capacity(1 << 16);
    let (mut bytes, start) = (0usize, Instant::now());
    for _ in 0..n {
        records.next_into(&mut buf);
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
