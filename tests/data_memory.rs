//! Memory of a data set (issue 28 item 9): a JSON array of small objects and a CSV file take a
//! small multiple of their size while loading and after, not 90 times it.
//!
//! A counting global allocator tracks the bytes currently allocated and their peak, so this
//! binary holds a single test: nothing else may allocate while it measures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use fakeplate::DataSet;

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

/// A JSON array of small objects of about `bytes` bytes, and the same rows as CSV.
fn files(bytes: usize) -> (String, String) {
    let cities = ["Lethbridge", "Woodridge", "Aurora", "Bergen", "Toulouse"];
    let mut json = String::from("[");
    let mut csv = String::from("id,name,city,score,active\n");
    let mut i = 0usize;
    while json.len() < bytes {
        let (city, score, active) = (cities[i % 5], (i * 37 % 10_000) as f64 / 100.0, i % 3 > 0);
        if i > 0 {
            json.push(',');
        }
        json.push_str(&format!(
            "{{\"id\":{i},\"name\":\"Customer {i}\",\"city\":\"{city}\",\"score\":{score},\"active\":{active}}}\n"
        ));
        csv.push_str(&format!("{i},Customer {i},{city},{score},{active}\n"));
        i += 1;
    }
    json.push(']');
    (json, csv)
}

#[test]
fn data_sets_take_a_small_multiple_of_their_file() {
    let (json, csv) = files(8 * MIB);
    let mut kept = 0;
    type Load = fn(&[u8]) -> Result<DataSet, fakeplate::DataError>;
    let loads: [(&str, &[u8], Load); 2] = [
        ("JSON array", json.as_bytes(), DataSet::from_json),
        ("CSV", csv.as_bytes(), DataSet::from_csv),
    ];
    for (what, bytes, load) in loads {
        let before = CURRENT.load(Ordering::Relaxed);
        let mut set = None;
        let peak = peak_during(|| set = Some(load(bytes).unwrap()));
        let after = CURRENT.load(Ordering::Relaxed) - before;
        let set = set.unwrap();
        kept += set.len();
        println!(
            "{what} of {:.1} MiB, {} rows: peak {:.1} MiB while loading ({:.2}x), {:.1} MiB kept ({:.2}x)",
            bytes.len() as f64 / MIB as f64,
            set.len(),
            peak as f64 / MIB as f64,
            peak as f64 / bytes.len() as f64,
            after as f64 / MIB as f64,
            after as f64 / bytes.len() as f64,
        );
        assert!(
            peak < 3 * bytes.len(),
            "{what}: peak {peak} bytes while loading"
        );
        assert!(after < 2 * bytes.len(), "{what}: {after} bytes kept");
    }
    assert!(kept > 200_000, "{kept} rows");
}
