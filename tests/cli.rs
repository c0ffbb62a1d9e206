//! The `fakeplate` binary: every subcommand and exit code, standard input, closed pipes,
//! threads, Ctrl-C. Needs the `cli` feature (`cargo test --all-features`).
#![cfg(feature = "cli")]

mod support;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output, Stdio};
use support::fakeplate;

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn render_is_deterministic_and_matches_the_library() {
    let o = fakeplate(&["render", SAKILA, "--seed", "42", "--count", "1000"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let golden = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/sakila-seed-42.jsonl"
    ))
    .unwrap();
    assert_eq!(stdout(&o), golden);
    let default = fakeplate(&["render", SAKILA]);
    assert_eq!(stdout(&default).lines().count(), 10);
}

#[test]
fn render_threads_and_start_index_give_the_same_bytes() {
    let one = fakeplate(&["render", SAKILA, "--count", "5000", "--threads", "1"]);
    let two = fakeplate(&["render", SAKILA, "--count", "5000", "--threads", "2"]);
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
    let tail = fakeplate(&["render", SAKILA, "--count", "10", "--start-index", "4990"]);
    let all = stdout(&one);
    let last: Vec<&str> = all.lines().skip(4990).collect();
    assert_eq!(stdout(&tail).lines().collect::<Vec<_>>(), last);
}

#[test]
fn render_to_a_file_without_delimiters() {
    let dir = std::env::temp_dir().join(format!("fakeplate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("out.txt");
    let o = fakeplate(&[
        "render",
        SAKILA,
        "--count",
        "3",
        "--delimiter",
        "none",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches("\"timestamp\"").count(), 3);
    assert!(!text.contains('\n'));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stdin_template_and_virtual_clock() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args([
            "render",
            "-",
            "--count",
            "3",
            "--start",
            "2030-05-01T12:00:00Z",
            "--step",
            "1s",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{{date.utc}}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        "2030-05-01T12:00:00Z\n2030-05-01T12:00:01Z\n2030-05-01T12:00:02Z\n"
    );
}

#[test]
fn check_reports_warnings_and_errors_with_exit_codes() {
    let ok = fakeplate(&["check", SAKILA]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(stderr(&ok).starts_with("ok: a JSON template, 0 warnings"));

    let dir = std::env::temp_dir().join(format!("fakeplate-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.tmpl");
    std::fs::write(&bad, "{\"s\": \"{{adress.state}}\"}").unwrap();
    let o = fakeplate(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("bad.tmpl:1:10: unknown namespace `adress` (did you mean `address.state`?)"),
        "{err}"
    );
    assert!(err.contains("1 | {\"s\": \"{{adress.state}}\"}"), "{err}");
    assert!(err.contains("^^^^^^^^^^^^"), "{err}");

    let warn = dir.join("warn.tmpl");
    std::fs::write(&warn, "{{date.now(YYYY-MM-DD)}}").unwrap();
    let o = fakeplate(&["check", warn.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("warning: `YYYY-MM-DD` is not a valid argument"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).unwrap();

    let missing = fakeplate(&["check", "/nonexistent/template.tmpl"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(fakeplate(&["render"]).status.code(), Some(2));
    assert_eq!(
        fakeplate(&["render", SAKILA, "--bogus"]).status.code(),
        Some(2)
    );
    assert_eq!(
        fakeplate(&["stream", SAKILA, "--rate", "0"]).status.code(),
        Some(2)
    );
    assert_eq!(
        fakeplate(&["stream", SAKILA, "--duration", "soon"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        fakeplate(&["stream", SAKILA, "--count", "1", "--duration", "1s"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(fakeplate(&["functions", "nope"]).status.code(), Some(2));
}

#[test]
fn functions_lists_the_catalogue() {
    let o = fakeplate(&["functions"]);
    assert!(o.status.success());
    let text = stdout(&o);
    for name in ["random.number(", "date.now(", "address.state("] {
        assert!(text.contains(name), "{name}");
    }
    let date = stdout(&fakeplate(&["functions", "date"]));
    assert!(
        date.lines()
            .filter(|l| !l.starts_with(' '))
            .all(|l| l.starts_with("date."))
    );
}

#[test]
fn help_for_every_subcommand_has_an_example() {
    for sub in ["render", "stream", "check", "functions"] {
        let o = fakeplate(&[sub, "--help"]);
        assert!(o.status.success());
        assert!(stdout(&o).contains("Example:\n  fakeplate "), "{sub}");
    }
}

#[test]
fn stream_paces_and_stops_at_a_count() {
    let o = fakeplate(&[
        "stream", SAKILA, "--rate", "200", "--count", "20", "--clock", "virtual",
    ]);
    assert!(o.status.success());
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 20);
    // With the virtual clock, the stream is the render of the same seed and rate.
    assert_eq!(
        text,
        stdout(&fakeplate(&[
            "render", SAKILA, "--count", "20", "--rate", "200"
        ]))
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for sub in [
        vec!["render", SAKILA, "--count", "10000000"],
        vec!["stream", SAKILA, "--rate", "1000"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
            .args(&sub)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for _ in 0..3 {
            lines.next().unwrap().unwrap();
        }
        drop(lines); // like `| head -3`
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{sub:?}: {}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{sub:?}: {}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn a_signal_ends_after_a_whole_record_with_a_summary_and_128_plus_its_number() {
    for (signal, status) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
            .args(["stream", SAKILA, "--rate", "50"])
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
        assert_eq!(o.status.code(), Some(status), "SIG{signal}: {}", stderr(&o));
        assert!(
            rest.is_empty() || rest.ends_with('\n'),
            "partial line: {rest:?}"
        );
        assert!(stderr(&o).contains("(interrupted)"), "{}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn render_stopped_by_sigterm_writes_whole_records_and_exits_143() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args(["render", SAKILA, "--count", "100000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(143), "{}", stderr(&o));
    assert!(rest.ends_with('\n'), "partial line at the end");
    assert!(stderr(&o).contains("(interrupted)"), "{}", stderr(&o));
}

#[test]
fn hostile_numbers_and_files_are_errors_not_panics_or_hangs() {
    // An index range past u64::MAX is a usage error, not an empty output.
    let o = fakeplate(&[
        "render",
        SAKILA,
        "--start-index",
        "18446744073709551610",
        "--count",
        "10",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--start-index"), "{}", stderr(&o));
    // Absurd thread counts are refused, not a "capacity overflow" panic.
    for threads in ["18446744073709551615", "5000"] {
        let o = fakeplate(&["render", SAKILA, "--threads", threads]);
        assert_eq!(o.status.code(), Some(2), "{threads}: {}", stderr(&o));
        assert!(stderr(&o).contains("at most 1024"), "{}", stderr(&o));
    }
    // An endless file is read only up to the template size limit.
    #[cfg(unix)]
    {
        let o = fakeplate(&["check", "/dev/zero"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).len() < 4096, "{}", stderr(&o).len());
    }
}

#[cfg(unix)]
#[test]
fn a_full_stderr_is_not_a_panic() {
    let bad = std::env::temp_dir().join(format!("fakeplate-bad-{}.tmpl", std::process::id()));
    std::fs::write(&bad, "{{random.nope}}").unwrap();
    for args in [
        vec!["check", bad.to_str().unwrap()],
        vec!["check", SAKILA],
        vec!["render", "--bogus"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        // 101 would be a panic.
        assert!(
            matches!(o.status.code(), Some(0..=2)),
            "{args:?}: {:?}",
            o.status
        );
    }
    std::fs::remove_file(&bad).unwrap();
}

#[test]
fn stream_to_a_file_appends_whole_records() {
    let path = std::env::temp_dir().join(format!("fakeplate-stream-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let args = [
        "stream",
        SAKILA,
        "--to",
        path.to_str().unwrap(),
        "--clock",
        "virtual",
        "--rate",
        "100000",
        "--count",
        "20",
    ];
    for _ in 0..2 {
        let o = fakeplate(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("sent 20 records"), "{}", stderr(&o));
    }
    let once = stdout(&fakeplate(&[
        "render", SAKILA, "--count", "20", "--rate", "100000",
    ]));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), once.repeat(2));
    std::fs::remove_file(&path).unwrap();
    for bad in ["", "ftp://host/x", "kinesis://", "firehose://has space"] {
        let o = fakeplate(&["stream", SAKILA, "--to", bad, "--count", "1"]);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
    }
}
