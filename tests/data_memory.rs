//! Memory of a data set (issue 28 item 9): a JSON array of small objects and a CSV file take a
//! small multiple of their size while loading and after, not 90 times it.
//!
//! The counting allocator of `tests/support/tracking.rs`: this binary holds a single test, so
//! that nothing else allocates while it measures.

use std::sync::atomic::Ordering;

use tracking::CURRENT;

use fakeplate::DataSet;

#[path = "support/tracking.rs"]
mod tracking;

#[global_allocator]
static GLOBAL: tracking::Tracking = tracking::Tracking;

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
        let (peak, ()) = tracking::peak_during(|| set = Some(load(bytes).unwrap()));
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
