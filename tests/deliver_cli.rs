//! `fakeplate deliver`: the bucket it leaves, against `fakeplate render` for the same seed and
//! clock; keys, summary, failures, usage errors, Ctrl-C. Needs the `cli` feature.
#![cfg(feature = "cli")]

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::{fakeplate, text};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");
const PREFIX: &str = "streaming/!{timestamp:yyyy/MM/}";
const ERROR_PREFIX: &str = "!{firehose:error-output-type}/!{timestamp:yyyy/MM/}";

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
        (&[], "give --count, --duration, --end, or --rate"),
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
        // Keys a directory cannot hold are refused before the run, not at the first object.
        (
            &["--count", "1", "--prefix", "../outside/"],
            "`.` or `..` path segment",
        ),
        (
            &["--count", "1", "--prefix", "/absolute/"],
            "empty, `.` or `..` path segment",
        ),
        (
            &["--count", "1", "--prefix", &"x".repeat(300)],
            "over 255 bytes",
        ),
        (&["--count", "1", "--prefix", "a\\b/"], "holds `\\` or NUL"),
        (&["--count", "1", "--prefix", "C:/x/"], "drive prefix"),
        (
            &[
                "--count",
                "1",
                "--prefix",
                "ok/",
                "--error-prefix",
                "../!{firehose:error-output-type}/",
            ],
            "`.` or `..` path segment",
        ),
        // Virtual time that never advances never reaches the end of a duration.
        (
            &["--step", "0ms", "--duration", "1m"],
            "--step 0ms with --duration 1m",
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
    let o = fakeplate(&["deliver", SAKILA, "--to", "", "--count", "1"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("--to ''"), "{}", text(&o.stderr));
}

#[test]
fn a_second_run_into_the_same_bucket_replaces_nothing() {
    let root = bucket("second-run");
    let to = root.to_str().unwrap();
    let first = fakeplate(&["deliver", SAKILA, "--to", to, "--count", "36000"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let second = fakeplate(&["deliver", SAKILA, "--to", to, "--count", "10"]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    // Both runs' records are there: 60 objects of the first, one of the second.
    let keys = support::keys(&root);
    assert_eq!(keys.len(), 61);
    let lines = concatenated(&root, &keys).lines().count();
    assert_eq!(lines, 36010);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn a_repeated_run_id_repeats_the_keys_and_a_taken_key_is_an_error_not_an_overwrite() {
    let root = bucket("run-id");
    let to = root.to_str().unwrap();
    let run = |count: &str| {
        fakeplate(&[
            "deliver", SAKILA, "--to", to, "--count", count, "--run-id", "7",
        ])
    };
    let first = run("1200");
    assert!(first.status.success(), "{}", text(&first.stderr));
    assert!(
        text(&first.stderr).contains("; run id 7"),
        "{}",
        text(&first.stderr)
    );
    let keys = support::keys(&root);
    let before = concatenated(&root, &keys);
    // Into an empty bucket the same run id gives the same keys.
    let other = bucket("run-id-again");
    let again = fakeplate(&[
        "deliver",
        SAKILA,
        "--to",
        other.to_str().unwrap(),
        "--count",
        "1200",
        "--run-id",
        "7",
    ]);
    assert!(again.status.success());
    assert_eq!(support::keys(&other), keys);
    std::fs::remove_dir_all(&other).unwrap();
    // Into the same bucket, the first key is taken: the run fails and says what it kept back.
    let second = run("10");
    assert_eq!(second.status.code(), Some(1), "{}", text(&second.stderr));
    let err = text(&second.stderr);
    assert!(err.contains("already there"), "{err}");
    assert!(err.contains("not delivered: 10 records"), "{err}");
    assert_eq!(support::keys(&root), keys);
    assert_eq!(concatenated(&root, &keys), before);
    std::fs::remove_dir_all(&root).unwrap();
}

#[cfg(unix)]
#[test]
fn links_inside_the_bucket_are_not_followed() {
    let root = bucket("links");
    let outside = bucket("links-outside");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    // A directory of the prefix that is a link to elsewhere.
    std::os::unix::fs::symlink(&outside, root.join("streaming")).unwrap();
    let o = fakeplate(&[
        "deliver",
        SAKILA,
        "--to",
        root.to_str().unwrap(),
        "--count",
        "10",
        "--prefix",
        PREFIX,
        "--error-prefix",
        ERROR_PREFIX,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("is a symbolic link"),
        "{}",
        text(&o.stderr)
    );
    assert!(
        text(&o.stderr).contains("not delivered: 10 records"),
        "{}",
        text(&o.stderr)
    );
    assert!(support::keys(&outside).is_empty());
    std::fs::remove_dir_all(&root).unwrap();
    std::fs::remove_dir_all(&outside).unwrap();
}

#[test]
fn an_object_name_of_252_bytes_is_delivered() {
    let root = bucket("long-name");
    // `etl3-delivery-1-2026-01-01-00-00-00-` and a UUID are 72 bytes; the prefix's last
    // segment (a prefix with an expression gets no `/` added) makes the rest.
    let prefix = format!("p/!{{timestamp:yyyy}}{}", "n".repeat(252 - 72 - 4));
    let o = fakeplate(&[
        "deliver",
        SAKILA,
        "--to",
        root.to_str().unwrap(),
        "--count",
        "10",
        "--prefix",
        &prefix,
        "--error-prefix",
        ERROR_PREFIX,
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let keys = support::keys(&root);
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].split('/').nth(1).unwrap().len(), 252);
    std::fs::remove_dir_all(&root).unwrap();
}

/// Delivers 3,000 sakila records (five objects) with stdout or stderr going to /dev/full.
#[cfg(unix)]
fn deliver_into_a_full_device(full_stdout: bool) -> (Output, PathBuf) {
    let root = bucket(if full_stdout {
        "stdout-full"
    } else {
        "stderr-full"
    });
    let full = || std::fs::File::create("/dev/full").unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_fakeplate"));
    command.args([
        "deliver",
        SAKILA,
        "--to",
        root.to_str().unwrap(),
        "--count",
        "3000",
    ]);
    if full_stdout {
        command.stdout(full());
    } else {
        command.stderr(full());
    }
    (command.output().unwrap(), root)
}

#[cfg(unix)]
#[test]
fn a_failing_stdout_does_not_stop_delivery() {
    let (o, root) = deliver_into_a_full_device(true);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("listing keys on standard output failed"),
        "{err}"
    );
    assert!(err.contains("delivered 5 objects, 3000 records"), "{err}");
    assert_eq!(support::keys(&root).len(), 5);
    std::fs::remove_dir_all(&root).unwrap();
}

#[cfg(unix)]
#[test]
fn a_full_stderr_is_not_a_panic() {
    let (o, root) = deliver_into_a_full_device(false);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(support::keys(&root).len(), 5);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn an_unread_stdout_does_not_stall_delivery() {
    let root = bucket("unread");
    // Thousands of keys, far more than a pipe holds, and nobody reads them.
    let mut child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args([
            "deliver",
            SAKILA,
            "--to",
            root.to_str().unwrap(),
            "--count",
            "36000",
            "--step",
            "0ms",
            "--buffer-size",
            "4KiB",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut summary = String::new();
    // The summary comes once everything is delivered, while stdout is still unread; a stall
    // would leave this read waiting.
    let reader = std::thread::spawn(move || {
        let mut line = String::new();
        let mut r = BufReader::new(&mut stderr);
        while r.read_line(&mut line).unwrap_or(0) > 0 {
            if line.contains("delivered ") {
                return line;
            }
        }
        line
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !reader.is_finished() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if !reader.is_finished() {
        let _ = child.kill();
        panic!("delivery stalled behind an unread stdout");
    }
    summary.push_str(&reader.join().unwrap());
    assert!(summary.contains("36000 records"), "{summary}");
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    std::fs::remove_dir_all(&root).unwrap();
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
#[cfg(unix)]
#[test]
fn a_signal_delivers_the_open_buffer_and_loses_nothing() {
    for (signal, status) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let root = bucket(&format!("signal-{signal}"));
        // Paced in real time on the virtual clock: 200 records a second, stamped 5 ms apart,
        // objects of 1 virtual second (200 records), so keys appear on stdout within a second.
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
            .args([&format!("-{signal}"), &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
        let o = child.wait_with_output().unwrap();
        let summary = text(&o.stderr);
        assert_eq!(o.status.code(), Some(status), "SIG{signal}: {summary}");
        assert!(summary.contains("(interrupted)"), "{summary}");
        assert!(!summary.contains("not delivered"), "{summary}");
        // Everything sent is in the bucket, once, in order: the first n records.
        let n: u64 = summary
            .split(", ")
            .find_map(|part| part.strip_suffix(" records"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{summary}"));
        let rendered = fakeplate(&["render", SAKILA, "--count", &n.to_string(), "--rate", "200"]);
        let keys = support::keys(&root);
        assert_eq!(concatenated(&root, &keys), text(&rendered.stdout));
        assert_eq!(format!("{first}{rest}").lines().count(), keys.len());
        std::fs::remove_dir_all(&root).unwrap();
    }
}

#[test]
fn a_file_as_the_bucket_is_a_usage_error_that_says_so() {
    let root = bucket("to-a-file");
    std::fs::create_dir_all(&root).unwrap();
    let file = root.join("records.txt");
    std::fs::write(&file, "").unwrap();
    let inside = file.join("sub");
    for (to, says) in [
        (
            file.clone(),
            "is a file; deliver needs a directory".to_owned(),
        ),
        (
            inside.clone(),
            format!("{} is a file; deliver needs a directory", file.display()),
        ),
    ] {
        let o = fakeplate(&[
            "deliver",
            SAKILA,
            "--to",
            to.to_str().unwrap(),
            "--count",
            "1",
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
        let err = text(&o.stderr);
        assert!(err.contains(&format!("--to {}: ", to.display())), "{err}");
        assert!(err.contains(&says), "{err}");
        assert!(err.contains("s3://BUCKET"), "{err}");
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"");
    let _ = std::fs::remove_dir_all(&root);
}
