//! Renders sakila records (or the template at the path given after the count) as fast as it
//! can and prints records per second: a quick check between criterion runs
//! (`cargo run --release --example throughput -- 5000000 [TEMPLATE]`), and fakeplate's engine
//! in `benches/compare.sh` and `benches/families.sh`.

use std::time::Instant;

const SAKILA: &str = include_str!("../templates/sakila.tmpl");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args()
        .nth(1)
        .map_or(Ok(2_000_000), |a| a.parse())?;
    let text = match std::env::args().nth(2) {
        Some(path) => std::fs::read_to_string(path)?,
        None => SAKILA.to_owned(),
    };
    let template = fakeplate::Template::compile(&text)?;
    let mut records = template.generator(42);
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
