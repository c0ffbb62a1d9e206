//! Reading an S3 object back keeps memory bounded whatever its size (issue 28, item 6: a 9 MB
//! gzip object took 2.09 GB, each object read whole). Against a local S3 peer (moto's server;
//! the test starts one, or uses `AWS_ENDPOINT_URL` when it names a loopback address; see
//! `tests/support/peers.rs`): needs the `s3` feature.
//!
//! The counting allocator of `tests/support/tracking.rs`: this binary holds a single test.
#![cfg(feature = "s3")]

mod support;

use std::io::Read as _;

use fakeplate::delivery::{S3Store, Store as _};

#[path = "support/tracking.rs"]
mod tracking;

#[global_allocator]
static GLOBAL: tracking::Tracking = tracking::Tracking;

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
    let (whole, len) = tracking::peak_during(|| store.get("big").unwrap().len());
    assert_eq!(len, OBJECT);
    // Streamed (`open`, what verify reads through), a buffer's worth at a time.
    let (streamed, (len, newlines)) = tracking::peak_during(|| {
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
