//! `fakeplate verify --clock system`: a stream made on the system clock verifies (sakila, and a
//! template of several formats); an altered non-time field, a time outside `--window` and a
//! time in another format are caught with exact numbers; templates that compute other things
//! from the clock are refused. Needs the `cli` feature.
#![cfg(feature = "cli")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use support::{fakeplate, last_line, lines, text, write_lines};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");
const COUNT: usize = 3000;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "fakeplate-verify-system-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Streams COUNT records of `template` (seed 5) on the system clock into `file`, and returns
/// a window around the run, as RFC 3339.
fn streamed(template: &str, file: &Path) -> String {
    let now = || {
        chrono::Utc::now()
            .format("%Y-%m-%dT%H:%M:%S%.3fZ")
            .to_string()
    };
    let before = now();
    let out = fakeplate(&[
        "stream",
        template,
        "--clock",
        "system",
        "--to",
        file.to_str().unwrap(),
        "--count",
        &COUNT.to_string(),
        "--seed",
        "5",
        "--rate",
        "1000000",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let after = now();
    format!("{before}..{after}")
}

fn verify(template: &str, file: &Path, extra: &[&str]) -> Output {
    let count = COUNT.to_string();
    let mut args = vec![
        "verify",
        template,
        "--from",
        file.to_str().unwrap(),
        "--seed",
        "5",
        "--count",
        &count,
        "--clock",
        "system",
    ];
    args.extend_from_slice(extra);
    fakeplate(&args)
}

#[test]
fn a_system_clock_sakila_stream_verifies_in_its_window() {
    let dir = scratch("sakila");
    let file = dir.join("events.jsonl");
    let window = streamed(SAKILA, &file);
    let out = verify(SAKILA, &file, &["--window", &window]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(
        last_line(&out),
        "verify: 3000 expected, 3000 found, 0 missing, 0 duplicated, 0 unexpected"
    );
    assert!(
        text(&out.stdout)
            .contains("system clock: 1 time value per record checked for format and window"),
        "{}",
        text(&out.stdout)
    );
    // The same records on the virtual clock are not these.
    let out = fakeplate(&[
        "verify",
        SAKILA,
        "--from",
        file.to_str().unwrap(),
        "--seed",
        "5",
        "--count",
        "3000",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_altered_field_a_time_outside_the_window_and_a_time_in_another_format_are_caught() {
    let dir = scratch("faults");
    let file = dir.join("events.jsonl");
    let window = streamed(SAKILA, &file);
    let mut records = lines(&file);
    assert_eq!(records.len(), COUNT);
    // A non-time field altered.
    records[100] = records[100].replacen(r#""eventType":""#, r#""eventType":"x"#, 1);
    // A time in another format: `2026-12-03T14:50:00+00:00` without its `T`.
    let at = records[200].find(r#""timestamp":""#).unwrap() + 13;
    records[200].replace_range(at + 10..at + 11, " ");
    write_lines(&file, &records);
    let out = verify(SAKILA, &file, &["--window", &window]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert_eq!(
        last_line(&out),
        "verify: 3000 expected, 2998 found, 2 missing, 0 duplicated, 2 unexpected"
    );
    assert!(
        report.contains("missing: 2 records, first 100, 200"),
        "{report}"
    );
    assert!(
        report.contains(&format!(
            ": the time value at byte {at} does not match format YYYY-MM-DD[T]HH:mm:ssZ"
        )),
        "{report}"
    );

    // A window of a day in 2001: every time value is outside it.
    let out = verify(
        SAKILA,
        &file,
        &["--window", "2001-01-01T00:00:00Z..2001-01-02T00:00:00Z"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        last_line(&out),
        "verify: 3000 expected, 0 found, 3000 missing, 0 duplicated, 3000 unexpected"
    );
    let report = text(&out.stdout);
    assert!(
        report.contains(&format!(
            "the time value at byte {at} (format YYYY-MM-DD[T]HH:mm:ssZ) is outside the window"
        )),
        "{report}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_template_of_several_formats_verifies_and_json_says_why() {
    let dir = scratch("formats");
    let template = dir.join("formats.tmpl");
    std::fs::write(
        &template,
        r#"{"ms":{{date.now("x")}},"s":{{date.utc("X")}},"iso":"{{date.now("YYYY-MM-DDTHH:mm:ss.SSSZ")}}","day":"{{date.now("Do MMM")}}","n":{{random.number(1000000)}},"ago":"{{date.recent(2)}}"}"#,
    )
    .unwrap();
    let template = template.to_str().unwrap();
    let file = dir.join("out.jsonl");
    let window = streamed(template, &file);
    let out = verify(template, &file, &["--window", &window]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert_eq!(
        last_line(&out),
        "verify: 3000 expected, 3000 found, 0 missing, 0 duplicated, 0 unexpected"
    );

    let mut records = lines(&file);
    records[7] = records[7].replacen(r#""n":"#, r#""n":-"#, 1);
    records[8] = records[8].replacen(r#""ms":"#, r#""ms":"x"#, 1);
    write_lines(&file, &records);
    let out = verify(template, &file, &["--window", &window, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            doc["found"].as_u64(),
            doc["missing"].as_u64(),
            doc["unexpected"].as_u64()
        ),
        (Some(2998), Some(2), Some(2))
    );
    assert_eq!(doc["time_values"], 5);
    let samples = doc["unexpected_sample"].as_array().unwrap();
    assert_eq!(samples[0]["reason"], serde_json::Value::Null);
    assert_eq!(samples[0]["closest"]["index"], 7);
    assert_eq!(
        samples[1]["reason"],
        "the time value at byte 6 does not match format x"
    );
    assert_eq!(
        text(&out.stderr).lines().last(),
        Some("verify: 3000 expected, 2998 found, 2 missing, 0 duplicated, 2 unexpected")
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn usage_errors_and_templates_that_compute_from_the_clock() {
    let dir = scratch("usage");
    let file = dir.join("none.jsonl");
    std::fs::write(&file, "").unwrap();
    let path = file.to_str().unwrap();
    for (args, needle) in [
        (
            vec![
                "--window",
                "2026-01-01T00:00:00Z..2026-01-02T00:00:00Z",
                "--clock",
                "virtual",
            ],
            "only with --clock system",
        ),
        (
            vec!["--clock", "system", "--window", "2026-01-01"],
            "no `..`",
        ),
        (
            vec!["--clock", "system", "--window", "yesterday.."],
            "not an RFC 3339 instant",
        ),
        (
            vec![
                "--clock",
                "system",
                "--window",
                "2026-01-02T00:00:00Z..2026-01-01T00:00:00Z",
            ],
            "FROM is after TO",
        ),
    ] {
        let mut all = vec!["verify", SAKILA, "--from", path, "--count", "5"];
        all.extend(args);
        let out = fakeplate(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(text(&out.stderr).contains(needle), "{}", text(&out.stderr));
    }
    let template = dir.join("diff.tmpl");
    std::fs::write(
        &template,
        r#"{"age":{{ date.diff(record.time, date.parse("2026-01-01"), "days") }}}"#,
    )
    .unwrap();
    let out = verify(template.to_str().unwrap(), &file, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains(r#"date.diff with the record's time in the tag after `{"age":`"#),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(dir);
}
