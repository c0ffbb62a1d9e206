//! Reading an S3 object back keeps memory bounded whatever its size (issue 28, item 6: a 9 MB
//! gzip object took 2.09 GB, each object read whole). Against a local S3 peer (moto's server;
//! `.ci/run` starts one): needs the `s3` feature and `AWS_ENDPOINT_URL` pointing at a loopback
//! address, otherwise the test passes with a note.
//!
//! A counting global allocator tracks the bytes currently allocated and their peak, across
//! every thread, as `tests/peak_memory.rs` does, so this binary holds a single test: nothing
//! else may allocate while it measures.
#![cfg(feature = "s3")]

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read as _;
use std::sync::atomic::{AtomicUsize, Ordering};

use fakeplate::delivery::{S3Store, Store as _};

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
fn peak_during<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let value = f();
    (PEAK.load(Ordering::Relaxed).saturating_sub(before), value)
}

const MIB: usize = 1 << 20;
const OBJECT: usize = 32 * MIB;

#[test]
#[cfg_attr(fakeplate_skip_peers, ignore = "needs moto")]
fn an_object_is_read_back_in_bounded_memory() {
    let peer = support::peer_or_skip!();
    let bucket = support::create_bucket(&peer, "streamed");
    let mut store = S3Store::from_url(&format!("s3://{bucket}")).unwrap();
    let body: Vec<u8> = (0..OBJECT).map(|i| b"0123456789abcdef\n"[i % 17]).collect();
    store.put("big", &body).unwrap();
    drop(body);
    // Read whole (`get`), the object is in memory at once: the measurement sees it.
    let (whole, len) = peak_during(|| store.get("big").unwrap().len());
    assert_eq!(len, OBJECT);
    // Streamed (`open`, what verify reads through), a buffer's worth at a time.
    let (streamed, (len, newlines)) = peak_during(|| {
        let mut object = store.open("big").unwrap();
        let mut buf = vec![0u8; 64 << 10];
        let (mut len, mut newlines) = (0usize, 0usize);
        loop {
            let n = object.read(&mut buf).unwrap();
            if n == 0 {
                break (len, newlines);
            }
            len += n;
            newlines += buf[..n].iter().filter(|&&b| b == b'\n').count();
        }
    });
    assert_eq!((len, newlines), (OBJECT, OBJECT / 17));
    println!(
        "peak memory reading a {} MiB object: whole {:.1} MiB, streamed {:.1} MiB",
        OBJECT / MIB,
        whole as f64 / MIB as f64,
        streamed as f64 / MIB as f64
    );
    assert!(whole >= OBJECT, "whole: peak {whole} bytes");
    assert!(
        streamed < 4 * MIB,
        "streamed: peak {streamed} bytes, 4 MiB or more"
    );
}
