//! `--shard K/N`: N processes make disjoint parts of one deterministic run, and the parts,
//! concatenated in shard order, are the run byte for byte (render, stream, deliver), whatever
//! the clock's stamps, `--duplicates` or `--threads`. Needs the `cli` feature.
#![cfg(feature = "cli")]

mod support;

use std::path::Path;

use support::{TempDir, assert_usage_errors, fakeplate, keys, text};

/// Each record's index, its virtual time in milliseconds, and random values.
const TEMPLATE: &str = r#"{"i":{{record.index}},"t":{{date.utc("x")}},"n":{{random.number(99999)}},"who":"{{name.firstName}}"}"#;

/// A scratch directory holding the template as `t.tmpl`.
fn scratch(name: &str) -> TempDir {
    let dir = TempDir::new(&format!("shard-{name}"));
    std::fs::write(dir.0.join("t.tmpl"), TEMPLATE).unwrap();
    dir
}

/// Runs `fakeplate` and returns its stdout, failing on a non-zero exit.
fn run(args: &[&str]) -> String {
    let o = fakeplate(args);
    assert!(o.status.success(), "{args:?}: {}", text(&o.stderr));
    text(&o.stdout)
}

/// What `command` prints as a whole run and as the concatenation of its `n` parts.
fn whole_and_parts(command: &[&str], n: u64) -> (String, String) {
    let whole = run(command);
    let mut parts = String::new();
    for k in 0..n {
        let shard = format!("{k}/{n}");
        parts.push_str(&run(&[command, &["--shard", &shard]].concat()));
    }
    (whole, parts)
}

#[test]
fn render_parts_concatenated_are_the_run() {
    let dir = scratch("render");
    let t = dir.file("t.tmpl");
    let t = t.as_str();
    let cases: &[&[&str]] = &[
        &["--count", "2500", "--seed", "7"],
        // Parts that start inside a block of the random stream, on two threads.
        &[
            "--count",
            "5000",
            "--seed",
            "3",
            "--threads",
            "2",
            "--start-index",
            "17",
        ],
        // Stamped by a random profile, with late events and copies across the parts' edges.
        &[
            "--count",
            "3000",
            "--rate",
            "poisson(40)",
            "--late",
            "0.1:5s",
            "--duplicates",
            "5%",
        ],
        // A backfill: the records arriving before --end.
        &["--end", "2026-01-01T00:05:00Z", "--rate", "ramp(1,20,5m)"],
    ];
    for case in cases {
        let command = [&["render", t], *case].concat();
        for n in [1, 3, 7] {
            let (whole, parts) = whole_and_parts(&command, n);
            assert!(whole.lines().count() > 100, "{case:?}");
            assert!(whole == parts, "{case:?} in {n} parts");
        }
    }
}

#[test]
fn a_part_holds_its_share_and_the_parts_are_disjoint() {
    let dir = scratch("share");
    let t = dir.file("t.tmpl");
    let t = t.as_str();
    let mut seen = Vec::new();
    for k in 0..4 {
        let shard = format!("{k}/4");
        let out = run(&["render", t, "--count", "10", "--shard", &shard]);
        let indices: Vec<u64> = out
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["i"].as_u64().unwrap()
            })
            .collect();
        // 10 records in 4 parts: 2, 3, 2, 3 (from K×10/4 to (K+1)×10/4).
        assert_eq!(indices.len(), [2, 3, 2, 3][k], "part {k}");
        seen.extend(indices);
    }
    assert_eq!(seen, (0..10).collect::<Vec<u64>>());
}

#[test]
fn stream_parts_concatenated_are_the_run() {
    let dir = scratch("stream");
    let t = dir.file("t.tmpl");
    let t = t.as_str();
    let cases: &[&[&str]] = &[
        &["--clock", "virtual", "--count", "1500", "--seed", "11"],
        // A virtual duration: the records arriving within it.
        &["--clock", "virtual", "--duration", "90s", "--step", "7ms"],
        // Stamped by a profile, unpaced: a backfill to --end.
        &[
            "--clock",
            "virtual",
            "--end",
            "2026-01-01T00:01:30Z",
            "--rate",
            "sine(20,10,30s)",
        ],
        &[
            "--clock",
            "virtual",
            "--count",
            "2000",
            "--duplicates",
            "10%",
        ],
    ];
    for case in cases {
        // A stream is paced (10 a second by default) unless it backfills to --end: a constant
        // --rate beside --step paces without stamping, here as fast as it goes.
        let mut command = vec!["stream", t];
        command.extend_from_slice(case);
        if !case.contains(&"--end") {
            command.extend_from_slice(&["--rate", "1000000"]);
        }
        for n in [1, 4] {
            let (whole, parts) = whole_and_parts(&command, n);
            assert!(whole.lines().count() > 100, "{case:?}");
            assert!(whole == parts, "{case:?} in {n} parts");
        }
    }
}

/// The records of a local bucket, objects in key order.
fn bucket_records(root: &Path) -> Vec<String> {
    let mut records = Vec::new();
    for key in keys(root) {
        let body = std::fs::read_to_string(root.join(&key)).unwrap();
        records.extend(body.lines().map(str::to_owned));
    }
    records
}

#[test]
fn deliver_parts_share_a_bucket_without_taking_each_others_keys() {
    let dir = scratch("deliver");
    let t = dir.file("t.tmpl");
    let t = t.as_str();
    let bucket = dir.0.join("bucket");
    let bucket_arg = bucket.to_str().unwrap();
    let common = [
        "deliver",
        t,
        "--to",
        bucket_arg,
        "--count",
        "4000",
        "--seed",
        "5",
        "--run-id",
        "42",
        "--buffer-interval",
        "60s",
        "--buffer-size",
        "16KiB",
        // Every record in the same second: without names of their own, the parts' objects
        // would take each other's keys.
        "--step",
        "0ms",
    ];
    for k in 0..3 {
        let shard = format!("{k}/3");
        let o = fakeplate(&[&common[..], &["--shard", &shard]].concat());
        assert!(o.status.success(), "part {k}: {}", text(&o.stderr));
    }
    let mut delivered = bucket_records(&bucket);
    // Records of one second may sit in objects of two parts; their order is the index order.
    delivered.sort_by_key(|l| {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        v["i"].as_u64().unwrap()
    });
    let rendered = run(&[
        "render", t, "--count", "4000", "--seed", "5", "--step", "0ms",
    ]);
    assert_eq!(delivered.len(), 4000);
    assert!(delivered.iter().map(String::as_str).eq(rendered.lines()));
}

#[test]
fn verify_checks_one_part() {
    let dir = scratch("verify");
    let t = dir.file("t.tmpl");
    let t = t.as_str();
    let part = dir.0.join("part.jsonl");
    let part_arg = part.to_str().unwrap();
    let common = ["--count", "3000", "--seed", "9", "--shard", "1/3"];
    run(&[&["render", t, "--output", part_arg][..], &common].concat());
    let o = fakeplate(&[&["verify", t, "--from", part_arg][..], &common].concat());
    assert!(o.status.success(), "{}", text(&o.stderr));
    let report = text(&o.stdout) + &text(&o.stderr);
    assert!(
        report.contains("verify: 1000 expected, 1000 found, 0 missing, 0 duplicated, 0 unexpected"),
        "{report}"
    );
    // The whole run's other parts are not this part.
    let o = fakeplate(&[
        "verify", t, "--from", part_arg, "--count", "3000", "--seed", "9", "--shard", "2/3",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn usage_errors_name_the_fault() {
    let dir = scratch("usage");
    let t = dir.file("t.tmpl");
    let t = t.as_str();
    let cases: &[(&[&str], &str)] = &[
        (&["render", t, "--shard", "3/3"], "K must be below N"),
        (&["render", t, "--shard", "0/0"], "N must be at least 1"),
        (&["render", t, "--shard", "1"], "expected K/N"),
        (
            &["render", t, "--shard", "a/2"],
            "K \"a\" is not a whole number",
        ),
        (
            &["stream", t, "--duration", "1m", "--shard", "0/2"],
            "give --count",
        ),
        (
            &[
                "verify",
                t,
                "--from",
                t,
                "--count",
                "9",
                "--duplicates",
                "1%",
                "--shard",
                "0/2",
            ],
            "verify all the parts together",
        ),
    ];
    assert_usage_errors(cases);
}
