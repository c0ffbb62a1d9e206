//! Memory stays bounded whatever the record size (issue 16): `write_range` over records near
//! the 1 MiB limit must not hold thousands of them at once.
//!
//! A counting global allocator tracks the bytes currently allocated and their peak, across
//! every thread, so this binary holds a single test: nothing else may allocate while it
//! measures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use fakeplate::Template;

struct Tracking;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    CURRENT.fetch_sub(bytes, Ordering::Relaxed);
}

// SAFETY: every method forwards to `System` unchanged; tracking has no effect on memory.
unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator, i.e. from `System`, with `layout`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as the new block before the old one goes, as a copying realloc holds both.
            grew(new_size);
            shrank(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, i.e. from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }
}

#[global_allocator]
static GLOBAL: Tracking = Tracking;

/// Bytes allocated at the peak of `f`, above what was allocated before it.
fn peak_during(f: impl FnOnce()) -> usize {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed).saturating_sub(before)
}

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
        let peak = peak_during(|| {
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
