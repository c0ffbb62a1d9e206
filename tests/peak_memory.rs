//! Memory stays bounded whatever the record size (issue 16): `write_range` over records near
//! the 1 MiB limit must not hold thousands of them at once.
//!
//! The counting allocator of `tests/support/tracking.rs`: this binary holds a single test, so
//! that nothing else allocates while it measures.

use fakeplate::Template;

#[path = "support/tracking.rs"]
mod tracking;

#[global_allocator]
static GLOBAL: tracking::Tracking = tracking::Tracking;

const MIB: usize = 1 << 20;
/// Three blocks of records: three tasks, so that two threads both work.
const RECORDS: u64 = 3 * fakeplate::BLOCK_LEN;

#[test]
fn records_near_the_size_limit_keep_memory_bounded() {
    // 1,000,000 bytes of text around ten random values: records of 1,010,000 bytes, under the
    // 1 MiB limits on templates and records (mostly text, so that a debug build renders them
    // quickly).
    let source = format!(
        "{}{}",
        "{{random.alphaNumeric(1000)}}".repeat(10),
        "x".repeat(1_000_000)
    );
    let template = Template::compile(&source).unwrap();
    assert_eq!(template.generator(9).next().unwrap().len(), 1_010_000);
    for threads in [1, 2] {
        let (peak, ()) = tracking::peak_during(|| {
            template
                .write_range(9, 0..RECORDS, threads, "\n", &mut std::io::sink())
                .unwrap();
        });
        println!(
            "peak memory of write_range over {RECORDS} records of 1,010,000 bytes on {threads} thread(s): {:.1} MiB",
            peak as f64 / MIB as f64
        );
        assert!(
            peak < 64 * MIB,
            "{threads} thread(s): peak {peak} bytes, more than 64 MiB"
        );
    }
}
