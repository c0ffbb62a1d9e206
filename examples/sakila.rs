//! Prints records of the project's original template, one per line.
//!
//! ```sh
//! cargo run --release --example sakila            # 10 records, seed 42
//! cargo run --release --example sakila -- 1000 7  # 1000 records, seed 7
//! ```

use std::io::{self, Write};

const SAKILA: &str = include_str!("../templates/sakila.tmpl");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let count: u64 = args.next().map_or(Ok(10), |a| a.parse())?;
    let seed: u64 = args.next().map_or(Ok(42), |a| a.parse())?;

    let template = fakeplate::Template::compile_with(
        SAKILA,
        &fakeplate::Options::new().name("templates/sakila.tmpl"),
    )?;
    let mut records = template.generator(seed);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut buf = String::new();
    for _ in 0..count {
        buf.clear();
        records.next_into(&mut buf);
        buf.push('\n');
        if let Err(e) = out.write_all(buf.as_bytes()) {
            // A closed pipe (`| head`) is a normal way to stop.
            if e.kind() == io::ErrorKind::BrokenPipe {
                return Ok(());
            }
            return Err(e.into());
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
