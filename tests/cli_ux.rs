//! The command line's conveniences (issue 22): compressed output read back, completions and
//! the manual, colour, `check --json`, progress on stderr only. Needs the `cli` feature.
#![cfg(feature = "cli")]

mod support;

use std::io::Read as _;
use std::process::{Command, Output, Stdio};

use support::{fakeplate, text};

const SAKILA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/sakila.tmpl");

fn stderr(o: &Output) -> String {
    text(&o.stderr)
}

fn temp_dir(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("fakeplate-ux-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn unzstd(bytes: &[u8]) -> Vec<u8> {
    zstd::stream::decode_all(bytes).unwrap()
}

#[test]
fn gz_and_zst_outputs_decompress_to_the_plain_output_for_any_threads() {
    let dir = temp_dir("render");
    let plain = fakeplate(&["render", SAKILA, "--count", "20000", "--seed", "3"]);
    assert!(plain.status.success(), "{}", stderr(&plain));
    for threads in ["1", "2", "0"] {
        for name in ["out.jsonl.gz", "out.jsonl.zst"] {
            let path = dir.join(format!("{threads}-{name}"));
            let path_s = path.to_str().unwrap();
            let o = fakeplate(&[
                "render",
                SAKILA,
                "--count",
                "20000",
                "--seed",
                "3",
                "--threads",
                threads,
                "--output",
                path_s,
            ]);
            assert!(o.status.success(), "{}", stderr(&o));
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                bytes.len() < plain.stdout.len() / 3,
                "{name}: {}",
                bytes.len()
            );
            let back = if name.ends_with(".gz") {
                gunzip(&bytes)
            } else {
                unzstd(&bytes)
            };
            assert!(back == plain.stdout, "{threads} threads, {name}");
            // verify reads it back by its first bytes.
            let v = fakeplate(&[
                "verify", SAKILA, "--from", path_s, "--count", "20000", "--seed", "3",
            ]);
            assert!(v.status.success(), "{}{}", text(&v.stdout), stderr(&v));
        }
    }
    // --compress forces a codec onto standard output, and `none` overrides the extension.
    let o = fakeplate(&[
        "render",
        SAKILA,
        "--count",
        "20000",
        "--seed",
        "3",
        "--compress",
        "zstd",
    ]);
    assert_eq!(unzstd(&o.stdout), plain.stdout);
    let path = dir.join("plain.gz");
    let o = fakeplate(&[
        "render",
        SAKILA,
        "--count",
        "20000",
        "--seed",
        "3",
        "--compress",
        "none",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert_eq!(std::fs::read(&path).unwrap(), plain.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_stream_appended_to_a_gz_file_reads_back_whole() {
    let dir = temp_dir("stream");
    let path = dir.join("records.gz");
    let path_s = path.to_str().unwrap();
    for _ in 0..2 {
        let o = fakeplate(&[
            "stream", SAKILA, "--to", path_s, "--rate", "100000", "--count", "300", "--seed", "5",
            "--clock", "virtual",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let once = fakeplate(&[
        "render", SAKILA, "--rate", "100000", "--count", "300", "--seed", "5",
    ])
    .stdout;
    let twice = [once.clone(), once].concat();
    assert_eq!(gunzip(&std::fs::read(&path).unwrap()), twice);
    // Two runs: every record twice, which verify reads (decompressed) and reports.
    let v = fakeplate(&[
        "verify",
        SAKILA,
        "--from",
        path_s,
        "--count",
        "300",
        "--seed",
        "5",
        "--rate",
        "100000",
        "--allow-duplicates",
    ]);
    assert!(v.status.success(), "{}", text(&v.stdout));
    assert!(
        text(&v.stdout).contains("300 duplicated"),
        "{}",
        text(&v.stdout)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn verify_reads_compressed_standard_input() {
    let gz = fakeplate(&[
        "render",
        SAKILA,
        "--count",
        "500",
        "--seed",
        "9",
        "--compress",
        "gzip",
    ]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_fakeplate"))
        .args([
            "verify", SAKILA, "--from", "-", "--count", "500", "--seed", "9",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(&gz.stdout).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", text(&o.stdout));
}

#[test]
fn zstd_records_into_a_stream_are_a_usage_error() {
    for to in [
        "kinesis://events",
        "firehose://events",
        "kafka://127.0.0.1:9/t",
    ] {
        let o = fakeplate(&["stream", SAKILA, "--to", to, "--compress", "zstd"]);
        assert_eq!(o.status.code(), Some(2), "{to}: {}", stderr(&o));
        assert!(stderr(&o).contains("--compress gzip"), "{}", stderr(&o));
    }
}

const COMMANDS: [&str; 8] = [
    "render",
    "stream",
    "deliver",
    "check",
    "functions",
    "verify",
    "completions",
    "man",
];

#[test]
fn completions_mention_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = fakeplate(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = text(&o.stdout);
        for command in COMMANDS {
            assert!(script.contains(command), "{shell}: no {command}");
        }
        // And the options of a command.
        assert!(script.contains("partition-key"), "{shell}");
    }
    let o = fakeplate(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn the_manual_is_roff_for_fakeplate_and_each_command() {
    let o = fakeplate(&["man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = text(&o.stdout);
    assert!(page.contains(".TH fakeplate 1"), "{page}");
    for command in COMMANDS {
        assert!(page.contains(command), "no {command}");
    }
    let o = fakeplate(&["man", "render"]);
    let page = text(&o.stdout);
    assert!(page.contains(".TH fakeplate-render 1"), "{page}");
    assert!(page.contains("\\-\\-threads"), "{page}");
    let o = fakeplate(&["man", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such command"), "{}", stderr(&o));
}

/// Errors and warnings of three kinds: a usage error, a template error, a template warning.
fn diagnostics(color: &[&str], no_color: Option<&str>) -> Vec<String> {
    // The same path each time: it is in the messages compared.
    let dir = temp_dir("color");
    let bad = dir.join("bad.tmpl");
    std::fs::write(&bad, "{\"a\":{{random.numbr}}}").unwrap();
    let warn = dir.join("warn.tmpl");
    std::fs::write(&warn, "{\"d\":\"{{date.now(YYYY-MM-DD)}}\"}").unwrap();
    let runs: [Vec<&str>; 3] = [
        vec!["stream", SAKILA, "--rate", "0"],
        vec!["check", bad.to_str().unwrap()],
        vec!["render", warn.to_str().unwrap(), "--count", "1"],
    ];
    let out = runs
        .iter()
        .map(|args| {
            let mut c = Command::new(env!("CARGO_BIN_EXE_fakeplate"));
            c.args(args).args(color);
            match no_color {
                Some(v) => c.env("NO_COLOR", v),
                None => c.env_remove("NO_COLOR"),
            };
            let o = c.output().unwrap();
            stderr(&o)
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

fn strip_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = &rest[rest.find('m').map_or(rest.len(), |m| m + 1)..];
    }
    out + rest
}

#[test]
fn colour_only_when_asked_and_never_with_never_or_no_color() {
    let never = diagnostics(&["--color", "never"], None);
    let no_color = diagnostics(&[], Some("1"));
    // stderr is a pipe here: auto means no colour.
    let auto = diagnostics(&[], None);
    let always = diagnostics(&["--color=always"], None);
    for (n, plain) in never.iter().enumerate() {
        assert!(!plain.is_empty());
        assert!(!plain.contains('\x1b'), "{plain:?}");
        assert_eq!(&no_color[n], plain);
        assert_eq!(&auto[n], plain);
        assert!(always[n].contains('\x1b'), "{:?}", always[n]);
        // The same text, with colour.
        assert_eq!(&strip_escapes(&always[n]), plain);
    }
    assert!(always[0].contains("\x1b[1;31merror:"), "{:?}", always[0]);
    assert!(always[2].contains("\x1b[1;33mwarning:"), "{:?}", always[2]);
    // A usage error from clap itself follows --color too.
    let o = fakeplate(&["render", "--color", "never", "--no-such-option"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains('\x1b'), "{:?}", stderr(&o));
}

#[test]
fn check_prints_one_line_per_warning_and_a_summary() {
    let dir = temp_dir("check");
    let warn = dir.join("warn.tmpl");
    std::fs::write(
        &warn,
        "{\n  \"d\": \"{{date.now(YYYY-MM-DD)}}\",\n  \"n\": \"{{random.number.float}}\"\n}",
    )
    .unwrap();
    let o = fakeplate(&["check", warn.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    let name = warn.display().to_string();
    assert!(lines[0].starts_with(&format!("{name}:2:")), "{err}");
    assert!(lines[0].contains(": warning: "), "{err}");
    assert!(lines[1].starts_with(&format!("{name}:3:")), "{err}");
    assert!(
        lines[2].starts_with("ok: a JSON template, 2 warnings"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_json_gives_exact_positions() {
    let dir = temp_dir("check-json");
    let warn = dir.join("warn.tmpl");
    // The bare word starts at line 2, column 20 (after `  "d": "{{date.now(`), byte 21.
    std::fs::write(&warn, "{\n  \"d\": \"{{date.now(YYYY-MM-DD)}}\"\n}").unwrap();
    let o = fakeplate(&["check", "--json", warn.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let name = warn.display().to_string();
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["template"], "json");
    let d = &doc["diagnostics"][0];
    assert_eq!(d["file"], name.as_str());
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(20)),
        "{d}"
    );
    assert_eq!(d["span"], serde_json::json!([21, 31]));
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["kind"], "bare_word_argument");
    assert!(d["message"].as_str().unwrap().contains("YYYY-MM-DD"), "{d}");
    assert_eq!(doc["diagnostics"].as_array().unwrap().len(), 1);

    // An error: exit 1, and its position.
    let bad = dir.join("bad.tmpl");
    std::fs::write(&bad, "{\"a\":\n {{random.numbr}}}").unwrap();
    let o = fakeplate(&["check", "--json", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(doc["ok"], false);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(4)),
        "{d}"
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["kind"], "unknown_function");
    assert_eq!(d["labels"], serde_json::json!([]));

    // An unclosed `(`: the error where `)` was expected, a label at the `(` (line 2, byte 28).
    let unclosed = dir.join("unclosed.tmpl");
    std::fs::write(
        &unclosed,
        "{\"a\":\n {{random.arrayElement([\"x\", \"y\"]}}}",
    )
    .unwrap();
    let o = fakeplate(&["check", "--json", unclosed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(34)),
        "{d}"
    );
    assert_eq!(
        d["labels"],
        serde_json::json!([{
            "line": 2, "column": 23, "span": [28, 29],
            "message": "unclosed `(` opened here",
        }])
    );
    let o = fakeplate(&["check", unclosed.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("- unclosed `(` opened here"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn progress_is_on_stderr_only_and_ends_with_a_summary() {
    let quiet = fakeplate(&["render", SAKILA, "--count", "2000"]);
    let forced = fakeplate(&["render", SAKILA, "--count", "2000", "--progress"]);
    assert!(forced.status.success());
    assert_eq!(forced.stdout, quiet.stdout);
    // stderr is not a terminal: no bar, the summary line in human units.
    let err = stderr(&forced);
    assert!(err.starts_with("wrote 2.00 k records, "), "{err:?}");
    assert!(err.contains(" rec/s"), "{err:?}");
    assert!(stderr(&quiet).is_empty());
    // The last of --progress and --no-progress wins.
    let off = fakeplate(&[
        "render",
        SAKILA,
        "--count",
        "20",
        "--progress",
        "--no-progress",
    ]);
    assert!(stderr(&off).is_empty(), "{}", stderr(&off));
    let on = fakeplate(&[
        "render",
        SAKILA,
        "--count",
        "20",
        "--no-progress",
        "--progress",
    ]);
    assert!(
        stderr(&on).starts_with("wrote 20 records, "),
        "{}",
        stderr(&on)
    );
    // verify reads.
    let dir = temp_dir("progress");
    let path = dir.join("r.jsonl");
    std::fs::write(&path, &quiet.stdout).unwrap();
    let v = fakeplate(&[
        "verify",
        SAKILA,
        "--from",
        path.to_str().unwrap(),
        "--count",
        "2000",
        "--progress",
    ]);
    assert!(
        stderr(&v).starts_with("read 2.00 k records, "),
        "{}",
        stderr(&v)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
