//! `fakeplate deliver`: the bucket it leaves, against `fakeplate render` for the same seed and
//! clock; keys, summary, failures, usage errors, Ctrl-C. Needs the `cli` feature.
#![cfg(feature = "cli")]

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");
const PREFIX: &str = "streaming/!{timestamp:yyyy/MM/}";
const ERROR_PREFIX: &str = "!{firehose:error-output-type}/!{timestamp:yyyy/MM/}";

fn fakeplate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn bucket(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fakeplate-deliver-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn concatenated(root: &Path, keys: &[String]) -> String {
    keys.iter()
        .map(|k| std::fs::read_to_string(root.join(k)).unwrap())
        .collect()
}

#[test]
fn the_bucket_in_key_order_is_what_render_prints() {
    // The tutorial's setup for an hour of virtual time, and a stress case: every record in the
    // same second, 4 KiB objects, so hundreds of objects share one timestamp.
    for (clock_args, size) in [(vec![], "1MiB"), (vec!["--step", "0ms"], "4KiB")] {
        let root = bucket("render");
        let root_s = root.to_str().unwrap();
        let mut args = vec![
            "deliver",
            SAKILA,
            "--to",
            root_s,
            "--seed",
            "42",
            "--count",
            "36000",
            "--prefix",
            PREFIX,
            "--error-prefix",
            ERROR_PREFIX,
            "--buffer-size",
            size,
            "--buffer-interval",
            "60s",
        ];
        args.extend(&clock_args);
        let o = fakeplate(&args);
        assert!(o.status.success(), "{}", text(&o.stderr));

        let mut render_args = vec!["render", SAKILA, "--seed", "42", "--count", "36000"];
        render_args.extend(&clock_args);
        let rendered = fakeplate(&render_args);
        let keys = support::keys(&root);
        assert_eq!(
            concatenated(&root, &keys),
            text(&rendered.stdout),
            "{clock_args:?}"
        );

        // stdout lists the keys as they are delivered, which is key order too.
        let listed: Vec<String> = text(&o.stdout).lines().map(str::to_owned).collect();
        assert_eq!(listed, keys);
        let bytes = rendered.stdout.len();
        let summary = text(&o.stderr);
        assert!(
            summary.contains(&format!(
                "delivered {} objects, 36000 records, {bytes} bytes to {root_s}; failed 0 records (0 bytes) in 0 error objects",
                keys.len()
            )),
            "{summary}"
        );
        if size == "1MiB" {
            // 600 records a minute, about 90 KB: the interval wins, one object a minute.
            assert_eq!(keys.len(), 60);
            assert!(
                keys[0]
                    .starts_with("streaming/2026/01/etl3-delivery-1-2026-01-01-00-00-00-00000000-")
            );
            assert!(
                keys[59]
                    .starts_with("streaming/2026/01/etl3-delivery-1-2026-01-01-00-59-00-0000003b-")
            );
        } else {
            assert!(keys.len() > 1000, "{}", keys.len());
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}

#[test]
fn duration_on_the_virtual_clock_counts_virtual_time() {
    let root = bucket("duration");
    let o = fakeplate(&[
        "deliver",
        SAKILA,
        "--to",
        root.to_str().unwrap(),
        "--duration",
        "90s",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    // 10 records a second for 90 s: one full minute, then the rest at the end.
    assert!(
        text(&o.stderr).contains("delivered 2 objects, 900 records,"),
        "{}",
        text(&o.stderr)
    );
    let keys = support::keys(&root);
    assert!(
        keys[0].starts_with("2026/01/01/00/etl3-delivery-1-2026-01-01-00-00-00-"),
        "{keys:?}"
    );
    assert!(
        keys[1].starts_with("2026/01/01/00/etl3-delivery-1-2026-01-01-00-01-00-"),
        "{keys:?}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn records_that_are_not_json_go_under_the_error_prefix() {
    let dir = bucket("invalid-template");
    std::fs::create_dir_all(&dir).unwrap();
    let template = dir.join("half.tmpl");
    std::fs::write(
        &template,
        r#"{{random.arrayElement(["{\"ok\":1}", "oops"])}}"#,
    )
    .unwrap();
    let root = dir.join("bucket");
    let o = fakeplate(&[
        "deliver",
        template.to_str().unwrap(),
        "--escape",
        "text",
        "--to",
        root.to_str().unwrap(),
        "--count",
        "200",
        "--validate",
        "json",
        "--prefix",
        PREFIX,
        "--error-prefix",
        ERROR_PREFIX,
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let keys = support::keys(&root);
    let (failed, delivered): (Vec<&String>, Vec<&String>) = keys
        .iter()
        .partition(|k| k.starts_with("format-conversion-failed/2026/01/etl3-delivery-1-"));
    assert_eq!(failed.len(), 1, "{keys:?}");
    assert_eq!(delivered.len(), 1, "{keys:?}");
    let docs = std::fs::read_to_string(root.join(failed[0])).unwrap();
    let ok = std::fs::read_to_string(root.join(delivered[0])).unwrap();
    let (n_failed, n_ok) = (docs.lines().count(), ok.lines().count());
    assert_eq!(n_failed + n_ok, 200);
    assert!(ok.lines().all(|l| l == r#"{"ok":1}"#));
    assert!(
        docs.lines().all(|l| l.contains(r#""rawData":"b29wcwo=""#)),
        "{docs}"
    ); // "oops\n"
    assert!(
        text(&o.stderr).contains(&format!(
            "failed {n_failed} records ({} bytes) in 1 error object",
            5 * n_failed
        )),
        "{}",
        text(&o.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn usage_errors_exit_2_with_the_reason() {
    let root = bucket("usage");
    let to = root.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--count", "1", "--prefix", "!{timestamp:yyyy/MM/dd}"],
            "error: Invalid input: ErrorOutputPrefix can't be null when Prefix contains expressions",
        ),
        (
            &[
                "--count",
                "1",
                "--prefix",
                "x/!{timestamp:YYYY}/",
                "--error-prefix",
                ERROR_PREFIX,
            ],
            "column 15: `Y` is the week-based year",
        ),
        (&[], "give --count, --duration, or --rate"),
        (
            &["--count", "1", "--buffer-size", "1MB"],
            "--buffer-size \"1MB\": expected a size such as 1MiB",
        ),
        (
            &["--count", "1", "--stream-name", "a b"],
            "the delivery stream name \"a b\"",
        ),
        (
            &["--count", "1", "--rate", "0"],
            "--rate 0: expected a positive number",
        ),
    ];
    for (extra, want) in cases {
        let mut args = vec!["deliver", SAKILA, "--to", to];
        args.extend(*extra);
        let o = fakeplate(&args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", text(&o.stderr));
        assert!(
            text(&o.stderr).contains(want),
            "{extra:?}: {}",
            text(&o.stderr)
        );
    }
    assert!(!root.exists(), "nothing is written on a usage error");
}

#[test]
fn small_buffers_outside_firehose_ranges_are_noted() {
    let root = bucket("note");
    let o = fakeplate(&[
        "deliver",
        SAKILA,
        "--to",
        root.to_str().unwrap(),
        "--count",
        "10",
        "--buffer-size",
        "1KiB",
    ]);
    assert!(o.status.success());
    assert!(
        text(&o.stderr).contains("note: a buffer of 1024 bytes: Firehose accepts 1 MiB to 128 MiB"),
        "{}",
        text(&o.stderr)
    );
    std::fs::remove_dir_all(&root).unwrap();
}

#[cfg(not(feature = "s3"))]
#[test]
fn s3_needs_the_feature() {
    let o = fakeplate(&["deliver", SAKILA, "--to", "s3://bucket", "--count", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("built without S3 support"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_delivers_the_open_buffer_and_loses_nothing() {
    let root = bucket("ctrl-c");
    // Paced in real time on the virtual clock: 200 records a second, objects of 1 virtual
    // second (10 records), so keys appear on stdout at once.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args([
            "deliver",
            SAKILA,
            "--to",
            root.to_str().unwrap(),
            "--rate",
            "200",
            "--buffer-interval",
            "1s",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let summary = text(&o.stderr);
    assert!(summary.contains("(interrupted)"), "{summary}");
    assert!(!summary.contains("not delivered"), "{summary}");
    // Everything sent is in the bucket, once, in order: the first n records.
    let n: u64 = summary
        .split(", ")
        .find_map(|part| part.strip_suffix(" records"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{summary}"));
    let rendered = fakeplate(&["render", SAKILA, "--count", &n.to_string()]);
    let keys = support::keys(&root);
    assert_eq!(concatenated(&root, &keys), text(&rendered.stdout));
    assert_eq!(format!("{first}{rest}").lines().count(), keys.len());
    std::fs::remove_dir_all(&root).unwrap();
}
